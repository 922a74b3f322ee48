//! Paper sizes a print sheet can be laid out on.

use serde::Serialize;

use crate::error::PrepareError;

/// A paper size in millimetres, portrait (width ≤ height).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Paper {
    /// The name as the user writes it.
    pub name: &'static str,
    pub width_mm: f64,
    pub height_mm: f64,
}

/// Every paper `--sheet` accepts.
pub const PAPERS: [Paper; 4] = [
    Paper {
        name: "10x15cm",
        width_mm: 100.0,
        height_mm: 150.0,
    },
    Paper {
        name: "A6",
        width_mm: 105.0,
        height_mm: 148.0,
    },
    Paper {
        name: "A4",
        width_mm: 210.0,
        height_mm: 297.0,
    },
    Paper {
        name: "4x6in",
        width_mm: 101.6,
        height_mm: 152.4,
    },
];

impl Paper {
    /// Parse a paper name, case-insensitively; `10x15`, `4x6` and `6x4in` are accepted too.
    pub fn parse(name: &str) -> Result<Paper, PrepareError> {
        let key = name.trim().to_ascii_lowercase().replace(['×', ' '], "x");
        let canonical = match key.as_str() {
            "10x15cm" | "10x15" | "15x10cm" | "100x150mm" => "10x15cm",
            "a6" => "A6",
            "a4" => "A4",
            "4x6in" | "4x6" | "6x4in" => "4x6in",
            _ => "",
        };
        PAPERS
            .iter()
            .find(|p| p.name == canonical)
            .copied()
            .ok_or_else(|| PrepareError::UnknownPaper {
                name: name.to_string(),
            })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn names_parse() {
        assert_eq!(Paper::parse("A6").unwrap().width_mm, 105.0);
        assert_eq!(Paper::parse("a4").unwrap().height_mm, 297.0);
        assert_eq!(Paper::parse("10x15cm").unwrap().height_mm, 150.0);
        assert_eq!(Paper::parse("4x6in").unwrap().width_mm, 101.6);
        assert!(Paper::parse("letter").is_err());
    }
}
