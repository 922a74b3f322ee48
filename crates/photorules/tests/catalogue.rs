//! The catalogue people read (`docs/profiles/`) is generated from the shipped profiles and must
//! match them; and every shipped rule can be traced to a source.
//! Regenerate the pages with `UPDATE_DOCS=1 cargo test -p photorules --test catalogue`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};

use photorules::core::ir::Status;
use photorules::engine::catalogue;

fn docs() -> PathBuf {
    common::repo().join("docs/profiles")
}

/// Every `.md` file under `dir`, as paths relative to it.
fn pages_under(dir: &Path, prefix: &str, found: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let path = entry.path();
        if path.is_dir() {
            pages_under(&path, &format!("{prefix}{name}/"), found);
        } else if name.ends_with(".md") {
            found.push(format!("{prefix}{name}"));
        }
    }
}

#[test]
fn the_profile_pages_are_generated_from_the_profiles() {
    let library = common::library();
    let ids = library.profile_ids();
    let profiles: Vec<_> = ids
        .iter()
        .map(|id| (*common::profile(id)).clone())
        .collect();
    let mut wanted: Vec<(String, String)> = profiles
        .iter()
        .map(|p| (catalogue::page_path(&p.id), catalogue::page(p)))
        .collect();
    wanted.push(("README.md".to_string(), catalogue::index(&profiles)));
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let mut stale = Vec::new();
    for (path, text) in &wanted {
        let target = docs().join(path);
        if update {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(&target, text).unwrap();
        } else if std::fs::read_to_string(&target).ok().as_deref() != Some(text.as_str()) {
            stale.push(path.clone());
        }
    }
    let mut committed = Vec::new();
    pages_under(&docs(), "", &mut committed);
    let orphans: Vec<&String> = committed
        .iter()
        .filter(|p| !wanted.iter().any(|(w, _)| w == *p))
        .collect();
    assert!(
        stale.is_empty() && orphans.is_empty(),
        "docs/profiles is stale ({stale:?}) or has pages of no profile ({orphans:?}): run \
         `UPDATE_DOCS=1 cargo test -p photorules --test catalogue`"
    );
}

#[test]
fn every_shipped_rule_has_a_source_a_quote_and_a_date_and_every_inference_a_reason() {
    let library = common::library();
    let mut problems = Vec::new();
    for id in library.profile_ids() {
        let profile = common::profile(&id);
        for rule in &profile.rules {
            let p = &rule.provenance;
            let here = format!(
                "{id} {} ({}:{})",
                rule.id, rule.origin.file, rule.origin.line
            );
            match profile.source(&p.source) {
                None => problems.push(format!("{here}: source `{}` not declared", p.source)),
                Some(source) if source.url.is_none() && source.reference.is_none() => {
                    problems.push(format!("{here}: source `{}` has no address", source.id))
                }
                Some(_) => {}
            }
            if p.quote.trim().is_empty() {
                problems.push(format!("{here}: no quote"));
            }
            if p.verified.trim().is_empty() {
                problems.push(format!("{here}: no verification date"));
            }
            if p.status == Status::Inferred
                && p.reason.as_deref().is_none_or(|r| r.trim().is_empty())
            {
                problems.push(format!("{here}: inferred without a reason"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
