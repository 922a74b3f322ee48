#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use photorules_core::ir::*;
use photorules_core::{Metrics, Unit, WrittenUnit};

use crate::record::{PluginRecord, RunContext};
use crate::{Decision, Verdict, check, explain, replay};

fn provenance(status: Status) -> Provenance {
    Provenance {
        source: "seed".into(),
        clause: Some("item 8".into()),
        quote: "neutral expression and closed mouth".into(),
        translation: None,
        status,
        reason: (status == Status::Inferred).then(|| "our reading".into()),
        verified: "2026-04-13".into(),
    }
}

fn rule(id: &str, severity: Severity, check: Check) -> Rule {
    Rule {
        id: id.into(),
        title: format!("title of {id}"),
        fix: None,
        translations: Default::default(),
        severity,
        check,
        provenance: provenance(Status::Official),
        origin: Origin {
            profile: "test/p".into(),
            file: "test/p.rules".into(),
            line: 1,
        },
        overrides: None,
    }
}

fn between(metric: &str, lo: f64, hi: f64) -> Expr {
    Expr::Between {
        metric: metric.into(),
        lo,
        hi,
        written_lo: Written {
            value: lo * 100.0,
            unit: WrittenUnit::Percent,
        },
        written_hi: Written {
            value: hi * 100.0,
            unit: WrittenUnit::Percent,
        },
    }
}

fn requirement(require: Expr) -> Check {
    Check::Requirement {
        when: None,
        require,
    }
}

pub(crate) fn profile() -> CompiledProfile {
    CompiledProfile {
        ir_version: IR_VERSION,
        id: "test/p".into(),
        title: "Test".into(),
        jurisdiction: "KZ".into(),
        document: "passport".into(),
        version: "1.0.0".into(),
        effective: "2026-01-01".into(),
        chain: vec!["test/p".into()],
        files: vec![ProfileFile {
            profile: "test/p".into(),
            path: "test/p.rules".into(),
            sha256: "aa".into(),
        }],
        sources: vec![Source {
            id: "seed".into(),
            title: "Order 149".into(),
            authority: "MFA".into(),
            url: None,
            reference: None,
            verified: "2026-04-13".into(),
            status: Status::Official,
            reason: None,
            profile: "test/p".into(),
        }],
        formats: vec![],
        rules: vec![
            rule(
                "head.height",
                Severity::Reject,
                requirement(between("head.chin_crown_ratio", 0.7, 0.8)),
            ),
            rule(
                "mouth.closed",
                Severity::Reject,
                requirement(Expr::Is {
                    metric: "mouth.closed".into(),
                    value: true,
                }),
            ),
            rule(
                "light.even",
                Severity::Warn,
                requirement(between("light.balance", -5.0, 5.0)),
            ),
            rule(
                "glasses.clear",
                Severity::Reject,
                Check::Requirement {
                    when: Some(Expr::Is {
                        metric: "glasses.present".into(),
                        value: true,
                    }),
                    require: Expr::Is {
                        metric: "lenses.dark".into(),
                        value: false,
                    },
                },
            ),
            rule("capture.recent", Severity::Reject, Check::Manual),
        ],
        removed: vec![],
        plugin_params: Default::default(),
        languages: vec![],
        title_translations: Default::default(),
    }
}

fn good_metrics() -> Metrics {
    let mut m = Metrics::default();
    m.number("head.chin_crown_ratio", 0.75, Unit::Ratio);
    m.boolean("mouth.closed", true);
    m.number("light.balance", 1.0, Unit::Lab);
    m.boolean("glasses.present", false);
    m
}

#[test]
fn compliant_metrics_accept_and_list_manual_items() {
    let report = check(&profile(), &good_metrics(), &RunContext::default());
    assert_eq!(report.decision, Decision::Accept);
    assert_eq!(
        report.to_confirm,
        vec!["title of capture.recent".to_string()]
    );
    let glasses = report
        .rules
        .iter()
        .find(|r| r.id == "glasses.clear")
        .unwrap();
    assert_eq!(glasses.verdict, Verdict::Pass);
    assert!(!glasses.applies);
}

