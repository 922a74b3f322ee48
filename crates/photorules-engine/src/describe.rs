//! Human-readable renderings of requirements and measured values ("32–36 mm (71.1–80 %)").

use photorules_core::ir::{CmpOp, Expr, Written};
use photorules_core::{MetricValue, Unit, WrittenUnit};

use crate::lang::{Language, Phrases};

/// A number with at most three decimals and no trailing zeros.
pub fn number(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    match text {
        "-0" => "0".to_string(),
        t => t.replace('-', "−"),
    }
}

fn with_unit(value: f64, unit: WrittenUnit) -> String {
    match unit {
        WrittenUnit::None | WrittenUnit::Ratio => number(value),
        WrittenUnit::Percent => format!("{} %", number(value)),
        other => format!("{} {}", number(value), other.symbol()),
    }
}

/// A length written in mm/cm/in against a ratio metric also shows the ratio as a percentage.
/// Against a millimetre metric the canonical value is the same length in mm, and there is
/// nothing to add (a note would read "31–36 mm (3100–3600 %)").
fn canonical_note(written: &[&Written], canonical: &[f64]) -> Option<String> {
    let in_mm = |w: &Written| match w.unit {
        WrittenUnit::Mm => Some(w.value),
        WrittenUnit::Cm => Some(w.value * 10.0),
        WrittenUnit::In => Some(w.value * 25.4),
        _ => None,
    };
    let lengths: Option<Vec<f64>> = written.iter().map(|w| in_mm(w)).collect();
    let lengths = lengths?;
    let same_length = lengths
        .iter()
        .zip(canonical)
        .all(|(mm, value)| (mm - value).abs() <= 1e-6 * mm.abs().max(1.0));
    (!same_length).then(|| {
        let parts: Vec<String> = canonical.iter().map(|v| number(v * 100.0)).collect();
        format!(" ({} %)", parts.join("–"))
    })
}

fn cmp_symbol(cmp: CmpOp) -> &'static str {
    match cmp {
        CmpOp::Lt => "<",
        CmpOp::Le => "≤",
        CmpOp::Gt => ">",
        CmpOp::Ge => "≥",
        CmpOp::Eq => "=",
        CmpOp::Ne => "≠",
    }
}

fn range(lo: &Written, hi: &Written, p: Phrases) -> String {
    let separator = if lo.value < 0.0 { p.range_to() } else { "–" };
    if lo.unit == hi.unit {
        let unit = with_unit(0.0, lo.unit);
        let suffix = unit.strip_prefix('0').unwrap_or("");
        format!(
            "{}{separator}{}{suffix}",
            number(lo.value),
            number(hi.value)
        )
    } else {
        format!(
            "{}{separator}{}",
            with_unit(lo.value, lo.unit),
            with_unit(hi.value, hi.unit)
        )
    }
}

/// What a single comparison requires, without the metric name.
fn bare_requirement(expr: &Expr, p: Phrases) -> Option<String> {
    Some(match expr {
        Expr::Compare {
            cmp,
            value,
            written,
            ..
        } => format!(
            "{} {}{}",
            cmp_symbol(*cmp),
            with_unit(written.value, written.unit),
            canonical_note(&[written], &[*value]).unwrap_or_default()
        ),
        Expr::Between {
            lo,
            hi,
            written_lo,
            written_hi,
            ..
        } => format!(
            "{}{}",
            range(written_lo, written_hi, p),
            canonical_note(&[written_lo, written_hi], &[*lo, *hi]).unwrap_or_default()
        ),
        Expr::Is { value, .. } => if *value { p.yes() } else { p.no() }.to_string(),
        Expr::OneOf { values, .. } => p.one_of(&values.join(", ")),
        _ => return None,
    })
}

/// The requirement as a person reads it. A single comparison leaves out the metric name (the
/// rule title says what is measured); compound requirements name each metric.
pub fn requirement(expr: &Expr) -> String {
    requirement_in(expr, Phrases(Language::En))
}

/// [`requirement`] in the words of a report's language.
pub fn requirement_in(expr: &Expr, p: Phrases) -> String {
    bare_requirement(expr, p).unwrap_or_else(|| named_requirement(expr, p))
}

