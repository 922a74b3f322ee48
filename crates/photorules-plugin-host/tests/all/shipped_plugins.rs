//! The shipped plugins (glare, lenses, redeye) through the real host on synthetic faces whose
//! truth is known: what was drawn is what must be measured.

use photorules_core::{Measurement, MetricValue, Metrics};
use photorules_plugin_host::{Plugin, PluginHost, PluginOutput};
use serde_json::json;

use crate::support::face::{self, Face, Glasses};
use crate::support::{host, load, project_plugins, view};

fn plugin(host: &PluginHost, name: &str) -> Plugin {
    load(host, &project_plugins().join(name))
}

fn run_on(host: &PluginHost, plugin: &Plugin, face: Face, metrics: &Metrics) -> PluginOutput {
    let drawn = face::draw(face);
    let image = (face::WIDTH, face::HEIGHT, drawn.rgb);
    host.run(plugin, view(&image), metrics, &json!({}))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn number(output: &PluginOutput, name: &str) -> f64 {
    match output.metrics.get(name) {
        Some(Measurement::Measured {
            value: MetricValue::Number(n),
            ..
        }) => *n,
        other => panic!("{name}: {other:?} (notes {:?})", output.notes),
    }
}

fn boolean(output: &PluginOutput, name: &str) -> bool {
    match output.metrics.get(name) {
        Some(Measurement::Measured {
            value: MetricValue::Bool(b),
            ..
        }) => *b,
        other => panic!("{name}: {other:?}"),
    }
}

fn absent_reason(output: &PluginOutput, name: &str) -> String {
    match output.metrics.get(name) {
        Some(Measurement::Absent { reason }) => reason.clone(),
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn glare_measures_drawn_highlights_and_ignores_catchlights() {
    let host = host();
    let glare = plugin(&host, "glare");
    let metrics = face::eye_metrics();

    // Bare eyes with catchlights, and clear glasses: no glare.
    for glasses in [Glasses::None, Glasses::Clear] {
        let output = run_on(
            &host,
            &glare,
            Face {
                glasses,
                ..Face::default()
            },
            &metrics,
        );
        assert_eq!(
            number(&output, "glare.lens_fraction"),
            0.0,
            "{:?}",
            output.notes
        );
        assert!(
            output
                .notes
                .iter()
                .any(|n| n.contains("1 catchlight(s) ignored")),
            "{:?}",
            output.notes
        );
    }

    // Clear glasses with a reflection on each lens: the measured share is the drawn one.
    for radii in [(7.0, 4.0), (12.0, 7.0)] {
        let drawn = face::draw(Face {
            glasses: Glasses::Clear,
            glare: Some(radii),
            ..Face::default()
        });
        let truth = drawn.glare_pixels as f64 / face::glare_region_area();
        let output = run_on(
            &host,
            &glare,
            Face {
                glasses: Glasses::Clear,
                glare: Some(radii),
                ..Face::default()
            },
            &metrics,
        );
        let measured = number(&output, "glare.lens_fraction");
        assert!(
            (measured - truth).abs() < 0.1 * truth,
            "measured {measured}, drawn {truth} ({:?})",
            output.notes
        );
    }

    // Glare on dark lenses is glare too.
    let output = run_on(
        &host,
        &glare,
        Face {
            glasses: Glasses::Tinted(0.15),
            glare: Some((7.0, 4.0)),
            ..Face::default()
        },
        &metrics,
    );
    assert!(
        number(&output, "glare.lens_fraction") > 0.02,
        "{:?}",
        output.notes
    );
}

#[test]
fn glare_counts_coloured_reflections_apart_from_white_highlights() {
    let host = host();
    let glare = plugin(&host, "glare");
    let metrics = face::eye_metrics();
    let dark = |glare_colour, glare| Face {
        glasses: Glasses::Tinted(0.15),
        glare,
        glare_colour,
        ..Face::default()
    };

    // A green-blue reflection of the sky on dark lenses: coloured, not a white highlight.
    let radii = (7.0, 4.0);
    let drawn = face::draw(dark(Some([70, 140, 150]), Some(radii)));
    let truth = drawn.glare_pixels as f64 / face::glare_region_area();
    let output = run_on(
        &host,
        &glare,
        dark(Some([70, 140, 150]), Some(radii)),
        &metrics,
    );
    let coloured = number(&output, "glare.coloured_fraction");
    assert!(
        (coloured - truth).abs() < 0.1 * truth,
        "measured {coloured}, drawn {truth} ({:?})",
        output.notes
    );
    assert_eq!(number(&output, "glare.lens_fraction"), 0.0);

    // Dark lenses without a reflection, and a white highlight: no coloured reflection (what
    // the tint lets through keeps the skin's and the eye's hue).
    for face in [dark(None, None), dark(None, Some(radii))] {
        let output = run_on(&host, &glare, face, &metrics);
        assert_eq!(
            number(&output, "glare.coloured_fraction"),
            0.0,
            "{:?}",
            output.notes
        );
    }
}

#[test]
fn lenses_tell_dark_glasses_from_clear_glasses_and_bare_eyes() {
    let host = host();
    let lenses = plugin(&host, "lenses");
    let metrics = face::eye_metrics();
    let mut bare_tint: f64 = 0.0;
    for glasses in [Glasses::None, Glasses::Clear] {
        let output = run_on(
            &host,
            &lenses,
            Face {
                glasses,
                ..Face::default()
            },
            &metrics,
        );
        let tint = number(&output, "lenses.tint");
        assert!(tint < 0.35, "{glasses:?}: tint {tint} {:?}", output.notes);
        assert!(!boolean(&output, "lenses.dark"));
        bare_tint = bare_tint.max(tint);
    }
    // Lenses passing 70 % of the light (a fashion tint, category 1): darker than bare eyes,
    // not dark. Passing 12 % (sunglasses, category 3): dark.
    let tinted = |transmission| {
        run_on(
            &host,
            &lenses,
            Face {
                glasses: Glasses::Tinted(transmission),
                ..Face::default()
            },
            &metrics,
        )
    };
    let light = tinted(0.7);
    let light_tint = number(&light, "lenses.tint");
    assert!(
        light_tint > bare_tint + 0.1 && light_tint < 0.5,
        "{light_tint} {:?}",
        light.notes
    );
    assert!(!boolean(&light, "lenses.dark"));
    let dark = tinted(0.12);
    let dark_tint = number(&dark, "lenses.tint");
    assert!(dark_tint > 0.8, "{dark_tint} {:?}", dark.notes);
    assert!(boolean(&dark, "lenses.dark"));
    // The threshold is a parameter of the profile.
    let drawn = face::draw(Face {
        glasses: Glasses::Tinted(0.7),
        ..Face::default()
    });
    let image = (face::WIDTH, face::HEIGHT, drawn.rgb);
    let strict = host
        .run(
            &lenses,
            view(&image),
            &metrics,
            &json!({"dark_threshold": light_tint - 0.05}),
        )
        .unwrap();
    assert!(boolean(&strict, "lenses.dark"));
}

#[test]
fn redeye_finds_red_pupils_and_not_brown_or_amber_irises() {
    let host = host();
    let redeye = plugin(&host, "redeye");
    let metrics = face::eye_metrics();
    let red = run_on(
        &host,
        &redeye,
        Face {
            red_pupils: true,
            ..Face::default()
        },
        &metrics,
    );
    assert!(boolean(&red, "redeye.present"), "{:?}", red.notes);
    assert!(
        number(&red, "redeye.pupil_fraction") > 0.3,
        "{:?}",
        red.notes
    );
    for iris in [None, Some([170, 100, 40]), Some([90, 110, 140])] {
        let output = run_on(
            &host,
            &redeye,
            Face {
                iris,
                ..Face::default()
            },
            &metrics,
        );
        assert!(
            !boolean(&output, "redeye.present"),
            "{iris:?} {:?}",
            output.notes
        );
        assert_eq!(number(&output, "redeye.pupil_fraction"), 0.0);
    }
}

#[test]
fn without_eye_centres_every_plugin_reports_absent_with_the_reason() {
    let host = host();
    let mut metrics = face::eye_metrics();
    metrics.absent("eyes.left_x_px", "no face was found");
    for (name, metric) in [
        ("glare", "glare.lens_fraction"),
        ("lenses", "lenses.tint"),
        ("lenses", "lenses.dark"),
        ("redeye", "redeye.present"),
    ] {
        let output = run_on(&host, &plugin(&host, name), Face::default(), &metrics);
        assert_eq!(
            absent_reason(&output, metric),
            "`eyes.left_x_px` was not measured: no face was found"
        );
    }
    // Eyes at the image's corner: the regions fall outside it.
    let mut corner = Metrics::default();
    for (name, value) in [
        ("eyes.right_x_px", 2.0),
        ("eyes.right_y_px", 2.0),
        ("eyes.left_x_px", 42.0),
        ("eyes.left_y_px", 2.0),
        ("eyes.distance_px", 40.0),
    ] {
        corner.number(name, value, photorules_core::Unit::Px);
    }
    let output = run_on(&host, &plugin(&host, "glare"), Face::default(), &corner);
    assert!(absent_reason(&output, "glare.lens_fraction").contains("outside the image"));
}

#[test]
fn parameters_outside_the_manifest_schema_are_refused_before_the_plugin_runs() {
    let host = host();
    let glare = plugin(&host, "glare");
    let drawn = face::draw(Face::default());
    let image = (face::WIDTH, face::HEIGHT, drawn.rgb);
    for params in [json!({"min_level": 300}), json!({"min_levle": 240})] {
        let failure = host
            .run(&glare, view(&image), &face::eye_metrics(), &params)
            .unwrap_err();
        assert_eq!(
            failure.kind,
            photorules_plugin_host::FailureKind::InvalidParams
        );
        assert!(failure.message.contains("min_le"), "{failure}");
    }
}
