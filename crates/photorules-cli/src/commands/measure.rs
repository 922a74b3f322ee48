//! `photorules measure IMAGE…`: every catalogue metric of each photo, measured or absent with
//! the reason. One unreadable file is reported and the others are still measured.

use std::io::Write;
use std::path::{Path, PathBuf};

use photorules_core::{Measurement as MetricMeasurement, MetricValue};
use photorules_measure::report::{FileOutcome, FileReport, MeasureReport};
use photorules_measure::{MeasureOptions, Measurement, Measurer, annotate, parse_print_size};

use crate::exit_code::{self, Exit};
use crate::global::Global;

/// Measure photos: print every metric of the catalogue, measured or absent with the reason.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Photos to measure (JPEG, PNG or WebP).
    #[arg(required = true, value_name = "IMAGE")]
    images: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Write a PNG showing what was measured (face box, landmarks, crown and chin lines, eye
    /// line, background sample regions). With several images, `-<n>` is added to the name.
    #[arg(long, value_name = "OUT.png")]
    annotate: Option<PathBuf>,
    /// Print size in millimetres (`WIDTHxHEIGHT`, e.g. `35x45`) for the mm metrics.
    #[arg(long, value_name = "WxH")]
    print_size: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OutputFormat {
    Json,
    Text,
}

pub fn run(_global: &Global, args: Args) -> Exit {
    let mut options = MeasureOptions::default();
    if let Some(text) = &args.print_size {
        match parse_print_size(text) {
            Ok(size) => options.print_size_mm = Some(size),
            Err(e) => {
                eprintln!("error: --print-size: {e}");
                return Exit::Usage;
            }
        }
    }
    let measurer = match Measurer::new(options) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return exit_code::for_measure_setup(&e);
        }
    };
    let mut exit = Exit::Success;
    let mut files = Vec::new();
    let many = args.images.len() > 1;
    for (index, path) in args.images.iter().enumerate() {
        let shown = path.display().to_string();
        let outcome = match measure_file(&measurer, path) {
            Ok(measured) => {
                if let Some(out) = &args.annotate {
                    let target = annotate_path(out, many.then_some(index + 1));
                    let picture = annotate(&measured.image, &measured.geometry, &[]);
                    if let Err(e) = picture.save_with_format(&target, image::ImageFormat::Png) {
                        eprintln!(
                            "error: `{}`: the annotated picture could not be written: {e}",
                            target.display()
                        );
                        exit = exit.worst(Exit::Input);
                    }
                }
                FileOutcome::Measured {
                    sha256: measured.sha256,
                    image: measured.image_info,
                    metrics: measured.metrics,
                }
            }
            Err(message) => {
                eprintln!("error: `{shown}`: {message}");
                exit = exit.worst(Exit::Input);
                FileOutcome::Error { error: message }
            }
        };
        files.push(FileReport {
            file: shown,
            outcome,
        });
    }
    let report = MeasureReport { files };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match args.format {
        OutputFormat::Json => serde_json::to_string_pretty(&report)
            .map_err(std::io::Error::other)
            .and_then(|json| writeln!(out, "{json}")),
        OutputFormat::Text => write_text(&mut out, &report),
    };
    if written.is_err() {
        return Exit::Internal.worst(exit);
    }
    exit
}

fn measure_file(measurer: &Measurer, path: &Path) -> Result<Measurement, String> {
    let bytes = photorules::read_photo(path).map_err(|e| format!("cannot be read: {e}"))?;
    measurer.measure_bytes(&bytes).map_err(|e| e.to_string())
}

/// `out.png` for one image; `out-3.png` for the third of several.
fn annotate_path(out: &Path, index: Option<usize>) -> PathBuf {
    let Some(index) = index else {
        return out.to_path_buf();
    };
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "png".into());
    out.with_file_name(format!("{stem}-{index}.{ext}"))
}

fn write_text(out: &mut dyn Write, report: &MeasureReport) -> std::io::Result<()> {
    for file in &report.files {
        match &file.outcome {
            FileOutcome::Error { error } => writeln!(out, "{}: error: {error}", file.file)?,
            FileOutcome::Measured {
                sha256,
                image,
                metrics,
            } => {
                writeln!(
                    out,
                    "{}: {} {}×{} px, {} bytes, sha256 {sha256}",
                    file.file,
                    image.format.name(),
                    image.width,
                    image.height,
                    image.bytes
                )?;
                let width = metrics.values.keys().map(String::len).max().unwrap_or(0);
                for (name, value) in &metrics.values {
                    writeln!(out, "  {name:<width$}  {}", describe(value))?;
                }
            }
        }
    }
    Ok(())
}

fn describe(value: &MetricMeasurement) -> String {
    match value {
        MetricMeasurement::Measured { value, unit } => {
            let shown = match value {
                MetricValue::Bool(b) => b.to_string(),
                MetricValue::Number(n) => {
                    if n.fract() == 0.0 && n.abs() < 1e15 {
                        format!("{n:.0}")
                    } else {
                        format!("{n:.4}")
                    }
                }
                MetricValue::Text(t) => t.clone(),
            };
            match unit {
                Some(unit) => format!("{shown} {unit}"),
                None => shown,
            }
        }
        MetricMeasurement::Absent { reason } => format!("absent: {reason}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotate_paths_get_an_index_only_for_several_images() {
        assert_eq!(
            annotate_path(Path::new("a/out.png"), None),
            PathBuf::from("a/out.png")
        );
        assert_eq!(
            annotate_path(Path::new("a/out.png"), Some(2)),
            PathBuf::from("a/out-2.png")
        );
    }

    #[test]
    fn absent_metrics_show_their_reason() {
        let absent = MetricMeasurement::Absent {
            reason: "no face was found".into(),
        };
        assert_eq!(describe(&absent), "absent: no face was found");
    }
}
