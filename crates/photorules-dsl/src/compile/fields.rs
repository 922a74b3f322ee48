//! The keys each kind of block takes, and a checked view of one block's entries: unknown,
//! misplaced and repeated keys are reported once here so that the readers of each block kind
//! only look up the keys they want.

use std::collections::BTreeMap;
use std::sync::Arc;

use photorules_core::suggest::closest;

use crate::ast::{Block, BlockKind, Dims, Entry, Expr, Quantity, Spanned, Value};
use crate::err::{Code, Diagnostic, Diagnostics};
use crate::span::SourceFile;

const PROVENANCE: &[&str] = &[
    "source",
    "clause",
    "quote",
    "translation",
    "status",
    "reason",
    "verified",
];

/// Keys whose text a person reads, given again in other languages as `KEY.LANG`.
pub const LOCALISED_KEYS: &[&str] = &["title", "fix"];

/// The keys a block kind takes, in canonical order.
pub fn allowed_keys(kind: &BlockKind) -> Vec<&'static str> {
    let own: &[&str] = match kind {
        BlockKind::Profile => &[
            "title",
            "jurisdiction",
            "document",
            "version",
            "effective",
            "extends",
            "languages",
        ],
        BlockKind::Source => &[
            "title",
            "authority",
            "url",
            "reference",
            "verified",
            "status",
            "reason",
        ],
        BlockKind::Format => &[
            "size",
            "pixels",
            "min-pixels",
            "max-pixels",
            "dpi",
            "colour",
            "copies",
            "max-bytes",
            "file-types",
        ],
        BlockKind::Rule | BlockKind::Override(crate::ast::Target::Rule) => {
            &["title", "fix", "severity", "when", "require"]
        }
        BlockKind::Manual | BlockKind::Override(crate::ast::Target::Manual) => {
            &["title", "fix", "severity"]
        }
        BlockKind::Remove(_) => &["reason"],
        // A plugin block's keys are the plugin's parameter names (compile/plugins.rs).
        BlockKind::Plugin | BlockKind::OverridePlugin | BlockKind::Unknown(_) => &[],
    };
    let with_provenance = matches!(
        kind,
        BlockKind::Format | BlockKind::Rule | BlockKind::Manual | BlockKind::Override(_)
    );
    let mut keys = own.to_vec();
    if with_provenance {
        keys.extend(PROVENANCE);
    }
    keys
}

/// Every key of the language.
const ALL_KEYS: &[&str] = &[
    "title",
    "jurisdiction",
    "document",
    "version",
    "effective",
    "extends",
    "authority",
    "url",
    "reference",
    "verified",
    "status",
    "reason",
    "size",
    "pixels",
    "min-pixels",
    "max-pixels",
    "dpi",
    "colour",
    "copies",
    "max-bytes",
    "file-types",
    "severity",
    "when",
    "require",
    "source",
    "clause",
    "quote",
    "translation",
    "fix",
    "languages",
];

/// `title.kk` → (`title`, `kk`); a key without a language → (key, none).
pub fn split_language(key: &str) -> (&str, Option<&str>) {
    match key.split_once('.') {
        Some((base, language)) => (base, Some(language)),
        None => (key, None),
    }
}

/// A language code as profiles write it: ISO 639-1, two lower-case letters (`en`, `kk`, `ru`).
pub fn is_language_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())
}

/// One block's entries by key, after the checks every block shares.
pub struct Fields<'a> {
    pub block: &'a Block,
    entries: BTreeMap<&'a str, &'a Entry>,
    /// Keys suggested for misspelt ones: not reported again as missing.
    suggested: std::collections::BTreeSet<&'static str>,
}

impl<'a> Fields<'a> {
    pub fn new(block: &'a Block, file: &Arc<SourceFile>, diags: &mut Diagnostics) -> Fields<'a> {
        let allowed = allowed_keys(&block.kind.value);
        let keyword = block.kind.value.keyword();
        let mut entries: BTreeMap<&str, &Entry> = BTreeMap::new();
        let mut suggested = std::collections::BTreeSet::new();
        for entry in &block.entries {
            let key = entry.key.value.as_str();
            let (base, language) = split_language(key);
            if let Some(language) = language {
                if let Some(diagnostic) =
                    check_localised(entry, base, language, &allowed, &keyword, file)
                {
                    diags.push(diagnostic);
                    continue;
                }
            } else if !ALL_KEYS.contains(&key) {
                let suggestion = closest(key, allowed.iter().copied())
                    .or_else(|| closest(key, ALL_KEYS.iter().copied()));
                suggested.extend(suggestion);
                diags.push(
                    Diagnostic::error(
                        Code::UnknownKey,
                        file,
                        entry.key.span,
                        format!("unknown key `{key}` in a `{keyword}` block"),
                    )
                    .label("unknown key")
                    .suggest(suggestion),
                );
                continue;
            }
            if language.is_none() && !allowed.contains(&key) {
                diags.push(
                    Diagnostic::error(
                        Code::KeyNotAllowed,
                        file,
                        entry.key.span,
                        format!("a `{keyword}` block has no key `{key}`"),
                    )
                    .label("not allowed here")
                    .help(format!("a `{keyword}` block takes: {}", allowed.join(", "))),
                );
                continue;
            }
            if let Some(first) = entries.get(key) {
                diags.push(
                    Diagnostic::error(
                        Code::DuplicateKey,
                        file,
                        entry.key.span,
                        format!("`{key}` is given twice in this `{keyword}` block"),
                    )
                    .label("given again here")
                    .with_secondary(first.key.span, "first given here")
                    .help("keep one of them"),
                );
                continue;
            }
            entries.insert(key, entry);
        }
        Fields {
            block,
            entries,
            suggested,
        }
    }

    /// The block's `KEY.LANG` texts of `key`, by language, in the order written.
    pub fn localised(&self, key: &str) -> Vec<(&'a str, &'a Spanned<String>)> {
        self.block
            .entries
            .iter()
            .filter_map(|entry| {
                let (base, language) = split_language(&entry.key.value);
                match (&entry.value, language) {
                    (Value::Text(text), Some(language))
                        if base == key && self.entries.contains_key(entry.key.value.as_str()) =>
                    {
                        Some((language, text))
                    }
                    _ => None,
                }
            })
            .collect()
    }

    pub fn has(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    pub fn entry(&self, key: &str) -> Option<&'a Entry> {
        self.entries.get(key).copied()
    }

    pub fn text(&self, key: &str) -> Option<&'a Spanned<String>> {
        match &self.entry(key)?.value {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn word(&self, key: &str) -> Option<&'a Spanned<String>> {
        match &self.entry(key)?.value {
            Value::Word(s) => Some(s),
            _ => None,
        }
    }

    pub fn date(&self, key: &str) -> Option<&'a Spanned<String>> {
        match &self.entry(key)?.value {
            Value::Date(s) => Some(s),
            _ => None,
        }
    }

