//! Checks of single values: ids, dates, jurisdictions, severities, statuses, units, numbers.

use std::sync::Arc;

use jiff::civil::Date;
use photorules_core::ir::{Severity, Status};
use photorules_core::suggest::closest;
use photorules_core::unit::WrittenUnit;

use crate::ast::{Quantity, Spanned};
use crate::err::{Code, Diagnostic, Diagnostics};
use crate::span::SourceFile;

/// The kinds of id the language has, each with its own shape.
#[derive(Debug, Clone, Copy)]
pub enum IdKind {
    Profile,
    Source,
    Format,
    Rule,
    Document,
}

impl IdKind {
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            IdKind::Profile => (
                "profile id",
                "lower-case letters, digits and `-`, in `/`-separated parts, e.g. `kz/driving-licence`",
            ),
            IdKind::Source => (
                "source id",
                "lower-case letters, digits and `-`, starting with a letter, e.g. `mfa-order-149`",
            ),
            IdKind::Format => (
                "format name",
                "lower-case letters, digits and `-`, starting with a letter, e.g. `print`",
            ),
            IdKind::Rule => (
                "rule id",
                "dot-separated parts of lower-case letters, digits, `_` and `-`, each starting with a letter, e.g. `geometry.head_height`",
            ),
            IdKind::Document => (
                "document kind",
                "lower-case letters, digits and `-`, starting with a letter, e.g. `driving-licence`",
            ),
        }
    }

    pub fn is_valid(self, id: &str) -> bool {
        let lower_digit_dash = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
        let starts_lower = |s: &str| s.starts_with(|c: char| c.is_ascii_lowercase());
        match self {
            IdKind::Profile => id
                .split('/')
                .all(|part| !part.is_empty() && part.chars().all(lower_digit_dash)),
            IdKind::Source | IdKind::Format | IdKind::Document => {
                starts_lower(id) && id.chars().all(lower_digit_dash)
            }
            IdKind::Rule => id.split('.').all(|part| {
                starts_lower(part) && part.chars().all(|c| lower_digit_dash(c) || c == '_')
            }),
        }
    }
}

