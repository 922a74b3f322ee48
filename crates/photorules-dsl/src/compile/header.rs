//! The `profile` block: id, title, jurisdiction, document kind, version, effective date and the
//! profile it extends.

use std::sync::Arc;

use crate::ast::{BlockKind, ProfileAst, Spanned};
use crate::err::{Code, Diagnostic, Diagnostics};
use crate::span::{SourceFile, Span};

use super::fields::Fields;
use super::values::{self, IdKind};

#[derive(Debug, Clone)]
pub struct Header {
    pub id: Spanned<String>,
    pub title: String,
    pub jurisdiction: String,
    pub document: String,
    pub version: String,
    pub effective: String,
    pub extends: Option<Spanned<String>>,
    /// `languages en, kk, ru`: the first is that of the plain texts. Empty when not declared.
    pub languages: Vec<String>,
    /// `title.kk` and the like.
    pub title_translations: std::collections::BTreeMap<String, String>,
}

/// The header of a file, with every problem of the `profile` block reported. `None` when the
/// file has no `profile` block at all.
pub fn read(ast: &ProfileAst, file: &Arc<SourceFile>, diags: &mut Diagnostics) -> Option<Header> {
    let mut profiles = ast
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.kind.value == BlockKind::Profile);
    let Some((position, block)) = profiles.next() else {
        diags.push(
            Diagnostic::error(
                Code::MissingProfile,
                file,
                ast.blocks.first().map_or(Span::new(0, 0), |b| b.kind.span),
                "the file has no `profile` block",
            )
            .label("expected `profile ID { … }` first")
            .help("start the file with `profile ID { title \"…\" jurisdiction … document … version \"…\" effective YYYY-MM-DD }`"),
        );
        return None;
    };
    if position > 0 {
        diags.push(
            Diagnostic::error(
                Code::MissingProfile,
                file,
                block.kind.span,
                "the `profile` block must be the first block of the file",
            )
            .label("move this block to the top"),
        );
    }
    for (_, extra) in profiles {
        diags.push(
            Diagnostic::error(
                Code::DuplicateProfile,
                file,
                extra.kind.span,
                "a file holds one profile, but this is a second `profile` block",
            )
            .label("second profile")
            .with_secondary(block.kind.span, "first profile")
            .help("put each profile in its own file, at `<rules>/<id>.rules`"),
        );
    }
    let fields = Fields::new(block, file, diags);
    fields.require(
        &["title", "jurisdiction", "document", "version", "effective"],
        file,
        diags,
    );
    values::check_id(&block.name, IdKind::Profile, file, diags);
    if let Some(jurisdiction) = fields.word("jurisdiction") {
        values::jurisdiction(jurisdiction, file, diags);
    }
    if let Some(document) = fields.word("document") {
        values::check_id(document, IdKind::Document, file, diags);
    }
    if let Some(effective) = fields.date("effective") {
        values::date(effective, file, diags);
    }
    let extends = fields.word("extends").cloned();
    if let Some(extends) = &extends {
        values::check_id(extends, IdKind::Profile, file, diags);
    }
    let text = |key: &str| {
        fields
            .text(key)
            .map(|s| s.value.clone())
            .unwrap_or_default()
    };
    let word = |key: &str| {
        fields
            .word(key)
            .map(|s| s.value.clone())
            .unwrap_or_default()
    };
    let languages = fields
        .list("languages")
        .map(|items| languages(items, file, diags))
        .unwrap_or_default();
    let title_translations = fields
        .localised("title")
        .into_iter()
        .map(|(language, text)| (language.to_string(), text.value.clone()))
        .collect();
    Some(Header {
        languages,
        title_translations,
        id: block.name.clone(),
        title: text("title"),
        jurisdiction: word("jurisdiction"),
        document: word("document"),
        version: text("version"),
        effective: fields
            .date("effective")
            .map(|s| s.value.clone())
            .unwrap_or_default(),
        extends,
    })
}

/// The declared languages, each a two-letter code, none twice.
fn languages(
    items: &[Spanned<String>],
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for item in items {
        if !super::fields::is_language_code(&item.value) {
            diags.push(
                Diagnostic::error(
                    Code::BadLanguage,
                    file,
                    item.span,
                    format!("`{}` is not a language code", item.value),
                )
                .label("not a language code")
                .help("languages are ISO 639-1 codes: two lower-case letters, e.g. `languages en, kk, ru`"),
            );
        } else if seen.contains(&item.value) {
            diags.push(
                Diagnostic::error(
                    Code::BadLanguage,
                    file,
                    item.span,
                    format!("language `{}` is declared twice", item.value),
                )
                .label("declared again"),
            );
        } else {
            seen.push(item.value.clone());
        }
    }
    seen
}
