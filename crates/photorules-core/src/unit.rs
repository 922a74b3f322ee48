//! Units that metrics carry and that profile literals are written in.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The unit of a measured metric (always canonical: a metric is stored in exactly one unit).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// Pixels of the image as decoded (after EXIF orientation).
    Px,
    /// Millimetres on the printed photo at the profile's print size.
    Mm,
    /// A dimensionless fraction (0.75 = 75 %).
    Ratio,
    /// Degrees of angle.
    Deg,
    /// CIEDE2000 colour difference.
    DeltaE,
    /// CIELAB lightness or chroma component (L* 0–100, a*/b* roughly −128–127).
    Lab,
    /// Bytes of a file.
    Bytes,
    /// Dots per inch.
    Dpi,
    /// A whole count (faces, bits).
    Count,
    /// A detector's or estimator's score, 0–1 unless documented otherwise.
    Score,
}

impl Unit {
    /// The symbol used in reports and in profile literals.
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Px => "px",
            Unit::Mm => "mm",
            Unit::Ratio => "ratio",
            Unit::Deg => "deg",
            Unit::DeltaE => "ΔE",
            Unit::Lab => "L*",
            Unit::Bytes => "B",
            Unit::Dpi => "dpi",
            Unit::Count => "count",
            Unit::Score => "score",
        }
    }
}

impl std::fmt::Display for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.symbol())
    }
}

/// The unit a number in a profile was *written* in. Several written units map onto one
/// metric unit (`%` and `mm` onto [`Unit::Ratio`], `KB`/`MB` onto [`Unit::Bytes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum WrittenUnit {
    Px,
    Mm,
    Cm,
    In,
    Percent,
    Ratio,
    Deg,
    DeltaE,
    Lab,
    Bytes,
    /// 1 000 bytes.
    Kb,
    /// 1 000 000 bytes.
    Mb,
    /// 1 024 bytes.
    Kib,
    /// 1 048 576 bytes.
    Mib,
    Dpi,
    /// No unit written: a count or a score.
    None,
}

impl WrittenUnit {
    /// Parse the unit token of a profile literal.
    pub fn parse(token: &str) -> Option<WrittenUnit> {
        Some(match token {
            "px" => WrittenUnit::Px,
            "mm" => WrittenUnit::Mm,
            "cm" => WrittenUnit::Cm,
            "in" => WrittenUnit::In,
            "%" => WrittenUnit::Percent,
            "ratio" => WrittenUnit::Ratio,
            "deg" | "°" => WrittenUnit::Deg,
            "ΔE" | "dE" => WrittenUnit::DeltaE,
            "L*" => WrittenUnit::Lab,
            "B" => WrittenUnit::Bytes,
            "KB" | "kB" => WrittenUnit::Kb,
            "MB" => WrittenUnit::Mb,
            "KiB" => WrittenUnit::Kib,
            "MiB" => WrittenUnit::Mib,
            "dpi" => WrittenUnit::Dpi,
            _ => return None,
        })
    }

    /// The canonical spelling, used by the formatter.
    pub fn symbol(self) -> &'static str {
        match self {
            WrittenUnit::Px => "px",
            WrittenUnit::Mm => "mm",
            WrittenUnit::Cm => "cm",
            WrittenUnit::In => "in",
            WrittenUnit::Percent => "%",
            WrittenUnit::Ratio => "ratio",
            WrittenUnit::Deg => "deg",
            WrittenUnit::DeltaE => "ΔE",
            WrittenUnit::Lab => "L*",
            WrittenUnit::Bytes => "B",
            WrittenUnit::Kb => "KB",
            WrittenUnit::Mb => "MB",
            WrittenUnit::Kib => "KiB",
            WrittenUnit::Mib => "MiB",
            WrittenUnit::Dpi => "dpi",
            WrittenUnit::None => "",
        }
    }

    /// Every token `parse` accepts, for did-you-mean suggestions.
    pub const TOKENS: &'static [&'static str] = &[
        "px", "mm", "cm", "in", "%", "ratio", "deg", "°", "ΔE", "dE", "L*", "B", "KB", "kB", "MB",
        "KiB", "MiB", "dpi",
    ];
}

