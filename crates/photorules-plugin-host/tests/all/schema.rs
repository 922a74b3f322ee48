//! `schema/plugin.schema.json` is generated from the code and must be up to date.
//! Regenerate with `UPDATE_SCHEMA=1 cargo test -p photorules-plugin-host --test all schema`.

use std::path::Path;

#[test]
fn the_committed_interface_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/plugin.schema.json");
    let expected = photorules_plugin_host::interface_schema_text();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "`schema/plugin.schema.json` is stale: run `UPDATE_SCHEMA=1 cargo test -p photorules-plugin-host --test all schema`"
    );
}

#[test]
fn the_shipped_manifests_match_the_schema() {
    let schema = photorules_plugin_host::interface_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for name in ["glare", "lenses", "redeye"] {
        let path = crate::support::project_plugins()
            .join(name)
            .join("plugin.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let manifest: serde_json::Value = toml::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&manifest)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}
