//! `schema/profile.schema.json` is generated from the IR types; this test fails when the
//! committed copy is stale.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use photorules_dsl::schema::profile_schema;

#[test]
fn committed_profile_schema_is_current() {
    let path = support::workspace().join("schema/profile.schema.json");
    let generated = profile_schema();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schema/profile.schema.json is stale (or missing): regenerate it with \
         `UPDATE_SCHEMA=1 cargo test -p photorules-dsl --test schema` \
         (or `photorules schema > schema/profile.schema.json`) and commit it"
    );
}

#[test]
fn every_compiled_shipped_profile_is_valid_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&profile_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let catalogue = support::catalogue_with_shipped_plugins();
    let mut compiler = photorules_dsl::Compiler::new(&catalogue, jiff::civil::date(2026, 6, 1));
    let root = support::workspace().join("rules");
    let profiles = photorules_dsl::compile::list_profiles(&root);
    assert!(!profiles.is_empty());
    for (id, _) in profiles {
        let profile = compiler.compile_id(&root, &id).unwrap();
        let json = serde_json::to_value(&*profile).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{id}: {errors:#?}");
        // And the schema is not vacuous: a profile without rules is refused.
        let mut broken = json.clone();
        broken.as_object_mut().unwrap().remove("rules");
        assert!(
            !validator.is_valid(&broken),
            "{id}: schema accepts a profile without rules"
        );
    }
}
