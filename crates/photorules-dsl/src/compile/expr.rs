//! Requirements: metric names checked against the catalogue, values checked against the
//! metric's kind and converted to its canonical unit.

use std::sync::Arc;

use photorules_core::catalogue::{Catalogue, MetricKind, MetricSpec};
use photorules_core::ir::{Expr, Size, Written};
use photorules_core::unit::{Axis, ConversionError, Unit, WrittenUnit, convert};

use crate::ast::{self, ExprKind, Quantity, Spanned};
use crate::err::{Code, Diagnostic, Diagnostics};
use crate::span::SourceFile;

use super::format::text;
use super::values;

pub struct ExprContext<'a> {
    pub catalogue: &'a Catalogue,
    /// The print size lengths in mm are converted through.
    pub print_mm: Option<Size>,
    /// A format of this file failed to compile, so the print size may be unknown for that
    /// reason alone: a missing print size is then not reported again.
    pub print_size_broken: bool,
    pub file: &'a Arc<SourceFile>,
}

impl ExprContext<'_> {
    /// The compiled expression; `None` when any part of it is wrong (every error reported).
    pub fn compile(&self, expr: &ast::Expr, diags: &mut Diagnostics) -> Option<Expr> {
        match &expr.kind {
            ExprKind::Compare { metric, op, value } => {
                let spec = self.number_metric(metric, diags)?;
                let (converted, written) = self.convert(value, spec, diags)?;
                Some(Expr::Compare {
                    metric: spec.name.clone(),
                    cmp: op.value,
                    value: converted,
                    written,
                })
            }
            ExprKind::Between { metric, lo, hi } => {
                let spec = self.number_metric(metric, diags)?;
                // Both ends usually share one mistake (`32 mm .. 36 mm` without a print size):
                // report it once.
                let mut lo_diags = Diagnostics::default();
                let mut hi_diags = Diagnostics::default();
                let lo_converted = self.convert(lo, spec, &mut lo_diags);
                let hi_converted = self.convert(hi, spec, &mut hi_diags);
                let lo_codes: Vec<Code> = lo_diags.iter().map(|d| d.code).collect();
                diags.extend(lo_diags);
                diags.extend(hi_diags.into_iter().filter(|d| !lo_codes.contains(&d.code)));
                let ((lo_value, written_lo), (hi_value, written_hi)) =
                    (lo_converted?, hi_converted?);
                if lo_value > hi_value {
                    diags.push(
                        Diagnostic::error(
                            Code::BadRange,
                            self.file,
                            ast_span(lo, hi),
                            format!(
                                "the range `{} .. {}` is empty: its low end is above its high end",
                                text(lo),
                                text(hi)
                            ),
                        )
                        .label("empty range")
                        .help(format!(
                            "write it low end first: `{} .. {}`",
                            text(hi),
                            text(lo)
                        )),
                    );
                    return None;
                }
                Some(Expr::Between {
                    metric: spec.name.clone(),
                    lo: lo_value,
                    hi: hi_value,
                    written_lo,
                    written_hi,
                })
            }
            ExprKind::Is { metric, value } => {
                let spec = self.metric(metric, diags)?;
                let truth = match value.value.as_str() {
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => {
                        diags.push(
                            Diagnostic::error(
                                Code::BadValue,
                                self.file,
                                value.span,
                                format!("`is` takes `true` or `false`, not `{}`", value.value),
                            )
                            .label("not true or false"),
                        );
                        None
                    }
                };
                if spec.kind != MetricKind::Bool {
                    diags.push(self.kind_mismatch(metric, spec, "is true or false"));
                    return None;
                }
                Some(Expr::Is {
                    metric: spec.name.clone(),
                    value: truth?,
                })
            }
            ExprKind::OneOf { metric, values } => {
                let spec = self.metric(metric, diags)?;
                if spec.kind != MetricKind::Text {
                    diags.push(self.kind_mismatch(metric, spec, "is in a list of words"));
                    return None;
                }
                if values.is_empty() {
                    diags.push(
                        Diagnostic::error(
                            Code::EmptyList,
                            self.file,
                            expr.span,
                            "the list `[]` is empty: nothing could match",
                        )
                        .help("list the accepted values, e.g. `[\"jpeg\", \"png\"]`"),
                    );
                    return None;
                }
                Some(Expr::OneOf {
                    metric: spec.name.clone(),
                    values: values.iter().map(|v| v.value.clone()).collect(),
                })
            }
            ExprKind::All(list) | ExprKind::Any(list) => {
                let is_all = matches!(expr.kind, ExprKind::All(_));
                if list.items.is_empty() {
                    let word = if is_all { "all" } else { "any" };
                    diags.push(
                        Diagnostic::error(
                            Code::EmptyList,
                            self.file,
                            expr.span,
                            format!("`{word} {{ }}` is empty"),
                        )
                        .label("nothing inside")
                        .help("write at least one requirement inside the braces"),
                    );
                    return None;
                }
                // Compile every item before giving up, so that all their errors are reported.
                let items: Vec<Option<Expr>> =
                    list.items.iter().map(|e| self.compile(e, diags)).collect();
                let items: Vec<Expr> = items.into_iter().collect::<Option<_>>()?;
                Some(if is_all {
                    Expr::All { all: items }
                } else {
                    Expr::Any { any: items }
                })
            }
            ExprKind::Not(inner) => Some(Expr::Not {
                not: Box::new(self.compile(inner, diags)?),
            }),
            ExprKind::Paren(inner) => self.compile(inner, diags),
        }
    }

    fn metric(&self, metric: &Spanned<String>, diags: &mut Diagnostics) -> Option<&MetricSpec> {
        if let Some(spec) = self.catalogue.get(&metric.value) {
            return Some(spec);
        }
        let mut diagnostic = Diagnostic::error(
            Code::UnknownMetric,
            self.file,
            metric.span,
            format!("unknown metric `{}`", metric.value),
        )
        .label("not in the metric catalogue")
        .suggest(self.catalogue.suggest(&metric.value));
        if diagnostic.help.is_none() {
            diagnostic = diagnostic
                .help("docs/metrics.md lists the built-in metrics; loaded plugins add their own");
        }
        diags.push(diagnostic);
        None
    }

    /// The metric, which must be a number for a comparison or a range.
    fn number_metric(
        &self,
        metric: &Spanned<String>,
        diags: &mut Diagnostics,
    ) -> Option<&MetricSpec> {
        let spec = self.metric(metric, diags)?;
        if let MetricKind::Number { .. } = spec.kind {
            return Some(spec);
        }
        diags.push(self.kind_mismatch(metric, spec, "is compared with a number"));
        None
    }

    fn kind_mismatch(
        &self,
        metric: &Spanned<String>,
        spec: &MetricSpec,
        used_as: &str,
    ) -> Diagnostic {
        let name = &spec.name;
        let (is, help) = match spec.kind {
            MetricKind::Bool => (
                "true or false".to_string(),
                format!("write `{name} is true` or `{name} is false`"),
            ),
            MetricKind::Text => ("a word".to_string(), format!("write `{name} in [\"…\"]`")),
            MetricKind::Number { unit } => (
                format!("a number in `{}`", unit.symbol()),
                format!(
                    "compare it with a value, e.g. `{name} <= 1 {}`",
                    example_unit(unit)
                ),
            ),
        };
        Diagnostic::error(
            Code::TypeMismatch,
            self.file,
            metric.span,
            format!("`{name}` is {is}, but here it {used_as}"),
        )
        .label(is.clone())
        .help(help)
    }

    /// A written value in the metric's canonical unit.
    fn convert(
        &self,
        q: &Quantity,
        spec: &MetricSpec,
        diags: &mut Diagnostics,
    ) -> Option<(f64, Written)> {
        let (value, unit) = values::quantity(q, self.file, diags)?;
        let MetricKind::Number { unit: metric_unit } = spec.kind else {
            return None;
        };
        let is_length = matches!(unit, WrittenUnit::Mm | WrittenUnit::Cm | WrittenUnit::In);
        if metric_unit == Unit::Ratio && is_length && spec.axis.is_none() {
            diags.push(
                Diagnostic::error(
                    Code::UnitMismatch,
                    self.file,
                    q.span,
                    format!("`{}` is a length, but `{}` is a ratio that is not taken against the photo's width or height", text(q), spec.name),
                )
                .label("cannot be converted")
                .help("write the value as a ratio or in %"),
            );
            return None;
        }
        let print_mm = self.print_mm.and_then(|size| match spec.axis {
            Some(Axis::Width) => Some(size.width),
            Some(Axis::Height) => Some(size.height),
            None => None,
        });
        match convert(value, unit, metric_unit, spec.axis, print_mm) {
            Ok(v) if v.is_finite() => Some((v, Written { value, unit })),
            Ok(_) => {
                diags.push(Diagnostic::error(
                    Code::BadValue,
                    self.file,
                    q.span,
                    format!("`{}` is too large", text(q)),
                ));
                None
            }
            Err(ConversionError::NeedsPrintSize { .. }) if self.print_size_broken => None,
            Err(ConversionError::NeedsPrintSize { .. }) => {
                diags.push(
                    Diagnostic::error(
                        Code::NoPrintSize,
                        self.file,
                        q.span,
                        format!("`{}` is a length on the print, but the profile has no print size", text(q)),
                    )
                    .label("needs a print size")
                    .help("give a format a `size W x H mm` (here or in a base), or write the value as a ratio or in %"),
                );
                None
            }
            Err(ConversionError::Incompatible { .. }) => {
                let (message, help) = if example_unit(metric_unit).is_empty() {
                    (
                        format!(
                            "`{}` cannot be compared with `{}`, which is a plain number",
                            text(q),
                            spec.name
                        ),
                        "write the number without a unit".to_string(),
                    )
                } else if unit == WrittenUnit::None {
                    (
                        format!(
                            "`{}` has no unit, but `{}` is measured in `{}`",
                            text(q),
                            spec.name,
                            metric_unit.symbol()
                        ),
                        format!(
                            "write the unit: `{} {}`",
                            q.number.value,
                            example_unit(metric_unit)
                        ),
                    )
                } else {
                    (
                        format!(
                            "`{}` cannot be compared with `{}`, which is measured in `{}`",
                            text(q),
                            spec.name,
                            metric_unit.symbol()
                        ),
                        format!("write the value in `{}`", example_unit(metric_unit)),
                    )
                };
                diags.push(
                    Diagnostic::error(Code::UnitMismatch, self.file, q.span, message)
                        .label(format!("not in `{}`", metric_unit.symbol()))
                        .help(help),
                );
                None
            }
        }
    }
}

/// The unit to suggest writing for a metric unit.
fn example_unit(unit: Unit) -> &'static str {
    match unit {
        Unit::Ratio => "%",
        Unit::Bytes => "KB",
        Unit::Count | Unit::Score => "",
        other => other.symbol(),
    }
}

fn ast_span(lo: &Quantity, hi: &Quantity) -> crate::span::Span {
    crate::span::Span::new(lo.span.start, hi.span.end)
}
