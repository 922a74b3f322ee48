//! `photorules check --replay REPORT.json`: reproduce a decision from its record.

use std::path::Path;

use photorules::engine::replay::replay;
use photorules::engine::{PluginRecord, Report};

use crate::exit_code::Exit;
use crate::global::Global;
use crate::session::{self, PluginArgs};

/// A report to replay larger than this is refused before it is read (a report with every
/// metric of a photo is ~20 KB).
const MAX_REPORT_BYTES: u64 = 16 << 20;

pub fn run(global: &Global, report_path: &Path, plugins: &PluginArgs) -> Exit {
    let report = match read_report(report_path) {
        Ok(report) => report,
        Err(message) => {
            eprintln!("error: `{}`: {message}", report_path.display());
            return Exit::Input;
        }
    };
    let photorules = match session::open(global, plugins) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    let profile = match photorules.compile(&report.record.profile_id) {
        Ok(p) => p,
        Err(error) => return session::profile_failed(global, &error),
    };
    let loaded: Vec<PluginRecord> = photorules
        .plugins()
        .iter()
        .map(|p| PluginRecord {
            name: p.name().to_string(),
            version: p.manifest().version.to_string(),
            sha256: p.sha256().to_string(),
            failure: None,
        })
        .collect();
    match replay(&report, &profile, &loaded) {
        Err(refusal) => {
            eprintln!(
                "error: cannot replay `{}`: {refusal}",
                report_path.display()
            );
            Exit::ReplayMismatch
        }
        Ok(outcome) if outcome.differences.is_empty() => {
            println!(
                "reproduced: {} rules, decision {} ({} {})",
                outcome.rules_checked,
                report.decision.as_str(),
                report.record.profile_id,
                report.record.profile_version
            );
            Exit::Success
        }
        Ok(outcome) => {
            eprintln!(
                "not reproduced: {} difference(s)",
                outcome.differences.len()
            );
            for difference in &outcome.differences {
                eprintln!("  {difference}");
            }
            Exit::ReplayMismatch
        }
    }
}

/// Read a JSON report written by `photorules check --format json`.
pub fn read_report(path: &Path) -> Result<Report, String> {
    let text = photorules_core::file::read_text_limited(path, MAX_REPORT_BYTES)
        .map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| format!("not a photorules JSON report: {e}"))
}
