//! Comments: collected from the parse tree, then attached to the nearest node so that the
//! formatter can print them back where they were.
//!
//! A comment inside a list of items (blocks of the file, entries of a block, items of an
//! `all`/`any`) goes to the item it stands before, or — when it is on the same line as the end
//! of the previous item — becomes that item's trailing comment; after the last item it is kept
//! as an end comment of the list. A comment inside an item but outside any nested list (say
//! between `require` and its value) is moved before that item.

use pest::iterators::Pair;

use super::Rule;
use crate::ast::{Block, Comments, Entry, Expr, ExprKind, ProfileAst, Value};
use crate::span::Span;

/// A comment's place and text (`#` included, line break excluded).
#[derive(Debug, Clone)]
pub struct Found {
    pub span: Span,
    pub text: String,
}

pub fn collect(file: Pair<'_, Rule>) -> Vec<Found> {
    file.into_inner()
        .flatten()
        .filter(|p| p.as_rule() == Rule::COMMENT)
        .map(|p| Found {
            span: p.as_span().into(),
            text: p.as_str().trim_end().to_string(),
        })
        .collect()
}

pub fn attach(ast: &mut ProfileAst, found: &[Found], text: &str) {
    for comment in found {
        attach_in_list(&mut ast.blocks, &mut ast.end_comments, comment, text);
    }
}

/// Something comments can be attached to.
trait Host {
    fn span(&self) -> Span;
    fn comments(&mut self) -> &mut Comments;
    /// Attach the comment inside a nested list, if one holds it.
    fn attach_nested(&mut self, comment: &Found, text: &str) -> bool;
}

fn attach_in_list<T: Host>(items: &mut [T], end: &mut Vec<String>, c: &Found, text: &str) {
    if let Some(item) = items.iter_mut().find(|i| i.span().contains(c.span.start)) {
        if !item.attach_nested(c, text) {
            item.comments().leading.push(c.text.clone());
        }
        return;
    }
    if let Some(prev) = items
        .iter_mut()
        .rev()
        .find(|i| i.span().end <= c.span.start)
    {
        let between = text.get(prev.span().end..c.span.start).unwrap_or("\n");
        if !between.contains('\n') && prev.comments().trailing.is_none() {
            prev.comments().trailing = Some(c.text.clone());
            return;
        }
    }
    match items.iter_mut().find(|i| i.span().start >= c.span.end) {
        Some(next) => next.comments().leading.push(c.text.clone()),
        None => end.push(c.text.clone()),
    }
}

impl Host for Block {
    fn span(&self) -> Span {
        self.span
    }
    fn comments(&mut self) -> &mut Comments {
        &mut self.comments
    }
    fn attach_nested(&mut self, c: &Found, text: &str) -> bool {
        if !self.body_span().contains(c.span.start) {
            return false;
        }
        attach_in_list(&mut self.entries, &mut self.end_comments, c, text);
        true
    }
}

impl Host for Entry {
    fn span(&self) -> Span {
        self.span
    }
    fn comments(&mut self) -> &mut Comments {
        &mut self.comments
    }
    fn attach_nested(&mut self, c: &Found, text: &str) -> bool {
        match &mut self.value {
            Value::Expr(expr) => expr.attach_nested(c, text),
            _ => false,
        }
    }
}

impl Host for Expr {
    fn span(&self) -> Span {
        self.span
    }
    fn comments(&mut self) -> &mut Comments {
        &mut self.comments
    }
    fn attach_nested(&mut self, c: &Found, text: &str) -> bool {
        match &mut self.kind {
            ExprKind::All(list) | ExprKind::Any(list) if list.span.contains(c.span.start) => {
                attach_in_list(&mut list.items, &mut list.end_comments, c, text);
                true
            }
            ExprKind::Not(inner) | ExprKind::Paren(inner) if inner.span.contains(c.span.start) => {
                inner.attach_nested(c, text)
            }
            _ => false,
        }
    }
}
