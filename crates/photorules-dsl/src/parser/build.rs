//! pest's parse tree → [`ast`](crate::ast). The grammar guarantees the shape of the tree; where
//! a piece is nevertheless missing the builder records an error instead of panicking.

use std::sync::Arc;

use pest::iterators::Pair;
use photorules_core::ir::CmpOp;

use super::Rule;
use crate::ast::{
    Block, BlockKind, Comments, Dims, Entry, Expr, ExprKind, ExprList, ProfileAst, Quantity,
    Spanned, Target, Value,
};
use crate::err::{Code, Diagnostic};
use crate::span::{SourceFile, Span};

/// Requirements nest at most this deep; deeper input is refused so that every later pass
/// (checker, formatter, engine) may recurse without risk to the stack.
pub const MAX_NESTING: usize = 32;

pub struct Builder<'f> {
    file: &'f Arc<SourceFile>,
    errors: Vec<Diagnostic>,
}

/// The children of a pair, comments left out (they are attached separately).
fn children(pair: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    pair.into_inner().filter(|p| p.as_rule() != Rule::COMMENT)
}

/// The span of a pair without the whitespace and comments pest's implicit skipping may have
/// taken after its last token (a list or a unit-less number followed by a comment): that
/// comment belongs to what follows, not to this node.
fn content_span(pair: &Pair<'_, Rule>) -> Span {
    let span = pair.as_span();
    let (start, text) = (span.start(), span.as_str());
    // After the last token (a leaf: inner pairs may have taken the skip too), walk past whitespace and comments; a character that is neither
    // (a closing `}` or `)` without a pair of its own) is content, and moves the end past it.
    let last_token = pair
        .clone()
        .into_inner()
        .flatten()
        .filter(|p| p.as_rule() != Rule::COMMENT && p.clone().into_inner().next().is_none())
        .map(|p| p.as_span().end() - start)
        .max()
        .unwrap_or(0);
    let mut end = last_token;
    let mut chars = text
        .get(last_token..)
        .unwrap_or("")
        .char_indices()
        .peekable();
    while let Some((i, c)) = chars.next() {
        if c == '#' {
            while chars.next_if(|&(_, c)| c != '\n').is_some() {}
        } else if !c.is_whitespace() {
            end = last_token + i + c.len_utf8();
        }
    }
    Span {
        start,
        end: start + end,
    }
}

fn spanned(pair: &Pair<'_, Rule>) -> Spanned<String> {
    Spanned::new(pair.as_str().to_string(), pair.as_span().into())
}

impl<'f> Builder<'f> {
    pub fn new(file: &'f Arc<SourceFile>) -> Builder<'f> {
        Builder {
            file,
            errors: Vec::new(),
        }
    }

    pub fn into_errors(self) -> Vec<Diagnostic> {
        self.errors
    }

    fn malformed(&mut self, span: Span, what: &str) {
        self.errors.push(
            Diagnostic::error(
                Code::Syntax,
                self.file,
                span,
                format!("cannot read {what} here"),
            )
            .help("this is a bug in photorules' parser; please report it with this file"),
        );
    }

    pub fn file(&mut self, pair: Pair<'_, Rule>) -> ProfileAst {
        let blocks = children(pair)
            .filter(|p| matches!(p.as_rule(), Rule::block | Rule::plugin_block))
            .filter_map(|p| self.block(p))
            .collect();
        ProfileAst {
            blocks,
            end_comments: Vec::new(),
        }
    }

    fn block(&mut self, pair: Pair<'_, Rule>) -> Option<Block> {
        let span: Span = pair.as_span().into();
        let mut parts = children(pair);
        let (Some(head), Some(name)) = (parts.next(), parts.next()) else {
            self.malformed(span, "a block");
            return None;
        };
        let kind = Spanned::new(self.head(head.clone()), head.as_span().into());
        let entries = parts
            .filter_map(|p| match p.as_rule() {
                Rule::param => self.param(p),
                _ => self.entry(p),
            })
            .collect();
        Some(Block {
            kind,
            name: spanned(&name),
            entries,
            end_comments: Vec::new(),
            comments: Comments::default(),
            span,
        })
    }

    fn head(&mut self, pair: Pair<'_, Rule>) -> BlockKind {
        let words: Vec<Pair<'_, Rule>> = children(pair).collect();
        let target = |p: Option<&Pair<'_, Rule>>| match p.map(|p| p.as_str()) {
            Some("manual") => Target::Manual,
            _ => Target::Rule,
        };
        let plugin = words.iter().any(|p| p.as_rule() == Rule::plugin_kw);
        match words.first().map(|p| (p.as_rule(), p.as_str())) {
            Some((Rule::override_kw, _)) if plugin => BlockKind::OverridePlugin,
            Some((Rule::plugin_kw, _)) => BlockKind::Plugin,
            Some((Rule::override_kw, _)) => BlockKind::Override(target(words.get(1))),
            Some((Rule::remove_kw, _)) => BlockKind::Remove(target(words.get(1))),
            Some((Rule::block_kw, "profile")) => BlockKind::Profile,
            Some((Rule::block_kw, "source")) => BlockKind::Source,
            Some((Rule::block_kw, "format")) => BlockKind::Format,
            Some((Rule::block_kw, "rule")) => BlockKind::Rule,
            Some((Rule::block_kw, "manual")) => BlockKind::Manual,
            Some((_, word)) => BlockKind::Unknown(word.to_string()),
            None => BlockKind::Unknown(String::new()),
        }
    }