#[test]
fn one_failing_reject_rule_rejects_and_comes_first() {
    let mut m = good_metrics();
    m.boolean("mouth.closed", false);
    let report = check(&profile(), &m, &RunContext::default());
    assert_eq!(report.decision, Decision::Reject);
    assert_eq!(report.rules[0].id, "mouth.closed");
    assert_eq!(report.rules[0].verdict, Verdict::Fail);
}

#[test]
fn warning_failure_does_not_reject() {
    let mut m = good_metrics();
    m.number("light.balance", 20.0, Unit::Lab);
    let report = check(&profile(), &m, &RunContext::default());
    assert_eq!(report.decision, Decision::Accept);
    assert!(report.summary.contains("1 warning"), "{}", report.summary);
}

#[test]
fn unmeasurable_metric_makes_decision_undetermined_not_accept() {
    let mut m = good_metrics();
    m.absent("head.chin_crown_ratio", "no face found");
    let report = check(&profile(), &m, &RunContext::default());
    assert_eq!(report.decision, Decision::Undetermined);
    let head = report.rules.iter().find(|r| r.id == "head.height").unwrap();
    assert_eq!(head.verdict, Verdict::Unknown);
    assert!(head.unknown_reasons[0].contains("no face found"));
}

#[test]
fn unknown_when_condition_is_unknown_verdict() {
    let mut m = good_metrics();
    m.values.remove("glasses.present");
    let report = check(&profile(), &m, &RunContext::default());
    let glasses = report
        .rules
        .iter()
        .find(|r| r.id == "glasses.clear")
        .unwrap();
    assert_eq!(glasses.verdict, Verdict::Unknown);
}

#[test]
fn replay_reproduces_verdicts() {
    let report = check(&profile(), &good_metrics(), &RunContext::default());
    let outcome = replay::replay(&report, &profile(), &[]).unwrap();
    assert!(outcome.differences.is_empty());
    assert_eq!(outcome.rules_checked, 5);
}

#[test]
fn replay_refuses_a_changed_rules_file() {
    let report = check(&profile(), &good_metrics(), &RunContext::default());
    let mut changed = profile();
    changed.files[0].sha256 = "bb".into();
    let err = replay::replay(&report, &changed, &[]).unwrap_err();
    assert!(
        err.to_string().contains("has changed since the report"),
        "{err}"
    );
}

#[test]
fn replay_refuses_a_changed_plugin() {
    let plugin = |sha: &str| PluginRecord {
        name: "glare".into(),
        version: "1.0.0".into(),
        sha256: sha.into(),
        failure: None,
    };
    let context = RunContext {
        image: None,
        plugins: vec![plugin("11")],
        language: None,
    };
    let report = check(&profile(), &good_metrics(), &context);
    assert!(replay::replay(&report, &profile(), &[plugin("11")]).is_ok());
    let err = replay::replay(&report, &profile(), &[plugin("22")]).unwrap_err();
    assert!(
        err.to_string().contains("plugin `glare` has changed"),
        "{err}"
    );
}

#[test]
fn replay_detects_edited_metrics() {
    let mut report = check(&profile(), &good_metrics(), &RunContext::default());
    report.metrics.boolean("mouth.closed", false);
    let err = replay::replay(&report, &profile(), &[]).unwrap_err();
    assert!(err.to_string().contains("was edited"), "{err}");
}

#[test]
fn replay_reports_a_verdict_that_changed_with_the_rules() {
    let report = check(&profile(), &good_metrics(), &RunContext::default());
    let mut stricter = profile();
    stricter.rules[0].check = requirement(between("head.chin_crown_ratio", 0.76, 0.8));
    let outcome = replay::replay(&report, &stricter, &[]).unwrap();
    assert_eq!(outcome.differences.len(), 2, "{:?}", outcome.differences);
}

#[test]
fn explain_gives_the_chain_to_the_quote() {
    let mut m = good_metrics();
    m.number("head.chin_crown_ratio", 0.9, Unit::Ratio);
    let report = check(&profile(), &m, &RunContext::default());
    let text = explain::explain(&report, None).unwrap();
    assert!(text.contains("fail head.height"), "{text}");
    assert!(
        text.contains("measured  head.chin_crown_ratio = 90 %"),
        "{text}"
    );
    assert!(text.contains("required  70–80 %"), "{text}");
    assert!(
        text.contains("“neutral expression and closed mouth”"),
        "{text}"
    );
    assert!(text.contains("official, verified 2026-04-13"), "{text}");
}

