//! The syntax tree of one profile file, as written: every node keeps its span, and comments
//! are attached to the nodes they stand beside so that the formatter can put them back.
//!
//! The tree serialises without spans: two trees are "equal modulo spans" when their JSON is
//! equal, which is how the formatter's round trip is tested.

use photorules_core::ir::CmpOp;
use serde::Serialize;

use crate::span::Span;

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Spanned<T> {
    pub value: T,
    #[serde(skip)]
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

/// Comments standing before a node (each on its own line) and after it on its last line.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Comments {
    /// Full comment texts, `#` included.
    pub leading: Vec<String>,
    pub trailing: Option<String>,
}

/// A whole file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ProfileAst {
    pub blocks: Vec<Block>,
    /// Comments after the last block.
    pub end_comments: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    pub kind: Spanned<BlockKind>,
    pub name: Spanned<String>,
    pub entries: Vec<Entry>,
    /// Comments after the last entry, before the closing brace.
    pub end_comments: Vec<String>,
    pub comments: Comments,
    #[serde(skip)]
    pub span: Span,
}

impl Block {
    /// The part of the block after its name: where its entries live.
    pub fn body_span(&self) -> Span {
        Span::new(self.name.span.end, self.span.end)
    }

    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key.value == key)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    Rule,
    Manual,
}

impl Target {
    pub fn keyword(self) -> &'static str {
        match self {
            Target::Rule => "rule",
            Target::Manual => "manual",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    Profile,
    Source,
    Format,
    Rule,
    Manual,
    Override(Target),
    Remove(Target),
    /// `plugin NAME { … }`: parameters given to a plugin.
    Plugin,
    /// `override plugin NAME { … }`: parameters that replace, key by key, those a base gives.
    OverridePlugin,
    /// A word the language does not know in block position (kept to suggest the right one).
    Unknown(String),
}

impl BlockKind {
    /// The block's keyword(s) as written in canonical form.
    pub fn keyword(&self) -> String {
        match self {
            BlockKind::Profile => "profile".into(),
            BlockKind::Source => "source".into(),
            BlockKind::Format => "format".into(),
            BlockKind::Rule => "rule".into(),
            BlockKind::Manual => "manual".into(),
            BlockKind::Override(t) => format!("override {}", t.keyword()),
            BlockKind::Remove(t) => format!("remove {}", t.keyword()),
            BlockKind::Plugin => "plugin".into(),
            BlockKind::OverridePlugin => "override plugin".into(),
            BlockKind::Unknown(word) => word.clone(),
        }
    }
}

/// One `key value` line of a block.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub key: Spanned<String>,
    pub value: Value,
    pub comments: Comments,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Value {
    /// A quoted string, escapes resolved.
    Text(Spanned<String>),
    /// A bare word: an id or a keyword value (`reject`, `KZ`, `icao/base`); `true` or `false`
    /// in a `plugin` block.
    Word(Spanned<String>),
    /// A date token as written (checked to be YYYY-MM-DD later).
    Date(Spanned<String>),
    Expr(Expr),
    /// `W x H unit`.
    Dims(Dims),
    Quantity(Quantity),
    /// `a, b, c`.
    List(Vec<Spanned<String>>),
    /// The text after a key the language does not know, or a plugin parameter's value that is
    /// not a number, `true`/`false` or a string.
    Raw(Spanned<String>),
}

impl Value {
    pub fn span(&self) -> Span {
        match self {
            Value::Text(s) | Value::Word(s) | Value::Date(s) | Value::Raw(s) => s.span,
            Value::Expr(e) => e.span,
            Value::Dims(d) => d.span,
            Value::Quantity(q) => q.span,
            Value::List(items) => match (items.first(), items.last()) {
                (Some(first), Some(last)) => Span::new(first.span.start, last.span.end),
                _ => Span::default(),
            },
        }
    }
}

/// A number with an optional unit, both as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantity {
    pub number: Spanned<String>,
    pub unit: Option<Spanned<String>>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dims {
    pub width: Spanned<String>,
    pub height: Spanned<String>,
    pub unit: Option<Spanned<String>>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expr {
    pub kind: ExprKind,
    /// Used when the expression is an item of an `all`/`any` list.
    pub comments: Comments,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExprKind {
    Compare {
        metric: Spanned<String>,
        op: Spanned<CmpOp>,
        value: Quantity,
    },
    Between {
        metric: Spanned<String>,
        lo: Quantity,
        hi: Quantity,
    },
    Is {
        metric: Spanned<String>,
        value: Spanned<String>,
    },
    OneOf {
        metric: Spanned<String>,
        values: Vec<Spanned<String>>,
    },
    All(ExprList),
    Any(ExprList),
    Not(Box<Expr>),
    Paren(Box<Expr>),
}

/// The items of an `all { … }` or `any { … }`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExprList {
    pub items: Vec<Expr>,
    /// Comments after the last item, before the closing brace.
    pub end_comments: Vec<String>,
    /// From after the keyword to the closing brace.
    #[serde(skip)]
    pub span: Span,
}
