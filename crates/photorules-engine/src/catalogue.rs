//! The catalogue people read: `docs/profiles/`, one Markdown page per document and an index by
//! country, generated from the compiled profiles so that it cannot drift from them (a test
//! compares the committed pages with these functions' output).

use std::collections::BTreeMap;
use std::fmt::Write;

use photorules_core::ir::{Check, CompiledProfile, Format, Provenance, Rule, Status};

use crate::describe;

/// Where a profile's page lives under `docs/profiles/`: `kz/driving-licence.md`.
pub fn page_path(profile_id: &str) -> String {
    format!("{profile_id}.md")
}

/// Escape what would break a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// One document's page: what it is, its formats, every requirement with its source, clause,
/// status and what we inferred, its sources with their addresses, and its languages.
pub fn page(profile: &CompiledProfile) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} (`{}`)\n", profile.title, profile.id);
    let _ = writeln!(
        out,
        "<!-- Generated from rules/{}.rules and its bases by photorules-engine's catalogue; \
         regenerate with `UPDATE_DOCS=1 cargo test -p photorules --test catalogue`. -->\n",
        profile.id
    );
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| jurisdiction | {} |", profile.jurisdiction);
    let _ = writeln!(out, "| document | {} |", profile.document);
    let _ = writeln!(
        out,
        "| version | {} (effective {}) |",
        profile.version, profile.effective
    );
    let _ = writeln!(out, "| built on | {} |", profile.chain.join(" → "));
    let languages = if profile.languages.is_empty() {
        "en".to_string()
    } else {
        profile.languages.join(", ")
    };
    let _ = writeln!(out, "| languages | {languages} |");
    for (language, title) in &profile.title_translations {
        let _ = writeln!(out, "| title ({language}) | {} |", cell(title));
    }
    let counts = status_counts(profile);
    let _ = writeln!(
        out,
        "| rules | {} ({} official, {} official-general, {} inferred; {} confirmed by hand) |\n",
        profile.rules.len(),
        counts.official,
        counts.general,
        counts.inferred,
        counts.manual
    );

    out.push_str("## Formats\n\n");
    if profile.formats.is_empty() {
        out.push_str(
            "No print or file format is stated; geometry is checked as fractions of the photo.\n\n",
        );
    } else {
        out.push_str("| format | what | source | status |\n|---|---|---|---|\n");
        for format in &profile.formats {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                format.name,
                cell(&format_summary(format)),
                cell(&citation(profile, &format.provenance)),
                format.provenance.status.as_str()
            );
        }
        out.push('\n');
    }

    out.push_str("## Requirements\n\n");
    out.push_str(
        "| rule | requirement | severity | source, clause | status |\n|---|---|---|---|---|\n",
    );
    for rule in &profile.rules {
        let _ = writeln!(
            out,
            "| `{}` {} | {} | {} | {} | {} |",
            rule.id,
            cell(&rule.title),
            cell(&requirement(rule)),
            rule.severity.as_str(),
            cell(&citation(profile, &rule.provenance)),
            rule.provenance.status.as_str()
        );
    }
    out.push('\n');

    let inferred: Vec<&Rule> = profile
        .rules
        .iter()
        .filter(|r| r.provenance.status == Status::Inferred)
        .collect();
    if !inferred.is_empty() {
        out.push_str("## What is inferred, and why\n\n");
        for rule in inferred {
            let _ = writeln!(
                out,
                "- `{}`: {}",
                rule.id,
                rule.provenance
                    .reason
                    .as_deref()
                    .unwrap_or("(no reason recorded)")
            );
        }
        out.push('\n');
    }

    let fixes: Vec<&Rule> = profile.rules.iter().filter(|r| r.fix.is_some()).collect();
    if !fixes.is_empty() {
        out.push_str("## What the applicant is told when a rule fails\n\n");
        for rule in fixes {
            let _ = writeln!(
                out,
                "- `{}`: {}",
                rule.id,
                rule.fix.as_deref().unwrap_or_default()
            );
            for (language, texts) in &rule.translations {
                if let Some(fix) = &texts.fix {
                    let _ = writeln!(out, "  - ({language}) {fix}");
                }
            }
        }
        out.push('\n');
    }

    out.push_str("## Sources\n\n");
    for source in &profile.sources {
        let address = source
            .url
            .as_deref()
            .map(|u| format!(" — <{u}>"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- `{}`: {} ({}; {}, verified {}){address}",
            source.id,
            source.title,
            source.authority,
            source.status.as_str(),
            source.verified
        );
    }
    out
}

