//! `photorules profiles`: the profiles under the rules root, with how far they can be trusted.

use photorules_dsl::compile::list_profiles;
use photorules_dsl::summary::ProfileSummary;

use crate::exit_code::Exit;
use crate::global::{self, Global};

/// List the profiles under `--rules`: id, title, jurisdiction, status (the weakest of its
/// sources and requirements), oldest verification date, number of rules.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Only the profiles of this jurisdiction (ISO 3166-1 alpha-2 code such as `KZ`, any case,
    /// or `international`).
    #[arg(long, value_name = "XX")]
    pub country: Option<String>,
    /// Only the profiles whose id, title, document kind or jurisdiction contain every one of
    /// these words (any case), e.g. `--search "residence permit"`.
    #[arg(long, value_name = "WORDS")]
    pub search: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

pub fn run(global: &Global, args: Args) -> Exit {
    if let Err(exit) = global::require_rules_dir(global) {
        return exit;
    }
    let catalogue = global::catalogue(global);
    let mut compiler = global::compiler(&catalogue);
    let mut summaries = Vec::new();
    let mut failed = Vec::new();
    let wanted = |jurisdiction: &str| {
        args.country
            .as_deref()
            .is_none_or(|country| country.eq_ignore_ascii_case(jurisdiction))
    };
    let words: Vec<String> = args
        .search
        .as_deref()
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    let found = |profile: &photorules_core::ir::CompiledProfile| {
        let mut text = format!(
            "{} {} {} {}",
            profile.id, profile.title, profile.document, profile.jurisdiction
        );
        for title in profile.title_translations.values() {
            text.push(' ');
            text.push_str(title);
        }
        let text = text.to_lowercase().replace('-', " ");
        words
            .iter()
            .all(|word| text.contains(&word.replace('-', " ")))
    };
    for (id, _) in list_profiles(&global.rules) {
        match compiler.compile_id(&global.rules, &id) {
            Some(profile) if wanted(&profile.jurisdiction) && found(&profile) => {
                summaries.push(ProfileSummary::of(&profile))
            }
            Some(_) => {}
            None => failed.push(id),
        }
    }
    if summaries.is_empty() && failed.is_empty() {
        if let Some(country) = &args.country {
            eprintln!("error: no profile has the jurisdiction `{country}`");
            return Exit::Findings;
        }
        if let Some(search) = &args.search {
            eprintln!("error: no profile matches `{search}`");
            return Exit::Findings;
        }
    }
    let diagnostics = compiler.take_diagnostics().sorted_unique();
    if diagnostics.has_errors() {
        global::eprint_diagnostics(
            global.error_format(),
            diagnostics.iter().filter(|d| d.is_error()),
        );
    }
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&summaries) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: cannot write the list as JSON: {e}");
                return Exit::Internal;
            }
        },
        Format::Table => {
            print!("{}", table(&summaries));
            println!("{}", tally(&summaries));
        }
    }
    if failed.is_empty() {
        Exit::Success
    } else {
        eprintln!(
            "error: {} profile{} did not compile: {}",
            failed.len(),
            if failed.len() == 1 { "" } else { "s" },
            failed.join(", ")
        );
        Exit::Profile
    }
}

/// Columns padded to their widest cell (widths counted in characters).
fn table(summaries: &[ProfileSummary]) -> String {
    let header = [
        "ID",
        "TITLE",
        "JURISDICTION",
        "STATUS",
        "VERIFIED",
        "RULES",
        "MANUAL",
    ];
    let rows: Vec<[String; 7]> = summaries
        .iter()
        .map(|s| {
            [
                s.id.clone(),
                s.title.clone(),
                s.jurisdiction.clone(),
                s.status.as_str().to_string(),
                s.verified.clone(),
                s.rules.to_string(),
                s.manual.to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell}{}", " ".repeat(width - cell.chars().count())))
            .collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = line(header.to_vec());
    for row in &rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

/// The closing line of the table: how many documents in how many jurisdictions, bases apart.
/// A base holds what documents share and is not a document itself: a national base
/// (`document base`) or an international baseline such as `icao/base`.
fn tally(summaries: &[ProfileSummary]) -> String {
    let is_base = |s: &ProfileSummary| s.document == "base" || s.jurisdiction == "international";
    let documents: Vec<&ProfileSummary> = summaries.iter().filter(|s| !is_base(s)).collect();
    let jurisdictions: std::collections::BTreeSet<&str> =
        documents.iter().map(|s| s.jurisdiction.as_str()).collect();
    let bases = summaries.len() - documents.len();
    format!(
        "{} document{} in {} jurisdiction{}, and {} shared base{}",
        documents.len(),
        if documents.len() == 1 { "" } else { "s" },
        jurisdictions.len(),
        if jurisdictions.len() == 1 { "" } else { "s" },
        bases,
        if bases == 1 { "" } else { "s" },
    )
}
