//! The photorules profile language: a pest grammar ([`parser`]), the syntax tree ([`ast`]),
//! diagnostics ([`err`]), the compiler to the IR ([`compile`]), the canonical formatter
//! ([`fmt`]) and the structural diff of two versions of a profile ([`diff`]).
//!
//! The language is described in `docs/dsl.md`.

pub mod ast;
pub mod compile;
pub mod diff;
pub mod err;
pub mod fmt;
pub mod parser;
pub mod schema;
pub mod span;
pub mod summary;

pub use compile::Compiler;
pub use err::{Code, Diagnostic, Diagnostics, ErrorFormat, Level};
pub use parser::{Parsed, parse};
pub use span::{SourceFile, Span};

/// Today's date (UTC), what verification dates are judged against outside tests.
pub fn today() -> jiff::civil::Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}
