//! `photorules check`: photos against a profile → a decision per photo, with a report a person
//! reads in ten seconds and an auditor can replay.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};
use photorules::Photorules;
use photorules::core::ir::CompiledProfile;
use photorules::engine::{Decision, Language, Report, render};

use crate::exit_code::Exit;
use crate::global::Global;
use crate::session::{self, PluginArgs};

/// Longer side of the annotated photo embedded in HTML reports.
const HTML_PHOTO_SIDE: u32 = 900;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Profile id (e.g. `kz/driving-licence`) or path of a `.rules` file.
    #[arg(long, short, required_unless_present_any = ["replay", "verify"])]
    profile: Option<String>,
    /// Photos to check (JPEG, PNG or WebP).
    #[arg(value_name = "IMAGE", required_unless_present_any = ["replay", "verify"])]
    images: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write one report per photo into DIR (`NAME.report.txt|json|html`) instead of stdout.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Language of the report's texts: `en`, `kk` or `ru` (by default the profile's first
    /// declared language, else English). Verdicts do not depend on it.
    #[arg(long, value_name = "CODE")]
    lang: Option<String>,
    /// The applicant's age in whole years, for profiles with children's exceptions (e.g. a
    /// baby's eyes need not be open). Recorded in the report; without it such a rule is
    /// unknown rather than passed.
    #[arg(long, value_name = "YEARS", value_parser = clap::value_parser!(u32).range(0..=i64::from(photorules::Declared::MAX_AGE_YEARS)))]
    age: Option<u32>,
    /// Sign every JSON report with the Ed25519 key in FILE (64 hex digits; `photorules keygen`
    /// makes one): an auditor with the public key can then tell an edited report.
    #[arg(long, value_name = "KEY-FILE", requires = "profile")]
    sign: Option<PathBuf>,
    /// Check the signature of a JSON report against the trusted public key given with `--key`.
    #[arg(long, value_name = "REPORT", requires = "key", conflicts_with_all = ["profile", "images", "replay", "sign"])]
    verify: Option<PathBuf>,
    /// The trusted public key file (64 hex digits) for `--verify`.
    #[arg(long, value_name = "PUBLIC-KEY-FILE")]
    key: Option<PathBuf>,
    /// Re-evaluate a JSON report from its decision record and confirm every verdict.
    #[arg(long, value_name = "REPORT", conflicts_with_all = ["profile", "images"])]
    replay: Option<PathBuf>,
    #[command(flatten)]
    plugins: PluginArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
    Html,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Json => "json",
            Format::Html => "html",
        }
    }
}

pub fn run(global: &Global, args: Args) -> Exit {
    if let Some(report) = &args.replay {
        return super::replay::run(global, report, &args.plugins);
    }
    if let (Some(report), Some(key)) = (&args.verify, &args.key) {
        return super::signing::verify(report, key);
    }
    let signer = match args
        .sign
        .as_deref()
        .map(super::signing::read_signing_key)
        .transpose()
    {
        Ok(signer) => signer,
        Err(message) => {
            eprintln!("error: --sign: {message}");
            return Exit::Usage;
        }
    };
    if signer.is_some() && args.format != Format::Json {
        eprintln!("error: --sign signs JSON reports: add `--format json`");
        return Exit::Usage;
    }
    let Some(profile_arg) = args.profile.as_deref() else {
        eprintln!("error: `--profile` is required");
        return Exit::Usage;
    };
    let language = match args.lang.as_deref().map(parse_language).transpose() {
        Ok(language) => language,
        Err(message) => {
            eprintln!("error: --lang: {message}");
            return Exit::Usage;
        }
    };
    if args.out.is_none() && args.format == Format::Html && args.images.len() > 1 {
        eprintln!("error: HTML reports of several photos need `--out DIR` (one file per photo)");
        return Exit::Usage;
    }
    let photorules = match session::open(global, &args.plugins) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    let profile = match photorules.compile(profile_arg) {
        Ok(p) => p,
        Err(error) => return session::profile_failed(global, &error),
    };
    if let Some(dir) = &args.out
        && let Err(error) = std::fs::create_dir_all(dir)
    {
        eprintln!("error: cannot create `{}`: {error}", dir.display());
        return Exit::Input;
    }

    let progress = progress_bar(args.images.len());
    let mut tally = Tally::default();
    let mut json_reports = Vec::new();
    for path in &args.images {
        progress.set_message(path.display().to_string());
        let outcome = check_one(
            &photorules,
            &profile,
            path,
            &args,
            language,
            signer.as_ref(),
        );
        progress.inc(1);
        match outcome {
            Ok((report, rendered)) => {
                tally.count(report.decision);
                match (&args.out, args.format) {
                    (Some(_), _) => {}
                    (None, Format::Json) => json_reports.push(report),
                    (None, _) => progress.suspend(|| print!("{rendered}")),
                }
            }
            Err(message) => {
                tally.unreadable += 1;
                let line = format!("error: `{}`: {message}", path.display());
                let line = render::text::terminal_safe(&line);
                progress.suspend(|| eprintln!("{line}"));
            }
        }
    }
    progress.finish_and_clear();
    if !json_reports.is_empty() {
        let json = if json_reports.len() == 1 {
            serde_json::to_string_pretty(&json_reports[0])
        } else {
            serde_json::to_string_pretty(&json_reports)
        };
        match json {
            Ok(text) => println!("{text}"),
            Err(error) => {
                eprintln!("error: the report could not be written as JSON: {error}");
                return Exit::Internal;
            }
        }
    }
    if args.images.len() > 1 || args.out.is_some() {
        eprintln!("{}", tally.summary());
    }
    tally.exit()
}

