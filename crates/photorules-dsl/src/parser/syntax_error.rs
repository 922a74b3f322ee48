//! pest errors → diagnostics, and recovery: after a syntax error every block is parsed on its
//! own so that a file with three broken blocks reports three errors, not one.

use std::collections::BTreeSet;
use std::sync::Arc;

use pest::Parser as _;
use pest::error::{Error, ErrorVariant, InputLocation};

use super::{Grammar, Rule};
use crate::err::{Code, Diagnostic};
use crate::span::{SourceFile, Span};

/// Errors for a file that failed to parse: one per broken block where the blocks can be told
/// apart, else the single error pest gave.
pub fn recover(file: &Arc<SourceFile>, whole: Error<Rule>) -> Vec<Diagnostic> {
    let text: &str = &file.text;
    let mut errors = Vec::new();
    for (start, end) in block_chunks(text) {
        let Some(chunk) = text.get(start..end) else {
            continue;
        };
        if let Err(error) = Grammar::parse(Rule::file, chunk) {
            errors.push(diagnostic(file, &error, chunk, start));
        }
    }
    if errors.is_empty() {
        errors.push(diagnostic(file, &whole, text, 0));
    }
    errors
}

pub fn empty_tree(file: &Arc<SourceFile>) -> Diagnostic {
    Diagnostic::error(
        Code::Syntax,
        file,
        Span::new(0, 0),
        "the file could not be read",
    )
}

/// Byte ranges that each start at a line beginning with a letter in column 1: where blocks
/// start in any file written in the canonical layout.
fn block_chunks(text: &str) -> Vec<(usize, usize)> {
    let mut starts = vec![0];
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if offset > 0 && line.starts_with(|c: char| c.is_ascii_alphabetic()) {
            starts.push(offset);
        }
        offset += line.len();
    }
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    starts.iter().copied().zip(ends).collect()
}

/// One pest error as a diagnostic; `offset` is where `input` starts in the file.
fn diagnostic(
    file: &Arc<SourceFile>,
    error: &Error<Rule>,
    input: &str,
    offset: usize,
) -> Diagnostic {
    let (start, end) = match error.location {
        InputLocation::Pos(p) => (p, p),
        InputLocation::Span((s, e)) => (s, e),
    };
    let found = found_at(input, start);
    let end = end.max(start + found.as_ref().map_or(0, |f| f.len()));
    let span = Span::new(start, end).shifted(offset);
    let expected = expected(error);
    let found_text = match &found {
        Some(token) => format!("`{token}`"),
        None => "the end of the file".to_string(),
    };
    let message = if expected.is_empty() {
        format!("unexpected {found_text}")
    } else {
        format!("expected {}, found {found_text}", join_or(&expected))
    };
    let mut diagnostic = Diagnostic::error(Code::Syntax, file, span, message);
    if let Some(help) = hint(&expected, found.as_deref()) {
        diagnostic = diagnostic.help(help);
    }
    diagnostic.label(if expected.is_empty() {
        "not expected here".to_string()
    } else {
        format!("expected {}", join_or(&expected))
    })
}

/// The token at `pos`: a quoted string, a word, or one other character.
fn found_at(input: &str, pos: usize) -> Option<String> {
    let rest = input.get(pos..)?;
    let first = rest.chars().next()?;
    if first == '"' {
        let line = rest.split('\n').next().unwrap_or(rest);
        return Some(line.chars().take(40).collect());
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        .take(40)
        .collect();
    Some(if word.is_empty() {
        first.to_string()
    } else {
        word
    })
}

/// What the parser expected, in words, sorted and without repeats.
fn expected(error: &Error<Rule>) -> Vec<String> {
    let mut out = BTreeSet::new();
    if let ErrorVariant::ParsingError { positives, .. } = &error.variant {
        out.extend(positives.iter().filter_map(|r| describe(*r)));
    }
    if let Some(attempts) = error.parse_attempts() {
        for token in attempts.expected_tokens() {
            let token = token.to_string();
            if PUNCTUATION.contains(&token.as_str()) {
                out.insert(format!("`{token}`"));
            }
        }
    }
    out.into_iter().collect()
}

/// Literal tokens worth naming in "expected …" (keywords are named through their rules).
const PUNCTUATION: &[&str] = &["{", "}", "(", ")", "[", "]", ",", "..", "x"];

fn describe(rule: Rule) -> Option<String> {
    let text = match rule {
        Rule::EOI => "the end of the file",
        Rule::block | Rule::head | Rule::block_kw | Rule::unknown_kw => "a block",
        Rule::plugin_block | Rule::plugin_head | Rule::plugin_kw => "a block",
        Rule::param | Rule::param_key => "a parameter name",
        Rule::param_value | Rule::bool_word => "a value",
        Rule::override_kw | Rule::remove_kw => "a block",
        Rule::target_kw => "`rule` or `manual`",
        Rule::name => "a name",
        Rule::entry
        | Rule::string_key
        | Rule::word_key
        | Rule::date_key
        | Rule::expr_key
        | Rule::dims_key
        | Rule::quantity_key
        | Rule::list_key
        | Rule::unknown_key
        | Rule::unknown_entry => "a key",
        Rule::string | Rule::string_inner => "a quoted string",
        Rule::date => "a date (YYYY-MM-DD)",
        Rule::expr
        | Rule::all_expr
        | Rule::any_expr
        | Rule::not_expr
        | Rule::paren_expr
        | Rule::all_kw
        | Rule::any_kw
        | Rule::not_kw => "a requirement",
        Rule::metric => "a metric name",
        Rule::cmp_op => "a comparison (`<`, `<=`, `>`, `>=`, `==`, `!=`)",
        Rule::in_kw => "`in`",
        Rule::is_kw => "`is`",
        Rule::number | Rule::quantity | Rule::dims => "a number",
        Rule::unit => "a unit",
        _ => return None,
    };
    Some(text.to_string())
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// A hint for the mistakes people make most.
fn hint(expected: &[String], found: Option<&str>) -> Option<String> {
    let expects = |what: &str| expected.iter().any(|e| e == what);
    match found {
        None if expects("`}`") => Some("a block is not closed: add `}`".to_string()),
        Some(f) if expects("a quoted string") && !f.starts_with('"') => {
            Some("text values are written in double quotes: \"…\"".to_string())
        }
        Some(f) if f.starts_with('"') && !f[1..].contains('"') => {
            Some("a string must be closed on the line it starts: add `\"`".to_string())
        }
        Some(_) if expects("a date (YYYY-MM-DD)") => {
            Some("dates are written YYYY-MM-DD, e.g. 2026-04-13".to_string())
        }
        _ => None,
    }
}
