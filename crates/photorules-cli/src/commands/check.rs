//! `photorules check`: photos against a profile → a decision per photo, with a report a person
//! reads in ten seconds and an auditor can replay.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use photorules::Photorules;
use photorules::core::ir::CompiledProfile;
use photorules::engine::{Decision, Language, Report, render};

use crate::batch::inputs::{self, Photo};
use crate::batch::ordered::for_each_in_order;
use crate::batch::stream::{PrettyList, json_line, keep_first_error};
use crate::batch::{JobsArg, progress_bar};
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
    /// Photos to check (JPEG, PNG or WebP), or folders of them: a folder's photos are found by
    /// their extension, in name order, sub-folders included; a link is followed only to a photo
    /// inside the folder.
    #[arg(value_name = "IMAGE", required_unless_present_any = ["replay", "verify"])]
    images: Vec<PathBuf>,
    /// Report format. `json` gives one report, or a list of them for several photos; `jsonl`
    /// one line per photo as each is done: `{"file", "report"}`, or `{"file", "error"}` for a
    /// photo that could not be checked.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write one report per photo into DIR (`NAME.report.txt|json|html`) instead of stdout. A
    /// folder's photos keep their sub-folders there.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    jobs: JobsArg,
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
    Jsonl,
    Html,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Json | Format::Jsonl => "json",
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
    if signer.is_some() && !matches!(args.format, Format::Json | Format::Jsonl) {
        eprintln!("error: --sign signs JSON reports: add `--format json` or `--format jsonl`");
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
    let batch = inputs::expand(&args.images);
    if args.out.is_none() && args.format == Format::Html && batch.is_batch() {
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

    let mut tally = Tally::default();
    // A folder that could not be read counts as an unreadable photo.
    tally.unreadable += batch.report_problems();
    if batch.photos.is_empty() {
        eprintln!("error: no photos (JPEG, PNG or WebP files) in the folders given");
        return Exit::Input;
    }
    let progress = progress_bar(batch.photos.len());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut list = (args.out.is_none() && args.format == Format::Json && batch.is_batch())
        .then(PrettyList::array);
    let mut written = Ok(());
    for_each_in_order(
        &batch.photos,
        args.jobs.count(),
        |_, photo| {
            check_one(
                &photorules,
                &profile,
                photo,
                &args,
                language,
                signer.as_ref(),
            )
        },
        |index, outcome| {
            let photo = &batch.photos[index];
            progress.set_message(photo.path.display().to_string());
            progress.inc(1);
            let shown = progress.suspend(|| match outcome {
                Ok((report, rendered)) => {
                    tally.count(report.decision);
                    match (&args.out, &mut list, args.format) {
                        (Some(_), _, _) => Ok(()),
                        (None, Some(list), _) => list.push(&mut out, &report),
                        (None, None, Format::Jsonl) => {
                            let file = photo.path.display().to_string();
                            json_line(
                                &mut out,
                                &serde_json::json!({ "file": file, "report": report }),
                            )
                        }
                        (None, None, _) => out
                            .write_all(rendered.as_bytes())
                            .and_then(|()| out.flush()),
                    }
                }
                Err(message) => {
                    tally.unreadable += 1;
                    let line = format!("error: `{}`: {message}", photo.path.display());
                    eprintln!("{}", render::text::terminal_safe(&line));
                    if args.out.is_none() && args.format == Format::Jsonl {
                        let file = photo.path.display().to_string();
                        json_line(
                            &mut out,
                            &serde_json::json!({ "file": file, "error": message }),
                        )
                    } else {
                        Ok(())
                    }
                }
            });
            keep_first_error(&mut written, shown);
        },
    );
    progress.finish_and_clear();
    if let Some(list) = list {
        written = written.and(list.finish(&mut out));
    }
    if let Err(error) = written {
        eprintln!("error: the reports could not be written to standard output: {error}");
        return Exit::Internal;
    }
    if batch.is_batch() || args.out.is_some() {
        eprintln!("{}", tally.summary());
    }
    session::release_at_exit(photorules);
    tally.exit()
}

/// Check one photo; the rendered report is written to `--out` when given.
fn check_one(
    photorules: &Photorules,
    profile: &CompiledProfile,
    photo: &Photo,
    args: &Args,
    language: Option<Language>,
    signer: Option<&photorules::engine::signing::SigningKey>,
) -> Result<(Report, String), String> {
    let path = photo.path.as_path();
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
        Format::Jsonl => serde_json::to_string(&checked.report).map_err(|e| e.to_string())? + "\n",
        Format::Html => {
            let png = checked
                .annotated_png(profile, HTML_PHOTO_SIDE)
                .map_err(|e| format!("the annotated photo could not be drawn: {e}"))?;
            render::html::render(&checked.report, Some(&png))
        }
    };
    if let Some(dir) = &args.out {
        write_report_file(dir, photo, args.format, &rendered)?;
    }
    Ok((checked.report, rendered))
}

/// `DIR/STEM.report.EXT`, the photo's sub-folders made inside DIR.
fn write_report_file(
    dir: &Path,
    photo: &Photo,
    format: Format,
    rendered: &str,
) -> Result<(), String> {
    let target = photo.output_path(dir, &format!(".report.{}", format.extension()));
    inputs::make_parent(&target)?;
    std::fs::write(&target, rendered)
        .map_err(|e| format!("cannot write `{}`: {e}", target.display()))
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
