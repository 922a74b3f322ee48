//! Three-valued evaluation of requirement expressions over measured metrics.
//!
//! A metric that could not be measured makes a comparison `Unknown`, never `Pass`: the
//! connectives follow Kleene's logic, so `any` still passes when one branch passes and `all`
//! still fails when one branch fails, whatever the unknown branches would have said.

use photorules_core::ir::Expr;
use photorules_core::{Measurement, MetricValue, Metrics};

/// The truth of an expression, with why it is unknown when it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Truth {
    True,
    False,
    Unknown(Vec<String>),
}

impl Truth {
    fn from_bool(value: bool) -> Truth {
        if value { Truth::True } else { Truth::False }
    }

    fn not(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            unknown => unknown,
        }
    }
}

/// A metric's value as the evaluator needs it, or the reason it is missing.
pub(crate) fn lookup<'m>(metrics: &'m Metrics, name: &str) -> Result<&'m MetricValue, String> {
    match metrics.get(name) {
        Some(Measurement::Measured { value, .. }) => Ok(value),
        Some(Measurement::Absent { reason }) => {
            Err(format!("`{name}` could not be measured: {reason}"))
        }
        None => Err(format!(
            "`{name}` was not measured: no measurement or loaded plugin provides it"
        )),
    }
}

fn number(metrics: &Metrics, name: &str) -> Result<f64, String> {
    match lookup(metrics, name)? {
        MetricValue::Number(n) => Ok(*n),
        other => Err(format!(
            "`{name}` holds {} where a number is required",
            describe_kind(other)
        )),
    }
}

fn describe_kind(value: &MetricValue) -> &'static str {
    match value {
        MetricValue::Bool(_) => "a true/false value",
        MetricValue::Number(_) => "a number",
        MetricValue::Text(_) => "text",
    }
}

/// Evaluate `expr` against `metrics`.
pub fn evaluate(expr: &Expr, metrics: &Metrics) -> Truth {
    let unknown = |reason: String| Truth::Unknown(vec![reason]);
    match expr {
        Expr::Compare {
            metric, cmp, value, ..
        } => match number(metrics, metric) {
            Ok(measured) => Truth::from_bool(cmp.holds(measured, *value)),
            Err(reason) => unknown(reason),
        },
        Expr::Between { metric, lo, hi, .. } => match number(metrics, metric) {
            Ok(measured) => Truth::from_bool(*lo <= measured && measured <= *hi),
            Err(reason) => unknown(reason),
        },
        Expr::Is { metric, value } => match lookup(metrics, metric) {
            Ok(MetricValue::Bool(measured)) => Truth::from_bool(measured == value),
            Ok(other) => unknown(format!(
                "`{metric}` holds {} where true/false is required",
                describe_kind(other)
            )),
            Err(reason) => unknown(reason),
        },
        Expr::OneOf { metric, values } => match lookup(metrics, metric) {
            Ok(MetricValue::Text(measured)) => {
                Truth::from_bool(values.iter().any(|v| v == measured))
            }
            Ok(other) => unknown(format!(
                "`{metric}` holds {} where text is required",
                describe_kind(other)
            )),
            Err(reason) => unknown(reason),
        },
        Expr::All { all } => combine(all, metrics, Truth::False),
        Expr::Any { any } => combine(any, metrics, Truth::True),
        Expr::Not { not } => evaluate(not, metrics).not(),
    }
}

/// `all` (decisive = False) and `any` (decisive = True): the decisive value wins outright,
/// otherwise unknown branches make the whole unknown.
fn combine(items: &[Expr], metrics: &Metrics, decisive: Truth) -> Truth {
    let mut reasons = Vec::new();
    for item in items {
        match evaluate(item, metrics) {
            t if t == decisive => return decisive,
            Truth::Unknown(mut r) => reasons.append(&mut r),
            _ => {}
        }
    }
    if reasons.is_empty() {
        decisive.not()
    } else {
        Truth::Unknown(reasons)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use photorules_core::ir::{CmpOp, Written};
    use photorules_core::{Unit, WrittenUnit};

    fn le(metric: &str, value: f64) -> Expr {
        Expr::Compare {
            metric: metric.into(),
            cmp: CmpOp::Le,
            value,
            written: Written {
                value,
                unit: WrittenUnit::None,
            },
        }
    }

    fn metrics() -> Metrics {
        let mut m = Metrics::default();
        m.number("a.low", 1.0, Unit::Ratio);
        m.number("a.high", 9.0, Unit::Ratio);
        m.absent("a.missing", "no face");
        m.boolean("a.flag", true);
        m
    }

    #[test]
    fn absent_metric_is_unknown_with_its_reason() {
        let t = evaluate(&le("a.missing", 5.0), &metrics());
        assert_eq!(
            t,
            Truth::Unknown(vec!["`a.missing` could not be measured: no face".into()])
        );
    }

    #[test]
    fn any_passes_when_one_branch_passes_despite_unknown() {
        let e = Expr::Any {
            any: vec![le("a.missing", 5.0), le("a.low", 5.0)],
        };
        assert_eq!(evaluate(&e, &metrics()), Truth::True);
    }

    #[test]
    fn all_fails_when_one_branch_fails_despite_unknown() {
        let e = Expr::All {
            all: vec![le("a.missing", 5.0), le("a.high", 5.0)],
        };
        assert_eq!(evaluate(&e, &metrics()), Truth::False);
    }

    #[test]
    fn all_with_unknown_and_passes_is_unknown() {
        let e = Expr::All {
            all: vec![le("a.missing", 5.0), le("a.low", 5.0)],
        };
        assert!(matches!(evaluate(&e, &metrics()), Truth::Unknown(_)));
    }

    #[test]
    fn not_keeps_unknown_unknown() {
        let e = Expr::Not {
            not: Box::new(le("a.missing", 5.0)),
        };
        assert!(matches!(evaluate(&e, &metrics()), Truth::Unknown(_)));
    }

    #[test]
    fn bool_metric_against_number_is_unknown_not_pass() {
        assert!(matches!(
            evaluate(&le("a.flag", 5.0), &metrics()),
            Truth::Unknown(_)
        ));
    }

    #[test]
    fn unmeasured_name_is_unknown() {
        let t = evaluate(&le("glare.lens_fraction", 0.1), &metrics());
        assert!(matches!(t, Truth::Unknown(r) if r[0].contains("no measurement or loaded plugin")));
    }
}