/// The index: every document by jurisdiction, with its title and how far it can be trusted.
pub fn index(profiles: &[CompiledProfile]) -> String {
    let mut by_jurisdiction: BTreeMap<&str, Vec<&CompiledProfile>> = BTreeMap::new();
    for profile in profiles {
        by_jurisdiction
            .entry(profile.jurisdiction.as_str())
            .or_default()
            .push(profile);
    }
    let mut out = String::from("# Documents\n\n");
    let _ = writeln!(
        out,
        "<!-- Generated from rules/ by photorules-engine's catalogue; regenerate with \
         `UPDATE_DOCS=1 cargo test -p photorules --test catalogue`. -->\n"
    );
    // A base (a national `document base`, or an international baseline) is not a document.
    let is_base = |p: &CompiledProfile| p.document == "base" || p.jurisdiction == "international";
    let documents: Vec<&CompiledProfile> = profiles.iter().filter(|p| !is_base(p)).collect();
    let countries: std::collections::BTreeSet<&str> =
        documents.iter().map(|p| p.jurisdiction.as_str()).collect();
    let _ = writeln!(
        out,
        "{} documents in {} jurisdictions, on {} shared bases. Each page lists a document's \
         requirements with the source, clause, status and what is inferred.\n",
        documents.len(),
        countries.len(),
        profiles.len() - documents.len()
    );
    for (jurisdiction, profiles) in by_jurisdiction {
        let _ = writeln!(out, "## {jurisdiction}\n");
        out.push_str("| document | title | rules | official / general / inferred | languages |\n|---|---|---|---|---|\n");
        for profile in profiles {
            let counts = status_counts(profile);
            let _ = writeln!(
                out,
                "| [`{}`]({}) | {} | {} | {} / {} / {} | {} |",
                profile.id,
                page_path(&profile.id),
                cell(&profile.title),
                profile.rules.len(),
                counts.official,
                counts.general,
                counts.inferred,
                if profile.languages.is_empty() {
                    "en".to_string()
                } else {
                    profile.languages.join(", ")
                }
            );
        }
        out.push('\n');
    }
    out
}

struct StatusCounts {
    official: usize,
    general: usize,
    inferred: usize,
    manual: usize,
}

fn status_counts(profile: &CompiledProfile) -> StatusCounts {
    let count = |s: Status| {
        profile
            .rules
            .iter()
            .filter(|r| r.provenance.status == s)
            .count()
    };
    StatusCounts {
        official: count(Status::Official),
        general: count(Status::OfficialGeneral),
        inferred: count(Status::Inferred),
        manual: profile
            .rules
            .iter()
            .filter(|r| matches!(r.check, Check::Manual))
            .count(),
    }
}

fn requirement(rule: &Rule) -> String {
    match &rule.check {
        Check::Manual => "confirmed by a person".to_string(),
        Check::Requirement { when, require } => {
            let required = with_metric(require);
            match when {
                Some(condition) => format!("{required}, when {}", with_metric(condition)),
                None => required,
            }
        }
    }
}

/// A requirement with the metric it reads named (a page has no title beside each number).
fn with_metric(expr: &photorules_core::ir::Expr) -> String {
    let described = describe::requirement(expr);
    match expr.metrics().as_slice() {
        [metric] if !described.contains(metric) => format!("`{metric}` {described}"),
        _ => described,
    }
}

fn citation(profile: &CompiledProfile, provenance: &Provenance) -> String {
    let title = profile
        .source(&provenance.source)
        .map(|s| s.title.as_str())
        .unwrap_or(provenance.source.as_str());
    match &provenance.clause {
        Some(clause) => format!("{title}, {clause}"),
        None => title.to_string(),
    }
}

fn format_summary(format: &Format) -> String {
    let mut parts = Vec::new();
    if let Some(size) = format.print_mm {
        parts.push(format!(
            "print {} × {} mm",
            describe::number(size.width),
            describe::number(size.height)
        ));
    }
    if let Some(size) = format.pixels {
        parts.push(format!("{} × {} px", size.width, size.height));
    }
    if let Some(size) = format.min_pixels {
        parts.push(format!("at least {} × {} px", size.width, size.height));
    }
    if let Some(size) = format.max_pixels {
        parts.push(format!("at most {} × {} px", size.width, size.height));
    }
    if let Some(dpi) = format.dpi {
        parts.push(format!("{} dpi", describe::number(dpi)));
    }
    if let Some(bytes) = format.max_bytes {
        parts.push(format!("at most {bytes} bytes"));
    }
    if !format.file_types.is_empty() {
        parts.push(format.file_types.join(", "));
    }
    if let Some(copies) = format.copies {
        parts.push(format!("{copies} copies"));
    }
    match format.colour {
        Some(true) => parts.push("colour".to_string()),
        Some(false) => parts.push("greyscale accepted".to_string()),
        None => {}
    }
    parts.join("; ")
}
