//! What changed between two versions of a compiled profile, for reviewing an amendment: header
//! fields, sources, formats, rules added and removed, bands and thresholds moved, severities
//! and provenance changed, plugin parameters given, changed or dropped.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use photorules_core::ir::{
    Check, CompiledProfile, Expr, Format, Provenance, Rule, Source, Written,
};
use photorules_core::unit::WrittenUnit;
use serde::Serialize;

/// The changes from `old` to `new`, in the order: profile, sources, formats, rules, plugin
/// parameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileDiff {
    pub old: Version,
    pub new: Version,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Version {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Change {
    /// A header field (title, version, effective, …) changed.
    Profile {
        field: String,
        old: String,
        new: String,
    },
    SourceAdded {
        id: String,
    },
    SourceRemoved {
        id: String,
    },
    Source {
        id: String,
        field: String,
        old: String,
        new: String,
    },
    FormatAdded {
        name: String,
    },
    FormatRemoved {
        name: String,
    },
    Format {
        name: String,
        field: String,
        old: String,
        new: String,
    },
    RuleAdded {
        id: String,
        title: String,
    },
    RuleRemoved {
        id: String,
        title: String,
    },
    /// A range or threshold of the same requirement moved (values as written).
    BandMoved {
        id: String,
        metric: String,
        old: String,
        new: String,
    },
    /// Any other change of a rule: title, severity, requirement, condition, provenance, origin.
    Rule {
        id: String,
        field: String,
        old: String,
        new: String,
    },
    /// A plugin parameter given, changed or no longer given (values as JSON, absent as null).
    PluginParameter {
        plugin: String,
        key: String,
        old: Option<serde_json::Value>,
        new: Option<serde_json::Value>,
    },
}

pub fn diff(old: &CompiledProfile, new: &CompiledProfile) -> ProfileDiff {
    let mut changes = Vec::new();
    header(old, new, &mut changes);
    sources(&old.sources, &new.sources, &mut changes);
    formats(&old.formats, &new.formats, &mut changes);
    rules(&old.rules, &new.rules, &mut changes);
    plugin_params(old, new, &mut changes);
    ProfileDiff {
        old: Version {
            id: old.id.clone(),
            version: old.version.clone(),
        },
        new: Version {
            id: new.id.clone(),
            version: new.version.clone(),
        },
        changes,
    }
}

fn header(old: &CompiledProfile, new: &CompiledProfile, out: &mut Vec<Change>) {
    let fields = [
        ("id", &old.id, &new.id),
        ("title", &old.title, &new.title),
        ("jurisdiction", &old.jurisdiction, &new.jurisdiction),
        ("document", &old.document, &new.document),
        ("version", &old.version, &new.version),
        ("effective", &old.effective, &new.effective),
    ];
    let languages = (old.languages.join(", "), new.languages.join(", "));
    let titles = |p: &CompiledProfile| {
        p.title_translations
            .iter()
            .map(|(language, title)| format!("{language}: {title}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let translated = (titles(old), titles(new));
    let fields = fields.into_iter().chain([
        ("languages", &languages.0, &languages.1),
        ("title translations", &translated.0, &translated.1),
    ]);
    for (field, a, b) in fields {
        if a != b {
            out.push(Change::Profile {
                field: field.into(),
                old: a.clone(),
                new: b.clone(),
            });
        }
    }
    let (a, b) = (old.chain.get(1..), new.chain.get(1..));
    if a != b {
        let show = |c: Option<&[String]>| c.map(|c| c.join(" → ")).unwrap_or_default();
        out.push(Change::Profile {
            field: "extends".into(),
            old: show(a),
            new: show(b),
        });
    }
}

/// Pairs of (field, old, new) that differ.
fn fields_changed<'a>(
    pairs: impl IntoIterator<Item = (&'a str, String, String)>,
) -> Vec<(String, String, String)> {
    pairs
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(f, a, b)| (f.to_string(), a, b))
        .collect()
}

fn opt(value: &Option<impl ToString>) -> String {
    value.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn sources(old: &[Source], new: &[Source], out: &mut Vec<Change>) {
    let old_by: BTreeMap<&str, &Source> = old.iter().map(|s| (s.id.as_str(), s)).collect();
    let new_by: BTreeMap<&str, &Source> = new.iter().map(|s| (s.id.as_str(), s)).collect();
    for s in old.iter().filter(|s| !new_by.contains_key(s.id.as_str())) {
        out.push(Change::SourceRemoved { id: s.id.clone() });
    }
    for s in new {
        let Some(o) = old_by.get(s.id.as_str()) else {
            out.push(Change::SourceAdded { id: s.id.clone() });
            continue;
        };
        for (field, old, new) in fields_changed([
            ("title", o.title.clone(), s.title.clone()),
            ("authority", o.authority.clone(), s.authority.clone()),
            ("url", opt(&o.url), opt(&s.url)),
            ("reference", opt(&o.reference), opt(&s.reference)),
            ("verified", o.verified.clone(), s.verified.clone()),
            ("status", o.status.as_str().into(), s.status.as_str().into()),
            ("reason", opt(&o.reason), opt(&s.reason)),
            ("profile", o.profile.clone(), s.profile.clone()),
        ]) {
            out.push(Change::Source {
                id: s.id.clone(),
                field,
                old,
                new,
            });
        }
    }
}

fn size(s: &Option<photorules_core::ir::Size>) -> String {
    s.map(|s| format!("{} x {}", s.width, s.height))
        .unwrap_or_default()
}

fn formats(old: &[Format], new: &[Format], out: &mut Vec<Change>) {
    let old_by: BTreeMap<&str, &Format> = old.iter().map(|f| (f.name.as_str(), f)).collect();
    let new_by: BTreeMap<&str, &Format> = new.iter().map(|f| (f.name.as_str(), f)).collect();
    for f in old.iter().filter(|f| !new_by.contains_key(f.name.as_str())) {
        out.push(Change::FormatRemoved {
            name: f.name.clone(),
        });
    }
    for f in new {
        let Some(o) = old_by.get(f.name.as_str()) else {
            out.push(Change::FormatAdded {
                name: f.name.clone(),
            });
            continue;
        };
        let colour = |c: Option<bool>| match c {
            Some(true) => "required".to_string(),
            Some(false) => "accepted".to_string(),
            None => String::new(),
        };
        let mut changed = fields_changed([
            ("size (mm)", size(&o.print_mm), size(&f.print_mm)),
            ("pixels", size(&o.pixels), size(&f.pixels)),
            ("min-pixels", size(&o.min_pixels), size(&f.min_pixels)),
            ("max-pixels", size(&o.max_pixels), size(&f.max_pixels)),
            ("dpi", opt(&o.dpi), opt(&f.dpi)),
            ("colour", colour(o.colour), colour(f.colour)),
            ("copies", opt(&o.copies), opt(&f.copies)),
            ("max-bytes", opt(&o.max_bytes), opt(&f.max_bytes)),
            (
                "file-types",
                o.file_types.join(", "),
                f.file_types.join(", "),
            ),
        ]);
        changed.extend(provenance_changes(&o.provenance, &f.provenance));
        for (field, old, new) in changed {
            out.push(Change::Format {
                name: f.name.clone(),
                field,
                old,
                new,
            });
        }
    }
}

fn provenance_changes(o: &Provenance, n: &Provenance) -> Vec<(String, String, String)> {
    fields_changed([
        ("provenance.source", o.source.clone(), n.source.clone()),
        ("provenance.clause", opt(&o.clause), opt(&n.clause)),
        ("provenance.quote", o.quote.clone(), n.quote.clone()),
        (
            "provenance.status",
            o.status.as_str().into(),
            n.status.as_str().into(),
        ),
        ("provenance.reason", opt(&o.reason), opt(&n.reason)),
        (
            "provenance.verified",
            o.verified.clone(),
            n.verified.clone(),
        ),
    ])
}

fn rules(old: &[Rule], new: &[Rule], out: &mut Vec<Change>) {
    let old_by: BTreeMap<&str, &Rule> = old.iter().map(|r| (r.id.as_str(), r)).collect();
    let new_by: BTreeMap<&str, &Rule> = new.iter().map(|r| (r.id.as_str(), r)).collect();
    for r in old.iter().filter(|r| !new_by.contains_key(r.id.as_str())) {
        out.push(Change::RuleRemoved {
            id: r.id.clone(),
            title: r.title.clone(),
        });
    }
    for r in new {
        let Some(o) = old_by.get(r.id.as_str()) else {
            out.push(Change::RuleAdded {
                id: r.id.clone(),
                title: r.title.clone(),
            });
            continue;
        };
        rule(o, r, out);
    }
}

fn rule(o: &Rule, r: &Rule, out: &mut Vec<Change>) {
    let id = &r.id;
    let mut push = |field: &str, old: String, new: String| {
        out.push(Change::Rule {
            id: id.clone(),
            field: field.into(),
            old,
            new,
        })
    };
    if o.title != r.title {
        push("title", o.title.clone(), r.title.clone());
    }
    if o.fix != r.fix {
        push(
            "fix",
            o.fix.clone().unwrap_or_default(),
            r.fix.clone().unwrap_or_default(),
        );
    }
    // A translated text is a change a reader sees: `title.kk`, `fix.ru`.
    let languages: std::collections::BTreeSet<&String> =
        o.translations.keys().chain(r.translations.keys()).collect();
    for language in languages {
        let (old, new) = (o.translations.get(language), r.translations.get(language));
        let text = |t: Option<&photorules_core::ir::Texts>, fix: bool| {
            t.and_then(|t| if fix { t.fix.clone() } else { t.title.clone() })
                .unwrap_or_default()
        };
        for (key, fix) in [("title", false), ("fix", true)] {
            if text(old, fix) != text(new, fix) {
                push(&format!("{key}.{language}"), text(old, fix), text(new, fix));
            }
        }
    }
    if o.severity != r.severity {
        push(
            "severity",
            o.severity.as_str().into(),
            r.severity.as_str().into(),
        );
    }
    match (&o.check, &r.check) {
        (
            Check::Requirement {
                when: ow,
                require: oq,
            },
            Check::Requirement {
                when: nw,
                require: nq,
            },
        ) => {
            if ow != nw {
                let show = |w: &Option<Expr>| w.as_ref().map(render_expr).unwrap_or_default();
                push("when", show(ow), show(nw));
            }
            let mut moved = Vec::new();
            if same_shape(oq, nq, &mut moved) {
                for (metric, old, new) in moved {
                    out.push(Change::BandMoved {
                        id: id.clone(),
                        metric,
                        old,
                        new,
                    });
                }
            } else {
                out.push(Change::Rule {
                    id: id.clone(),
                    field: "require".into(),
                    old: render_expr(oq),
                    new: render_expr(nq),
                });
            }
        }
        (Check::Manual, Check::Manual) => {}
        (a, b) => out.push(Change::Rule {
            id: id.clone(),
            field: "check".into(),
            old: render_check(a),
            new: render_check(b),
        }),
    }
    for (field, old, new) in provenance_changes(&o.provenance, &r.provenance) {
        out.push(Change::Rule {
            id: id.clone(),
            field,
            old,
            new,
        });
    }
    let origin = |r: &Rule| r.origin.profile.clone();
    if origin(o) != origin(r) {
        out.push(Change::Rule {
            id: id.clone(),
            field: "defined in".into(),
            old: origin(o),
            new: origin(r),
        });
    }
}

/// Every parameter of every plugin that one side gives and the other does not, or gives another
/// value, plugins and keys in name order.
fn plugin_params(old: &CompiledProfile, new: &CompiledProfile, out: &mut Vec<Change>) {
    let plugins: std::collections::BTreeSet<&String> = old
        .plugin_params
        .keys()
        .chain(new.plugin_params.keys())
        .collect();
    let empty = serde_json::Map::new();
    for plugin in plugins {
        let o = old.plugin_params.get(plugin).unwrap_or(&empty);
        let n = new.plugin_params.get(plugin).unwrap_or(&empty);
        let keys: std::collections::BTreeSet<&String> = o.keys().chain(n.keys()).collect();
        for key in keys {
            let (a, b) = (o.get(key), n.get(key));
            if a != b {
                out.push(Change::PluginParameter {
                    plugin: plugin.clone(),
                    key: key.clone(),
                    old: a.cloned(),
                    new: b.cloned(),
                });
            }
        }
    }
}

/// True when the two requirements differ at most in their numbers; the moved numbers are
/// collected as (metric, old, new).
fn same_shape(a: &Expr, b: &Expr, moved: &mut Vec<(String, String, String)>) -> bool {
    match (a, b) {
        (
            Expr::Compare {
                metric: m1,
                cmp: c1,
                written: w1,
                value: v1,
            },
            Expr::Compare {
                metric: m2,
                cmp: c2,
                written: w2,
                value: v2,
            },
        ) if m1 == m2 && c1 == c2 => {
            if w1 != w2 || v1 != v2 {
                moved.push((
                    m1.clone(),
                    format!("{} {}", c1.symbol(), written(w1)),
                    format!("{} {}", c2.symbol(), written(w2)),
                ));
            }
            true
        }
        (
            Expr::Between {
                metric: m1,
                written_lo: l1,
                written_hi: h1,
                lo: a1,
                hi: b1,
            },
            Expr::Between {
                metric: m2,
                written_lo: l2,
                written_hi: h2,
                lo: a2,
                hi: b2,
            },
        ) if m1 == m2 => {
            if l1 != l2 || h1 != h2 || a1 != a2 || b1 != b2 {
                moved.push((
                    m1.clone(),
                    format!("{} .. {}", written(l1), written(h1)),
                    format!("{} .. {}", written(l2), written(h2)),
                ));
            }
            true
        }
        (Expr::All { all: x }, Expr::All { all: y })
        | (Expr::Any { any: x }, Expr::Any { any: y }) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_shape(a, b, moved))
        }
        (Expr::Not { not: x }, Expr::Not { not: y }) => same_shape(x, y, moved),
        (a, b) => a == b,
    }
}

fn render_check(check: &Check) -> String {
    match check {
        Check::Manual => "manual".to_string(),
        Check::Requirement {
            when: Some(w),
            require,
        } => format!("when {} require {}", render_expr(w), render_expr(require)),
        Check::Requirement {
            when: None,
            require,
        } => format!("require {}", render_expr(require)),
    }
}

/// A number as the profile wrote it: `32 mm`, `0.5 %`, `0.7`.
pub fn written(w: &Written) -> String {
    if w.unit == WrittenUnit::None {
        format!("{}", w.value)
    } else {
        format!("{} {}", w.value, w.unit.symbol())
    }
}

/// A requirement on one line, numbers as written.
pub fn render_expr(expr: &Expr) -> String {
    match expr {
        Expr::Compare {
            metric,
            cmp,
            written: w,
            ..
        } => format!("{metric} {} {}", cmp.symbol(), written(w)),
        Expr::Between {
            metric,
            written_lo,
            written_hi,
            ..
        } => {
            format!(
                "{metric} in {} .. {}",
                written(written_lo),
                written(written_hi)
            )
        }
        Expr::Is { metric, value } => format!("{metric} is {value}"),
        Expr::OneOf { metric, values } => {
            let values: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
            format!("{metric} in [{}]", values.join(", "))
        }
        Expr::All { all } => format!(
            "all {{ {} }}",
            all.iter().map(render_expr).collect::<Vec<_>>().join("; ")
        ),
        Expr::Any { any } => format!(
            "any {{ {} }}",
            any.iter().map(render_expr).collect::<Vec<_>>().join("; ")
        ),
        Expr::Not { not } => format!("not {}", render_expr(not)),
    }
}

impl ProfileDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The diff for people: one line per change, `+` added, `-` removed, `~` changed.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let name = |v: &Version| format!("{} {}", v.id, v.version);
        let _ = writeln!(
            out,
            "{} → {}: {} change{}",
            name(&self.old),
            name(&self.new),
            self.changes.len(),
            if self.changes.len() == 1 { "" } else { "s" }
        );
        for change in &self.changes {
            let line = match change {
                Change::Profile { field, old, new } => {
                    format!("~ profile {field}: {} → {}", show(old), show(new))
                }
                Change::SourceAdded { id } => format!("+ source {id}"),
                Change::SourceRemoved { id } => format!("- source {id}"),
                Change::Source {
                    id,
                    field,
                    old,
                    new,
                } => format!("~ source {id} {field}: {} → {}", show(old), show(new)),
                Change::FormatAdded { name } => format!("+ format {name}"),
                Change::FormatRemoved { name } => format!("- format {name}"),
                Change::Format {
                    name,
                    field,
                    old,
                    new,
                } => format!("~ format {name} {field}: {} → {}", show(old), show(new)),
                Change::RuleAdded { id, title } => format!("+ rule {id} {}", show(title)),
                Change::RuleRemoved { id, title } => format!("- rule {id} {}", show(title)),
                Change::BandMoved {
                    id,
                    metric,
                    old,
                    new,
                } => format!("~ rule {id}: {metric} moved {old} → {new}"),
                Change::Rule {
                    id,
                    field,
                    old,
                    new,
                } => format!("~ rule {id} {field}: {} → {}", show(old), show(new)),
                Change::PluginParameter {
                    plugin,
                    key,
                    old,
                    new,
                } => match (old, new) {
                    (None, Some(new)) => format!("+ plugin {plugin} {key} {new}"),
                    (Some(old), None) => format!("- plugin {plugin} {key} {old}"),
                    (old, new) => format!(
                        "~ plugin {plugin} {key}: {} → {}",
                        json_or_none(old.as_ref()),
                        json_or_none(new.as_ref())
                    ),
                },
            };
            let _ = writeln!(out, "  {line}");
        }
        out
    }
}

/// A parameter value in a diff line, as JSON (`240`, `true`, `"text"`); `(none)` when absent.
fn json_or_none(value: Option<&serde_json::Value>) -> String {
    value.map_or_else(|| "(none)".to_string(), ToString::to_string)
}

/// A value in a diff line: quoted, `(none)` when empty.
fn show(value: &str) -> String {
    if value.is_empty() {
        "(none)".to_string()
    } else {
        format!("{value:?}")
    }
}
