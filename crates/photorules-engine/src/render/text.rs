//! The checklist a person reads in ten seconds: what rejects the photo first, each with the
//! clause it rests on; passes one line each; manual items last.

use std::fmt::Write;

use photorules_core::ir::Severity;

use super::mark;
use crate::lang::Phrases;
use crate::report::{Report, Verdict};

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let words = Phrases(report.language);
    let name = report.record.image.name.as_deref().unwrap_or(words.photo());
    let _ = writeln!(
        out,
        "{name} — {} ({} {})",
        report.profile.title, report.profile.id, report.profile.version
    );
    let _ = writeln!(out, "{}", report.summary.to_uppercase_first());
    for rule in &report.rules {
        let severity = match (rule.verdict, rule.severity) {
            (Verdict::Fail | Verdict::Unknown, Severity::Warn) => {
                format!(" [{}]", words.warning_tag())
            }
            (Verdict::Fail | Verdict::Unknown, Severity::Advise) => {
                format!(" [{}]", words.advice_tag())
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "{} {}{severity} — {}",
            mark(rule.verdict),
            rule.title,
            rule.message
        );
        if let Some(fix) = &rule.fix {
            let _ = writeln!(out, "    → {}: {fix}", words.what_to_do());
        }
        if matches!(
            rule.verdict,
            Verdict::Fail | Verdict::Unknown | Verdict::Manual
        ) {
            let p = &rule.provenance;
            let clause = p
                .clause
                .as_deref()
                .map(|c| format!(", {c}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    {}{clause}: “{}” ({}, {} {})",
                p.source_title,
                p.quote,
                p.status.as_str(),
                words.verified(),
                p.verified
            );
            if let Some(translation) = &p.translation {
                let _ = writeln!(out, "      (en) “{translation}”");
            }
        }
    }
    out
}

trait UppercaseFirst {
    fn to_uppercase_first(&self) -> String;
}

impl UppercaseFirst for String {
    fn to_uppercase_first(&self) -> String {
        let mut chars = self.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }
}
