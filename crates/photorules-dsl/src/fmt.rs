//! The canonical layout of a profile: one block after another separated by a blank line, keys
//! indented by two spaces and their values aligned, `all`/`any` items one per line, comments
//! kept where they were. Formatting is idempotent and does not change the tree:
//! `parse(format(p)) == parse(p)` (spans aside).

use crate::ast::{
    Block, Comments, Dims, Entry, Expr, ExprKind, ExprList, ProfileAst, Quantity, Value,
};

const INDENT: &str = "  ";

/// The canonical text of a file.
pub fn format(ast: &ProfileAst) -> String {
    let mut out = String::new();
    for (i, block) in ast.blocks.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        format_block(&mut out, block);
    }
    if !ast.end_comments.is_empty() {
        if !ast.blocks.is_empty() {
            out.push('\n');
        }
        for comment in &ast.end_comments {
            out.push_str(comment);
            out.push('\n');
        }
    }
    out
}

fn format_block(out: &mut String, block: &Block) {
    leading(out, &block.comments, "");
    out.push_str(&block.kind.value.keyword());
    out.push(' ');
    out.push_str(&block.name.value);
    if block.entries.is_empty() && block.end_comments.is_empty() {
        out.push_str(" {}");
    } else {
        out.push_str(" {\n");
        let width = block
            .entries
            .iter()
            .map(|e| e.key.value.chars().count())
            .max()
            .unwrap_or(0);
        for entry in &block.entries {
            format_entry(out, entry, width);
        }
        for comment in &block.end_comments {
            out.push_str(INDENT);
            out.push_str(comment);
            out.push('\n');
        }
        out.push('}');
    }
    trailing(out, &block.comments);
}

fn format_entry(out: &mut String, entry: &Entry, width: usize) {
    leading(out, &entry.comments, INDENT);
    out.push_str(INDENT);
    let key = &entry.key.value;
    out.push_str(key);
    let value = value(&entry.value, 1);
    if !value.is_empty() {
        let pad = width.saturating_sub(key.chars().count()) + 1;
        out.extend(std::iter::repeat_n(' ', pad));
        out.push_str(&value);
    }
    trailing(out, &entry.comments);
}

fn leading(out: &mut String, comments: &Comments, indent: &str) {
    for comment in &comments.leading {
        out.push_str(indent);
        out.push_str(comment);
        out.push('\n');
    }
}

fn trailing(out: &mut String, comments: &Comments) {
    if let Some(comment) = &comments.trailing {
        out.push(' ');
        out.push_str(comment);
    }
    out.push('\n');
}

/// A value as text; `level` is the indentation level of the line it starts on.
fn value(value: &Value, level: usize) -> String {
    match value {
        Value::Text(s) => quote(&s.value),
        Value::Word(s) | Value::Date(s) | Value::Raw(s) => s.value.clone(),
        Value::Expr(e) => expr(e, level),
        Value::Dims(d) => dims(d),
        Value::Quantity(q) => quantity(q),
        Value::List(items) => items
            .iter()
            .map(|i| i.value.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A string literal with the escapes the grammar knows.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn quantity(q: &Quantity) -> String {
    match &q.unit {
        Some(unit) => format!("{} {}", q.number.value, unit.value),
        None => q.number.value.clone(),
    }
}

fn dims(d: &Dims) -> String {
    match &d.unit {
        Some(unit) => format!("{} x {} {}", d.width.value, d.height.value, unit.value),
        None => format!("{} x {}", d.width.value, d.height.value),
    }
}

fn expr(e: &Expr, level: usize) -> String {
    match &e.kind {
        ExprKind::Compare { metric, op, value } => {
            format!("{} {} {}", metric.value, op.value.symbol(), quantity(value))
        }
        ExprKind::Between { metric, lo, hi } => {
            format!("{} in {} .. {}", metric.value, quantity(lo), quantity(hi))
        }
        ExprKind::Is { metric, value } => format!("{} is {}", metric.value, value.value),
        ExprKind::OneOf { metric, values } => {
            let values: Vec<String> = values.iter().map(|v| quote(&v.value)).collect();
            format!("{} in [{}]", metric.value, values.join(", "))
        }
        ExprKind::All(list) => format!("all {}", expr_list(list, level)),
        ExprKind::Any(list) => format!("any {}", expr_list(list, level)),
        ExprKind::Not(inner) => format!("not {}", expr(inner, level)),
        ExprKind::Paren(inner) => format!("({})", expr(inner, level)),
    }
}

/// `{ … }` with one item per line, indented one level deeper than the line it starts on.
fn expr_list(list: &ExprList, level: usize) -> String {
    if list.items.is_empty() && list.end_comments.is_empty() {
        return "{}".to_string();
    }
    let inner = INDENT.repeat(level + 1);
    let mut out = String::from("{\n");
    for item in &list.items {
        leading(&mut out, &item.comments, &inner);
        out.push_str(&inner);
        out.push_str(&expr(item, level + 1));
        trailing(&mut out, &item.comments);
    }
    for comment in &list.end_comments {
        out.push_str(&inner);
        out.push_str(comment);
        out.push('\n');
    }
    out.push_str(&INDENT.repeat(level));
    out.push('}');
    out
}
