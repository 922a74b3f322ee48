//! `photorules prepare`: from an ordinary portrait to a photo the profile accepts (and, with
//! `--sheet`, a print sheet), checked with the same profile before it is written. Several
//! portraits, or folders of them, are prepared on every core into an output folder, each
//! portrait's lines printed together and in the portraits' order.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use photorules::core::ir::CompiledProfile;
use photorules::engine::Verdict;
use photorules_prepare::sheet::{self, Paper};
use photorules_prepare::{
    BackgroundPolicy, FileType, Outcome, PrepareError, PrepareOptions, Prepared,
};

use crate::batch::inputs::{self, Photo};
use crate::batch::ordered::for_each_in_order;
use crate::batch::{JobsArg, Lines, progress_bar};
use crate::exit_code::Exit;
use crate::global::Global;
use crate::session::{self, PluginArgs};

/// Prepare a compliant photo (and optionally a print sheet) from a portrait.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Profile id (e.g. `kz/driving-licence`) or path of a `.rules` file.
    #[arg(long, short)]
    profile: String,
    /// The portrait to prepare (JPEG, PNG or WebP); or several, or folders of them (photos found
    /// by extension, in name order, sub-folders included; a link is followed only to a photo
    /// inside the folder).
    #[arg(value_name = "PORTRAIT", required = true)]
    portraits: Vec<PathBuf>,
    /// Where to write the prepared photo (`.jpg`, `.jpeg` or `.png`); the report goes beside it
    /// as `FILE.report.json`. For several portraits or a folder: the folder to write them into,
    /// each as `NAME.jpg` (see `--file-type`), a folder's portraits keeping their sub-folders.
    #[arg(long, short, value_name = "FILE|DIR")]
    out: PathBuf,
    /// The file type of the photos prepared into a folder (several portraits or a folder); one
    /// portrait takes its type from `--out`.
    #[arg(long, value_enum, default_value_t = FileTypeArg::Jpg)]
    file_type: FileTypeArg,
    #[command(flatten)]
    jobs: JobsArg,
    /// The profile's format to prepare for (`print`, `digital`…); by default `digital` when the
    /// profile has one, else its first format.
    #[arg(long, value_name = "NAME")]
    format: Option<String>,
    /// Also lay out a print sheet: `10x15cm`, `A6`, `A4` or `4x6in`. Written beside FILE as
    /// `STEM.sheet-PAPER.EXT` (300 dpi) and `STEM.sheet-PAPER.pdf`.
    #[arg(long, value_name = "PAPER")]
    sheet: Option<String>,
    /// Replace the background: when the profile's background rules need it (auto), always, or never.
    #[arg(long, value_enum, default_value_t = BackgroundArg::Auto)]
    background: BackgroundArg,
    /// Language of the report: `en`, `kk` or `ru` (by default the profile's first declared
    /// language, else English).
    #[arg(long, value_name = "CODE")]
    lang: Option<String>,
    /// Date printed in the sheet's caption (YYYY-MM-DD); today by default.
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
    #[command(flatten)]
    plugins: PluginArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FileTypeArg {
    Jpg,
    Png,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BackgroundArg {
    Auto,
    Always,
    Never,
}

/// What every portrait of a run shares.
struct Settings<'a> {
    args: &'a Args,
    paper: Option<Paper>,
    date: String,
    language: Option<photorules::engine::Language>,
    file_type: FileType,
}

