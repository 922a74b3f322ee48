//! A plugin this binary has never seen — a module and manifest written by the test, as an
//! integrator would drop them into a plugin directory — extends the catalogue and measures
//! real pixels, with no recompilation.

use photorules_core::{Catalogue, Measurement, MetricKind, MetricValue, Metrics};
use serde_json::json;

use crate::support::wat_plugin;
use crate::support::{host, view};

/// `brightness.bright`: whether the mean red level of the image is above 127. The module
/// walks every pixel of the input buffer.
fn write_brightness_plugin(root: &std::path::Path) -> std::path::PathBuf {
    let bright = r#"{"metrics":{"brightness.bright":{"status":"measured","value":true}},"notes":["mean red above 127"]}"#;
    let dark = r#"{"metrics":{"brightness.bright":{"status":"measured","value":false}}}"#;
    let check = format!(
        r#"(local $n i32) (local $i i32) (local $p i32) (local $sum i64)
        ;; header: +4 header length, +12 width, +16 height; pixels follow the header
        (local.set $n (i32.mul (i32.load offset=12 (local.get $ptr)) (i32.load offset=16 (local.get $ptr))))
        (local.set $p (i32.add (local.get $ptr) (i32.load offset=4 (local.get $ptr))))
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (local.set $sum (i64.add (local.get $sum) (i64.extend_i32_u (i32.load8_u (local.get $p)))))
          (local.set $p (i32.add (local.get $p) (i32.const 3)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
        (if (result i64)
          (i64.gt_u (local.get $sum) (i64.mul (i64.const 127) (i64.extend_i32_u (local.get $n))))
          (then (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const {})))
          (else (i64.or (i64.shl (i64.const 1024) (i64.const 32)) (i64.const {}))))"#,
        bright.len(),
        dark.len()
    );
    let data = format!(
        r#"(data (i32.const 16) "{}") (data (i32.const 1024) "{}")"#,
        wat_plugin::wat_string(bright),
        wat_plugin::wat_string(dark)
    );
    wat_plugin::write(
        root,
        "brightness",
        &wat_plugin::module(&check, &data),
        r#"
[[metrics]]
name = "brightness.bright"
kind = "bool"
meaning = "The image's mean red level is above half scale."
method = "Mean of the red channel over every pixel."
"#,
    )
}

#[test]
fn a_dropped_in_plugin_extends_the_catalogue_and_measures_pixels() {
    let root = tempfile::tempdir().unwrap();
    write_brightness_plugin(root.path());
    let host = host();
    let report = host.load_all(&[root.path().to_path_buf()], &Catalogue::builtin());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let plugin = report.plugin("brightness").unwrap();

    // The profile compiler sees the new metric through the extended catalogue.
    assert!(Catalogue::builtin().get("brightness.bright").is_none());
    let spec = report.catalogue.get("brightness.bright").unwrap();
    assert_eq!(spec.kind, MetricKind::Bool);
    assert_eq!(
        spec.provider,
        photorules_core::Provider::Plugin {
            plugin: "brightness".into()
        }
    );

    let measure = |red: u8| {
        let mut rgb = Vec::new();
        for i in 0..(64 * 48) {
            // A gradient around the chosen level, so every pixel is read.
            let r = red.saturating_add((i % 7) as u8).saturating_sub(3);
            rgb.extend_from_slice(&[r, 10, 200]);
        }
        let image = (64, 48, rgb);
        host.run(plugin, view(&image), &Metrics::default(), &json!({}))
            .unwrap_or_else(|e| panic!("{e}"))
    };
    let bright = measure(200);
    assert_eq!(
        bright.metrics.get("brightness.bright"),
        Some(&Measurement::Measured {
            value: MetricValue::Bool(true),
            unit: None
        })
    );
    assert_eq!(bright.notes, vec!["mean red above 127".to_string()]);
    let dark = measure(60);
    assert_eq!(
        dark.metrics.get("brightness.bright"),
        Some(&Measurement::Measured {
            value: MetricValue::Bool(false),
            unit: None
        })
    );
    // Reading 3072 pixels costs fuel in proportion.
    assert!(dark.fuel_used > 3072 * 5, "{}", dark.fuel_used);
}
