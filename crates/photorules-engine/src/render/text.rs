//! The checklist a person reads in ten seconds: what rejects the photo first, each with the
//! clause it rests on; passes one line each; manual items last.

use photorules_core::ir::Severity;

use super::mark;
use crate::lang::Phrases;
use crate::report::{Report, Verdict};

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let words = Phrases(report.language);
    let name = report.record.image.name.as_deref().unwrap_or(words.photo());
    line(
        &mut out,
        format!(
            "{name} — {} ({} {})",
            report.profile.title, report.profile.id, report.profile.version
        ),
    );
    line(&mut out, report.summary.to_uppercase_first());
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
        line(
            &mut out,
            format!(
                "{} {}{severity} — {}",
                mark(rule.verdict),
                rule.title,
                rule.message
            ),
        );
        if let Some(fix) = &rule.fix {
            line(&mut out, format!("    → {}: {fix}", words.what_to_do()));
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
            line(
                &mut out,
                format!(
                    "    {}{clause}: “{}” ({}, {} {})",
                    p.source_title,
                    p.quote,
                    p.status.as_str(),
                    words.verified(),
                    p.verified
                ),
            );
            if let Some(translation) = &p.translation {
                line(&mut out, format!("      (en) “{translation}”"));
            }
        }
    }
    out
}

/// One line of the report. Its text comes from photos' metrics, plugins and profiles, none of
/// which we control: a control character (a newline, an ANSI escape) or a bidirectional
/// override in it could forge report lines or repaint the terminal, so each is shown as its
/// `\u{…}` escape instead of being sent.
fn line(out: &mut String, text: String) {
    out.push_str(&terminal_safe(&text));
    out.push('\n');
}

pub use photorules_core::text::terminal_safe;

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

#[cfg(test)]
mod tests {
    use super::line;

    #[test]
    fn control_characters_are_shown_not_sent() {
        let mut out = String::new();
        line(
            &mut out,
            "glare: failed\n✓ forged: every check passes\u{1b}[2J\u{1b}[32mAccept\u{202e}".into(),
        );
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{202e}'),
            "{out}"
        );
        assert!(
            out.contains("\\u{a}✓ forged") && out.contains("\\u{1b}[2J"),
            "{out}"
        );
        assert!(out.ends_with('\n'));
    }

    #[test]
    fn ordinary_text_in_any_script_is_kept() {
        let mut out = String::new();
        line(
            &mut out,
            "✗ Бас биіктігі — измерено: 34 %, а требуется 70–80 %".into(),
        );
        assert_eq!(
            out,
            "✗ Бас биіктігі — измерено: 34 %, а требуется 70–80 %\n"
        );
    }
}
