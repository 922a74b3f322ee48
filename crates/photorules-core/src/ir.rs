//! The compiled profile (IR): a profile with its `extends` chain flattened, every metric name
//! resolved against the catalogue and every number converted to its metric's canonical unit.
//!
//! It is what `photorules compile` prints, what the engine evaluates and what a decision record
//! pins down by hash; `schema/profile.schema.json` is generated from these types.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::unit::WrittenUnit;

/// Version of the IR layout; bumped on any incompatible change.
pub const IR_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompiledProfile {
    pub ir_version: u32,
    /// Path-like id, e.g. `kz/driving-licence`.
    pub id: String,
    pub title: String,
    /// ISO 3166-1 alpha-2 code, or `international` for baselines such as ICAO 9303.
    pub jurisdiction: String,
    /// Document kind, e.g. `driving-licence`, `passport`.
    pub document: String,
    /// The profile's own version, e.g. `1.0.0`.
    pub version: String,
    /// Date (YYYY-MM-DD) from which the profile's requirements apply.
    pub effective: String,
    /// This profile followed by its bases, nearest first: `[kz/driving-licence, icao/base]`.
    pub chain: Vec<String>,
    /// Every rules file that went into this profile, with its SHA-256.
    pub files: Vec<ProfileFile>,
    pub sources: Vec<Source>,
    pub formats: Vec<Format>,
    pub rules: Vec<Rule>,
    /// Inherited rules a profile in the chain removed, kept so that reports can say so.
    pub removed: Vec<RemovedRule>,
    /// Parameters the profile gives plugins (`plugin NAME { … }` blocks), by plugin name: the
    /// object the plugin receives on every call, its keys the parameter names of the plugin's
    /// manifest. Inherited from the bases, merged key by key (`override plugin`). A plugin the
    /// profile gives nothing runs with its own defaults.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub plugin_params: BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
    /// Languages the profile's person-facing texts are written in (`languages en, kk, ru`),
    /// the first being that of the plain `title`/`fix` keys. Empty when the profile declares
    /// none: its texts are English.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// The profile's title in other languages (`title.kk`), by language code.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub title_translations: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProfileFile {
    pub profile: String,
    /// Path as given to the compiler (relative to the rules root where there is one).
    pub path: String,
    pub sha256: String,
}

/// How far a requirement can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Text specific to this document.
    Official,
    /// A general requirements file the document points to.
    OfficialGeneral,
    /// Our reading; a reason is always recorded.
    Inferred,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Official => "official",
            Status::OfficialGeneral => "official-general",
            Status::Inferred => "inferred",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub authority: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Document reference, e.g. "Order № 11-1-4/149, Annex 2, item 8, sub-item 4".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Date (YYYY-MM-DD) the source was last checked against its public text.
    pub verified: String,
    pub status: Status,
    /// Mandatory when `status` is `inferred`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The profile that declared the source.
    pub profile: String,
}

/// An output format the document accepts: print, digital upload, or both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Format {
    /// Name given in the profile, e.g. `print` or `digital`.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub print_mm: Option<Size>,
    /// Exact pixel size, when the document fixes one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pixels: Option<Size>,
    /// Smallest accepted pixel size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_pixels: Option<Size>,
    /// Largest accepted pixel size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pixels: Option<Size>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dpi: Option<f64>,
    /// Colour required (`Some(true)`), greyscale accepted (`Some(false)`), unsaid (`None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copies: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_bytes: Option<u64>,
    /// Accepted file types, lower case (`jpeg`, `png`); empty when unsaid.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub file_types: Vec<String>,
    pub provenance: Provenance,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// A failure rejects the photo.
    Reject,
    /// A failure is reported but does not reject.
    Warn,
    /// Guidance only.
    Advise,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Reject => "reject",
            Severity::Warn => "warn",
            Severity::Advise => "advise",
        }
    }
}

