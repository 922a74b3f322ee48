//! `source` blocks, and the provenance (`source`, `clause`, `quote`, `status`, `reason`,
//! `verified`) that rules, manual items and formats give.

use std::collections::BTreeMap;
use std::sync::Arc;

use photorules_core::ir::{Provenance, Source, Status};
use photorules_core::suggest::closest;

use crate::ast::{Block, Spanned};
use crate::err::{Code, Diagnostic, Diagnostics};
use crate::span::SourceFile;

use super::fields::Fields;
use super::values::{self, IdKind};

/// A `source` block as a compiled source; `None` when it is too broken to cite.
pub fn read_source(
    block: &Block,
    profile: &str,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Option<Source> {
    let fields = Fields::new(block, file, diags);
    fields.require(&["title", "authority", "verified", "status"], file, diags);
    values::check_id(&block.name, IdKind::Source, file, diags);
    let status = fields
        .word("status")
        .and_then(|s| values::status(s, file, diags));
    let verified = fields.date("verified");
    if let Some(v) = verified {
        values::date(v, file, diags);
    }
    let reason = fields.text("reason").map(|s| s.value.clone());
    if status == Some(Status::Inferred) && reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        push_without_reason(fields.word("status"), &block.name, "source", file, diags);
    }
    let text = |key: &str| fields.text(key).map(|s| s.value.clone());
    Some(Source {
        id: block.name.value.clone(),
        title: text("title").unwrap_or_default(),
        authority: text("authority").unwrap_or_default(),
        url: text("url"),
        reference: text("reference"),
        verified: verified.map(|v| v.value.clone()).unwrap_or_default(),
        status: status?,
        reason,
        profile: profile.to_string(),
    })
}

fn push_without_reason(
    status: Option<&Spanned<String>>,
    name: &Spanned<String>,
    what: &str,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) {
    let span = status.map_or(name.span, |s| s.span);
    diags.push(
        Diagnostic::error(
            Code::InferredWithoutReason,
            file,
            span,
            format!("{what} `{}` is `inferred` but gives no reason", name.value),
        )
        .label("inferred here")
        .help("add `reason \"…\"` saying why the text is read this way"),
    );
}

/// The sources a block may cite: those of the profile's bases and its own.
pub struct SourceTable<'a> {
    pub sources: BTreeMap<&'a str, &'a Source>,
    /// Ids of sources declared with errors (already reported): citing them is not an error.
    pub broken: std::collections::BTreeSet<String>,
    /// False when a base failed to compile: its sources are unknown, so an unknown id is not
    /// necessarily an error and is not reported.
    pub complete: bool,
}

/// The provenance of a rule, manual item or format; `None` when it is missing or broken
/// (errors reported).
pub fn provenance(
    fields: &Fields<'_>,
    what: &str,
    table: &SourceTable<'_>,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Option<Provenance> {
    let name = &fields.block.name;
    let source_id = fields.word("source");
    let quote = fields.text("quote").filter(|q| !q.value.trim().is_empty());
    if source_id.is_none() {
        let known: Vec<&str> = table.sources.keys().copied().collect();
        let help = if known.is_empty() {
            "declare a `source ID { … }` block and cite it with `source ID`".to_string()
        } else {
            format!("add `source ID`, one of: {}", known.join(", "))
        };
        diags.push(
            fields
                .missing(Code::MissingProvenance, "source", file)
                .help(help),
        );
    }
    if quote.is_none() {
        let diagnostic = match fields.text("quote") {
            Some(empty) => Diagnostic::error(
                Code::MissingProvenance,
                file,
                empty.span,
                format!("{what} `{}` has an empty `quote`", name.value),
            )
            .label("empty"),
            None => fields.missing(Code::MissingProvenance, "quote", file),
        };
        diags.push(diagnostic.help("quote the source's words that state this requirement"));
    }
    let source = source_id.and_then(|id| match table.sources.get(id.value.as_str()) {
        Some(source) => Some(*source),
        None => {
            if table.complete && !table.broken.contains(&id.value) {
                diags.push(
                    Diagnostic::error(
                        Code::UnknownSource,
                        file,
                        id.span,
                        format!(
                            "{what} `{}` cites source `{}`, which is not declared",
                            name.value, id.value
                        ),
                    )
                    .label("no such source")
                    .suggest(closest(&id.value, table.sources.keys().copied()))
                    .help_if_none(format!(
                        "declare it with `source {} {{ … }}` in this profile or a base",
                        id.value
                    )),
                );
            }
            None
        }
    });
    let own_status = fields
        .word("status")
        .and_then(|s| values::status(s, file, diags));
    let status = own_status.or(source.map(|s| s.status));
    let own_reason = fields
        .text("reason")
        .map(|r| r.value.clone())
        .filter(|r| !r.trim().is_empty());
    let reason = own_reason.or_else(|| {
        source
            .filter(|s| s.status == Status::Inferred && status == Some(Status::Inferred))
            .and_then(|s| s.reason.clone())
    });
    if status == Some(Status::Inferred) && reason.is_none() {
        push_without_reason(fields.word("status"), name, what, file, diags);
    }
    let verified = match fields.date("verified") {
        Some(v) => values::date(v, file, diags).map(|_| v.value.clone()),
        None => source.map(|s| s.verified.clone()),
    };
    Some(Provenance {
        source: source?.id.clone(),
        clause: fields.text("clause").map(|c| c.value.clone()),
        quote: quote?.value.clone(),
        translation: fields.text("translation").map(|t| t.value.clone()),
        status: status?,
        reason,
        verified: verified?,
    })
}

trait HelpIfNone {
    fn help_if_none(self, help: String) -> Self;
}

impl HelpIfNone for Diagnostic {
    fn help_if_none(self, help: String) -> Self {
        if self.help.is_some() {
            self
        } else {
            self.help(help)
        }
    }
}