/// The requirement with every metric named, e.g. a `when` condition shown on its own:
/// `glasses.present is true`.
pub fn named_requirement(expr: &Expr, p: Phrases) -> String {
    let join = |items: &[Expr], word: &str| {
        let parts: Vec<String> = items
            .iter()
            .map(|e| match e {
                Expr::All { .. } | Expr::Any { .. } => format!("({})", named_requirement(e, p)),
                _ => named_requirement(e, p),
            })
            .collect();
        parts.join(word)
    };
    match expr {
        Expr::All { all } => join(all, p.and()),
        Expr::Any { any } => join(any, p.or()),
        Expr::Not { not } => p.not(&named_requirement(not, p)),
        Expr::Compare { metric, .. }
        | Expr::Between { metric, .. }
        | Expr::OneOf { metric, .. } => {
            format!("{metric} {}", bare_requirement(expr, p).unwrap_or_default())
        }
        Expr::Is { metric, value } => format!("{metric} is {value}"),
    }
}

/// A measured value in its metric's unit: ratios as percentages, booleans as yes/no.
pub fn measured(value: &MetricValue, unit: Option<Unit>) -> String {
    measured_in(value, unit, Phrases(Language::En))
}

/// [`measured`] in the words of a report's language.
pub fn measured_in(value: &MetricValue, unit: Option<Unit>, p: Phrases) -> String {
    match value {
        MetricValue::Bool(b) => if *b { p.yes() } else { p.no() }.to_string(),
        MetricValue::Text(t) => t.clone(),
        MetricValue::Number(n) => match unit {
            Some(Unit::Ratio) => format!("{} %", number(n * 100.0)),
            Some(Unit::Count) | Some(Unit::Score) | None => number(*n),
            Some(Unit::Lab) => format!("L* {}", number(*n)),
            Some(unit) => format!("{} {}", number(*n), unit.symbol()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(value: f64, unit: WrittenUnit) -> Written {
        Written { value, unit }
    }

    #[test]
    fn head_band_in_mm_shows_percentages() {
        let e = Expr::Between {
            metric: "head.chin_crown_ratio".into(),
            lo: 32.0 / 45.0,
            hi: 0.8,
            written_lo: written(32.0, WrittenUnit::Mm),
            written_hi: written(36.0, WrittenUnit::Mm),
        };
        assert_eq!(requirement(&e), "32–36 mm (71.111–80 %)");
    }

    #[test]
    fn a_length_against_a_millimetre_metric_has_no_percentage() {
        let e = Expr::Between {
            metric: "head.chin_crown_mm".into(),
            lo: 31.0,
            hi: 36.0,
            written_lo: written(31.0, WrittenUnit::Mm),
            written_hi: written(36.0, WrittenUnit::Mm),
        };
        assert_eq!(requirement(&e), "31–36 mm");
        let in_cm = Expr::Compare {
            metric: "head.chin_crown_mm".into(),
            cmp: CmpOp::Ge,
            value: 30.0,
            written: written(3.0, WrittenUnit::Cm),
        };
        assert_eq!(requirement(&in_cm), "≥ 3 cm");
    }

    #[test]
    fn negative_range_uses_to() {
        let e = Expr::Between {
            metric: "pose.yaw_deg".into(),
            lo: -5.0,
            hi: 5.0,
            written_lo: written(-5.0, WrittenUnit::Deg),
            written_hi: written(5.0, WrittenUnit::Deg),
        };
        assert_eq!(requirement(&e), "−5 to 5 deg");
    }

    #[test]
    fn compound_requirement_names_metrics() {
        let cmp = |m: &str| Expr::Compare {
            metric: m.into(),
            cmp: CmpOp::Le,
            value: 10.0,
            written: written(10.0, WrittenUnit::DeltaE),
        };
        let e = Expr::Any {
            any: vec![
                cmp("background.delta_e_white"),
                cmp("background.delta_e_light_grey"),
            ],
        };
        assert_eq!(
            requirement(&e),
            "background.delta_e_white ≤ 10 ΔE or background.delta_e_light_grey ≤ 10 ΔE"
        );
    }

    #[test]
    fn ratio_is_shown_as_percentage() {
        assert_eq!(
            measured(&MetricValue::Number(0.7421), Some(Unit::Ratio)),
            "74.21 %"
        );
    }
}