/// Report `id` when it does not have the shape of its kind; true when it is fine.
pub fn check_id(
    id: &Spanned<String>,
    kind: IdKind,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> bool {
    if kind.is_valid(&id.value) {
        return true;
    }
    let (what, shape) = kind.describe();
    diags.push(
        Diagnostic::error(
            Code::BadId,
            file,
            id.span,
            format!("`{}` is not a valid {what}", id.value),
        )
        .label(format!("not a {what}"))
        .help(format!("a {what} is made of {shape}")),
    );
    false
}

/// A YYYY-MM-DD date that exists in the calendar.
pub fn date(
    value: &Spanned<String>,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Option<Date> {
    let text = value.value.as_str();
    let parts: Vec<&str> = text.split('-').collect();
    let shaped =
        matches!(parts.as_slice(), [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2);
    let parsed = if shaped {
        match (
            parts[0].parse::<i16>(),
            parts[1].parse::<i8>(),
            parts[2].parse::<i8>(),
        ) {
            (Ok(y), Ok(m), Ok(d)) => Date::new(y, m, d).ok(),
            _ => None,
        }
    } else {
        None
    };
    if parsed.is_none() {
        let (label, help) = if shaped {
            (
                "no such day",
                "check the month (01–12) and the day of the month",
            )
        } else {
            (
                "not YYYY-MM-DD",
                "dates are written YYYY-MM-DD, e.g. 2026-04-13",
            )
        };
        diags.push(
            Diagnostic::error(
                Code::BadDate,
                file,
                value.span,
                format!("`{text}` is not a date"),
            )
            .label(label)
            .help(help),
        );
    }
    parsed
}

/// Jurisdictions that are unions of states, with the ISO 3166-1 code reserved for them: the
/// Schengen visa is one document the member states share.
pub const UNION_JURISDICTIONS: [(&str, &str); 1] = [("EU", "European Union")];

/// An ISO 3166-1 alpha-2 code (upper case), a union's reserved code (`EU`) or `international`.
pub fn jurisdiction(
    value: &Spanned<String>,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> bool {
    let text = value.value.as_str();
    let is_code = text.len() == 2
        && text.chars().all(|c| c.is_ascii_uppercase())
        && isocountry::CountryCode::for_alpha2(text).is_ok();
    let is_union = UNION_JURISDICTIONS.iter().any(|(code, _)| *code == text);
    if text == "international" || is_code || is_union {
        return true;
    }
    let help = if isocountry::CountryCode::for_alpha2_caseless(text).is_ok() {
        format!(
            "did you mean `{}`? codes are written in upper case",
            text.to_ascii_uppercase()
        )
    } else if let Some(s) = closest(text, ["international"]) {
        format!("did you mean `{s}`?")
    } else {
        "write an ISO 3166-1 alpha-2 code such as `KZ`, `EU` for the European Union, or `international`".to_string()
    };
    diags.push(
        Diagnostic::error(
            Code::BadJurisdiction,
            file,
            value.span,
            format!("`{text}` is not an ISO 3166-1 alpha-2 country code nor `international`"),
        )
        .label("unknown jurisdiction")
        .help(help),
    );
    false
}

const SEVERITIES: [(&str, Severity); 3] = [
    ("reject", Severity::Reject),
    ("warn", Severity::Warn),
    ("advise", Severity::Advise),
];

pub fn severity(
    value: &Spanned<String>,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Option<Severity> {
    keyword(
        value,
        &SEVERITIES,
        Code::UnknownSeverity,
        "severity",
        file,
        diags,
    )
}

const STATUSES: [(&str, Status); 3] = [
    ("official", Status::Official),
    ("official-general", Status::OfficialGeneral),
    ("inferred", Status::Inferred),
];

pub fn status(
    value: &Spanned<String>,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Option<Status> {
    keyword(value, &STATUSES, Code::UnknownStatus, "status", file, diags)
}

/// One of a fixed set of words, with a suggestion when it is not.
pub fn keyword<T: Copy>(
    value: &Spanned<String>,
    choices: &[(&'static str, T)],
    code: Code,
    what: &str,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Option<T> {
    if let Some((_, v)) = choices.iter().find(|(word, _)| *word == value.value) {
        return Some(*v);
    }
    let words: Vec<&str> = choices.iter().map(|(w, _)| *w).collect();
    let help = match closest(&value.value, words.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("a {what} is one of: {}", words.join(", ")),
    };
    diags.push(
        Diagnostic::error(
            code,
            file,
            value.span,
            format!("unknown {what} `{}`", value.value),
        )
        .label(format!("not a {what}"))
        .help(help),
    );
    None
}

/// The unit a quantity is written in (`None` when no unit is written).
pub fn unit(
    quantity_unit: Option<&Spanned<String>>,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Option<WrittenUnit> {
    let Some(unit) = quantity_unit else {
        return Some(WrittenUnit::None);
    };
    if let Some(parsed) = WrittenUnit::parse(&unit.value) {
        return Some(parsed);
    }
    let suggestion = unit_synonym(&unit.value)
        .or_else(|| closest(&unit.value, WrittenUnit::TOKENS.iter().copied()));
    let help = match suggestion {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("units are: {}", WrittenUnit::TOKENS.join(", ")),
    };
    diags.push(
        Diagnostic::error(
            Code::UnknownUnit,
            file,
            unit.span,
            format!("unknown unit `{}`", unit.value),
        )
        .label("not a unit")
        .help(help),
    );
    None
}

/// The number of a quantity (the grammar guarantees its shape).
pub fn number(text: &Spanned<String>) -> f64 {
    text.value.parse().unwrap_or(f64::NAN)
}

/// A quantity's number and unit.
pub fn quantity(
    q: &Quantity,
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
) -> Option<(f64, WrittenUnit)> {
    let unit = unit(q.unit.as_ref(), file, diags)?;
    let value = number(&q.number);
    if !value.is_finite() {
        diags.push(too_large(&q.number, file));
        return None;
    }
    Some((value, unit))
}

/// A number too large to compute with (it reads as infinite).
pub fn too_large(text: &Spanned<String>, file: &Arc<SourceFile>) -> Diagnostic {
    Diagnostic::error(
        Code::BadValue,
        file,
        text.span,
        format!("`{}` is too large a number", text.value),
    )
    .label("not a finite number")
    .help("numbers must be below 1.8 × 10^308, and a length must stay finite in millimetres")
}

/// The unit symbol for a unit spelt out in words (`degrees` → `deg`).
fn unit_synonym(word: &str) -> Option<&'static str> {
    Some(match word.to_lowercase().as_str() {
        "degree" | "degrees" => "deg",
        "pixel" | "pixels" => "px",
        "percent" | "pct" => "%",
        "millimetre" | "millimetres" | "millimeter" | "millimeters" => "mm",
        "centimetre" | "centimetres" | "centimeter" | "centimeters" => "cm",
        "inch" | "inches" => "in",
        "byte" | "bytes" => "B",
        "kb" | "kilobyte" | "kilobytes" => "KB",
        "mb" | "megabyte" | "megabytes" => "MB",
        "de" | "deltae" | "delta_e" => "ΔE",
        _ => return None,
    })
}