pub fn run(global: &Global, args: Args) -> Exit {
    let batch = inputs::expand(&args.portraits);
    let file_type = match (
        batch.is_batch(),
        FileType::from_name(&args.out.to_string_lossy()),
    ) {
        (false, Ok(named)) => named,
        (false, Err(error)) => {
            eprintln!("error: --out: {error}");
            return Exit::Usage;
        }
        (true, Ok(_)) => {
            eprintln!(
                "error: --out: several portraits are prepared into a folder, not into `{}`",
                args.out.display()
            );
            return Exit::Usage;
        }
        (true, Err(_)) => match args.file_type {
            FileTypeArg::Jpg => FileType::Jpeg,
            FileTypeArg::Png => FileType::Png,
        },
    };
    let paper = match args.sheet.as_deref().map(Paper::parse).transpose() {
        Ok(paper) => paper,
        Err(error) => {
            eprintln!("error: --sheet: {error}");
            return Exit::Usage;
        }
    };
    let date = match args.date.as_deref() {
        Some(text) => match text.parse::<jiff::civil::Date>() {
            Ok(date) => date.to_string(),
            Err(_) => {
                eprintln!("error: --date: `{text}` is not a date such as 2026-04-13");
                return Exit::Usage;
            }
        },
        None => photorules::dsl::today().to_string(),
    };
    let language = match args
        .lang
        .as_deref()
        .map(super::check::parse_language)
        .transpose()
    {
        Ok(language) => language,
        Err(message) => {
            eprintln!("error: --lang: {message}");
            return Exit::Usage;
        }
    };
    if batch.is_batch()
        && let Err(error) = std::fs::create_dir_all(&args.out)
    {
        eprintln!("error: cannot create `{}`: {error}", args.out.display());
        return Exit::Input;
    }
    let photorules = match session::open(global, &args.plugins) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    let profile = match photorules.compile(&args.profile) {
        Ok(p) => p,
        Err(error) => return session::profile_failed(global, &error),
    };
    let settings = Settings {
        args: &args,
        paper,
        date,
        language,
        file_type,
    };
    let mut exit = Exit::Success;
    let mut tally = Tally {
        unreadable: batch.report_problems(),
        ..Tally::default()
    };
    if tally.unreadable > 0 {
        exit = Exit::Input;
    }
    if batch.photos.is_empty() {
        eprintln!("error: no portraits (JPEG, PNG or WebP files) in the folders given");
        return Exit::Input;
    }
    let progress = progress_bar(batch.photos.len());
    for_each_in_order(
        &batch.photos,
        args.jobs.count(),
        |_, photo| {
            if !batch.is_batch() {
                return prepare_one(&photorules, &profile, photo, &args.out, &settings);
            }
            let out = photo.output_path(&args.out, &format!(".{}", file_type.extension()));
            if let Err(message) = inputs::make_parent(&out) {
                let mut lines = Lines::default();
                lines.err(format!("error: {message}"));
                return (Exit::Input, lines);
            }
            prepare_one(&photorules, &profile, photo, &out, &settings)
        },
        |_, (one, lines): (Exit, Lines)| {
            progress.inc(1);
            progress.suspend(|| lines.print());
            tally.count(one);
            exit = exit.worst(one);
        },
    );
    progress.finish_and_clear();
    if batch.is_batch() {
        eprintln!("{}", tally.summary());
    }
    session::release_at_exit(photorules);
    exit
}

fn prepare_one(
    photorules: &photorules::Photorules,
    profile: &CompiledProfile,
    photo: &Photo,
    out: &Path,
    settings: &Settings,
) -> (Exit, Lines) {
    let mut lines = Lines::default();
    let portrait = &photo.path;
    let bytes = match photorules::read_photo(portrait) {
        Ok(bytes) => bytes,
        Err(message) => {
            lines.err(format!("error: `{}`: {message}", portrait.display()));
            return (Exit::Input, lines);
        }
    };
    let args = settings.args;
    let options = PrepareOptions {
        format: args.format.clone(),
        file_type: settings.file_type,
        background: match args.background {
            BackgroundArg::Auto => BackgroundPolicy::Auto,
            BackgroundArg::Always => BackgroundPolicy::Always,
            BackgroundArg::Never => BackgroundPolicy::Never,
        },
        source_name: Some(portrait.to_string_lossy().to_string()),
        output_name: Some(out.to_string_lossy().to_string()),
        language: settings.language,
    };
    let prepared = match photorules.prepare(profile, &bytes, &options) {
        Ok(prepared) => prepared,
        Err(error) => {
            let shown = match &error {
                PrepareError::Source(_) => format!("`{}`: {error}", portrait.display()),
                _ => error.to_string(),
            };
            lines.err(format!("error: {shown}"));
            return (photorules::exit::for_prepare(&error), lines);
        }
    };
    let target = Target {
        portrait,
        out,
        paper: settings.paper,
        date: &settings.date,
    };
    let exit = finish(&target, profile, &prepared, &mut lines);
    (exit, lines)
}

/// One portrait and where its files go.
struct Target<'a> {
    portrait: &'a Path,
    out: &'a Path,
    paper: Option<Paper>,
    date: &'a str,
}

/// Outcomes of a batch, by exit code.
#[derive(Debug, Default)]
struct Tally {
    accepted: usize,
    undetermined: usize,
    not_written: usize,
    unreadable: usize,
}

impl Tally {
    fn count(&mut self, exit: Exit) {
        match exit {
            Exit::Success => self.accepted += 1,
            Exit::Undetermined => self.undetermined += 1,
            Exit::Findings => self.not_written += 1,
            _ => self.unreadable += 1,
        }
    }

    fn summary(&self) -> String {
        let total = self.accepted + self.undetermined + self.not_written + self.unreadable;
        format!(
            "{total} portrait{}: {} prepared and accepted, {} prepared but undetermined, {} refused or still rejected, {} failed",
            if total == 1 { "" } else { "s" },
            self.accepted,
            self.undetermined,
            self.not_written,
            self.unreadable
        )
    }
}

