//! Reports for people: a terminal checklist and a self-contained HTML page.

pub mod html;
pub mod text;

use crate::report::Verdict;

/// The checklist mark of a verdict: ✓ pass, ✗ fail, ? unknown, ☐ to confirm.
pub fn mark(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "✓",
        Verdict::Fail => "✗",
        Verdict::Unknown => "?",
        Verdict::Manual => "☐",
    }
}