/// Which image dimension a length ratio is measured against; it lets a rule written in mm be
/// converted to a ratio through the profile's print size (32 mm of a 45 mm-high photo = 0.711).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Axis {
    Width,
    Height,
}

/// Why a written value cannot be expressed in a metric's unit.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConversionError {
    #[error("a value in `{written}` cannot be compared with a metric in `{metric}`")]
    Incompatible {
        written: &'static str,
        metric: &'static str,
    },
    #[error(
        "a length in `{written}` needs the profile's print size to become a fraction of the image {axis}"
    )]
    NeedsPrintSize {
        written: &'static str,
        axis: &'static str,
    },
}

/// Convert a number written in `written` into the canonical `metric` unit.
///
/// `axis` and `print_mm` (the print size along that axis) are needed only for physical lengths
/// compared against ratio metrics.
pub fn convert(
    value: f64,
    written: WrittenUnit,
    metric: Unit,
    axis: Option<Axis>,
    print_mm: Option<f64>,
) -> Result<f64, ConversionError> {
    use WrittenUnit as W;
    let length_mm = |v: f64| match written {
        W::Mm => Some(v),
        W::Cm => Some(v * 10.0),
        W::In => Some(v * 25.4),
        _ => None,
    };
    let incompatible = || ConversionError::Incompatible {
        written: if written == W::None {
            "no unit"
        } else {
            written.symbol()
        },
        metric: metric.symbol(),
    };
    match metric {
        Unit::Ratio => match written {
            W::Ratio | W::None => Ok(value),
            W::Percent => Ok(value / 100.0),
            W::Mm | W::Cm | W::In => {
                let (Some(axis), Some(size)) = (axis, print_mm) else {
                    return Err(ConversionError::NeedsPrintSize {
                        written: written.symbol(),
                        axis: match axis {
                            Some(Axis::Width) => "width",
                            _ => "height",
                        },
                    });
                };
                let _ = axis;
                length_mm(value)
                    .map(|mm| mm / size)
                    .ok_or_else(incompatible)
            }
            _ => Err(incompatible()),
        },
        Unit::Mm => length_mm(value).ok_or_else(incompatible),
        Unit::Px if written == W::Px => Ok(value),
        Unit::Deg if written == W::Deg => Ok(value),
        Unit::DeltaE if written == W::DeltaE => Ok(value),
        Unit::Lab if matches!(written, W::Lab | W::None) => Ok(value),
        Unit::Dpi if written == W::Dpi => Ok(value),
        Unit::Bytes => match written {
            W::Bytes | W::None => Ok(value),
            W::Kb => Ok(value * 1_000.0),
            W::Mb => Ok(value * 1_000_000.0),
            W::Kib => Ok(value * 1_024.0),
            W::Mib => Ok(value * 1_048_576.0),
            _ => Err(incompatible()),
        },
        Unit::Count | Unit::Score if written == W::None => Ok(value),
        Unit::Score if matches!(written, W::Ratio | W::Percent) => Ok(if written == W::Percent {
            value / 100.0
        } else {
            value
        }),
        _ => Err(incompatible()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_height_in_mm_becomes_ratio_of_print_height() {
        let lo = convert(
            32.0,
            WrittenUnit::Mm,
            Unit::Ratio,
            Some(Axis::Height),
            Some(45.0),
        );
        assert!((lo.unwrap_or_default() - 0.7111).abs() < 1e-3);
    }

    #[test]
    fn mm_against_degrees_is_incompatible() {
        let r = convert(5.0, WrittenUnit::Mm, Unit::Deg, None, None);
        assert!(matches!(r, Err(ConversionError::Incompatible { .. })));
    }

    #[test]
    fn mm_without_print_size_asks_for_it() {
        let r = convert(32.0, WrittenUnit::Mm, Unit::Ratio, Some(Axis::Height), None);
        assert!(matches!(r, Err(ConversionError::NeedsPrintSize { .. })));
    }

    #[test]
    fn megabytes_are_decimal() {
        assert_eq!(
            convert(1.0, WrittenUnit::Mb, Unit::Bytes, None, None),
            Ok(1_000_000.0)
        );
    }
}
