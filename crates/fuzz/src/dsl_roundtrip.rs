//! The profile language: any text is parsed; a text that parses is formatted, and formatting is
//! idempotent; a text that compiles gives, once formatted, a text that compiles to the same IR
//! (up to the file's hash and the line numbers of rules, which formatting may move).

use std::cell::RefCell;
use std::sync::Arc;

use photorules_dsl::{Compiler, SourceFile, fmt, parse};
use serde_json::Value;

/// What diagnostics call the input; not a `.rules` path, so it is never taken for a file.
const INPUT_NAME: &str = "<fuzz input>";

thread_local! {
    /// One compiler for every input: the shipped bases an input extends are compiled once.
    static COMPILER: RefCell<Compiler<'static>> = RefCell::new(Compiler::new(
        crate::catalogue(),
        jiff::civil::date(2026, 12, 5),
    ));
}

pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = Arc::new(SourceFile::new(INPUT_NAME.to_string(), text.to_string()));
    let parsed = parse(&file);
    let Some(ast) = parsed.clean() else {
        return;
    };
    let formatted = fmt::format(ast);
    let formatted_file = Arc::new(SourceFile::new(INPUT_NAME.to_string(), formatted.clone()));
    let reparsed = parse(&formatted_file);
    let Some(reparsed_ast) = reparsed.clean() else {
        panic!(
            "the formatted text does not parse: {:?}\n--- formatted ---\n{formatted}",
            reparsed.errors
        );
    };
    assert_eq!(
        fmt::format(reparsed_ast),
        formatted,
        "formatting is not idempotent"
    );
    let Some(original) = compile(&file) else {
        return;
    };
    let Some(again) = compile(&formatted_file) else {
        panic!("the profile compiles but its formatted text does not:\n{formatted}");
    };
    assert_eq!(
        comparable(&original),
        comparable(&again),
        "formatting changed the compiled profile:\n{formatted}"
    );
}

fn compile(file: &Arc<SourceFile>) -> Option<Value> {
    let root = crate::repository().join("rules");
    COMPILER.with_borrow_mut(|compiler| {
        let compiled = compiler.compile_source(file, &root);
        compiler.take_diagnostics();
        compiled.map(|profile| serde_json::to_value(&*profile).unwrap_or(Value::Null))
    })
}

/// The IR without what formatting may change: the file's hash, the lines rules start on.
fn comparable(ir: &Value) -> Value {
    let mut ir = ir.clone();
    if let Value::Object(map) = &mut ir {
        map.remove("files");
    }
    drop_origin_lines(&mut ir);
    ir
}

fn drop_origin_lines(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.contains_key("profile") && map.contains_key("file") {
                map.remove("line");
            }
            map.values_mut().for_each(drop_origin_lines);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_origin_lines),
        _ => {}
    }
}
