//! `photorules explain REPORT.json [RULE]`: the chain from a verdict to the regulation.

use std::path::PathBuf;

use photorules::engine::explain::explain;

use crate::exit_code::Exit;
use crate::global::Global;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A JSON report written by `photorules check --format json`.
    report: PathBuf,
    /// Explain this rule only (default: every rule that fails or could not be checked).
    rule: Option<String>,
}

pub fn run(_global: &Global, args: Args) -> Exit {
    let report = match super::replay::read_report(&args.report) {
        Ok(report) => report,
        Err(message) => {
            eprintln!("error: `{}`: {message}", args.report.display());
            return Exit::Input;
        }
    };
    match explain(&report, args.rule.as_deref()) {
        Ok(text) => {
            print!("{text}");
            Exit::Success
        }
        Err(error) => {
            eprintln!("error: {error}");
            Exit::Usage
        }
    }
}
