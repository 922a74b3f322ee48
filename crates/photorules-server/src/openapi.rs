//! The OpenAPI 3.1 document served at `/openapi.json`: the endpoints are described by hand in
//! `openapi.json` (beside this file); the report's schema is generated from the engine's types
//! at start, so it cannot drift from what `/api/check` answers. The tests validate real answers
//! against it.

use std::sync::OnceLock;

use photorules::engine::Report;
use schemars::generate::{Contract, SchemaSettings};
use serde_json::{Map, Value, json};

const HAND_WRITTEN: &str = include_str!("openapi.json");

/// The whole document.
pub fn document() -> Value {
    let mut document: Value = match serde_json::from_str(HAND_WRITTEN) {
        Ok(document) => document,
        // The test suite parses the file; this only keeps a broken edit from panicking.
        Err(error) => return json!({ "error": format!("openapi.json does not parse: {error}") }),
    };
    document["info"]["version"] = Value::from(env!("CARGO_PKG_VERSION"));
    let generated = report_schemas();
    if let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in generated {
            schemas.entry(name).or_insert(schema);
        }
    }
    document
}

/// Serialised once: it never changes while the server runs.
pub(crate) fn document_bytes() -> Vec<u8> {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES
        .get_or_init(|| serde_json::to_vec_pretty(&document()).unwrap_or_default())
        .clone()
}

/// `Report` and every type it refers to, with references into `#/components/schemas/`.
fn report_schemas() -> Map<String, Value> {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    settings.meta_schema = None;
    settings.contract = Contract::Serialize;
    let mut generator = settings.into_generator();
    let _reference = generator.subschema_for::<Report>();
    generator.take_definitions(true)
}
