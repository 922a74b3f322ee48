//! The photorules engine: a compiled profile plus a photo's metrics give a verdict per rule, a
//! decision, and a report that explains each verdict down to the regulation it rests on.

pub mod catalogue;
pub mod describe;
pub mod eval;
pub mod explain;
pub mod lang;
pub mod record;
pub mod render;
pub mod replay;
pub mod report;
pub mod signing;

use photorules_core::ir::{Check, CompiledProfile, Expr, Rule, Severity};
use photorules_core::{Measurement, MetricValue, Metrics};

pub use lang::Language;
pub use record::{DecisionRecord, ImageRecord, PluginRecord, RunContext};
pub use report::{
    Decision, MeasuredValue, ProfileInfo, ProvenanceView, Report, RuleResult, Verdict,
};

use eval::Truth;
use lang::Phrases;

/// Evaluate every rule of `profile` against `metrics`. The report is written in
/// `context.language`, else in the profile's first declared language when the engine speaks
/// it, else in English; verdicts, rule ids and provenance do not depend on the language.
pub fn check(profile: &CompiledProfile, metrics: &Metrics, context: &RunContext) -> Report {
    let language = context.language.unwrap_or_else(|| {
        profile
            .languages
            .first()
            .and_then(|code| Language::parse(code))
            .unwrap_or_default()
    });
    let p = Phrases(language);
    let mut rules: Vec<RuleResult> = profile
        .rules
        .iter()
        .map(|r| evaluate_rule(profile, r, metrics, language))
        .collect();
    rules.sort_by_key(|r| presentation_rank(r.verdict, r.severity));
    let decision = decide(&rules);
    let to_confirm = rules
        .iter()
        .filter(|r| r.verdict == Verdict::Manual)
        .map(|r| r.title.clone())
        .collect();
    Report {
        report_version: report::REPORT_VERSION,
        decision,
        language,
        summary: summary(decision, &rules, p),
        profile: ProfileInfo {
            id: profile.id.clone(),
            title: profile.title_in(language.code()).to_string(),
            version: profile.version.clone(),
            jurisdiction: profile.jurisdiction.clone(),
            document: profile.document.clone(),
            effective: profile.effective.clone(),
            chain: profile.chain.clone(),
        },
        rules,
        to_confirm,
        metrics: metrics.clone(),
        record: record::build(profile, metrics, context),
        signature: None,
    }
}

/// Accept only when every machine-checkable reject-severity rule passes.
fn decide(rules: &[RuleResult]) -> Decision {
    let blocking = rules.iter().filter(|r| r.severity == Severity::Reject);
    let mut undetermined = false;
    for rule in blocking {
        match rule.verdict {
            Verdict::Fail => return Decision::Reject,
            Verdict::Unknown => undetermined = true,
            Verdict::Pass | Verdict::Manual => {}
        }
    }
    if undetermined {
        Decision::Undetermined
    } else {
        Decision::Accept
    }
}

/// Order in which a person should read the results: what rejects the photo first.
fn presentation_rank(verdict: Verdict, severity: Severity) -> u8 {
    let blocking = severity == Severity::Reject;
    match (verdict, blocking) {
        (Verdict::Fail, true) => 0,
        (Verdict::Unknown, true) => 1,
        (Verdict::Fail, false) => 2,
        (Verdict::Unknown, false) => 3,
        (Verdict::Manual, _) => 5,
        (Verdict::Pass, _) => 4,
    }
}

fn summary(decision: Decision, rules: &[RuleResult], p: Phrases) -> String {
    let count = |v: Verdict| rules.iter().filter(|r| r.verdict == v).count();
    let blocking_fail = rules
        .iter()
        .filter(|r| r.verdict == Verdict::Fail && r.severity == Severity::Reject)
        .count();
    let mut parts = vec![p.checks_pass(count(Verdict::Pass), rules.len() - count(Verdict::Manual))];
    if blocking_fail > 0 {
        parts.push(p.rejecting(blocking_fail));
    }
    let warnings = count(Verdict::Fail) - blocking_fail;
    if warnings > 0 {
        parts.push(p.warnings(warnings));
    }
    if count(Verdict::Unknown) > 0 {
        parts.push(p.not_measured_count(count(Verdict::Unknown)));
    }
    if count(Verdict::Manual) > 0 {
        parts.push(p.to_confirm_count(count(Verdict::Manual)));
    }
    format!("{}: {}", p.decision(decision), parts.join(", "))
}

fn evaluate_rule(
    profile: &CompiledProfile,
    rule: &Rule,
    metrics: &Metrics,
    language: Language,
) -> RuleResult {
    let p = Phrases(language);
    let (verdict, applies, reasons, required, message, read) = match &rule.check {
        Check::Manual => (
            Verdict::Manual,
            true,
            Vec::new(),
            p.manual_required().to_string(),
            p.manual_message().to_string(),
            Vec::new(),
        ),
        Check::Requirement { when, require } => {
            let required = describe::requirement_in(require, p);
            let mut read: Vec<&Expr> = Vec::new();
            if let Some(condition) = when {
                read.push(condition);
            }
            read.push(require);
            let (verdict, applies, reasons, message) =
                judge(when.as_ref(), require, metrics, &required, p);
            (verdict, applies, reasons, required, message, read)
        }
    };
    let measured = read
        .iter()
        .flat_map(|e| e.metrics())
        .fold(Vec::<&str>::new(), |mut names, name| {
            if !names.contains(&name) {
                names.push(name);
            }
            names
        })
        .into_iter()
        .map(|name| measured_value(metrics, name, p))
        .collect::<Vec<_>>();
    let fix = match (verdict, &rule.check) {
        (Verdict::Fail, Check::Requirement { require, .. }) => {
            rule.fix_in(language.code()).map(|sentence| {
                let shown: Vec<String> = require
                    .metrics()
                    .iter()
                    .map(|name| measured_value(metrics, name, p).display)
                    .collect();
                sentence
                    .replace("{measured}", &shown.join(", "))
                    .replace("{required}", &required)
            })
        }
        (Verdict::Manual, _) => rule.fix_in(language.code()).map(str::to_string),
        _ => None,
    };
    RuleResult {
        id: rule.id.clone(),
        title: rule.title_in(language.code()).to_string(),
        fix,
        severity: rule.severity,
        verdict,
        applies,
        measured,
        required,
        message,
        unknown_reasons: reasons,
        provenance: provenance_view(profile, rule),
        origin: rule.origin.clone(),
        overrides: rule.overrides.clone(),
    }
}

