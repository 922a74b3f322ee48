//! A one-line summary of a compiled profile: what `photorules profiles` lists.

use photorules_core::ir::{Check, CompiledProfile, Status};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileSummary {
    pub id: String,
    pub title: String,
    pub jurisdiction: String,
    pub document: String,
    pub version: String,
    pub effective: String,
    /// The weakest status of the profile's sources and requirements: `inferred` as soon as one
    /// requirement is our reading.
    pub status: Status,
    /// The oldest verification date of its sources and requirements (YYYY-MM-DD).
    pub verified: String,
    /// Machine-checked rules.
    pub rules: usize,
    /// Items a person must confirm.
    pub manual: usize,
    /// This profile followed by its bases.
    pub chain: Vec<String>,
}

/// How much a status can be trusted: higher is stronger.
fn strength(status: Status) -> u8 {
    match status {
        Status::Official => 2,
        Status::OfficialGeneral => 1,
        Status::Inferred => 0,
    }
}

impl ProfileSummary {
    pub fn of(profile: &CompiledProfile) -> ProfileSummary {
        let provenances = profile
            .rules
            .iter()
            .map(|r| &r.provenance)
            .chain(profile.formats.iter().map(|f| &f.provenance));
        let statuses = profile
            .sources
            .iter()
            .map(|s| s.status)
            .chain(provenances.clone().map(|p| p.status));
        let status = statuses
            .min_by_key(|s| strength(*s))
            .unwrap_or(Status::Official);
        // YYYY-MM-DD sorts as text.
        let verified = profile
            .sources
            .iter()
            .map(|s| s.verified.as_str())
            .chain(provenances.map(|p| p.verified.as_str()))
            .min()
            .unwrap_or_default()
            .to_string();
        let manual = profile
            .rules
            .iter()
            .filter(|r| matches!(r.check, Check::Manual))
            .count();
        ProfileSummary {
            id: profile.id.clone(),
            title: profile.title.clone(),
            jurisdiction: profile.jurisdiction.clone(),
            document: profile.document.clone(),
            version: profile.version.clone(),
            effective: profile.effective.clone(),
            status,
            verified,
            rules: profile.rules.len() - manual,
            manual,
            chain: profile.chain.clone(),
        }
    }
}