#[test]
fn explain_suggests_a_near_rule_id() {
    let report = check(&profile(), &good_metrics(), &RunContext::default());
    let err = explain::explain(&report, Some("head.heigth")).unwrap_err();
    assert!(
        err.to_string().contains("did you mean `head.height`"),
        "{err}"
    );
}

/// Writes the fixture the schema test validates (a real report of the test profile).
#[test]
fn report_fixture_is_current() {
    let mut m = good_metrics();
    m.absent("light.balance", "no face found");
    let context = RunContext {
        image: Some(crate::ImageRecord {
            name: Some("portrait.jpg".into()),
            sha256: "00".repeat(32),
            bytes: 1234,
        }),
        plugins: vec![PluginRecord {
            name: "glare".into(),
            version: "1.0.0".into(),
            sha256: "11".repeat(32),
            failure: None,
        }],
        language: None,
    };
    let report = check(&profile(), &m, &context);
    let json = serde_json::to_string_pretty(&report).unwrap() + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report.json");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &json).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        json,
        "run with UPDATE_SCHEMA=1"
    );
}

mod languages {
    use super::*;
    use crate::{Language, ProvenanceView, Report};
    use photorules_core::ir::Texts;

    /// The test profile with a fix sentence and Russian texts on `head.height`.
    fn translated() -> CompiledProfile {
        let mut p = profile();
        p.languages = vec!["en".into(), "ru".into()];
        p.title_translations.insert("ru".into(), "Тест".into());
        let rule = &mut p.rules[0];
        rule.fix = Some("Your head fills {measured}; {required} is required: move closer.".into());
        rule.translations.insert(
            "ru".into(),
            Texts {
                title: Some("Высота головы".into()),
                fix: Some(
                    "Голова занимает {measured}, а нужно {required}: подойдите ближе.".into(),
                ),
            },
        );
        p
    }

    fn small_head() -> Metrics {
        let mut m = good_metrics();
        m.number("head.chin_crown_ratio", 0.5, photorules_core::Unit::Ratio);
        m
    }

    fn in_language(language: Option<Language>) -> Report {
        let context = RunContext {
            language,
            ..RunContext::default()
        };
        check(&translated(), &small_head(), &context)
    }

    #[test]
    fn a_failed_rule_says_what_to_do_with_the_numbers_filled_in() {
        let report = in_language(None);
        assert_eq!(report.language, Language::En);
        let rule = report.rules.iter().find(|r| r.id == "head.height").unwrap();
        assert_eq!(rule.verdict, Verdict::Fail);
        assert_eq!(
            rule.fix.as_deref(),
            Some("Your head fills 50 %; 70–80 % is required: move closer.")
        );
        // Passing rules carry no fix.
        assert!(
            report
                .rules
                .iter()
                .filter(|r| r.verdict == Verdict::Pass)
                .all(|r| r.fix.is_none())
        );
    }

    #[test]
    fn a_rule_that_does_not_apply_says_why_in_plain_words() {
        let message = |language| {
            let report = in_language(Some(language));
            let rule = report.rules.iter().find(|r| r.id == "glasses.clear");
            rule.map(|r| (r.applies, r.message.clone()))
        };
        assert_eq!(
            message(Language::En),
            Some((
                false,
                "does not apply: no glasses are worn (it applies when glasses are worn)".into()
            ))
        );
        assert_eq!(
            message(Language::Ru),
            Some((
                false,
                "не применяется: очков нет (правило действует, когда очки надеты)".into()
            ))
        );
        assert_eq!(
            message(Language::Kk),
            Some((
                false,
                "қолданылмайды: көзілдірік киілмеген (ереже «көзілдірік киілген» болғанда қолданылады)"
                    .into()
            ))
        );
    }

