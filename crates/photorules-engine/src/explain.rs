//! `photorules explain`: the chain from a verdict back to the regulation it rests on.

use std::fmt::Write;

use photorules_core::ir::Status;

use crate::report::{Report, RuleResult, Verdict};

/// Why explaining failed.
#[derive(Debug, thiserror::Error)]
pub enum ExplainError {
    #[error("the report has no rule `{id}`{}", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    UnknownRule {
        id: String,
        suggestion: Option<String>,
    },
}

/// Explain one rule, or — without an id — every rule that rejects or could not be checked.
pub fn explain(report: &Report, rule: Option<&str>) -> Result<String, ExplainError> {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "decision: {} — {} against {} {}",
        report.decision.as_str(),
        report.record.image.name.as_deref().unwrap_or("photo"),
        report.profile.id,
        report.profile.version
    );
    let chosen: Vec<&RuleResult> = match rule {
        Some(id) => match report.rules.iter().find(|r| r.id == id) {
            Some(found) => vec![found],
            None => {
                let suggestion = photorules_core::suggest::closest(
                    id,
                    report.rules.iter().map(|r| r.id.as_str()),
                )
                .map(str::to_string);
                return Err(ExplainError::UnknownRule {
                    id: id.to_string(),
                    suggestion,
                });
            }
        },
        None => report
            .rules
            .iter()
            .filter(|r| matches!(r.verdict, Verdict::Fail | Verdict::Unknown))
            .collect(),
    };
    if chosen.is_empty() {
        let _ = writeln!(
            out,
            "no rule fails or is unknown; name a rule to see its chain"
        );
    }
    for result in chosen {
        out.push('\n');
        chain(&mut out, result);
    }
    Ok(out)
}

fn chain(out: &mut String, r: &RuleResult) {
    let p = &r.provenance;
    let _ = writeln!(
        out,
        "{} {} ({})",
        r.verdict.as_str(),
        r.id,
        r.severity.as_str()
    );
    let _ = writeln!(out, "  verdict   {}", r.message);
    for m in &r.measured {
        let _ = writeln!(out, "  measured  {} = {}", m.metric, m.display);
    }
    let _ = writeln!(out, "  required  {}", r.required);
    for reason in &r.unknown_reasons {
        let _ = writeln!(out, "  unknown   {reason}");
    }
    let overridden = r
        .overrides
        .as_ref()
        .map(|p| format!(", overriding the rule of {p}"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  rule      {} “{}”, {}:{} ({}){overridden}",
        r.id, r.title, r.origin.file, r.origin.line, r.origin.profile
    );
    if let Some(clause) = &p.clause {
        let _ = writeln!(out, "  clause    {clause}");
    }
    let _ = writeln!(out, "  quote     “{}”", p.quote);
    let _ = writeln!(out, "  source    {} — {}", p.source_title, p.authority);
    if let Some(reference) = &p.reference {
        let _ = writeln!(out, "            {reference}");
    }
    if let Some(url) = &p.url {
        let _ = writeln!(out, "            {url}");
    }
    let status = match (p.status, &p.reason) {
        (Status::Inferred, Some(reason)) => format!("inferred — our reading: {reason}"),
        (status, Some(reason)) => format!("{} — {reason}", status.as_str()),
        (status, None) => status.as_str().to_string(),
    };
    let _ = writeln!(out, "  status    {status}, verified {}", p.verified);
}
