//! Checking one photo: measure, run the plugins the profile needs, evaluate, record.

use photorules_core::Metrics;
use photorules_core::ir::CompiledProfile;
use photorules_engine::{ImageRecord, PluginRecord, Report, RunContext};
use photorules_measure::{Measurement, Resolution};
use photorules_plugin_host::Plugin;

use crate::plugin_view::Views;
use crate::{CheckError, Photorules};

/// A checked photo: the report, and what was measured (for the annotated picture).
#[derive(Debug, Clone)]
pub struct Checked {
    pub report: Report,
    pub measurement: Measurement,
}

impl Checked {
    /// The photo with what was measured and the profile's bands drawn on it, as PNG bytes.
    /// Large photos are reduced to `max_side` px on their longer side first.
    pub fn annotated_png(
        &self,
        profile: &CompiledProfile,
        max_side: u32,
    ) -> Result<Vec<u8>, image::ImageError> {
        let image = &self.measurement.image;
        // The geometry is in the file's pixels; the picture may have been decoded reduced.
        let geometry = self
            .measurement
            .geometry
            .scaled(1.0 / self.measurement.image_scale);
        let bands = crate::bands_for(profile, &geometry, image.width(), image.height());
        let drawn = photorules_measure::annotate(image, &geometry, &bands);
        let drawn = if drawn.width().max(drawn.height()) > max_side {
            image::DynamicImage::ImageRgb8(drawn)
                .resize(max_side, max_side, image::imageops::FilterType::Triangle)
                .to_rgb8()
        } else {
            drawn
        };
        let mut png = Vec::new();
        drawn.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)?;
        Ok(png)
    }
}

impl Photorules {
    /// Every built-in metric of a photo's bytes, measured or absent with the reason (what
    /// `photorules measure` prints); no profile, so no print lengths and no plugins. A large
    /// JPEG is decoded at the resolution the metrics need ([`Resolution::Measurement`]).
    pub fn measure_bytes(&self, bytes: &[u8]) -> Result<Measurement, CheckError> {
        Ok(self
            .measurer
            .measure_bytes_at(bytes, Resolution::Measurement)?)
    }

    /// Check a photo's bytes against `profile`. `name` is recorded as the image's file name
    /// (directories are dropped, so a report does not leak local paths).
    pub fn check_bytes(
        &self,
        profile: &CompiledProfile,
        bytes: &[u8],
        name: Option<&str>,
    ) -> Result<Checked, CheckError> {
        self.check_bytes_in(profile, bytes, name, None)
    }

    /// [`Photorules::check_bytes`] with the report written in `language` (`None`: the
    /// profile's first language, else English). Verdicts do not depend on the language.
    pub fn check_bytes_in(
        &self,
        profile: &CompiledProfile,
        bytes: &[u8],
        name: Option<&str>,
        language: Option<photorules_engine::Language>,
    ) -> Result<Checked, CheckError> {
        self.check_bytes_declared(profile, bytes, name, language, Declared::default())
    }

    /// [`Photorules::check_bytes_in`] with what the applicant declares beside the photo (the
    /// age, for children's exceptions). A declared value joins the metrics, so the report and
    /// its record carry it and a replay reproduces the decision.
    pub fn check_bytes_declared(
        &self,
        profile: &CompiledProfile,
        bytes: &[u8],
        name: Option<&str>,
        language: Option<photorules_engine::Language>,
        declared: Declared,
    ) -> Result<Checked, CheckError> {
        // Plugins that read the whole photo (interface 1.0) need every pixel; plugins given the
        // face and the built-in metrics do not.
        let needed = self.plugins_for(profile);
        let resolution = if needed.iter().all(|plugin| plugin.manifest().view.is_some()) {
            Resolution::Measurement
        } else {
            Resolution::Full
        };
        let mut measurement = self.measurer.measure_bytes_at(bytes, resolution)?;
        declared.add_to(&mut measurement.metrics);
        add_print_lengths(profile, &mut measurement.metrics);
        let plugins = self.run_plugins(profile, &needed, &mut measurement);
        crate::unseen::hide_what_is_covered(&mut measurement.metrics);
        let context = RunContext {
            image: Some(ImageRecord {
                name: name.map(ImageRecord::file_name_of),
                sha256: measurement.sha256.clone(),
                bytes: bytes.len() as u64,
            }),
            plugins,
            language,
        };
        let report = photorules_engine::check(profile, &measurement.metrics, &context);
        Ok(Checked {
            report,
            measurement,
        })
    }

