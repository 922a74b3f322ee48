//! The profiles the service offers: compiled once at start, listed grouped by country.
//!
//! Only ids found under the rules root are accepted: a request can never make the server
//! compile a file by path.

use std::collections::BTreeMap;
use std::sync::Arc;

use photorules::Photorules;
use photorules::core::ir::{CompiledProfile, Size, Status};
use photorules::dsl::summary::ProfileSummary;
use serde::Serialize;

use crate::error::ApiError;

/// What `GET /api/profiles` answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileList {
    /// One group per jurisdiction, sorted by country name; `international` last.
    pub groups: Vec<ProfileGroup>,
    /// Profiles found under the rules root that do not compile (not offered).
    pub not_compiled: Vec<NotCompiled>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileGroup {
    /// As the profiles give it: an ISO 3166-1 alpha-2 code or `international`.
    pub jurisdiction: String,
    /// The country's English name (or `International`).
    pub country: String,
    pub profiles: Vec<ProfileEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileEntry {
    /// What `photorules profiles --format json` lists: id, title, jurisdiction, document,
    /// version, effective, status (the weakest of its sources and requirements), verified
    /// (the oldest verification date), rules, manual, chain.
    #[serde(flatten)]
    pub summary: ProfileSummary,
    /// The status in words, for people.
    pub trust: String,
    /// The formats a photo can be prepared for.
    pub formats: Vec<FormatEntry>,
    /// The languages the profile's texts are written in (its first is the default).
    pub languages: Vec<String>,
    /// The title in each further language, by ISO 639-1 code.
    pub title_translations: BTreeMap<String, String>,
    /// A national or international base that documents extend (`document base`), offered for
    /// checks against the shared requirements alone.
    pub base: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormatEntry {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub print_mm: Option<Size>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pixels: Option<Size>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub file_types: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotCompiled {
    pub id: String,
    pub detail: String,
}

/// The compiled profiles and their listing.
#[derive(Debug)]
pub(crate) struct Profiles {
    compiled: BTreeMap<String, Arc<CompiledProfile>>,
    failed: BTreeMap<String, String>,
    list: ProfileList,
}

impl Profiles {
    pub(crate) fn load(photorules: &Photorules) -> Profiles {
        let mut compiled = BTreeMap::new();
        let mut failed = BTreeMap::new();
        for id in photorules.profile_ids() {
            match photorules.compile(&id) {
                Ok(profile) => {
                    compiled.insert(id, profile);
                }
                Err(error) => {
                    failed.insert(id, error.to_string());
                }
            }
        }
        let list = listing(&compiled, &failed);
        Profiles {
            compiled,
            failed,
            list,
        }
    }

    pub(crate) fn list(&self) -> &ProfileList {
        &self.list
    }

    /// The compiled profile `id`: 404 with the closest id when there is none, 422 when it
    /// does not compile.
    pub(crate) fn get(&self, id: &str) -> Result<Arc<CompiledProfile>, ApiError> {
        if let Some(profile) = self.compiled.get(id) {
            return Ok(Arc::clone(profile));
        }
        if let Some(why) = self.failed.get(id) {
            return Err(ApiError::profile(why.clone()));
        }
        let ids = self.compiled.keys().chain(self.failed.keys());
        let hint = photorules::core::suggest::closest(id, ids.map(String::as_str))
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        Err(ApiError::unknown_profile(format!(
            "no profile `{id}`{hint}"
        )))
    }
}

fn listing(
    compiled: &BTreeMap<String, Arc<CompiledProfile>>,
    failed: &BTreeMap<String, String>,
) -> ProfileList {
    let mut groups: BTreeMap<(bool, String, String), Vec<ProfileEntry>> = BTreeMap::new();
    for profile in compiled.values() {
        let jurisdiction = profile.jurisdiction.clone();
        let international = jurisdiction == "international";
        let country = country_name(&jurisdiction);
        groups
            .entry((international, country, jurisdiction))
            .or_default()
            .push(entry(profile));
    }
    ProfileList {
        groups: groups
            .into_iter()
            .map(|((_, country, jurisdiction), profiles)| ProfileGroup {
                jurisdiction,
                country,
                profiles,
            })
            .collect(),
        not_compiled: failed
            .iter()
            .map(|(id, detail)| NotCompiled {
                id: id.clone(),
                detail: detail.clone(),
            })
            .collect(),
    }
}

fn entry(profile: &CompiledProfile) -> ProfileEntry {
    let summary = ProfileSummary::of(profile);
    ProfileEntry {
        trust: trust(summary.status).to_string(),
        summary,
        formats: profile
            .formats
            .iter()
            .map(|f| FormatEntry {
                name: f.name.clone(),
                print_mm: f.print_mm,
                pixels: f.pixels,
                file_types: f.file_types.clone(),
            })
            .collect(),
        languages: profile.languages.clone(),
        title_translations: profile.title_translations.clone(),
        base: profile.document == "base",
    }
}

/// The status, said for someone choosing a document.
fn trust(status: Status) -> &'static str {
    match status {
        Status::Official => "official: every requirement is quoted from the document's own rules",
        Status::OfficialGeneral => {
            "official, general: some requirements come from general rules the document points to"
        }
        Status::Inferred => "inferred: some requirements are our reading, with the reason recorded",
    }
}

fn country_name(jurisdiction: &str) -> String {
    if let Some((_, name)) = photorules::dsl::compile::UNION_JURISDICTIONS
        .iter()
        .find(|(code, _)| *code == jurisdiction)
    {
        return name.to_string();
    }
    match isocountry::CountryCode::for_alpha2(jurisdiction) {
        Ok(code) => code.name().to_string(),
        Err(_) => {
            let mut chars = jurisdiction.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_are_named() {
        assert_eq!(country_name("KZ"), "Kazakhstan");
        assert_eq!(country_name("international"), "International");
    }
}