    fn entry(&mut self, pair: Pair<'_, Rule>) -> Option<Entry> {
        let span = content_span(&pair);
        let Some(inner) = children(pair).next() else {
            self.malformed(span, "an entry");
            return None;
        };
        let rule = inner.as_rule();
        let mut parts: Vec<Pair<'_, Rule>> = children(inner).collect();
        if parts.is_empty() {
            self.malformed(span, "an entry");
            return None;
        }
        let key = spanned(&parts.remove(0));
        let first = parts.first().cloned();
        let errors_before = self.errors.len();
        let value = match (rule, first) {
            (Rule::string_entry, Some(p)) => Value::Text(self.string(p)),
            (Rule::word_entry, Some(p)) => Value::Word(spanned(&p)),
            (Rule::date_entry, Some(p)) => Value::Date(spanned(&p)),
            (Rule::expr_entry, Some(p)) => match self.expr(p, 0) {
                Some(expr) => Value::Expr(expr),
                None => {
                    if self.errors.len() == errors_before {
                        self.malformed(span, "a requirement");
                    }
                    return None;
                }
            },
            (Rule::dims_entry, Some(p)) => Value::Dims(self.dims(p)?),
            (Rule::quantity_entry, Some(p)) => Value::Quantity(self.quantity(p)?),
            (Rule::list_entry, Some(_)) => Value::List(parts.iter().map(spanned).collect()),
            (Rule::unknown_entry, Some(p)) => {
                let raw = trim_layout(p.as_str());
                let start = p.as_span().start();
                Value::Raw(Spanned::new(
                    raw.to_string(),
                    Span::new(start, start + raw.len()),
                ))
            }
            _ => {
                self.malformed(span, "an entry");
                return None;
            }
        };
        Some(Entry {
            key,
            value,
            comments: Comments::default(),
            span,
        })
    }

    /// One `key value` line of a `plugin` block: a number (without unit), `true`/`false`, a
    /// string, or raw text the checker reports.
    fn param(&mut self, pair: Pair<'_, Rule>) -> Option<Entry> {
        let span = content_span(&pair);
        let mut parts = children(pair);
        let (Some(key), Some(value)) = (parts.next(), parts.next()) else {
            self.malformed(span, "a plugin parameter");
            return None;
        };
        let Some(value) = children(value).next() else {
            self.malformed(span, "a plugin parameter");
            return None;
        };
        let value = match value.as_rule() {
            Rule::string => Value::Text(self.string(value)),
            Rule::number => Value::Quantity(Quantity {
                number: spanned(&value),
                unit: None,
                span: value.as_span().into(),
            }),
            Rule::bool_word => Value::Word(spanned(&value)),
            _ => {
                let raw = trim_layout(value.as_str());
                let start = value.as_span().start();
                Value::Raw(Spanned::new(
                    raw.to_string(),
                    Span::new(start, start + raw.len()),
                ))
            }
        };
        Some(Entry {
            key: spanned(&key),
            value,
            comments: Comments::default(),
            span,
        })
    }