    /// The loaded plugins whose metrics `profile` reads, in load order.
    pub fn plugins_for<'a>(&'a self, profile: &CompiledProfile) -> Vec<&'a Plugin> {
        let read = metrics_read(profile);
        self.plugins
            .iter()
            .filter(|p| p.metric_names().any(|m| read.contains(&m)))
            .collect()
    }

    /// Run `plugins` (those the profile needs); each one's metrics (or their absence, with the
    /// failure as reason) join the photo's metrics.
    fn run_plugins(
        &self,
        profile: &CompiledProfile,
        plugins: &[&Plugin],
        measurement: &mut Measurement,
    ) -> Vec<PluginRecord> {
        let mut views = Views::new(
            &measurement.image,
            measurement.image_scale,
            &measurement.metrics,
        );
        let mut records = Vec::new();
        let mut added = Metrics::default();
        for plugin in plugins {
            let (metrics, failure) = match views.get(plugin.manifest().view) {
                Ok(view) => {
                    let run = self.host.run_or_absent(
                        plugin,
                        view,
                        &measurement.metrics,
                        &profile.params_for_plugin(plugin.name()),
                    );
                    (run.metrics, run.failure.map(|f| f.to_string()))
                }
                // Not a failure of the plugin: what it looks at is not in the photo, so its
                // metrics are absent with that reason and the rules needing them undetermined.
                Err(reason) => {
                    let mut absent = Metrics::default();
                    for name in plugin.metric_names() {
                        absent.absent(name, reason.clone());
                    }
                    (absent, None)
                }
            };
            added.values.extend(metrics.values);
            records.push(PluginRecord {
                name: plugin.name().to_string(),
                version: plugin.manifest().version.to_string(),
                sha256: plugin.sha256().to_string(),
                failure,
            });
        }
        drop(views);
        measurement.metrics.values.extend(added.values);
        records
    }
}

/// Lengths on the print depend on the profile's print size, which measurement does not know:
/// `head.chin_crown_mm` is derived here from the measured ratio.
fn add_print_lengths(profile: &CompiledProfile, metrics: &mut Metrics) {
    use photorules_core::Unit;
    const MM: &str = "head.chin_crown_mm";
    match (
        metrics.measured_number("head.chin_crown_ratio"),
        profile.print_size_mm(),
    ) {
        (Some(r), Some(size)) => metrics.number(MM, r * size.height, Unit::Mm),
        (Some(_), None) => {
            metrics.absent(MM, format!("profile `{}` has no print size", profile.id))
        }
        (None, _) => {}
    }
}

fn metrics_read(profile: &CompiledProfile) -> Vec<&str> {
    use photorules_core::ir::Check;
    let mut names = Vec::new();
    for rule in &profile.rules {
        if let Check::Requirement { when, require } = &rule.check {
            if let Some(condition) = when {
                names.extend(condition.metrics());
            }
            names.extend(require.metrics());
        }
    }
    names
}

/// What the person submitting a photo declares beside it; nothing here is measured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Declared {
    /// The applicant's age in whole years.
    pub age_years: Option<u32>,
}

impl Declared {
    /// Oldest age accepted: anything above is a typing mistake, not an applicant.
    pub const MAX_AGE_YEARS: u32 = 150;

    fn add_to(self, metrics: &mut Metrics) {
        if let Some(age) = self.age_years {
            metrics.number(
                photorules_core::catalogue::APPLICANT_AGE,
                f64::from(age),
                photorules_core::Unit::Count,
            );
        }
    }
}