    pub fn expr(&self, key: &str) -> Option<&'a Expr> {
        match &self.entry(key)?.value {
            Value::Expr(e) => Some(e),
            _ => None,
        }
    }

    pub fn dims(&self, key: &str) -> Option<&'a Dims> {
        match &self.entry(key)?.value {
            Value::Dims(d) => Some(d),
            _ => None,
        }
    }

    pub fn quantity(&self, key: &str) -> Option<&'a Quantity> {
        match &self.entry(key)?.value {
            Value::Quantity(q) => Some(q),
            _ => None,
        }
    }

    pub fn list(&self, key: &str) -> Option<&'a [Spanned<String>]> {
        match &self.entry(key)?.value {
            Value::List(items) => Some(items),
            _ => None,
        }
    }

    /// Report every key of `keys` the block lacks (code `missing-key`).
    pub fn require(&self, keys: &[&str], file: &Arc<SourceFile>, diags: &mut Diagnostics) {
        for key in keys {
            if !self.has(key) && !self.suggested.contains(key) {
                let mut diagnostic = self.missing(Code::MissingKey, key, file);
                if let Some(help) = how_to_write(key) {
                    diagnostic = diagnostic.help(help);
                }
                diags.push(diagnostic);
            }
        }
    }

    /// A "block lacks `key`" diagnostic pointing at the block's name.
    pub fn missing(&self, code: Code, key: &str, file: &Arc<SourceFile>) -> Diagnostic {
        let keyword = self.block.kind.value.keyword();
        Diagnostic::error(
            code,
            file,
            self.block.name.span,
            format!("{keyword} `{}` has no `{key}`", self.block.name.value),
        )
        .label(format!("`{key}` missing in this block"))
    }
}

/// A `KEY.LANG` entry: the key must be one a person reads, allowed in this block, and the
/// language a two-letter code. The problem, if any.
fn check_localised(
    entry: &Entry,
    base: &str,
    language: &str,
    allowed: &[&str],
    keyword: &str,
    file: &Arc<SourceFile>,
) -> Option<Diagnostic> {
    let key = entry.key.value.as_str();
    if !LOCALISED_KEYS.contains(&base) || !allowed.contains(&base) {
        let localised: Vec<&str> = LOCALISED_KEYS
            .iter()
            .copied()
            .filter(|k| allowed.contains(k))
            .collect();
        return Some(Diagnostic::error(
            Code::UnknownKey,
            file,
            entry.key.span,
            format!("`{key}`: a `{keyword}` block has no text `{base}` in other languages"),
        )
        .label("not a translatable key here")
        .help(if localised.is_empty() {
            format!("a `{keyword}` block has no translatable text")
        } else {
            format!(
                "translatable keys here: {} (quotes stay in the source's language; give an English `translation` beside them)",
                localised.join(", ")
            )
        }));
    }
    if !is_language_code(language) {
        return Some(
            Diagnostic::error(
                Code::UnknownKey,
                file,
                entry.key.span,
                format!("`{key}`: `{language}` is not a language code"),
            )
            .label("not a language code")
            .help(
                "languages are ISO 639-1 codes: two lower-case letters, e.g. `title.kk`, `fix.ru`",
            ),
        );
    }
    None
}

/// How a mandatory key is written, for the help of a "missing key" error.
fn how_to_write(key: &str) -> Option<&'static str> {
    Some(match key {
        "title" => "add `title \"…\"`",
        "jurisdiction" => "add `jurisdiction KZ` (an ISO 3166-1 alpha-2 code, or `international`)",
        "document" => "add the document kind, e.g. `document passport`",
        "version" => "add the profile's version, e.g. `version \"1.0.0\"`",
        "effective" => "add the date the requirements apply from, e.g. `effective 2026-04-13`",
        "authority" => {
            "add who issues the source, e.g. `authority \"Ministry of Internal Affairs\"`"
        }
        "verified" => "add the date the source was last checked, e.g. `verified 2026-04-13`",
        "status" => "add `status official`, `status official-general` or `status inferred`",
        "require" => "add the requirement, e.g. `require pose.roll_deg in -5 deg .. 5 deg`",
        _ => return None,
    })
}
