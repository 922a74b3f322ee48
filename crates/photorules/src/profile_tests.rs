//! Profile tests for policy editors (`photorules test`), as `opa test` or `cedar run-tests`:
//! a `NAME.tests.toml` beside a profile lists cases — metrics or a photo — with the decision
//! and verdicts they must give.
//!
//! ```toml
//! profile = "kz/driving-licence"
//!
//! [defaults.metrics]            # what every case starts from
//! "mouth.closed" = true
//! "head.chin_crown_ratio" = 0.75
//!
//! [[case]]
//! name = "open mouth is rejected"
//! metrics = { "mouth.closed" = false }
//! unset = ["head.chin_crown_ratio"]   # leave a metric unmeasured
//! expect = "reject"
//! verdicts = { "mouth.closed" = "fail" }
//! failing = ["mouth.closed"]          # exactly these rules fail, no others
//!
//! [[case]]
//! name = "the smiling portrait"
//! image = "../../spec-tests/photos/obama.jpg"   # relative to this file
//! expect = "reject"
//! ```
//!
//! A metric value is a number (in the metric's catalogue unit: ratios as fractions), `true` /
//! `false`, text, or `"absent: REASON"` for a metric that could not be measured.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use photorules_core::ir::CompiledProfile;
use photorules_core::{Catalogue, MetricKind, Metrics};
use photorules_engine::{Decision, Report, RunContext, Verdict};
use serde::Deserialize;

use crate::Photorules;

/// The file name ending that marks a profile test file.
pub const TEST_FILE_SUFFIX: &str = ".tests.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TestFile {
    profile: String,
    #[serde(default)]
    defaults: Defaults,
    #[serde(default, rename = "case")]
    cases: Vec<Case>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Defaults {
    #[serde(default)]
    metrics: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[serde(default)]
    metrics: BTreeMap<String, toml::Value>,
    #[serde(default)]
    unset: Vec<String>,
    image: Option<PathBuf>,
    /// The applicant's declared age for a photo case (`check --age`).
    age: Option<u32>,
    expect: Option<ExpectedDecision>,
    #[serde(default)]
    verdicts: BTreeMap<String, ExpectedVerdict>,
    /// When given: exactly these rules fail, no others.
    failing: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum ExpectedDecision {
    Accept,
    Reject,
    Undetermined,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum ExpectedVerdict {
    Pass,
    Fail,
    Unknown,
    Manual,
}

/// One case's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseOutcome {
    pub name: String,
    /// Every way the case did not hold; empty when it passed.
    pub failures: Vec<String>,
    /// The report the case produced (none when it could not be produced).
    pub report: Option<Report>,
}

/// A test file's outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct FileOutcome {
    pub path: PathBuf,
    pub profile: String,
    pub cases: Vec<CaseOutcome>,
}

/// A test file that could not be run at all.
#[derive(Debug, thiserror::Error)]
pub enum TestFileError {
    #[error("`{path}`: cannot read: {cause}")]
    Read { path: String, cause: String },
    #[error("`{path}`: {cause}")]
    Syntax { path: String, cause: String },
    #[error("`{path}`: profile `{profile}`: {cause}")]
    Profile {
        path: String,
        profile: String,
        cause: String,
    },
}

/// Every test file under `path` (a file is taken as it is).
pub fn find_test_files(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut found = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let p = entry.path();
            if p.is_dir() {
                pending.push(p);
            } else if p.to_string_lossy().ends_with(TEST_FILE_SUFFIX) {
                found.push(p);
            }
        }
    }
    found.sort();
    found
}

impl Photorules {
    /// Run the cases of one test file.
    pub fn run_test_file(&self, path: &Path) -> Result<FileOutcome, TestFileError> {
        let shown = path.display().to_string();
        let text =
            photorules_core::file::read_text_limited(path, photorules_dsl::compile::MAX_FILE_BYTES)
                .map_err(|e| TestFileError::Read {
                    path: shown.clone(),
                    cause: e.to_string(),
                })?;
        let file: TestFile = toml::from_str(&text).map_err(|e| TestFileError::Syntax {
            path: shown.clone(),
            cause: e.to_string(),
        })?;
        let profile = self
            .compile(&file.profile)
            .map_err(|e| TestFileError::Profile {
                path: shown.clone(),
                profile: file.profile.clone(),
                cause: e.to_string(),
            })?;
        let base = path.parent().unwrap_or(Path::new("."));
        let cases = file
            .cases
            .iter()
            .map(|case| self.run_case(&profile, &file.defaults, case, base))
            .collect();
        Ok(FileOutcome {
            path: path.to_path_buf(),
            profile: file.profile,
            cases,
        })
    }

