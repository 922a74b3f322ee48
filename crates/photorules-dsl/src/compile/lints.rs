//! Lint warnings: things that compile but deserve a look.

use std::collections::BTreeSet;
use std::sync::Arc;

use jiff::ToSpan;
use jiff::civil::Date;
use photorules_core::ir::{Severity, Status};

use crate::ast::{Block, BlockKind, Value};
use crate::err::{Code, Diagnostic, Diagnostics};
use crate::span::SourceFile;

/// Shortest reason accepted without a warning behind an inferred `reject` rule.
pub const MIN_REASON_CHARS: usize = 30;

/// Dates of verification: older than 12 months before `today`, or after it.
pub fn verification_dates(
    blocks: &[Block],
    today: Date,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) {
    let stale_before = today.saturating_sub(12.months());
    for block in blocks {
        for entry in block.entries.iter().filter(|e| e.key.value == "verified") {
            let Value::Date(text) = &entry.value else {
                continue;
            };
            let Ok(date) = text.value.parse::<Date>() else {
                continue;
            };
            if date < stale_before {
                diags.push(
                    Diagnostic::warning(
                        Code::StaleVerification,
                        file,
                        text.span,
                        format!("`{}` was verified on {date}, more than 12 months before {today}", block.name.value),
                    )
                    .label("verified over a year ago")
                    .help("check the requirement against the source's current public text and update the date"),
                );
            } else if date > today {
                diags.push(
                    Diagnostic::warning(
                        Code::FutureDate,
                        file,
                        text.span,
                        format!(
                            "`{}` was verified on {date}, which is after today ({today})",
                            block.name.value
                        ),
                    )
                    .label("in the future")
                    .help("write the date the source was actually checked"),
                );
            }
        }
    }
}

/// Sources declared in the file that nothing in the file cites.
pub fn unused_sources(
    blocks: &[Block],
    cited: &BTreeSet<String>,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) {
    for block in blocks.iter().filter(|b| b.kind.value == BlockKind::Source) {
        if !cited.contains(&block.name.value) {
            diags.push(
                Diagnostic::warning(
                    Code::UnusedSource,
                    file,
                    block.name.span,
                    format!(
                        "source `{}` is not cited by any rule or format of this profile",
                        block.name.value
                    ),
                )
                .label("unused")
                .help("cite it with `source` in the rules it backs, or remove it"),
            );
        }
    }
}

/// An inferred reading that rejects photos deserves a reason a reviewer can check.
pub fn short_reasons(
    rules: &[photorules_core::ir::Rule],
    profile: &str,
    blocks: &[Block],
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) {
    for rule in rules.iter().filter(|r| r.origin.profile == profile) {
        let p = &rule.provenance;
        // A missing reason is an error of its own; this is about reasons that say too little.
        let short = p
            .reason
            .as_deref()
            .is_some_and(|r| r.trim().chars().count() < MIN_REASON_CHARS);
        if rule.severity != Severity::Reject || p.status != Status::Inferred || !short {
            continue;
        }
        let Some(block) = blocks
            .iter()
            .find(|b| b.name.value == rule.id && b.kind.value != BlockKind::Source)
        else {
            continue;
        };
        let span = block
            .entry("reason")
            .map_or(block.name.span, |e| e.value.span());
        diags.push(
            Diagnostic::warning(
                Code::ShortReason,
                file,
                span,
                format!("rule `{}` rejects photos on an inferred reading explained in under {MIN_REASON_CHARS} characters", rule.id),
            )
            .label("short reason")
            .help("say what the source says and why it is read this way, or lower the severity to `warn`"),
        );
    }
}

/// Texts a person reads, in every language the profile declares: a `title` or `fix` without
/// its `KEY.LANG` for a declared language, and a `KEY.LANG` in an undeclared one.
pub fn translations(
    blocks: &[Block],
    languages: &[String],
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) {
    use super::fields::{LOCALISED_KEYS, split_language};
    let first = languages.first().map_or("en", String::as_str);
    // A source's title names a document: it is not translated (nor is its quote).
    let read_by_applicants = |kind: &BlockKind| {
        matches!(
            kind,
            BlockKind::Profile | BlockKind::Rule | BlockKind::Manual | BlockKind::Override(_)
        )
    };
    for block in blocks.iter().filter(|b| read_by_applicants(&b.kind.value)) {
        for entry in &block.entries {
            let (base, language) = split_language(&entry.key.value);
            if !LOCALISED_KEYS.contains(&base) {
                continue;
            }
            match language {
                Some(language) if !languages.iter().any(|l| l == language) || language == first => {
                    diags.push(
                        Diagnostic::warning(
                            Code::UndeclaredLanguage,
                            file,
                            entry.key.span,
                            format!(
                                "`{}` of `{}` is in `{language}`, which the profile does not declare as a further language",
                                entry.key.value, block.name.value
                            ),
                        )
                        .label("undeclared language")
                        .help(format!(
                            "add `{language}` to the profile's `languages` (plain `{base}` is in `{first}`)"
                        )),
                    );
                }
                Some(_) => {}
                None => {
                    for language in languages.iter().skip(1) {
                        let wanted = format!("{base}.{language}");
                        if block.entry(&wanted).is_none() {
                            diags.push(
                                Diagnostic::warning(
                                    Code::MissingTranslation,
                                    file,
                                    entry.key.span,
                                    format!(
                                        "`{}` has no `{wanted}`, but the profile declares `{language}`",
                                        block.name.value
                                    ),
                                )
                                .label(format!("no `{language}` text"))
                                .help(format!("add `{wanted} \"…\"` after `{base}`")),
                            );
                        }
                    }
                }
            }
        }
    }
}
