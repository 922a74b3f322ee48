//! `NativePhotorules`: the library set up once, its calls with the GIL released.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use photorules::core::ir::CompiledProfile;
use photorules::engine::Language;
use photorules::exit::{self, Exit};
use photorules::prepare::sheet::Paper;
use photorules::prepare::{BackgroundPolicy, FileType, PrepareOptions};
use photorules::{Options, Photorules, ProfileError};
use photorules_dsl::err::render_human;
use photorules_dsl::summary::ProfileSummary;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use crate::errors::error;
use crate::photo::Photo;

/// Width diagnostics are wrapped at, as the CLI prints them.
const DIAGNOSTIC_WIDTH: usize = 100;

#[pyclass(module = "photorules._photorules", frozen)]
pub struct NativePhotorules {
    library: Photorules,
    /// Profiles compiled once per id: a batch checks thousands of photos against one.
    profiles: Mutex<HashMap<String, Arc<CompiledProfile>>>,
}

#[pymethods]
impl NativePhotorules {
    #[new]
    #[pyo3(signature = (rules_root, plugin_dirs))]
    fn new(py: Python<'_>, rules_root: PathBuf, plugin_dirs: Vec<PathBuf>) -> PyResult<Self> {
        let mut options = Options::new(rules_root);
        options.plugin_dirs = plugin_dirs;
        let library = py
            .detach(|| Photorules::new(options))
            .map_err(|e| error(exit::for_setup(&e), e.to_string()))?;
        Ok(NativePhotorules {
            library,
            profiles: Mutex::new(HashMap::new()),
        })
    }

    /// The rules root profiles are looked up under.
    #[getter]
    fn rules_root(&self) -> PathBuf {
        self.library.rules_root().to_path_buf()
    }

    /// Plugins that were found but refused, one message each.
    fn plugin_errors(&self) -> Vec<String> {
        self.library
            .plugin_errors()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// Loaded plugins: (name, version, SHA-256).
    fn plugins(&self) -> Vec<(String, String, String)> {
        self.library
            .plugins()
            .iter()
            .map(|p| {
                (
                    p.name().to_string(),
                    p.manifest().version.to_string(),
                    p.sha256().to_string(),
                )
            })
            .collect()
    }

    /// The report of `photo` against `profile`, as the JSON text `check --format json` prints.
    #[pyo3(signature = (photo, profile, lang=None, age=None))]
    fn check_json(
        &self,
        py: Python<'_>,
        photo: &Bound<'_, PyAny>,
        profile: &str,
        lang: Option<&str>,
        age: Option<u32>,
    ) -> PyResult<String> {
        let language = lang.map(parse_language).transpose()?;
        if let Some(age) = age
            && age > photorules::Declared::MAX_AGE_YEARS
        {
            return Err(error(
                Exit::Usage,
                format!(
                    "age {age}: give the applicant's age in whole years, 0–{}",
                    photorules::Declared::MAX_AGE_YEARS
                ),
            ));
        }
        let photo = Photo::from_python(photo)?;
        let compiled = self.compiled(profile)?;
        let report = py
            .detach(|| {
                self.library.check_bytes_declared(
                    &compiled,
                    &photo.bytes,
                    photo.name.as_deref(),
                    language,
                    photorules::Declared { age_years: age },
                )
            })
            .map_err(|e| error(Exit::Input, photo.message(e)))?;
        to_json(&report.report)
    }

    /// What `measure --format json` prints for one photo (without its `file`), as JSON text.
    fn measure_json(&self, py: Python<'_>, photo: &Bound<'_, PyAny>) -> PyResult<String> {
        let photo = Photo::from_python(photo)?;
        let measured = py
            .detach(|| self.library.measure_bytes(&photo.bytes))
            .map_err(|e| error(Exit::Input, photo.message(e)))?;
        to_json(&photorules::measure::report::FileOutcome::Measured {
            sha256: measured.sha256,
            image: measured.image_info,
            metrics: measured.metrics,
        })
    }

    /// Prepare a photo for `profile`: a dict with `outcome`, `photo` (bytes, or None when no
    /// usable file could be made), `file_type`, `report_json` and `sheet` (None, or a dict with
    /// `raster`, `pdf` and `summary_json`).
    #[pyo3(signature = (photo, profile, sheet=None, file_type="jpeg", format=None, background="auto", date=None, output_name=None, lang=None))]
    #[allow(clippy::too_many_arguments)]
    fn prepare<'py>(
        &self,
        py: Python<'py>,
        photo: &Bound<'py, PyAny>,
        profile: &str,
        sheet: Option<&str>,
        file_type: &str,
        format: Option<String>,
        background: &str,
        date: Option<&str>,
        output_name: Option<String>,
        lang: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let language = lang.map(parse_language).transpose()?;
        let file_type = FileType::from_name(&format!("photo.{file_type}"))
            .map_err(|e| error(Exit::Usage, format!("file_type: {e}")))?;
        let paper = sheet
            .map(Paper::parse)
            .transpose()
            .map_err(|e| error(Exit::Usage, format!("sheet: {e}")))?;
        let background = match background {
            "auto" => BackgroundPolicy::Auto,
            "always" => BackgroundPolicy::Always,
            "never" => BackgroundPolicy::Never,
            other => {
                return Err(error(
                    Exit::Usage,
                    format!("background: `{other}` is not one of auto, always, never"),
                ));
            }
        };
        let date = match date {
            Some(text) => text
                .parse::<jiff::civil::Date>()
                .map_err(|_| {
                    error(
                        Exit::Usage,
                        format!("date: `{text}` is not a date such as 2026-04-13"),
                    )
                })?
                .to_string(),
            None => photorules_dsl::today().to_string(),
        };
        let photo = Photo::from_python(photo)?;
        let compiled = self.compiled(profile)?;
        let options = PrepareOptions {
            format,
            file_type,
            background,
            source_name: photo.name.clone(),
            output_name,
            language,
        };
        let prepared = py
            .detach(|| self.library.prepare(&compiled, &photo.bytes, &options))
            .map_err(|e| {
                let message = match &e {
                    photorules::prepare::PrepareError::Source(_) => photo.message(&e),
                    _ => e.to_string(),
                };
                error(exit::for_prepare(&e), message)
            })?;
        let result = PyDict::new(py);
        result.set_item("outcome", prepared.outcome.as_str())?;
        result.set_item("file_type", file_type.name())?;
        let report = prepared
            .report_json()
            .map_err(|e| error(Exit::Internal, e.to_string()))?;
        result.set_item("report_json", report)?;
        let usable = prepared.usable_file();
        result.set_item("photo", usable.map(|file| PyBytes::new(py, &file.bytes)))?;
        let sheet = match (usable, paper) {
            (Some(file), Some(paper)) => {
                let made = py
                    .detach(|| {
                        photorules::prepare::sheet::make(
                            &compiled,
                            &file.image,
                            paper,
                            &date,
                            file_type,
                        )
                    })
                    .map_err(|e| error(exit::for_prepare(&e), format!("sheet: {e}")))?;
                let sheet = PyDict::new(py);
                sheet.set_item("raster", PyBytes::new(py, &made.raster))?;
                sheet.set_item("pdf", PyBytes::new(py, &made.pdf))?;
                sheet.set_item("summary_json", to_json(&made.summary)?)?;
                Some(sheet)
            }
            _ => None,
        };
        result.set_item("sheet", sheet)?;
        Ok(result)
    }

