//! Views (interface 1.1): a plugin given part of the photo, or the photo at a lower
//! resolution, with the placement that maps the photo's pixels onto it, measures what it
//! measures on the whole photo. Shown with the shipped plugins (built with the kit) on drawn
//! faces whose truth is known.

use photorules_core::{Metrics, Unit};
use photorules_plugin_host::{ImageView, LoadError, Placement, PluginHost, PluginOutput};
use serde_json::json;

use crate::support::face::{self, Face, Glasses};
use crate::support::{host, load, project_plugins, wat_plugin};

const PLUGINS: [&str; 3] = ["glare", "lenses", "redeye"];

/// Faces that make every plugin measure something other than zero.
fn faces() -> [Face; 3] {
    [
        Face {
            glasses: Glasses::Clear,
            glare: Some((6.0, 4.0)),
            ..Face::default()
        },
        Face {
            glasses: Glasses::Tinted(0.3),
            ..Face::default()
        },
        Face {
            red_pupils: true,
            ..Face::default()
        },
    ]
}

fn run(host: &PluginHost, name: &str, image: ImageView<'_>, metrics: &Metrics) -> PluginOutput {
    let plugin = load(host, &project_plugins().join(name));
    host.run(&plugin, image, metrics, &json!({}))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `rgb` (`width` wide) cut to the rectangle from (`left`, `top`), `w` × `h`.
fn cut(rgb: &[u8], width: u32, left: u32, top: u32, w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity((w * h * 3) as usize);
    for y in top..top + h {
        let start = ((y * width + left) * 3) as usize;
        out.extend_from_slice(&rgb[start..start + (w * 3) as usize]);
    }
    out
}

/// The eye metrics of the drawn face in a photo `factor` times larger.
fn eye_metrics_scaled(factor: f64) -> Metrics {
    let mut metrics = Metrics::default();
    for (name, value) in [
        ("eyes.right_x_px", face::RIGHT_EYE.0),
        ("eyes.right_y_px", face::RIGHT_EYE.1),
        ("eyes.left_x_px", face::LEFT_EYE.0),
        ("eyes.left_y_px", face::LEFT_EYE.1),
        ("eyes.distance_px", face::EYE_DISTANCE),
    ] {
        metrics.number(name, value * factor, Unit::Px);
    }
    metrics
}

#[test]
fn a_cut_out_view_measures_what_the_whole_photo_measures() {
    let host = host();
    let metrics = face::eye_metrics();
    // The eye region with a margin: x 60–360, y 100–400 of the 413 × 531 photo.
    let (left, top, w, h) = (60, 100, 300, 300);
    for drawn_face in faces() {
        let rgb = face::draw(drawn_face).rgb;
        let whole = ImageView::whole(face::WIDTH, face::HEIGHT, &rgb);
        let part = cut(&rgb, face::WIDTH, left, top, w, h);
        let view = ImageView {
            width: w,
            height: h,
            rgb: &part,
            placement: Placement {
                left: f64::from(left),
                top: f64::from(top),
                scale: 1.0,
                photo_width: face::WIDTH,
                photo_height: face::HEIGHT,
            },
        };
        for name in PLUGINS {
            let from_whole = run(&host, name, whole, &metrics);
            let from_view = run(&host, name, view, &metrics);
            assert_eq!(
                from_whole.metrics, from_view.metrics,
                "{name} on {drawn_face:?}"
            );
        }
    }
}

#[test]
fn a_reduced_view_of_a_larger_photo_measures_what_the_photo_measures() {
    // The drawn face made 4 × larger pixel by pixel: the photo's metrics are 4 × larger, and a
    // view of it at a quarter of its resolution is the drawn face again.
    const FACTOR: u32 = 4;
    let host = host();
    let small_metrics = face::eye_metrics();
    let large_metrics = eye_metrics_scaled(f64::from(FACTOR));
    for drawn_face in faces() {
        let rgb = face::draw(drawn_face).rgb;
        let small = ImageView::whole(face::WIDTH, face::HEIGHT, &rgb);
        let view = ImageView {
            placement: Placement {
                left: 0.0,
                top: 0.0,
                scale: f64::from(FACTOR),
                photo_width: face::WIDTH * FACTOR,
                photo_height: face::HEIGHT * FACTOR,
            },
            ..small
        };
        for name in PLUGINS {
            let expected = run(&host, name, small, &small_metrics);
            let got = run(&host, name, view, &large_metrics);
            assert_eq!(expected.metrics, got.metrics, "{name} on {drawn_face:?}");
        }
    }
}

#[test]
fn a_view_on_interface_1_0_is_refused_at_load() {
    let root = tempfile::tempdir().unwrap();
    let dir = wat_plugin::write(
        root.path(),
        "old",
        &wat_plugin::constant_module("{}"),
        &format!(
            "{}\n[view]\nregion = \"face\"\n",
            wat_plugin::value_metric("old")
        ),
    );
    let error = host().load(&dir).unwrap_err();
    assert!(matches!(error, LoadError::Manifest { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("`[view]` needs `interface = \"1.1\"` or later"),
        "{error}"
    );
}