    #[test]
    fn a_guard_with_alternatives_that_does_not_apply_names_each_in_plain_words() {
        let mut p = translated();
        let glasses = p
            .rules
            .iter()
            .position(|r| r.id == "glasses.clear")
            .unwrap();
        let Check::Requirement { when, .. } = &mut p.rules[glasses].check else {
            panic!("glasses.clear is a requirement");
        };
        *when = Some(Expr::Any {
            any: vec![
                Expr::Is {
                    metric: "glasses.present".into(),
                    value: true,
                },
                Expr::Is {
                    metric: "lenses.dark".into(),
                    value: true,
                },
            ],
        });
        let mut metrics = small_head();
        metrics.boolean("lenses.dark", false);
        let message = |p: &CompiledProfile, metrics: &Metrics, language| {
            let context = RunContext {
                language: Some(language),
                ..RunContext::default()
            };
            let report = check(p, metrics, &context);
            let rule = report.rules.iter().find(|r| r.id == "glasses.clear");
            rule.map(|r| (r.applies, r.message.clone()))
        };
        assert_eq!(
            message(&p, &metrics, Language::En),
            Some((
                false,
                "does not apply: no glasses are worn, the lenses are not dark (it applies when \
                 glasses are worn or the lenses are dark)"
                    .into()
            ))
        );
        assert_eq!(
            message(&p, &metrics, Language::Ru),
            Some((
                false,
                "не применяется: очков нет, стёкла не тёмные (правило действует, когда очки \
                 надеты или стёкла тёмные)"
                    .into()
            ))
        );
        // A branch without plain words falls back to the metrics named, for the whole guard.
        metrics.number("lenses.tint", 0.1, Unit::Ratio);
        if let Check::Requirement {
            when: Some(Expr::Any { any }),
            ..
        } = &mut p.rules[glasses].check
        {
            any[1] = Expr::Compare {
                metric: "lenses.tint".into(),
                cmp: CmpOp::Ge,
                value: 0.5,
                written: Written {
                    value: 50.0,
                    unit: WrittenUnit::Percent,
                },
            };
        }
        let fallback = message(&p, &metrics, Language::En)
            .map(|(_, m)| m)
            .unwrap_or_default();
        assert!(fallback.contains("glasses.present no"), "{fallback}");
    }

    #[test]
    fn russian_texts_come_from_the_profile_and_the_engine() {
        let report = in_language(Some(Language::Ru));
        assert_eq!(report.language, Language::Ru);
        assert_eq!(report.profile.title, "Тест");
        let rule = report.rules.iter().find(|r| r.id == "head.height").unwrap();
        assert_eq!(rule.title, "Высота головы");
        assert_eq!(
            rule.fix.as_deref(),
            Some("Голова занимает 50 %, а нужно 70–80 %: подойдите ближе.")
        );
        assert_eq!(rule.message, "измерено: 50 %, а требуется 70–80 %");
        assert!(
            report
                .summary
                .starts_with("отклонено: пройдено проверок — "),
            "{}",
            report.summary
        );
        // A rule without Russian texts keeps its own title.
        let untranslated = report
            .rules
            .iter()
            .find(|r| r.id == "mouth.closed")
            .unwrap();
        assert_eq!(untranslated.title, "title of mouth.closed");
    }

    #[test]
    fn verdicts_ids_and_provenance_do_not_depend_on_the_language() {
        let english = in_language(Some(Language::En));
        for language in [Language::Kk, Language::Ru] {
            let other = in_language(Some(language));
            assert_eq!(other.decision, english.decision);
            let strip = |r: &Report| -> Vec<(String, Verdict, ProvenanceView)> {
                r.rules
                    .iter()
                    .map(|x| (x.id.clone(), x.verdict, x.provenance.clone()))
                    .collect()
            };
            assert_eq!(strip(&other), strip(&english), "{language}");
            assert_eq!(other.record, english.record);
        }
    }

    #[test]
    fn the_profiles_first_language_is_the_default() {
        let mut p = translated();
        p.languages = vec!["ru".into(), "en".into()];
        let report = check(&p, &small_head(), &RunContext::default());
        assert_eq!(report.language, Language::Ru);
    }

    #[test]
    fn a_replay_of_a_russian_report_reproduces_it() {
        let report = in_language(Some(Language::Ru));
        let outcome = crate::replay::replay(&report, &translated(), &[]).unwrap();
        assert!(outcome.differences.is_empty(), "{:?}", outcome.differences);
    }
}
