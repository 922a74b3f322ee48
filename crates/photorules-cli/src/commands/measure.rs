//! `photorules measure IMAGE…`: every catalogue metric of each photo, measured or absent with
//! the reason. One unreadable file is reported and the others are still measured.

use std::io::Write;
use std::path::{Path, PathBuf};

use photorules_core::{Measurement as MetricMeasurement, MetricValue};
use photorules_measure::report::{FileOutcome, FileReport};
use photorules_measure::{
    MeasureOptions, Measurement, Measurer, Resolution, annotate, parse_print_size,
};

use crate::batch::inputs::{self, Photo};
use crate::batch::ordered::for_each_in_order;
use crate::batch::stream::{PrettyList, json_line, keep_first_error};
use crate::batch::{JobsArg, progress_bar};
use crate::exit_code::{self, Exit};
use crate::global::Global;
use crate::session;

/// Measure photos: print every metric of the catalogue, measured or absent with the reason.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Photos to measure (JPEG, PNG or WebP), or folders of them (found by extension, in name
    /// order, sub-folders included; a link is followed only to a photo inside the folder).
    #[arg(required = true, value_name = "IMAGE")]
    images: Vec<PathBuf>,
    /// Output format: `json` is `{"files": [...]}`, `jsonl` one file's entry per line as each
    /// photo is done.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Write a PNG showing what was measured (face box, landmarks, crown and chin lines, eye
    /// line, background sample regions). With several images, `-<n>` is added to the name.
    #[arg(long, value_name = "OUT.png")]
    annotate: Option<PathBuf>,
    /// Print size in millimetres (`WIDTHxHEIGHT`, e.g. `35x45`) for the mm metrics.
    #[arg(long, value_name = "WxH")]
    print_size: Option<String>,
    #[command(flatten)]
    jobs: JobsArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OutputFormat {
    Json,
    Jsonl,
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
    let measurer = match Measurer::start(options) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("error: {e}");
            return exit_code::for_measure_setup(&e);
        }
    };
    let batch = inputs::expand(&args.images);
    let mut exit = Exit::Success;
    if batch.report_problems() > 0 {
        exit = Exit::Input;
    }
    if batch.photos.is_empty() {
        eprintln!("error: no photos (JPEG, PNG or WebP files) in the folders given");
        return Exit::Input;
    }
    let many = batch.is_batch();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut list = (args.format == OutputFormat::Json).then(|| PrettyList::in_field("files"));
    let mut written = Ok(());
    let progress = progress_bar(batch.photos.len());
    for_each_in_order(
        &batch.photos,
        args.jobs.count(),
        |index, photo| measure_one(&measurer, photo, &args, many.then_some(index + 1)),
        |_, (file, problems): (FileReport, Vec<String>)| {
            progress.inc(1);
            let shown = progress.suspend(|| {
                for problem in &problems {
                    eprintln!("error: {problem}");
                }
                match (&mut list, args.format) {
                    (Some(list), _) => list.push(&mut out, &file),
                    (None, OutputFormat::Jsonl) => json_line(&mut out, &file),
                    (None, _) => write_text(&mut out, &file).and_then(|()| out.flush()),
                }
            });
            if !problems.is_empty() {
                exit = exit.worst(Exit::Input);
            }
            keep_first_error(&mut written, shown);
        },
    );
    progress.finish_and_clear();
    if let Some(list) = list {
        written = written.and(list.finish(&mut out));
    }
    if written.is_err() {
        return Exit::Internal.worst(exit);
    }
    session::release_at_exit(measurer);
    exit
}

/// One photo's entry, and the errors to print for it (its own, or its annotated picture's).
fn measure_one(
    measurer: &Measurer,
    photo: &Photo,
    args: &Args,
    number_in_batch: Option<usize>,
) -> (FileReport, Vec<String>) {
    let shown = photo.path.display().to_string();
    let mut problems = Vec::new();
    // The annotated picture is drawn on every pixel; the metrics alone need fewer.
    let resolution = if args.annotate.is_some() {
        Resolution::Full
    } else {
        Resolution::Measurement
    };
    let outcome = match measure_file(measurer, &photo.path, resolution) {
        Ok(measured) => {
            if let Some(out) = &args.annotate {
                let target = annotate_path(out, number_in_batch);
                let picture = annotate(&measured.image, &measured.geometry, &[]);
                if let Err(e) = picture.save_with_format(&target, image::ImageFormat::Png) {
                    problems.push(format!(
                        "`{}`: the annotated picture could not be written: {e}",
                        target.display()
                    ));
                }
            }
            FileOutcome::Measured {
                sha256: measured.sha256,
                image: measured.image_info,
                metrics: measured.metrics,
            }
        }
        Err(message) => {
            problems.push(format!("`{shown}`: {message}"));
            FileOutcome::Error { error: message }
        }
    };
    (
        FileReport {
            file: shown,
            outcome,
        },
        problems,
    )
}

fn measure_file(
    measurer: &Measurer,
    path: &Path,
    resolution: Resolution,
) -> Result<Measurement, String> {
    let bytes = photorules::read_photo(path).map_err(|e| format!("cannot be read: {e}"))?;
    measurer
        .measure_bytes_at(&bytes, resolution)
        .map_err(|e| e.to_string())
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

fn write_text(out: &mut dyn Write, file: &FileReport) -> std::io::Result<()> {
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
