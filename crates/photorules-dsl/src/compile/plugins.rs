//! `plugin NAME { … }` and `override plugin NAME { … }` blocks: the parameters a profile gives
//! a plugin, checked against the plugins the catalogue knows and, where the catalogue holds it,
//! against the JSON Schema of the plugin's manifest; merged key by key over the parameters the
//! profile inherits.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use photorules_core::Catalogue;
use photorules_core::ir::CompiledProfile;
use photorules_core::suggest::closest;
use serde_json::{Map, Value as Json};

use crate::ast::{Block, BlockKind, Entry, ProfileAst, Value};
use crate::err::{Code, Diagnostic, Diagnostics};
use crate::span::{SourceFile, Span};

use super::HelpOr as _;

/// Parameters by plugin name, as the compiled profile holds them.
pub type PluginParams = BTreeMap<String, Map<String, Json>>;

/// What the profile inherits parameters from.
pub enum BaseParams<'a> {
    /// The profile extends nothing.
    None,
    /// The base compiled.
    Known(&'a CompiledProfile),
    /// The base did not compile: inheritance checks are skipped.
    Unknown,
}

const VALUE_HELP: &str = "a parameter is a number without unit (`240`, `1.6`), `true`, `false` or a quoted string (`\"text\"`)";

/// The parameters of the profile: the base's, with this file's blocks merged in.
pub fn compile_plugin_params(
    ast: &ProfileAst,
    base: BaseParams<'_>,
    catalogue: &Catalogue,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> PluginParams {
    let mut params = match &base {
        BaseParams::Known(b) => b.plugin_params.clone(),
        _ => PluginParams::new(),
    };
    let known = catalogue.plugins();
    let mut seen: BTreeMap<&str, Span> = BTreeMap::new();
    let blocks = ast
        .blocks
        .iter()
        .filter(|b| matches!(b.kind.value, BlockKind::Plugin | BlockKind::OverridePlugin));
    for block in blocks {
        let name = block.name.value.as_str();
        if let Some(first) = seen.get(name) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    file,
                    block.name.span,
                    format!("plugin `{name}` is given parameters in two blocks"),
                )
                .label("second block")
                .with_secondary(*first, "first block")
                .help("write all of the plugin's parameters in one block"),
            );
            continue;
        }
        seen.insert(name, block.name.span);
        let is_known = known.contains(name);
        if !is_known {
            diags.push(unknown_plugin(block, &known, file));
        }
        let inherited = match &base {
            BaseParams::Known(b) => b.plugin_params.get(name),
            _ => None,
        };
        check_inheritance(block, &base, inherited, file, diags);
        let own = read_values(block, file, diags);
        let mut merged = inherited.cloned().unwrap_or_default();
        merged.extend(own);
        if is_known && let Some(schema) = catalogue.parameter_schema(name) {
            check_against_schema(block, schema, &merged, file, diags);
        }
        params.insert(name.to_string(), merged);
    }
    params
}

fn unknown_plugin(block: &Block, known: &BTreeSet<&str>, file: &Arc<SourceFile>) -> Diagnostic {
    let name = &block.name.value;
    let listed = if known.is_empty() {
        "no plugin is loaded".to_string()
    } else {
        format!(
            "loaded plugins: {}",
            known.iter().copied().collect::<Vec<_>>().join(", ")
        )
    };
    Diagnostic::error(
        Code::UnknownPlugin,
        file,
        block.name.span,
        format!("unknown plugin `{name}`"),
    )
    .label("no loaded plugin has this name")
    .suggest(closest(name, known.iter().copied()))
    .help_or(&format!(
        "{listed}; plugins are found in `plugins/` and in directories given by `--plugins` (`photorules plugins` lists them)"
    ))
}

/// `plugin` for a plugin a base gives no parameters, `override plugin` for one it does.
fn check_inheritance(
    block: &Block,
    base: &BaseParams<'_>,
    inherited: Option<&Map<String, Json>>,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) {
    let name = &block.name.value;
    match (&block.kind.value, base, inherited) {
        (BlockKind::Plugin, BaseParams::Known(b), Some(_)) => diags.push(
            Diagnostic::error(
                Code::MissingOverride,
                file,
                block.name.span,
                format!("plugin `{name}` is already given parameters by `{}`", b.id),
            )
            .label("given again without `override`")
            .help(format!(
                "write `override plugin {name} {{ … }}` to change some of them; the keys it does not write keep their inherited values"
            )),
        ),
        (BlockKind::OverridePlugin, BaseParams::Known(b), None) => diags.push(
            Diagnostic::error(
                Code::UnknownOverride,
                file,
                block.name.span,
                format!(
                    "cannot override the parameters of plugin `{name}`: `{}` gives it none",
                    b.id
                ),
            )
            .label("nothing inherited to override")
            .help(format!("write `plugin {name} {{ … }}` instead")),
        ),
        (BlockKind::OverridePlugin, BaseParams::None, _) => diags.push(
            Diagnostic::error(
                Code::UnknownOverride,
                file,
                block.name.span,
                format!(
                    "cannot override the parameters of plugin `{name}`: the profile extends no other profile"
                ),
            )
            .label("nothing is inherited")
            .help(format!("write `plugin {name} {{ … }}` instead")),
        ),
        _ => {}
    }
}

/// The block's values as JSON; repeated keys and values of the wrong shape reported.
fn read_values(
    block: &Block,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Map<String, Json> {
    let mut values = Map::new();
    let mut first: BTreeMap<&str, &Entry> = BTreeMap::new();
    for entry in &block.entries {
        let key = entry.key.value.as_str();
        if let Some(earlier) = first.get(key) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateKey,
                    file,
                    entry.key.span,
                    format!("`{key}` is given twice in this `plugin` block"),
                )
                .label("given again here")
                .with_secondary(earlier.key.span, "first given here")
                .help("keep one of them"),
            );
            continue;
        }
        first.insert(key, entry);
        match json_value(entry, file) {
            Ok(value) => {
                values.insert(key.to_string(), value);
            }
            Err(diagnostic) => diags.push(*diagnostic),
        }
    }
    values
}

