#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use super::parse;
use crate::ast::{BlockKind, ExprKind, Value};
use crate::err::Code;
use crate::span::SourceFile;

fn file(text: &str) -> Arc<SourceFile> {
    Arc::new(SourceFile::new("test.rules", text))
}

#[test]
fn reads_blocks_entries_and_expressions() {
    let f = file(
        r#"profile a {
  title "A"
}
rule geometry.x {
  require any {
    head.width_ratio >= 50 %
    pose.yaw_deg in -5 deg .. 5 deg
  }
  when glasses.present is true
}
"#,
    );
    let parsed = parse(&f);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let ast = parsed.ast.unwrap();
    assert_eq!(ast.blocks.len(), 2);
    assert_eq!(ast.blocks[1].kind.value, BlockKind::Rule);
    let Value::Expr(e) = &ast.blocks[1].entries[0].value else {
        panic!("not an expression")
    };
    let ExprKind::Any(list) = &e.kind else {
        panic!("not any")
    };
    assert_eq!(list.items.len(), 2);
    let ExprKind::Between { lo, hi, .. } = &list.items[1].kind else {
        panic!("not a range")
    };
    assert_eq!(lo.number.value, "-5");
    assert_eq!(hi.unit.as_ref().unwrap().value, "deg");
}

#[test]
fn a_unit_never_swallows_the_next_line() {
    let f = file("rule r {\n  require face.count == 1\n  source s\n}\n");
    let parsed = parse(&f);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let block = &parsed.ast.unwrap().blocks[0];
    assert_eq!(block.entries.len(), 2);
    assert_eq!(block.entries[1].key.value, "source");
}

#[test]
fn comments_are_attached_where_they_stand() {
    let f = file(
        "# head\nprofile a { # same line as the brace\n  title \"A\" # after title\n  # before version\n  version \"1\"\n  # at the end\n} # after block\n# file end\n",
    );
    let ast = parse(&f).ast.unwrap();
    let block = &ast.blocks[0];
    assert_eq!(block.comments.leading, vec!["# head"]);
    assert_eq!(block.comments.trailing.as_deref(), Some("# after block"));
    assert_eq!(
        block.entries[0].comments.leading,
        vec!["# same line as the brace"]
    );
    assert_eq!(
        block.entries[0].comments.trailing.as_deref(),
        Some("# after title")
    );
    assert_eq!(block.entries[1].comments.leading, vec!["# before version"]);
    assert_eq!(block.end_comments, vec!["# at the end"]);
    assert_eq!(ast.end_comments, vec!["# file end"]);
}

#[test]
fn a_hash_inside_a_string_is_not_a_comment() {
    let f = file("profile a {\n  title \"No # here\"\n}\n");
    let ast = parse(&f).ast.unwrap();
    assert!(ast.blocks[0].entries[0].comments.trailing.is_none());
    let Value::Text(t) = &ast.blocks[0].entries[0].value else {
        panic!("not text")
    };
    assert_eq!(t.value, "No # here");
}

#[test]
fn every_broken_block_reports_its_own_syntax_error() {
    let f = file(
        "profile a {\n  title A\n}\n\nrule b {\n  require x <\n}\n\nrule c {\n  title \"ok\"\n}\n",
    );
    let parsed = parse(&f);
    assert!(parsed.ast.is_none());
    assert_eq!(parsed.errors.len(), 2, "{:#?}", parsed.errors);
    assert!(parsed.errors.iter().all(|d| d.code == Code::Syntax));
}

#[test]
fn unknown_escapes_are_errors_with_the_place() {
    let f = file("profile a {\n  title \"a\\qb\"\n}\n");
    let parsed = parse(&f);
    assert_eq!(parsed.errors.len(), 1);
    assert_eq!(parsed.errors[0].code, Code::BadEscape);
    let (span, _) = parsed.errors[0].primary.clone().unwrap();
    assert_eq!(&f.text[span.start..span.end], "\\q");
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    let depth = 200;
    let text = format!(
        "rule r {{\n  require {}face.count == 1{}\n}}\n",
        "not ".repeat(depth),
        ""
    );
    let parsed = parse(&file(&text));
    assert!(
        parsed
            .errors
            .iter()
            .any(|d| d.message.contains("nested deeper"))
    );
}