/// Write what the outcome allows, say what happened, and pick the exit code.
fn finish(
    target: &Target,
    profile: &CompiledProfile,
    prepared: &Prepared,
    lines: &mut Lines,
) -> Exit {
    let report_path = with_suffix(target.out, ".report.json");
    let report = match prepared.report_json() {
        Ok(json) => json + "\n",
        Err(error) => {
            lines.err(format!(
                "error: the report could not be written as JSON: {error}"
            ));
            return Exit::Internal;
        }
    };
    if let Err(message) = write(&report_path, report.as_bytes()) {
        lines.err(format!("error: {message}"));
        return Exit::Input;
    }
    let p = &prepared.preparation;
    let Some(file) = prepared.usable_file() else {
        return report_unusable(profile, target.portrait, prepared, &report_path, lines);
    };
    if let Err(message) = write(target.out, &file.bytes) {
        lines.err(format!("error: {message}"));
        return Exit::Input;
    }
    let written = &file.target;
    let background = p
        .background
        .as_ref()
        .map(|b| b.note.as_str())
        .unwrap_or("kept");
    lines.out(format!(
        "{}: wrote `{}` ({} × {} px{}, {} bytes, format `{}`); background {background}",
        prepared.outcome.as_str(),
        target.out.display(),
        written.width,
        written.height,
        written
            .dpi
            .map(|d| format!(", {d} dpi"))
            .unwrap_or_default(),
        file.bytes.len(),
        written.format,
    ));
    for note in &p.notes {
        lines.out(format!("note: {note}"));
    }
    lines.out(format!("report: {}", report_path.display()));
    let mut exit = if prepared.outcome == Outcome::Accepted {
        Exit::Success
    } else {
        Exit::Undetermined
    };
    if exit == Exit::Undetermined {
        lines.err(format!("warning: {}", prepared.report.summary));
        print_rules(prepared, Verdict::Unknown, lines);
    }
    if let Some(paper) = target.paper {
        exit = exit.worst(write_sheet(
            target,
            profile,
            &file.image,
            paper,
            file.target.file_type,
            lines,
        ));
    }
    exit
}

/// Say why no file was written (refused, still rejected, or nothing prepared).
fn report_unusable(
    profile: &CompiledProfile,
    portrait: &Path,
    prepared: &Prepared,
    report_path: &Path,
    lines: &mut Lines,
) -> Exit {
    let exit = match prepared.outcome {
        Outcome::Refused => {
            lines.err(format!(
                "error: refused: no photo that `{}` accepts can be made from `{}`:",
                profile.id,
                portrait.display()
            ));
            for reason in &prepared.preparation.reasons {
                lines.err(format!("  - {}", reason.line()));
            }
            Exit::Findings
        }
        Outcome::Rejected => {
            lines.err(format!(
                "error: the prepared photo still fails `{}`, so it was not written ({}):",
                profile.id, prepared.report.summary
            ));
            print_rules(prepared, Verdict::Fail, lines);
            Exit::Findings
        }
        Outcome::Accepted | Outcome::Undetermined => {
            lines.err(format!("error: {}", prepared.preparation.message));
            Exit::Undetermined
        }
    };
    lines.err(format!("report: {}", report_path.display()));
    exit
}

/// The report's rules with `verdict`, one line each, on standard error.
fn print_rules(prepared: &Prepared, verdict: Verdict, lines: &mut Lines) {
    for rule in prepared
        .report
        .rules
        .iter()
        .filter(|r| r.verdict == verdict)
    {
        lines.err(format!(
            "  - {} ({}): {}",
            rule.id, rule.title, rule.message
        ));
    }
}

fn write_sheet(
    target: &Target,
    profile: &CompiledProfile,
    photo: &image::RgbImage,
    paper: Paper,
    file_type: FileType,
    lines: &mut Lines,
) -> Exit {
    let sheet = match sheet::make(profile, photo, paper, target.date, file_type) {
        Ok(sheet) => sheet,
        Err(error) => {
            lines.err(format!("error: --sheet: {error}"));
            return photorules::exit::for_prepare(&error);
        }
    };
    let stem = target
        .out
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("photo");
    let dir = target.out.parent().unwrap_or(Path::new(""));
    let raster = dir.join(format!(
        "{stem}.sheet-{}.{}",
        paper.name,
        file_type.extension()
    ));
    let pdf = dir.join(format!("{stem}.sheet-{}.pdf", paper.name));
    for (path, bytes) in [(&raster, &sheet.raster), (&pdf, &sheet.pdf)] {
        if let Err(message) = write(path, bytes) {
            lines.err(format!("error: {message}"));
            return Exit::Input;
        }
    }
    let s = &sheet.summary;
    lines.out(format!(
        "sheet: {} copies of {} × {} mm on {} ({} × {} mm) at 300 dpi: `{}`, `{}`",
        s.copies,
        s.photo_mm[0],
        s.photo_mm[1],
        s.paper,
        s.page_mm[0],
        s.page_mm[1],
        raster.display(),
        pdf.display()
    ));
    for note in &s.notes {
        lines.out(format!("note: {note}"));
    }
    Exit::Success
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}