    /// What `profiles --format json` prints, as JSON text.
    fn profiles_json(&self, py: Python<'_>) -> PyResult<String> {
        let ids = self.library.profile_ids();
        let mut summaries = Vec::new();
        let mut failed = Vec::new();
        for id in ids {
            match py.detach(|| self.library.compile(&id)) {
                Ok(profile) => summaries.push(ProfileSummary::of(&profile)),
                Err(_) => failed.push(id),
            }
        }
        if !failed.is_empty() {
            return Err(error(
                Exit::Profile,
                format!(
                    "{} profile{} did not compile: {}",
                    failed.len(),
                    if failed.len() == 1 { "" } else { "s" },
                    failed.join(", ")
                ),
            ));
        }
        to_json(&summaries)
    }
}

impl NativePhotorules {
    /// The compiled profile, from the cache or compiled now.
    fn compiled(&self, id_or_path: &str) -> PyResult<Arc<CompiledProfile>> {
        let mut cache = self
            .profiles
            .lock()
            .map_err(|_| error(Exit::Internal, "the profile cache was poisoned"))?;
        if let Some(profile) = cache.get(id_or_path) {
            return Ok(profile.clone());
        }
        let profile = self
            .library
            .compile(id_or_path)
            .map_err(|e| profile_error(&e))?;
        cache.insert(id_or_path.to_string(), profile.clone());
        Ok(profile)
    }
}

/// The CLI's message for a profile that cannot be used: the error, then each diagnostic.
fn profile_error(error_value: &ProfileError) -> PyErr {
    let mut message = error_value.to_string();
    if let ProfileError::Invalid { diagnostics, .. } = error_value {
        for diagnostic in diagnostics.iter() {
            message.push('\n');
            message.push_str(render_human(diagnostic, false, DIAGNOSTIC_WIDTH).trim_end());
        }
    }
    error(Exit::Profile, message)
}

/// A report language, with the CLI's message for one the engine does not speak.
fn parse_language(code: &str) -> PyResult<Language> {
    Language::parse(code).ok_or_else(|| {
        error(
            Exit::Usage,
            format!(
                "lang: reports are not available in `{code}`; available: {}",
                Language::codes().join(", ")
            ),
        )
    })
}

/// The CLI's JSON: pretty-printed, so text and dict agree with `--format json`.
fn to_json(value: &impl serde::Serialize) -> PyResult<String> {
    serde_json::to_string_pretty(value).map_err(|e| error(Exit::Internal, e.to_string()))
}
