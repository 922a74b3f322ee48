//! `plugin NAME { … }` blocks: the parameters a profile gives plugins, as compiled into the IR,
//! inherited and overridden key by key, checked against the plugins' manifests, and diffed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::Path;
use std::sync::Arc;

use photorules_core::catalogue::{Catalogue, MetricKind, MetricSpec, Provider};
use photorules_core::ir::CompiledProfile;
use photorules_core::unit::Unit;
use photorules_dsl::ast::{BlockKind, Value};
use photorules_dsl::diff::{Change, diff};
use photorules_dsl::{Code, Compiler, Diagnostics, SourceFile, parse};
use serde_json::json;

fn header(id: &str, extends: Option<&str>) -> String {
    let extends = extends.map_or(String::new(), |e| format!("  extends      {e}\n"));
    format!(
        "profile {id} {{\n  title        \"Test\"\n  jurisdiction KZ\n  document     passport\n  version      \"1.0.0\"\n  effective    2026-04-13\n{extends}}}\n\n"
    )
}

/// The shipped plugins (with their manifests' parameter schemas) and `probe`, a plugin whose
/// manifest declares no schema: it takes any parameters.
fn catalogue() -> Catalogue {
    let mut catalogue = support::catalogue_with_shipped_plugins();
    catalogue
        .extend([MetricSpec {
            name: "probe.value".into(),
            kind: MetricKind::Number { unit: Unit::Count },
            axis: None,
            meaning: "m".into(),
            method: "m".into(),
            provider: Provider::Plugin {
                plugin: "probe".into(),
            },
        }])
        .unwrap();
    catalogue
}

fn write(root: &Path, id: &str, text: &str) {
    let path = root.join(format!("{id}.rules"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn compile(root: &Path, id: &str) -> (Option<Arc<CompiledProfile>>, Diagnostics) {
    let catalogue = catalogue();
    let mut compiler = Compiler::new(&catalogue, jiff::civil::date(2026, 6, 1));
    let compiled = compiler.compile_id(root, id);
    (compiled, compiler.take_diagnostics())
}

fn codes(diags: &Diagnostics) -> Vec<Code> {
    diags.iter().map(|d| d.code).collect()
}

#[test]
fn values_become_json_of_their_kind() {
    let dir = tempfile::tempdir().unwrap();
    let text = header("p", None)
        + "plugin probe {\n  whole 240\n  fraction -1.5\n  on true\n  off false\n  label \"say \\\"hi\\\"\"\n  size 3\n}\n";
    write(dir.path(), "p", &text);
    let (compiled, diags) = compile(dir.path(), "p");
    assert!(diags.is_empty(), "{diags:?}");
    let compiled = compiled.unwrap();
    assert_eq!(
        json!(compiled.plugin_params["probe"]),
        json!({"whole": 240, "fraction": -1.5, "on": true, "off": false, "label": "say \"hi\"", "size": 3})
    );
    // A whole number stays whole, as the plugin's schema may ask for an integer.
    assert!(compiled.plugin_params["probe"]["whole"].is_i64());
    assert_eq!(
        compiled.params_for_plugin("probe")["whole"],
        json!(240),
        "what the host is given"
    );
    assert_eq!(compiled.params_for_plugin("glare"), json!({}));
}

#[test]
fn a_profile_without_plugin_blocks_serialises_without_the_field() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p", &header("p", None));
    let (compiled, diags) = compile(dir.path(), "p");
    assert!(diags.is_empty(), "{diags:?}");
    let value = serde_json::to_value(compiled.unwrap().as_ref()).unwrap();
    assert!(value.get("plugin_params").is_none(), "{value}");
}

#[test]
fn override_plugin_changes_only_the_keys_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base",
        &(header("base", None) + "plugin glare {\n  min_level    240\n  min_contrast 1.6\n}\n"),
    );
    write(
        dir.path(),
        "child",
        &(header("child", Some("base"))
            + "override plugin glare {\n  min_level 230\n  catchlight_area 0.001\n}\n"),
    );
    let (child, diags) = compile(dir.path(), "child");
    assert!(diags.is_empty(), "{diags:?}");
    let child = child.unwrap();
    assert_eq!(
        json!(child.plugin_params["glare"]),
        json!({"min_level": 230, "min_contrast": 1.6, "catchlight_area": 0.001})
    );
    let (base, _) = compile(dir.path(), "base");
    let base = base.unwrap();
    assert_eq!(
        json!(base.plugin_params["glare"]),
        json!({"min_level": 240, "min_contrast": 1.6})
    );

    let changes = diff(&base, &child);
    let params: Vec<&Change> = changes
        .changes
        .iter()
        .filter(|c| matches!(c, Change::PluginParameter { .. }))
        .collect();
    assert_eq!(params.len(), 2, "{changes:?}");
    let text = changes.to_text();
    assert!(
        text.contains("~ plugin glare min_level: 240 → 230"),
        "{text}"
    );
    assert!(
        text.contains("+ plugin glare catchlight_area 0.001"),
        "{text}"
    );
    let back = diff(&child, &base).to_text();
    assert!(
        back.contains("- plugin glare catchlight_area 0.001"),
        "{back}"
    );
}