/// One value as JSON, or the diagnostic saying why it is not a parameter value.
fn json_value(entry: &Entry, file: &Arc<SourceFile>) -> Result<Json, Box<Diagnostic>> {
    let key = &entry.key.value;
    let bad = |message: String, label: &str| {
        Diagnostic::error(Code::BadValue, file, entry.value.span(), message).label(label)
    };
    let diagnostic = match &entry.value {
        Value::Quantity(q) if q.unit.is_none() => match number(&q.number.value) {
            Some(value) => return Ok(value),
            None => bad(
                format!("`{}` is too large a number for `{key}`", q.number.value),
                "not a finite number",
            )
            .help(VALUE_HELP),
        },
        Value::Word(w) if w.value == "true" => return Ok(Json::Bool(true)),
        Value::Word(w) if w.value == "false" => return Ok(Json::Bool(false)),
        Value::Text(t) => return Ok(Json::String(t.value.clone())),
        Value::Raw(raw) if raw.value.is_empty() => Diagnostic::error(
            Code::BadValue,
            file,
            entry.key.span,
            format!("`{key}` has no value"),
        )
        .label("value missing after this key")
        .help(VALUE_HELP),
        Value::Raw(raw) if starts_with_number(&raw.value) => bad(
            format!(
                "`{}` is not a value for `{key}`: plugin parameters take no unit",
                raw.value
            ),
            "a number with something after it",
        )
        .help("write the number alone (`240`): the plugin's manifest says what unit each parameter is in"),
        Value::Raw(raw) => bad(
            format!("`{}` is not a value for `{key}`", raw.value),
            "not a number, `true`, `false` or a string",
        )
        .help(format!(
            "{VALUE_HELP}; if it is text, write `{}`",
            crate::fmt::quote(&raw.value)
        )),
        _ => bad(
            format!("this is not a value for `{key}`"),
            "not a number, `true`, `false` or a string",
        )
        .help(VALUE_HELP),
    };
    Err(Box::new(diagnostic))
}

fn starts_with_number(text: &str) -> bool {
    text.trim_start_matches('-')
        .starts_with(|c: char| c.is_ascii_digit())
}

/// A number as written: a whole number stays whole (JSON `240`, not `240.0`).
fn number(text: &str) -> Option<Json> {
    if !text.contains('.')
        && let Ok(whole) = text.parse::<i64>()
    {
        return Some(Json::from(whole));
    }
    let value: f64 = text.parse().ok()?;
    serde_json::Number::from_f64(value).map(Json::Number)
}

/// The parameters the plugin would receive, checked against its manifest's schema: an unknown
/// key (when the schema allows no others) with a suggestion, every other violation at the value
/// it concerns.
fn check_against_schema(
    block: &Block,
    schema: &Json,
    merged: &Map<String, Json>,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) {
    // A manifest whose schema does not compile is refused by the plugin host, which reports it.
    let Ok(validator) = jsonschema::validator_for(schema) else {
        return;
    };
    let name = &block.name.value;
    let properties: Vec<&str> = schema
        .get("properties")
        .and_then(Json::as_object)
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let closed = schema.get("additionalProperties") == Some(&Json::Bool(false));
    let own = |key: &str| block.entries.iter().find(|e| e.key.value == key);
    if closed {
        let mut reported = BTreeSet::new();
        for entry in &block.entries {
            let key = entry.key.value.as_str();
            if properties.contains(&key) || !reported.insert(key) {
                continue;
            }
            let takes = if properties.is_empty() {
                format!("`{name}` takes no parameters")
            } else {
                format!("`{name}` takes: {}", properties.join(", "))
            };
            diags.push(
                Diagnostic::error(
                    Code::UnknownKey,
                    file,
                    entry.key.span,
                    format!("plugin `{name}` has no parameter `{key}`"),
                )
                .label("not a parameter of this plugin")
                .suggest(closest(key, properties.iter().copied()))
                .help_or(&takes),
            );
        }
    }
    let instance = Json::Object(merged.clone());
    for error in validator.iter_errors(&instance) {
        if closed
            && matches!(
                error.kind(),
                jsonschema::error::ValidationErrorKind::AdditionalProperties { .. }
            )
        {
            continue;
        }
        let key = error
            .instance_path()
            .as_str()
            .trim_start_matches('/')
            .split('/')
            .next()
            .filter(|k| !k.is_empty())
            .map(|k| k.replace("~1", "/").replace("~0", "~"));
        let diagnostic = match key.as_deref().and_then(|k| own(k).map(|e| (k, e))) {
            Some((key, entry)) => {
                let description = schema
                    .pointer(&format!("/properties/{}/description", pointer_token(key)))
                    .and_then(Json::as_str);
                let diagnostic = Diagnostic::error(
                    Code::BadValue,
                    file,
                    entry.value.span(),
                    format!("`{key}` of plugin `{name}` does not fit its manifest: {error}"),
                )
                .label("not allowed by the plugin's manifest");
                match description {
                    Some(d) => diagnostic.help(format!("`{key}`: {d}")),
                    None => diagnostic,
                }
            }
            None => Diagnostic::error(
                Code::BadValue,
                file,
                block.name.span,
                format!("the parameters of plugin `{name}` do not fit its manifest: {error}"),
            )
            .label("parameters refused by the plugin's manifest"),
        };
        diags.push(diagnostic);
    }
}

/// A key escaped for a JSON pointer.
fn pointer_token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
