//! `photorules check --replay`: re-evaluate a report's decision from its record and confirm
//! every verdict, refusing when anything the decision rests on has changed.

use photorules_core::ir::CompiledProfile;

use crate::record::{PluginRecord, RunContext, metrics_sha256};
use crate::report::Report;

/// Why a report cannot be replayed.
#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("the report was made with profile `{recorded}`, not `{given}`")]
    OtherProfile { recorded: String, given: String },
    #[error(
        "rules file `{path}` ({profile}) has changed since the report: recorded SHA-256 {recorded}, now {now}"
    )]
    RulesFileChanged {
        profile: String,
        path: String,
        recorded: String,
        now: String,
    },
    #[error("the rules files differ from the report's: recorded {recorded:?}, now {now:?}")]
    RulesFilesDiffer {
        recorded: Vec<String>,
        now: Vec<String>,
    },
    #[error("plugin `{name}` has changed since the report: recorded SHA-256 {recorded}, now {now}")]
    PluginChanged {
        name: String,
        recorded: String,
        now: String,
    },
    #[error("plugin `{name}` that the report used is not loaded")]
    PluginMissing { name: String },
    #[error(
        "the report's metrics do not match its record (SHA-256 {recorded} recorded, {now} computed): the report was edited"
    )]
    MetricsTampered { recorded: String, now: String },
}

/// What the replay found.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayOutcome {
    pub rules_checked: usize,
    /// Every verdict or the decision that came out differently; empty when reproduced.
    pub differences: Vec<String>,
}

/// Replay `report` against the profile compiled now and the plugins loaded now.
pub fn replay(
    report: &Report,
    profile: &CompiledProfile,
    plugins: &[PluginRecord],
) -> Result<ReplayOutcome, ReplayError> {
    let record = &report.record;
    if record.profile_id != profile.id {
        return Err(ReplayError::OtherProfile {
            recorded: record.profile_id.clone(),
            given: profile.id.clone(),
        });
    }
    for recorded in &record.rules_files {
        match profile.files.iter().find(|f| f.profile == recorded.profile) {
            Some(now) if now.sha256 != recorded.sha256 => {
                return Err(ReplayError::RulesFileChanged {
                    profile: recorded.profile.clone(),
                    path: now.path.clone(),
                    recorded: recorded.sha256.clone(),
                    now: now.sha256.clone(),
                });
            }
            Some(_) => {}
            None => return Err(files_differ(report, profile)),
        }
    }
    if profile.files.len() != record.rules_files.len() {
        return Err(files_differ(report, profile));
    }
    for recorded in &record.plugins {
        match plugins.iter().find(|p| p.name == recorded.name) {
            None => {
                return Err(ReplayError::PluginMissing {
                    name: recorded.name.clone(),
                });
            }
            Some(now) if now.sha256 != recorded.sha256 => {
                return Err(ReplayError::PluginChanged {
                    name: recorded.name.clone(),
                    recorded: recorded.sha256.clone(),
                    now: now.sha256.clone(),
                });
            }
            Some(_) => {}
        }
    }
    let now = metrics_sha256(&report.metrics);
    if now != record.metrics_sha256 {
        return Err(ReplayError::MetricsTampered {
            recorded: record.metrics_sha256.clone(),
            now,
        });
    }

    let context = RunContext {
        image: Some(record.image.clone()),
        plugins: record.plugins.clone(),
        language: Some(report.language),
    };
    let again = crate::check(profile, &report.metrics, &context);
    let mut differences = Vec::new();
    if again.decision != report.decision {
        differences.push(format!(
            "decision: recorded {}, now {}",
            report.decision.as_str(),
            again.decision.as_str()
        ));
    }
    for recorded in &report.rules {
        match again.rules.iter().find(|r| r.id == recorded.id) {
            Some(now) if now.verdict != recorded.verdict => differences.push(format!(
                "rule `{}`: recorded {}, now {}",
                recorded.id,
                recorded.verdict.as_str(),
                now.verdict.as_str()
            )),
            Some(_) => {}
            None => differences.push(format!(
                "rule `{}` is no longer in the profile",
                recorded.id
            )),
        }
    }
    for now in &again.rules {
        if !report.rules.iter().any(|r| r.id == now.id) {
            differences.push(format!("rule `{}` is new in the profile", now.id));
        }
    }
    Ok(ReplayOutcome {
        rules_checked: report.rules.len(),
        differences,
    })
}

fn files_differ(report: &Report, profile: &CompiledProfile) -> ReplayError {
    let list = |files: &[photorules_core::ir::ProfileFile]| {
        files
            .iter()
            .map(|f| format!("{} {}", f.profile, f.sha256))
            .collect()
    };
    ReplayError::RulesFilesDiffer {
        recorded: list(&report.record.rules_files),
        now: list(&profile.files),
    }
}