fn judge(
    when: Option<&Expr>,
    require: &Expr,
    metrics: &Metrics,
    required: &str,
    p: Phrases,
) -> (Verdict, bool, Vec<String>, String) {
    if let Some(condition) = when {
        match eval::evaluate(condition, metrics) {
            Truth::False => {
                // What was measured and the condition it fails, in plain words where the
                // metric has them ("does not apply: no glasses are worn (it applies when
                // glasses are worn)"), else with the metric named ("… image.width_px 1200 px
                // (it applies when image.width_px = 1440 px)").
                let (measured, wanted) = plain_states(condition, metrics, p).unwrap_or_else(|| {
                    (
                        named_values(condition, metrics, p),
                        describe::named_requirement(condition, p),
                    )
                });
                let message = p.does_not_apply(&measured, &wanted);
                return (Verdict::Pass, false, Vec::new(), message);
            }
            Truth::Unknown(reasons) => {
                let message = p.applies_unknown(&reasons[0]);
                return (Verdict::Unknown, true, reasons, message);
            }
            Truth::True => {}
        }
    }
    let shown = shown_values(require, metrics, p);
    match eval::evaluate(require, metrics) {
        Truth::True => (Verdict::Pass, true, Vec::new(), p.meets(&shown, required)),
        Truth::False => (Verdict::Fail, true, Vec::new(), p.fails(&shown, required)),
        Truth::Unknown(reasons) => {
            let message = p.not_checked(&reasons[0]);
            (Verdict::Unknown, true, reasons, message)
        }
    }
}

/// The measured values a requirement reads, for its one-line message.
fn shown_values(require: &Expr, metrics: &Metrics, p: Phrases) -> String {
    let names = require.metrics();
    let single = names.len() == 1;
    let parts: Vec<String> = names
        .iter()
        .map(|name| {
            let display = measured_value(metrics, name, p).display;
            if single {
                p.measured(&display)
            } else {
                format!("{name} {display}")
            }
        })
        .collect();
    parts.join(", ")
}

/// For a condition `metric is true|false` on a metric with plain words for its states, or an
/// `any` of such conditions: the measured state(s) and the state(s) the condition asks for.
fn plain_states(condition: &Expr, metrics: &Metrics, p: Phrases) -> Option<(String, String)> {
    match condition {
        Expr::Is { metric, value } => {
            let Some(Measurement::Measured {
                value: MetricValue::Bool(measured),
                ..
            }) = metrics.get(metric)
            else {
                return None;
            };
            Some((
                p.state(metric, *measured)?.to_string(),
                p.state(metric, *value)?.to_string(),
            ))
        }
        // `when any { glasses.present is true; lenses.dark is true }` that does not hold: every
        // branch failed, so each is said ("no glasses are worn, the lenses are not dark") and the
        // condition is their alternatives ("glasses are worn or the lenses are dark").
        Expr::Any { any } if !any.is_empty() => {
            let states = any
                .iter()
                .map(|branch| plain_states(branch, metrics, p))
                .collect::<Option<Vec<_>>>()?;
            let (measured, wanted): (Vec<String>, Vec<String>) = states.into_iter().unzip();
            Some((measured.join(", "), wanted.join(p.or())))
        }
        _ => None,
    }
}

/// Every metric of `expr` with its measured value, named: `glasses.present no`.
fn named_values(expr: &Expr, metrics: &Metrics, p: Phrases) -> String {
    let parts: Vec<String> = expr
        .metrics()
        .iter()
        .map(|name| format!("{name} {}", measured_value(metrics, name, p).display))
        .collect();
    parts.join(", ")
}

fn measured_value(metrics: &Metrics, name: &str, p: Phrases) -> MeasuredValue {
    match metrics.get(name) {
        Some(Measurement::Measured { value, unit }) => MeasuredValue {
            metric: name.to_string(),
            display: describe::measured_in(value, *unit, p),
            value: Some(value.clone()),
            unit: *unit,
        },
        Some(Measurement::Absent { reason }) => MeasuredValue {
            metric: name.to_string(),
            display: p.not_measured(reason),
            value: None,
            unit: None,
        },
        None => MeasuredValue {
            metric: name.to_string(),
            display: p.not_measured(p.no_provider()),
            value: None,
            unit: None,
        },
    }
}

fn provenance_view(profile: &CompiledProfile, rule: &Rule) -> ProvenanceView {
    let p = &rule.provenance;
    let source = profile.source(&p.source);
    ProvenanceView {
        source: p.source.clone(),
        source_title: source.map(|s| s.title.clone()).unwrap_or_default(),
        authority: source.map(|s| s.authority.clone()).unwrap_or_default(),
        url: source.and_then(|s| s.url.clone()),
        reference: source.and_then(|s| s.reference.clone()),
        clause: p.clause.clone(),
        quote: p.quote.clone(),
        translation: p.translation.clone(),
        verified: p.verified.clone(),
        status: p.status,
        reason: p.reason.clone(),
    }
}

#[cfg(test)]
mod tests;
