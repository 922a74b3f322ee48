//! `photorules prepare`: from an ordinary portrait to a photo the profile accepts (and, with
//! `--sheet`, a print sheet), checked with the same profile before it is written.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use photorules::core::ir::CompiledProfile;
use photorules::engine::Verdict;
use photorules_prepare::sheet::{self, Paper};
use photorules_prepare::{
    BackgroundPolicy, FileType, Outcome, PrepareError, PrepareOptions, Prepared,
};

use crate::exit_code::Exit;
use crate::global::Global;
use crate::session::{self, PluginArgs};

/// Prepare a compliant photo (and optionally a print sheet) from a portrait.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Profile id (e.g. `kz/driving-licence`) or path of a `.rules` file.
    #[arg(long, short)]
    profile: String,
    /// The portrait to prepare (JPEG, PNG or WebP).
    #[arg(value_name = "PORTRAIT")]
    portrait: PathBuf,
    /// Where to write the prepared photo (`.jpg`, `.jpeg` or `.png`); the report goes beside it
    /// as `FILE.report.json`.
    #[arg(long, short, value_name = "FILE")]
    out: PathBuf,
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
enum BackgroundArg {
    Auto,
    Always,
    Never,
}

pub fn run(global: &Global, args: Args) -> Exit {
    let out_name = args.out.to_string_lossy().to_string();
    let file_type = match FileType::from_name(&out_name) {
        Ok(t) => t,
        Err(error) => {
            eprintln!("error: --out: {error}");
            return Exit::Usage;
        }
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
    let bytes = match photorules::read_photo(&args.portrait) {
        Ok(bytes) => bytes,
        Err(message) => {
            eprintln!("error: `{}`: {message}", args.portrait.display());
            return Exit::Input;
        }
    };
    let photorules = match session::open(global, &args.plugins) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    let profile = match photorules.compile(&args.profile) {
        Ok(p) => p,
        Err(error) => return session::profile_failed(global, &error),
    };
    let options = PrepareOptions {
        format: args.format.clone(),
        file_type,
        background: match args.background {
            BackgroundArg::Auto => BackgroundPolicy::Auto,
            BackgroundArg::Always => BackgroundPolicy::Always,
            BackgroundArg::Never => BackgroundPolicy::Never,
        },
        source_name: Some(args.portrait.to_string_lossy().to_string()),
        output_name: Some(out_name),
        language,
    };
    let prepared = match photorules.prepare(&profile, &bytes, &options) {
        Ok(prepared) => prepared,
        Err(error) => {
            let shown = match &error {
                PrepareError::Source(_) => format!("`{}`: {error}", args.portrait.display()),
                _ => error.to_string(),
            };
            eprintln!("error: {shown}");
            return photorules::exit::for_prepare(&error);
        }
    };
    finish(&args, &profile, &prepared, paper, &date)
}

/// Write what the outcome allows, say what happened, and pick the exit code.
fn finish(
    args: &Args,
    profile: &CompiledProfile,
    prepared: &Prepared,
    paper: Option<Paper>,
    date: &str,
) -> Exit {
    let report_path = with_suffix(&args.out, ".report.json");
    let report = match prepared.report_json() {
        Ok(json) => json + "\n",
        Err(error) => {
            eprintln!("error: the report could not be written as JSON: {error}");
            return Exit::Internal;
        }
    };
    if let Err(message) = write(&report_path, report.as_bytes()) {
        eprintln!("error: {message}");
        return Exit::Input;
    }
    let p = &prepared.preparation;
    let Some(file) = prepared.usable_file() else {
        return report_unusable(profile, args, prepared, &report_path);
    };
    if let Err(message) = write(&args.out, &file.bytes) {
        eprintln!("error: {message}");
        return Exit::Input;
    }
    let target = &file.target;
    let background = p
        .background
        .as_ref()
        .map(|b| b.note.as_str())
        .unwrap_or("kept");
    println!(
        "{}: wrote `{}` ({} × {} px{}, {} bytes, format `{}`); background {background}",
        prepared.outcome.as_str(),
        args.out.display(),
        target.width,
        target.height,
        target.dpi.map(|d| format!(", {d} dpi")).unwrap_or_default(),
        file.bytes.len(),
        target.format,
    );
    for note in &p.notes {
        println!("note: {note}");
    }
    println!("report: {}", report_path.display());
    let mut exit = if prepared.outcome == Outcome::Accepted {
        Exit::Success
    } else {
        Exit::Undetermined
    };
    if exit == Exit::Undetermined {
        eprintln!("warning: {}", prepared.report.summary);
        print_rules(prepared, Verdict::Unknown);
    }
    if let Some(paper) = paper {
        exit = exit.worst(write_sheet(
            args,
            profile,
            &file.image,
            paper,
            date,
            file.target.file_type,
        ));
    }
    exit
}

/// Say why no file was written (refused, still rejected, or nothing prepared).
fn report_unusable(
    profile: &CompiledProfile,
    args: &Args,
    prepared: &Prepared,
    report_path: &Path,
) -> Exit {
    let exit = match prepared.outcome {
        Outcome::Refused => {
            eprintln!(
                "error: refused: no photo that `{}` accepts can be made from `{}`:",
                profile.id,
                args.portrait.display()
            );
            for reason in &prepared.preparation.reasons {
                eprintln!("  - {}", reason.line());
            }
            Exit::Findings
        }
        Outcome::Rejected => {
            eprintln!(
                "error: the prepared photo still fails `{}`, so it was not written ({}):",
                profile.id, prepared.report.summary
            );
            print_rules(prepared, Verdict::Fail);
            Exit::Findings
        }
        Outcome::Accepted | Outcome::Undetermined => {
            eprintln!("error: {}", prepared.preparation.message);
            Exit::Undetermined
        }
    };
    eprintln!("report: {}", report_path.display());
    exit
}

/// The report's rules with `verdict`, one line each, on standard error.
fn print_rules(prepared: &Prepared, verdict: Verdict) {
    for rule in prepared
        .report
        .rules
        .iter()
        .filter(|r| r.verdict == verdict)
    {
        eprintln!("  - {} ({}): {}", rule.id, rule.title, rule.message);
    }
}

fn write_sheet(
    args: &Args,
    profile: &CompiledProfile,
    photo: &image::RgbImage,
    paper: Paper,
    date: &str,
    file_type: FileType,
) -> Exit {
    let sheet = match sheet::make(profile, photo, paper, date, file_type) {
        Ok(sheet) => sheet,
        Err(error) => {
            eprintln!("error: --sheet: {error}");
            return photorules::exit::for_prepare(&error);
        }
    };
    let stem = args
        .out
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("photo");
    let dir = args.out.parent().unwrap_or(Path::new(""));
    let raster = dir.join(format!(
        "{stem}.sheet-{}.{}",
        paper.name,
        file_type.extension()
    ));
    let pdf = dir.join(format!("{stem}.sheet-{}.pdf", paper.name));
    for (path, bytes) in [(&raster, &sheet.raster), (&pdf, &sheet.pdf)] {
        if let Err(message) = write(path, bytes) {
            eprintln!("error: {message}");
            return Exit::Input;
        }
    }
    let s = &sheet.summary;
    println!(
        "sheet: {} copies of {} × {} mm on {} ({} × {} mm) at 300 dpi: `{}`, `{}`",
        s.copies,
        s.photo_mm[0],
        s.photo_mm[1],
        s.paper,
        s.page_mm[0],
        s.page_mm[1],
        raster.display(),
        pdf.display()
    );
    for note in &s.notes {
        println!("note: {note}");
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