/// Where a requirement comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Provenance {
    /// Id of an entry of [`CompiledProfile::sources`].
    pub source: String,
    /// Clause within the source, e.g. "Annex 2, item 8, sub-item 4".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// The source's words, quoted, in the source's language.
    pub quote: String,
    /// An English translation of `quote` when the source is in another language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
    /// The rule's own status: inherited from the source unless the rule states one.
    pub status: Status,
    /// Why we read it so; present whenever `status` is `inferred`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Verification date (YYYY-MM-DD): the rule's own, else the source's.
    pub verified: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Rule {
    /// Dotted id, e.g. `geometry.head_height`.
    pub id: String,
    pub title: String,
    /// One sentence telling the applicant what to do when the rule fails; `{measured}` and
    /// `{required}` are replaced by the rule's measured values and requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// `title` and `fix` in other languages, by language code.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, Texts>,
    pub severity: Severity,
    pub check: Check,
    pub provenance: Provenance,
    pub origin: Origin,
    /// When this rule replaced an inherited one: the profile that had defined it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overrides: Option<String>,
}

/// A rule's person-facing texts in one language; a text not given falls back to the profile's
/// first language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Texts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Rule {
    /// The rule's title in `language`, or its own.
    pub fn title_in(&self, language: &str) -> &str {
        self.translations
            .get(language)
            .and_then(|t| t.title.as_deref())
            .unwrap_or(&self.title)
    }

    /// The rule's fix sentence in `language`, or its own.
    pub fn fix_in(&self, language: &str) -> Option<&str> {
        self.translations
            .get(language)
            .and_then(|t| t.fix.as_deref())
            .or(self.fix.as_deref())
    }
}

impl CompiledProfile {
    /// The profile's title in `language`, or its own.
    pub fn title_in(&self, language: &str) -> &str {
        self.title_translations
            .get(language)
            .map(String::as_str)
            .unwrap_or(&self.title)
    }
}

/// Where a rule is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Origin {
    pub profile: String,
    pub file: String,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Check {
    /// A machine-checkable requirement; `when` limits it to photos where the condition holds.
    Requirement {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        when: Option<Expr>,
        require: Expr,
    },
    /// A requirement no photo can prove: a person must confirm it.
    Manual,
}

/// A number as the profile wrote it, kept for human-readable reports ("32–36 mm").
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Written {
    pub value: f64,
    pub unit: WrittenUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum CmpOp {
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "==")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
        }
    }

    pub fn holds(self, left: f64, right: f64) -> bool {
        match self {
            CmpOp::Lt => left < right,
            CmpOp::Le => left <= right,
            CmpOp::Gt => left > right,
            CmpOp::Ge => left >= right,
            CmpOp::Eq => left == right,
            CmpOp::Ne => left != right,
        }
    }
}

/// A requirement over metrics. Numbers are already in the metric's canonical unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Expr {
    /// `metric OP value`.
    Compare {
        metric: String,
        cmp: CmpOp,
        value: f64,
        written: Written,
    },
    /// `metric in lo .. hi` (both ends inclusive).
    Between {
        metric: String,
        lo: f64,
        hi: f64,
        written_lo: Written,
        written_hi: Written,
    },
    /// `metric is true|false`.
    Is {
        metric: String,
        value: bool,
    },
    /// `metric in ["jpeg", "png"]` for text metrics.
    OneOf {
        metric: String,
        values: Vec<String>,
    },
    All {
        all: Vec<Expr>,
    },
    Any {
        any: Vec<Expr>,
    },
    Not {
        not: Box<Expr>,
    },
}

impl Expr {
    /// Every metric the expression reads, in order of appearance.
    pub fn metrics(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_metrics(&mut out);
        out
    }

    fn collect_metrics<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Expr::Compare { metric, .. }
            | Expr::Between { metric, .. }
            | Expr::Is { metric, .. }
            | Expr::OneOf { metric, .. } => out.push(metric),
            Expr::All { all: items } | Expr::Any { any: items } => {
                items.iter().for_each(|e| e.collect_metrics(out))
            }
            Expr::Not { not } => not.collect_metrics(out),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RemovedRule {
    pub id: String,
    /// The profile whose rule was removed.
    pub from: String,
    /// The profile that removed it.
    pub by: String,
    /// Why, as written in the profile.
    pub reason: String,
}

impl CompiledProfile {
    /// The print size of the first format that has one: what mm requirements are relative to.
    pub fn print_size_mm(&self) -> Option<Size> {
        self.formats.iter().find_map(|f| f.print_mm)
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The parameters object to pass plugin `plugin` on a call: what the profile gives it, or
    /// an empty object (the plugin's defaults).
    pub fn params_for_plugin(&self, plugin: &str) -> serde_json::Value {
        serde_json::Value::Object(self.plugin_params.get(plugin).cloned().unwrap_or_default())
    }
}