    /// A quoted string with its escapes resolved; unknown escapes are errors.
    fn string(&mut self, pair: Pair<'_, Rule>) -> Spanned<String> {
        let span: Span = pair.as_span().into();
        let raw = pair.as_str();
        let inner = raw
            .strip_prefix('"')
            .and_then(|s| s.strip_suffix('"'))
            .unwrap_or(raw);
        let mut out = String::with_capacity(inner.len());
        let mut chars = inner.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'n')) => out.push('\n'),
                other => {
                    // +1 for the opening quote.
                    let start = span.start + 1 + i;
                    let end = other.map_or(start + 1, |(j, c)| span.start + 1 + j + c.len_utf8());
                    let shown = other.map(|(_, c)| c.to_string()).unwrap_or_default();
                    self.errors.push(
                        Diagnostic::error(
                            Code::BadEscape,
                            self.file,
                            Span::new(start, end),
                            format!("unknown escape `\\{shown}` in a string"),
                        )
                        .label("not an escape")
                        .help(r#"strings know `\"`, `\\` and `\n`; write `\\` for a backslash"#),
                    );
                    out.push('\\');
                    out.push_str(&shown);
                }
            }
        }
        Spanned::new(out, span)
    }

    fn quantity(&mut self, pair: Pair<'_, Rule>) -> Option<Quantity> {
        let span = content_span(&pair);
        let mut parts = children(pair);
        let Some(number) = parts.next() else {
            self.malformed(span, "a number");
            return None;
        };
        Some(Quantity {
            number: spanned(&number),
            unit: parts.next().map(|u| spanned(&u)),
            span,
        })
    }

    fn dims(&mut self, pair: Pair<'_, Rule>) -> Option<Dims> {
        let span = content_span(&pair);
        let mut parts = children(pair);
        let (Some(width), Some(height)) = (parts.next(), parts.next()) else {
            self.malformed(span, "a size");
            return None;
        };
        Some(Dims {
            width: spanned(&width),
            height: spanned(&height),
            unit: parts.next().map(|u| spanned(&u)),
            span,
        })
    }

    fn expr(&mut self, pair: Pair<'_, Rule>, depth: usize) -> Option<Expr> {
        let span = content_span(&pair);
        if depth > MAX_NESTING {
            self.errors.push(
                Diagnostic::error(
                    Code::Syntax,
                    self.file,
                    span,
                    format!("requirement nested deeper than {MAX_NESTING} levels"),
                )
                .help("split the requirement into several rules"),
            );
            return None;
        }
        let Some(inner) = children(pair).next() else {
            self.malformed(span, "a requirement");
            return None;
        };
        let rule = inner.as_rule();
        let parts: Vec<Pair<'_, Rule>> = children(inner).collect();
        let kind = match rule {
            Rule::all_expr | Rule::any_expr => {
                let keyword_end = parts.first().map_or(span.start, |k| k.as_span().end());
                let mut items = Vec::new();
                for p in parts.into_iter().skip(1) {
                    items.push(self.expr(p, depth + 1)?);
                }
                let list = ExprList {
                    items,
                    end_comments: Vec::new(),
                    span: Span::new(keyword_end, span.end),
                };
                if rule == Rule::all_expr {
                    ExprKind::All(list)
                } else {
                    ExprKind::Any(list)
                }
            }
            Rule::not_expr => {
                let inner = parts.into_iter().nth(1)?;
                ExprKind::Not(Box::new(self.expr(inner, depth + 1)?))
            }
            Rule::paren_expr => {
                let inner = parts.into_iter().next()?;
                ExprKind::Paren(Box::new(self.expr(inner, depth + 1)?))
            }
            Rule::between => {
                let [metric, _in, lo, hi] = <[Pair<'_, Rule>; 4]>::try_from(parts).ok()?;
                ExprKind::Between {
                    metric: spanned(&metric),
                    lo: self.quantity(lo)?,
                    hi: self.quantity(hi)?,
                }
            }
            Rule::one_of => {
                let mut parts = parts.into_iter();
                let metric = spanned(&parts.next()?);
                let values = parts.skip(1).map(|p| self.string(p)).collect();
                ExprKind::OneOf { metric, values }
            }
            Rule::is_expr => {
                let [metric, _is, value] = <[Pair<'_, Rule>; 3]>::try_from(parts).ok()?;
                ExprKind::Is {
                    metric: spanned(&metric),
                    value: spanned(&value),
                }
            }
            Rule::compare => {
                let [metric, op, value] = <[Pair<'_, Rule>; 3]>::try_from(parts).ok()?;
                let cmp = match op.as_str() {
                    "<" => CmpOp::Lt,
                    "<=" => CmpOp::Le,
                    ">" => CmpOp::Gt,
                    ">=" => CmpOp::Ge,
                    "==" => CmpOp::Eq,
                    _ => CmpOp::Ne,
                };
                ExprKind::Compare {
                    metric: spanned(&metric),
                    op: Spanned::new(cmp, op.as_span().into()),
                    value: self.quantity(value)?,
                }
            }
            _ => {
                self.malformed(span, "a requirement");
                return None;
            }
        };
        Some(Expr {
            kind,
            comments: Comments::default(),
            span,
        })
    }
}

/// `text` without the trailing blanks the grammar skips (spaces, tabs, carriage returns) and
/// nothing else: `str::trim_end` would also drop a vertical tab or form feed that the grammar
/// kept in the value, and the formatted value would then read differently (a raw value
/// `"…"\u{b}` would become a string literal).
fn trim_layout(text: &str) -> &str {
    text.trim_end_matches([' ', '\t', '\r'])
}