/// Check one photo; the rendered report is written to `--out` when given.
fn check_one(
    photorules: &Photorules,
    profile: &CompiledProfile,
    path: &Path,
    args: &Args,
    language: Option<Language>,
    signer: Option<&photorules::engine::signing::SigningKey>,
) -> Result<(Report, String), String> {
    let bytes = photorules::read_photo(path).map_err(|e| e.to_string())?;
    let name = path.to_string_lossy();
    let mut checked = photorules
        .check_bytes_declared(
            profile,
            &bytes,
            Some(&name),
            language,
            photorules::Declared {
                age_years: args.age,
            },
        )
        .map_err(|e| e.to_string())?;
    if let Some(key) = signer {
        photorules::engine::signing::sign(&mut checked.report, key);
    }
    let rendered = match args.format {
        Format::Text => render::text::render(&checked.report),
        Format::Json => {
            serde_json::to_string_pretty(&checked.report).map_err(|e| e.to_string())? + "\n"
        }
        Format::Html => {
            let png = checked
                .annotated_png(profile, HTML_PHOTO_SIDE)
                .map_err(|e| format!("the annotated photo could not be drawn: {e}"))?;
            render::html::render(&checked.report, Some(&png))
        }
    };
    if let Some(dir) = &args.out {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("photo");
        let target = dir.join(format!("{stem}.report.{}", args.format.extension()));
        std::fs::write(&target, &rendered)
            .map_err(|e| format!("cannot write `{}`: {e}", target.display()))?;
    }
    Ok((checked.report, rendered))
}

/// A report language the engine speaks, or the message naming those it does.
pub fn parse_language(code: &str) -> Result<Language, String> {
    Language::parse(code).ok_or_else(|| {
        format!(
            "reports are not available in `{code}`; available: {}",
            Language::codes().join(", ")
        )
    })
}

fn progress_bar(count: usize) -> ProgressBar {
    if count < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(count as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// Outcomes of a batch.
#[derive(Debug, Default)]
struct Tally {
    accept: usize,
    reject: usize,
    undetermined: usize,
    unreadable: usize,
}

impl Tally {
    fn count(&mut self, decision: Decision) {
        match decision {
            Decision::Accept => self.accept += 1,
            Decision::Reject => self.reject += 1,
            Decision::Undetermined => self.undetermined += 1,
        }
    }

    fn summary(&self) -> String {
        let total = self.accept + self.reject + self.undetermined + self.unreadable;
        format!(
            "{total} photo{}: {} accepted, {} rejected, {} undetermined, {} unreadable",
            if total == 1 { "" } else { "s" },
            self.accept,
            self.reject,
            self.undetermined,
            self.unreadable
        )
    }

    /// The worst outcome decides the exit code.
    fn exit(&self) -> Exit {
        let mut exit = Exit::Success;
        if self.reject > 0 {
            exit = exit.worst(Exit::Findings);
        }
        if self.undetermined > 0 {
            exit = exit.worst(Exit::Undetermined);
        }
        if self.unreadable > 0 {
            exit = exit.worst(Exit::Input);
        }
        exit
    }
}
