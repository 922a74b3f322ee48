//! A report given to `check --replay`, `explain` or `--verify`: any bytes are read as a JSON
//! report; one that reads is explained, rendered as text and HTML, replayed against a shipped
//! profile and verified against a key, each ending in an answer or an error; and it writes
//! back to the same JSON.

use std::sync::{Arc, OnceLock};

use photorules_core::ir::CompiledProfile;
use photorules_dsl::Compiler;
use photorules_engine::report::Report;
use photorules_engine::{explain, render, replay, signing};

fn profile() -> &'static Arc<CompiledProfile> {
    static PROFILE: OnceLock<Arc<CompiledProfile>> = OnceLock::new();
    PROFILE.get_or_init(|| {
        let mut compiler = Compiler::new(crate::catalogue(), jiff::civil::date(2026, 12, 5));
        compiler
            .compile_id(&crate::repository().join("rules"), "kz/passport-abroad")
            .unwrap_or_else(|| panic!("{:?}", compiler.diagnostics()))
    })
}

pub fn run(data: &[u8]) {
    let Ok(report) = serde_json::from_slice::<Report>(data) else {
        return;
    };
    let _ = explain::explain(&report, None);
    for rule in &report.rules {
        let _ = explain::explain(&report, Some(&rule.id));
    }
    let _ = render::text::render(&report);
    let _ = render::html::render(&report, None);
    let _ = replay::replay(&report, profile(), &[]);
    if let Ok(key) = signing::verifying_key(&"ab".repeat(32)) {
        let _ = signing::verify(&report, &key);
    }
    let written = serde_json::to_value(&report).unwrap_or_else(|e| panic!("{e}"));
    let read_back: Report = serde_json::from_value(written.clone())
        .unwrap_or_else(|e| panic!("a report does not read its own JSON back: {e}"));
    assert_eq!(
        serde_json::to_value(&read_back).unwrap_or_else(|e| panic!("{e}")),
        written,
        "a report changes when written and read back"
    );
}