    fn run_case(
        &self,
        profile: &CompiledProfile,
        defaults: &Defaults,
        case: &Case,
        base: &Path,
    ) -> CaseOutcome {
        let mut failures = Vec::new();
        let report = match self.case_report(profile, defaults, case, base) {
            Ok(report) => report,
            Err(message) => {
                return CaseOutcome {
                    name: case.name.clone(),
                    failures: vec![message],
                    report: None,
                };
            }
        };
        if let Some(expected) = case.expect {
            let got = report.decision;
            if decision_name(expected) != got.as_str() {
                let blamed: Vec<String> = report
                    .rules
                    .iter()
                    .filter(|r| matches!(r.verdict, Verdict::Fail | Verdict::Unknown))
                    .map(|r| format!("`{}` {} ({})", r.id, r.verdict.as_str(), r.message))
                    .collect();
                failures.push(format!(
                    "expected decision {}, got {}{}",
                    decision_name(expected),
                    got.as_str(),
                    if blamed.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", blamed.join("; "))
                    }
                ));
            }
        }
        for (rule, expected) in &case.verdicts {
            match report.rules.iter().find(|r| &r.id == rule) {
                None => failures.push(format!("profile `{}` has no rule `{rule}`", profile.id)),
                Some(result) if verdict_name(*expected) != result.verdict.as_str() => failures
                    .push(format!(
                        "rule `{rule}`: expected {}, got {} — {}",
                        verdict_name(*expected),
                        result.verdict.as_str(),
                        result.message
                    )),
                Some(_) => {}
            }
        }
        if let Some(expected) = &case.failing {
            let mut got: Vec<&str> = report
                .rules
                .iter()
                .filter(|r| r.verdict == Verdict::Fail)
                .map(|r| r.id.as_str())
                .collect();
            got.sort_unstable();
            let mut want: Vec<&str> = expected.iter().map(String::as_str).collect();
            want.sort_unstable();
            if got != want {
                failures.push(format!(
                    "expected exactly [{}] to fail, got [{}]",
                    want.join(", "),
                    got.join(", ")
                ));
            }
        }
        CaseOutcome {
            name: case.name.clone(),
            failures,
            report: Some(report),
        }
    }

    fn case_report(
        &self,
        profile: &CompiledProfile,
        defaults: &Defaults,
        case: &Case,
        base: &Path,
    ) -> Result<Report, String> {
        if let Some(image) = &case.image {
            let path = base.join(image);
            let bytes = crate::read_photo(&path)
                .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            let declared = crate::Declared {
                age_years: case.age,
            };
            let checked = self
                .check_bytes_declared(profile, &bytes, path.to_str(), None, declared)
                .map_err(|e| format!("`{}`: {e}", path.display()))?;
            return Ok(checked.report);
        }
        let mut metrics = Metrics::default();
        for (name, value) in defaults.metrics.iter().chain(&case.metrics) {
            set_metric(&self.catalogue, &mut metrics, name, value)?;
        }
        for name in &case.unset {
            metrics.values.remove(name);
        }
        Ok(photorules_engine::check(
            profile,
            &metrics,
            &RunContext::default(),
        ))
    }
}

fn set_metric(
    catalogue: &Catalogue,
    metrics: &mut Metrics,
    name: &str,
    value: &toml::Value,
) -> Result<(), String> {
    let Some(spec) = catalogue.get(name) else {
        let hint = catalogue
            .suggest(name)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        return Err(format!("unknown metric `{name}`{hint}"));
    };
    match (value, spec.kind) {
        (toml::Value::String(s), _) if s.starts_with("absent") => {
            let reason = s
                .trim_start_matches("absent")
                .trim_start_matches(':')
                .trim();
            metrics.absent(
                name,
                if reason.is_empty() {
                    "not measured in this test case"
                } else {
                    reason
                },
            );
        }
        (toml::Value::Float(f), MetricKind::Number { unit }) => metrics.number(name, *f, unit),
        (toml::Value::Integer(i), MetricKind::Number { unit }) => {
            metrics.number(name, *i as f64, unit)
        }
        (toml::Value::Boolean(b), MetricKind::Bool) => metrics.boolean(name, *b),
        (toml::Value::String(s), MetricKind::Text) => metrics.text(name, s.clone()),
        (other, kind) => {
            let wanted = match kind {
                MetricKind::Number { .. } => "a number",
                MetricKind::Bool => "true or false",
                MetricKind::Text => "text",
            };
            return Err(format!("metric `{name}` takes {wanted}, not `{other}`"));
        }
    }
    Ok(())
}

fn decision_name(d: ExpectedDecision) -> &'static str {
    match d {
        ExpectedDecision::Accept => Decision::Accept.as_str(),
        ExpectedDecision::Reject => Decision::Reject.as_str(),
        ExpectedDecision::Undetermined => Decision::Undetermined.as_str(),
    }
}

fn verdict_name(v: ExpectedVerdict) -> &'static str {
    match v {
        ExpectedVerdict::Pass => Verdict::Pass.as_str(),
        ExpectedVerdict::Fail => Verdict::Fail.as_str(),
        ExpectedVerdict::Unknown => Verdict::Unknown.as_str(),
        ExpectedVerdict::Manual => Verdict::Manual.as_str(),
    }
}
