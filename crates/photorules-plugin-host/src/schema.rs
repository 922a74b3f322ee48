//! The JSON Schema of the plugin interface, committed as `schema/plugin.schema.json`: the
//! manifest at the top level, the input and output documents under `$defs`.
//!
//! Editors can check a `plugin.toml` against it (TOML maps onto JSON); plugin authors in other
//! languages read the input and output shapes from it. A test fails when the file is stale.

use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

use crate::abi::{HOST_ABI, InputDocument};
use crate::manifest::Manifest;
use crate::output::OutputDocument;

/// The interface schema as JSON.
pub fn interface_schema() -> Value {
    let mut generator = SchemaSettings::draft2020_12().into_generator();
    let manifest = generator.subschema_for::<Manifest>();
    // Registered under `$defs` by name (`PluginInputDocument`, `PluginOutputDocument`).
    generator.subschema_for::<InputDocument<'static>>();
    generator.subschema_for::<OutputDocument>();
    let defs = generator.take_definitions(true);
    let mut root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("photorules plugin interface {HOST_ABI}"),
        "description": "The manifest (plugin.toml) of a photorules plugin. $defs.PluginInputDocument is the JSON part of a call's input (after the 24-byte header and the RGB8 pixels); $defs.PluginOutputDocument is what photorules_check returns. See docs/plugins.md.",
    });
    if let (Value::Object(root), Value::Object(manifest)) = (&mut root, manifest.to_value()) {
        root.extend(manifest);
        root.insert("$defs".into(), Value::Object(defs));
    }
    root
}

/// The schema as the committed file holds it: pretty JSON and a final newline.
pub fn interface_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&interface_schema()).unwrap_or_default();
    text.push('\n');
    text
}
