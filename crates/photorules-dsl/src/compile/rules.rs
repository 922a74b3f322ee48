//! `rule`, `manual`, `override` and `remove` blocks, and how they combine with the rules the
//! profile inherits: base rules first in their order, overrides in place, removals dropped and
//! recorded, then the profile's own new rules.

use std::collections::BTreeMap;
use std::sync::Arc;

use photorules_core::ir::{Check, CompiledProfile, Origin, RemovedRule, Rule, Severity, Texts};
use photorules_core::suggest::closest;

use crate::ast::{Block, BlockKind, Spanned, Target};
use crate::err::{Code, Diagnostic, Diagnostics};
use crate::span::{SourceFile, Span};

use super::expr::ExprContext;
use super::fields::Fields;
use super::sources::{SourceTable, provenance};
use super::values::{self, IdKind};

/// What a block does with its rule id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Define,
    Override,
    Remove,
}

/// One rule-like block of the file.
struct Decl {
    id: Spanned<String>,
    action: Action,
    /// The compiled rule (`None` for removals and for broken rules).
    rule: Option<Rule>,
    reason: Option<String>,
}

/// Where the rules of this file are written.
pub struct RuleContext<'a> {
    pub profile: &'a str,
    /// The file's path relative to the rules root.
    pub rel_path: &'a str,
    pub file: &'a Arc<SourceFile>,
    pub sources: &'a SourceTable<'a>,
    pub exprs: ExprContext<'a>,
}

pub struct Merged {
    pub rules: Vec<Rule>,
    pub removed: Vec<RemovedRule>,
    /// Source ids the file's own rules cite.
    pub cited: Vec<String>,
}

/// The base state a profile inherits rules from.
pub enum BaseRules<'a> {
    /// The profile extends nothing.
    None,
    /// The base compiled.
    Known(&'a CompiledProfile),
    /// The base did not compile: inheritance checks are skipped.
    Unknown,
}

pub fn compile_rules(
    blocks: &[&Block],
    base: BaseRules<'_>,
    ctx: &RuleContext<'_>,
    diags: &mut Diagnostics,
) -> Merged {
    let mut decls: Vec<Decl> = Vec::new();
    let mut cited = Vec::new();
    let mut first_seen: BTreeMap<String, Span> = BTreeMap::new();
    for block in blocks {
        let Some(decl) = read_decl(block, ctx, &mut cited, diags) else {
            continue;
        };
        if let Some(first) = first_seen.get(&decl.id.value) {
            diags.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    ctx.file,
                    decl.id.span,
                    format!("rule `{}` is defined twice in this profile", decl.id.value),
                )
                .label("defined again here")
                .with_secondary(*first, "first defined here")
                .help("give each rule its own id, or merge the two"),
            );
            continue;
        }
        first_seen.insert(decl.id.value.clone(), decl.id.span);
        decls.push(decl);
    }
    merge(decls, base, ctx, cited, diags)
}

fn read_decl(
    block: &Block,
    ctx: &RuleContext<'_>,
    cited: &mut Vec<String>,
    diags: &mut Diagnostics,
) -> Option<Decl> {
    let file = ctx.file;
    let (action, target) = match &block.kind.value {
        BlockKind::Rule => (Action::Define, Target::Rule),
        BlockKind::Manual => (Action::Define, Target::Manual),
        BlockKind::Override(t) => (Action::Override, *t),
        BlockKind::Remove(t) => (Action::Remove, *t),
        _ => return None,
    };
    let fields = Fields::new(block, file, diags);
    values::check_id(&block.name, IdKind::Rule, file, diags);
    let mut decl = Decl {
        id: block.name.clone(),
        action,
        rule: None,
        reason: None,
    };
    if action == Action::Remove {
        decl.reason = fields
            .text("reason")
            .map(|r| r.value.clone())
            .filter(|r| !r.trim().is_empty());
        if decl.reason.is_none() {
            diags.push(
                fields
                    .missing(Code::RemoveWithoutReason, "reason", file)
                    .help("say why the inherited rule does not apply, e.g. `reason \"the document says nothing of shoulders\"`"),
            );
        }
        return Some(decl);
    }
    let what = target.keyword();
    fields.require(&["title"], file, diags);
    if target == Target::Rule {
        fields.require(&["require"], file, diags);
    }
    if let Some(source) = fields.word("source") {
        cited.push(source.value.clone());
    }
    let severity = match fields.word("severity") {
        Some(s) => values::severity(s, file, diags),
        None => Some(Severity::Reject),
    };
    let check = match target {
        Target::Manual => Some(Check::Manual),
        Target::Rule => {
            let when = fields.expr("when").map(|e| ctx.exprs.compile(e, diags));
            let require = fields
                .expr("require")
                .and_then(|e| ctx.exprs.compile(e, diags));
            match when {
                Some(None) => None,
                Some(Some(w)) => require.map(|r| Check::Requirement {
                    when: Some(w),
                    require: r,
                }),
                None => require.map(|r| Check::Requirement {
                    when: None,
                    require: r,
                }),
            }
        }
    };
    let provenance = provenance(&fields, what, ctx.sources, file, diags);
    let line = file.line_column(block.span.start).line;
    decl.rule = match (severity, check, provenance, fields.text("title")) {
        (Some(severity), Some(check), Some(provenance), Some(title)) => Some(Rule {
            id: block.name.value.clone(),
            title: title.value.clone(),
            fix: fields.text("fix").map(|f| f.value.clone()),
            translations: translations(&fields),
            severity,
            check,
            provenance,
            origin: Origin {
                profile: ctx.profile.to_string(),
                file: ctx.rel_path.to_string(),
                line: u32::try_from(line).unwrap_or(u32::MAX),
            },
            overrides: None,
        }),
        _ => None,
    };
    Some(decl)
}