#[test]
fn a_plain_block_for_inherited_parameters_asks_for_override() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base",
        &(header("base", None) + "plugin glare {\n  min_level 240\n}\n"),
    );
    write(
        dir.path(),
        "child",
        &(header("child", Some("base")) + "plugin glare {\n  min_level 230\n}\n"),
    );
    let (compiled, diags) = compile(dir.path(), "child");
    assert!(compiled.is_none());
    assert_eq!(codes(&diags), [Code::MissingOverride], "{diags:?}");
    let help = diags.iter().next().unwrap().help.clone().unwrap();
    assert!(help.contains("override plugin glare"), "{help}");
}

#[test]
fn override_of_parameters_no_base_gives_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "base", &header("base", None));
    write(
        dir.path(),
        "child",
        &(header("child", Some("base")) + "override plugin glare {\n  min_level 230\n}\n"),
    );
    write(
        dir.path(),
        "alone",
        &(header("alone", None) + "override plugin glare {\n  min_level 230\n}\n"),
    );
    for id in ["child", "alone"] {
        let (compiled, diags) = compile(dir.path(), id);
        assert!(compiled.is_none(), "{id}");
        assert_eq!(codes(&diags), [Code::UnknownOverride], "{id}: {diags:?}");
    }
}

#[test]
fn two_blocks_for_one_plugin_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "p",
        &(header("p", None)
            + "plugin glare {\n  min_level 240\n}\n\nplugin glare {\n  min_contrast 1.6\n}\n"),
    );
    let (compiled, diags) = compile(dir.path(), "p");
    assert!(compiled.is_none());
    assert_eq!(codes(&diags), [Code::DuplicateId], "{diags:?}");
}

#[test]
fn values_are_checked_against_the_manifest_schema() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "p",
        &(header("p", None)
            + "plugin glare {\n  min_level \"high\"\n  min_contrast 0.5\n  catchlight_radius 0.1\n}\n"),
    );
    let (compiled, diags) = compile(dir.path(), "p");
    assert!(compiled.is_none());
    assert_eq!(codes(&diags), [Code::BadValue, Code::BadValue], "{diags:?}");
    let text: String = diags.iter().map(|d| d.message.clone() + "\n").collect();
    assert!(text.contains("`min_level`"), "{text}");
    assert!(text.contains("`min_contrast`"), "{text}");
    assert!(!text.contains("catchlight_radius"), "{text}");
}

#[test]
fn an_overriding_value_is_checked_in_the_file_that_writes_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "base",
        &(header("base", None) + "plugin lenses {\n  dark_threshold 0.5\n}\n"),
    );
    write(
        dir.path(),
        "child",
        &(header("child", Some("base")) + "override plugin lenses {\n  dark_threshold 2\n}\n"),
    );
    let (compiled, diags) = compile(dir.path(), "child");
    assert!(compiled.is_none());
    let d = diags.iter().next().unwrap();
    assert_eq!(d.code, Code::BadValue);
    assert!(d.file_name().unwrap().ends_with("child.rules"), "{d:?}");
}

#[test]
fn language_keys_are_plain_parameter_names_in_a_plugin_block() {
    let text = "plugin probe {\n  size 3 # a comment\n  source \"x\"\n  require true\n}\n";
    let parsed = parse(&Arc::new(SourceFile::new("t.rules", text)));
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let ast = parsed.ast.unwrap();
    let block = &ast.blocks[0];
    assert_eq!(block.kind.value, BlockKind::Plugin);
    assert_eq!(block.entries.len(), 3);
    assert!(matches!(&block.entries[0].value, Value::Quantity(q) if q.unit.is_none()));
    assert_eq!(
        block.entries[0].comments.trailing.as_deref(),
        Some("# a comment")
    );
    assert!(matches!(&block.entries[1].value, Value::Text(t) if t.value == "x"));
    assert!(matches!(&block.entries[2].value, Value::Word(w) if w.value == "true"));
}

#[test]
fn the_formatter_prints_plugin_blocks_canonically() {
    let text =
        "override   plugin glare { min_level 240\n min_contrast    1.6 # why\n}\nplugin probe {}\n";
    let parsed = parse(&Arc::new(SourceFile::new("t.rules", text)));
    let ast = parsed.clean().unwrap();
    assert_eq!(ast.blocks[0].kind.value, BlockKind::OverridePlugin);
    assert_eq!(
        photorules_dsl::fmt::format(ast),
        "override plugin glare {\n  min_level    240\n  min_contrast 1.6 # why\n}\n\nplugin probe {}\n"
    );
}

#[test]
fn a_misspelt_plugin_keyword_is_an_unknown_block_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "p",
        &(header("p", None) + "plugins glare {\n  min_level 240\n}\n"),
    );
    let (_, diags) = compile(dir.path(), "p");
    let d = diags
        .iter()
        .find(|d| d.code == Code::UnknownBlock)
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(d.help.as_deref(), Some("did you mean `plugin`?"));
}

#[test]
fn a_missing_value_and_a_number_beyond_range_are_bad_values() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "9".repeat(400);
    write(
        dir.path(),
        "p",
        &(header("p", None) + &format!("plugin probe {{\n  empty\n  huge {huge}\n}}\n")),
    );
    let (compiled, diags) = compile(dir.path(), "p");
    assert!(compiled.is_none());
    let messages: Vec<(Code, String)> = diags.iter().map(|d| (d.code, d.message.clone())).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert_eq!(
        messages[0],
        (Code::BadValue, "`empty` has no value".to_string())
    );
    assert_eq!(messages[1].0, Code::BadValue);
    assert!(messages[1].1.contains("too large"), "{messages:?}");
}
