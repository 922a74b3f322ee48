//! The formatter's contract over a generated corpus: for any syntax tree, printing it and
//! reading the text back gives the same tree (spans aside), and printing is idempotent.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use photorules_core::ir::CmpOp;
use photorules_dsl::ast::{
    Block, BlockKind, Comments, Dims, Entry, Expr, ExprKind, ExprList, ProfileAst, Quantity,
    Spanned, Target, Value,
};
use photorules_dsl::fmt::format;
use photorules_dsl::span::Span;
use photorules_dsl::{SourceFile, parse};
use proptest::prelude::*;

fn sp<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Span::default())
}

fn comment() -> impl Strategy<Value = String> {
    "[^\n]{0,24}".prop_map(|s| format!("#{s}").trim_end().to_string())
}

fn comments() -> impl Strategy<Value = Comments> {
    (
        prop::collection::vec(comment(), 0..2),
        prop::option::of(comment()),
    )
        .prop_map(|(leading, trailing)| Comments { leading, trailing })
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..16).prop_map(|chars| chars.into_iter().collect())
}

fn word() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9_./-]{1,12}"
}

fn number() -> impl Strategy<Value = String> {
    "-?[0-9]{1,4}(\\.[0-9]{1,3})?"
}

fn unit() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(photorules_core::unit::WrittenUnit::TOKENS.to_vec())
            .prop_map(str::to_string),
        "[a-zA-Z]{1,6}",
    ]
}

fn quantity() -> impl Strategy<Value = Quantity> {
    (number(), prop::option::of(unit())).prop_map(|(n, u)| Quantity {
        number: sp(n),
        unit: u.map(sp),
        span: Span::default(),
    })
}

fn metric() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,6}(\\.[a-z][a-z0-9_]{0,6}){1,2}"
}

fn cmp() -> impl Strategy<Value = CmpOp> {
    prop::sample::select(vec![
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Gt,
        CmpOp::Ge,
        CmpOp::Eq,
        CmpOp::Ne,
    ])
}

fn expr_node(kind: ExprKind, comments: Comments) -> Expr {
    Expr {
        kind,
        comments,
        span: Span::default(),
    }
}

fn leaf() -> impl Strategy<Value = ExprKind> {
    prop_oneof![
        (metric(), cmp(), quantity()).prop_map(|(m, op, value)| ExprKind::Compare {
            metric: sp(m),
            op: sp(op),
            value
        }),
        (metric(), quantity(), quantity()).prop_map(|(m, lo, hi)| ExprKind::Between {
            metric: sp(m),
            lo,
            hi
        }),
        (metric(), word()).prop_map(|(m, v)| ExprKind::Is {
            metric: sp(m),
            value: sp(v)
        }),
        (metric(), prop::collection::vec(text(), 0..3)).prop_map(|(m, vs)| ExprKind::OneOf {
            metric: sp(m),
            values: vs.into_iter().map(sp).collect()
        }),
    ]
}

/// An expression; only items of `all`/`any` lists carry comments (where the parser puts them).
fn expr_kind() -> impl Strategy<Value = ExprKind> {
    leaf().prop_recursive(3, 16, 3, |inner| {
        let item = (inner.clone(), comments()).prop_map(|(k, c)| expr_node(k, c));
        let list = (
            prop::collection::vec(item, 0..3),
            prop::collection::vec(comment(), 0..2),
        )
            .prop_map(|(items, end_comments)| ExprList {
                items,
                end_comments,
                span: Span::default(),
            })
            .boxed();
        prop_oneof![
            list.clone().prop_map(ExprKind::All),
            list.prop_map(ExprKind::Any),
            inner
                .clone()
                .prop_map(|k| ExprKind::Not(Box::new(expr_node(k, Comments::default())))),
            inner.prop_map(|k| ExprKind::Paren(Box::new(expr_node(k, Comments::default())))),
        ]
    })
}

const STRING_KEYS: &[&str] = &[
    "title",
    "version",
    "authority",
    "url",
    "reference",
    "clause",
    "quote",
    "reason",
];
const WORD_KEYS: &[&str] = &[
    "jurisdiction",
    "document",
    "extends",
    "status",
    "severity",
    "colour",
    "source",
];
const ALL_KEYS: &[&str] = &[
    "title",
    "version",
    "authority",
    "url",
    "reference",
    "clause",
    "quote",
    "reason",
    "jurisdiction",
    "document",
    "extends",
    "status",
    "severity",
    "colour",
    "source",
    "effective",
    "verified",
    "require",
    "when",
    "size",
    "pixels",
    "min-pixels",
    "max-pixels",
    "dpi",
    "copies",
    "max-bytes",
    "file-types",
];

