//! The JSON Schema of [`CompiledProfile`], committed as `schema/profile.schema.json`.

use photorules_core::ir::CompiledProfile;

/// The schema as pretty JSON with a final newline (the committed file's exact content).
pub fn profile_schema() -> String {
    let schema = schemars::schema_for!(CompiledProfile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