/// A block's `title.LANG` and `fix.LANG` texts, by language.
fn translations(fields: &Fields<'_>) -> BTreeMap<String, Texts> {
    let mut by_language: BTreeMap<String, Texts> = BTreeMap::new();
    for (language, text) in fields.localised("title") {
        by_language.entry(language.to_string()).or_default().title = Some(text.value.clone());
    }
    for (language, text) in fields.localised("fix") {
        by_language.entry(language.to_string()).or_default().fix = Some(text.value.clone());
    }
    by_language
}

fn merge(
    decls: Vec<Decl>,
    base: BaseRules<'_>,
    ctx: &RuleContext<'_>,
    cited: Vec<String>,
    diags: &mut Diagnostics,
) -> Merged {
    let file = ctx.file;
    let (mut rules, mut removed) = match &base {
        BaseRules::Known(b) => (b.rules.clone(), b.removed.clone()),
        _ => (Vec::new(), Vec::new()),
    };
    let base_ids: Vec<String> = rules.iter().map(|r| r.id.clone()).collect();
    let inherited_from = |id: &str| match &base {
        BaseRules::Known(b) => b.rule(id).map(|r| r.origin.profile.clone()),
        _ => None,
    };
    for decl in decls {
        let id = decl.id.value.as_str();
        let owner = inherited_from(id);
        let inheritance_known = !matches!(base, BaseRules::Unknown);
        match decl.action {
            Action::Define => {
                if let Some(owner) = owner {
                    diags.push(
                        Diagnostic::error(
                            Code::MissingOverride,
                            file,
                            decl.id.span,
                            format!("rule `{id}` is already defined by `{owner}`"),
                        )
                        .label("redefined without `override`")
                        .help(format!(
                            "write `override {} {id} {{ … }}` to replace it, or choose another id",
                            keyword_target(&decl)
                        )),
                    );
                } else if let Some(rule) = decl.rule {
                    rules.push(rule);
                }
            }
            Action::Override => match owner {
                Some(owner) => {
                    if let (Some(mut rule), Some(slot)) =
                        (decl.rule, rules.iter_mut().find(|r| r.id == id))
                    {
                        rule.overrides = Some(owner);
                        *slot = rule;
                    }
                }
                None if inheritance_known => diags.push(unknown_inherited(
                    Code::UnknownOverride,
                    &decl,
                    "override",
                    &base,
                    &base_ids,
                    file,
                )),
                None => {}
            },
            Action::Remove => match owner {
                Some(owner) => {
                    rules.retain(|r| r.id != id);
                    if let Some(reason) = decl.reason {
                        removed.push(RemovedRule {
                            id: id.to_string(),
                            from: owner,
                            by: ctx.profile.to_string(),
                            reason,
                        });
                    }
                }
                None if inheritance_known => diags.push(unknown_inherited(
                    Code::UnknownRemoval,
                    &decl,
                    "remove",
                    &base,
                    &base_ids,
                    file,
                )),
                None => {}
            },
        }
    }
    Merged {
        rules,
        removed,
        cited,
    }
}

fn keyword_target(decl: &Decl) -> &'static str {
    match decl.rule.as_ref().map(|r| &r.check) {
        Some(Check::Manual) => "manual",
        _ => "rule",
    }
}

fn unknown_inherited(
    code: Code,
    decl: &Decl,
    verb: &str,
    base: &BaseRules<'_>,
    base_ids: &[String],
    file: &Arc<SourceFile>,
) -> Diagnostic {
    let id = &decl.id.value;
    let instead = if verb == "override" {
        "write `rule` instead of `override rule` to add a new rule"
    } else {
        "delete this block"
    };
    match base {
        BaseRules::Known(b) => {
            let diagnostic = Diagnostic::error(
                code,
                file,
                decl.id.span,
                format!("cannot {verb} rule `{id}`: `{}` has no such rule", b.id),
            )
            .label("not inherited")
            .suggest(closest(id, base_ids.iter().map(String::as_str)));
            if diagnostic.help.is_some() {
                diagnostic
            } else if base_ids.len() <= 12 {
                diagnostic.help(format!(
                    "`{}` has: {}; otherwise {instead}",
                    b.id,
                    base_ids.join(", ")
                ))
            } else {
                diagnostic.help(format!(
                    "`photorules compile {}` lists its rules; otherwise {instead}",
                    b.id
                ))
            }
        }
        _ => Diagnostic::error(
            code,
            file,
            decl.id.span,
            format!("cannot {verb} rule `{id}`: the profile extends no other profile"),
        )
        .label("nothing is inherited")
        .help(format!(
            "add `extends ID` to the profile block, or {instead}"
        )),
    }
}