fn key_value() -> impl Strategy<Value = (String, Value)> {
    let pick = |keys: &'static [&'static str]| {
        prop::sample::select(keys.to_vec()).prop_map(str::to_string)
    };
    prop_oneof![
        (pick(STRING_KEYS), text()).prop_map(|(k, t)| (k, Value::Text(sp(t)))),
        (pick(WORD_KEYS), word()).prop_map(|(k, w)| (k, Value::Word(sp(w)))),
        (
            pick(&["effective", "verified"]),
            "[0-9]{1,4}(-[0-9]{1,2}){0,2}"
        )
            .prop_map(|(k, d)| (k, Value::Date(sp(d)))),
        (pick(&["require", "when"]), expr_kind())
            .prop_map(|(k, e)| (k, Value::Expr(expr_node(e, Comments::default())))),
        (
            pick(&["size", "pixels", "min-pixels", "max-pixels"]),
            number(),
            number(),
            prop::option::of(unit())
        )
            .prop_map(|(k, w, h, u)| (
                k,
                Value::Dims(Dims {
                    width: sp(w),
                    height: sp(h),
                    unit: u.map(sp),
                    span: Span::default()
                })
            )),
        (pick(&["dpi", "copies", "max-bytes"]), quantity())
            .prop_map(|(k, q)| (k, Value::Quantity(q))),
        prop::collection::vec(word(), 1..4).prop_map(|ws| (
            "file-types".to_string(),
            Value::List(ws.into_iter().map(sp).collect())
        )),
        (
            "[a-z][a-z_]{2,8}",
            "([a-zA-Z0-9.]{1,5}( [a-zA-Z0-9.]{1,5}){0,2})?"
        )
            .prop_filter("a key the language has", |(k, _)| !ALL_KEYS
                .iter()
                .any(|known| k.starts_with(known)))
            .prop_map(|(k, raw)| (k, Value::Raw(sp(raw)))),
    ]
}

fn entry() -> impl Strategy<Value = Entry> {
    (key_value(), comments()).prop_map(|((key, value), comments)| Entry {
        key: sp(key),
        value,
        comments,
        span: Span::default(),
    })
}

fn block_kind() -> impl Strategy<Value = BlockKind> {
    prop_oneof![
        Just(BlockKind::Profile),
        Just(BlockKind::Source),
        Just(BlockKind::Format),
        Just(BlockKind::Rule),
        Just(BlockKind::Manual),
        Just(BlockKind::Override(Target::Rule)),
        Just(BlockKind::Override(Target::Manual)),
        Just(BlockKind::Remove(Target::Rule)),
        "[a-z]{3,8}"
            .prop_filter("a block keyword", |w| {
                ![
                    "profile", "source", "format", "rule", "manual", "override", "remove", "plugin",
                ]
                .iter()
                .any(|k| w.starts_with(k))
            })
            .prop_map(BlockKind::Unknown),
    ]
}

/// A plugin parameter: a number without unit, `true`/`false`, a string, or raw text the checker
/// reports (a number with a unit, a bare word).
fn param() -> impl Strategy<Value = Entry> {
    let value = prop_oneof![
        number().prop_map(|n| Value::Quantity(Quantity {
            number: sp(n),
            unit: None,
            span: Span::default(),
        })),
        prop::sample::select(vec!["true", "false"]).prop_map(|w| Value::Word(sp(w.to_string()))),
        text().prop_map(|t| Value::Text(sp(t))),
        "([0-9]{1,3} [a-z]{1,4}|[a-z][a-z0-9_]{0,6})"
            .prop_filter("a value the grammar reads", |r| r != "true" && r != "false")
            .prop_map(|r| Value::Raw(sp(r))),
    ];
    ("[a-z][a-z0-9_]{0,10}", value, comments()).prop_map(|(key, value, comments)| Entry {
        key: sp(key),
        value,
        comments,
        span: Span::default(),
    })
}

fn plugin_block() -> impl Strategy<Value = Block> {
    block_of(
        prop_oneof![Just(BlockKind::Plugin), Just(BlockKind::OverridePlugin)],
        "[a-z][a-z0-9_]{0,12}",
        param(),
    )
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![3 => language_block(), 1 => plugin_block()]
}

fn language_block() -> impl Strategy<Value = Block> {
    block_of(block_kind(), "[a-z][a-z0-9_./-]{0,12}", entry())
}

/// A block of `kind` named after the pattern `name`, with up to four `entry`s and comments.
fn block_of(
    kind: impl Strategy<Value = BlockKind>,
    name: &'static str,
    entry: impl Strategy<Value = Entry>,
) -> impl Strategy<Value = Block> {
    (
        kind,
        name,
        prop::collection::vec(entry, 0..5),
        prop::collection::vec(comment(), 0..2),
        comments(),
    )
        .prop_map(|(kind, name, entries, end_comments, comments)| Block {
            kind: sp(kind),
            name: sp(name),
            entries,
            end_comments,
            comments,
            span: Span::default(),
        })
}

fn profile_ast() -> impl Strategy<Value = ProfileAst> {
    (
        prop::collection::vec(block(), 0..4),
        prop::collection::vec(comment(), 0..2),
    )
        .prop_map(|(blocks, end_comments)| ProfileAst {
            blocks,
            end_comments,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn printing_then_reading_gives_the_same_tree(ast in profile_ast()) {
        let text = format(&ast);
        let parsed = parse(&Arc::new(SourceFile::new("generated", text.as_str())));
        let Some(back) = parsed.clean() else {
            panic!("formatted text does not parse: {:?}\n{text}", parsed.errors);
        };
        prop_assert_eq!(serde_json::to_value(&ast).unwrap(), serde_json::to_value(back).unwrap(), "{}", text);
        prop_assert_eq!(format(back), text);
    }
}
