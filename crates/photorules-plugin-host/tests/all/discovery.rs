//! Loading every plugin of some directories: errors are collected, the rest load.

use photorules_core::Catalogue;
use photorules_plugin_host::LoadError;

use crate::support::wat_plugin::{self, MEASURED_ONE};
use crate::support::{host, project_plugins};

#[test]
fn the_project_plugins_load_and_extend_the_catalogue() {
    let host = host();
    let report = host.load_all(&[project_plugins()], &Catalogue::builtin());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let names: Vec<&str> = report.plugins.iter().map(|p| p.name()).collect();
    assert_eq!(names, ["glare", "lenses", "redeye"]);
    for metric in [
        "glare.lens_fraction",
        "glare.coloured_fraction",
        "lenses.tint",
        "lenses.dark",
        "redeye.present",
        "redeye.pupil_fraction",
    ] {
        let spec = report
            .catalogue
            .get(metric)
            .unwrap_or_else(|| panic!("{metric}"));
        assert!(matches!(
            spec.provider,
            photorules_core::Provider::Plugin { .. }
        ));
    }
    assert!(report.catalogue.get("face.count").is_some());
}

#[test]
fn a_broken_plugin_does_not_stop_the_others() {
    let host = host();
    let root = tempfile::tempdir().unwrap();
    wat_plugin::constant(root.path(), "aaa_good", MEASURED_ONE);
    let broken = wat_plugin::constant(root.path(), "bbb_broken", MEASURED_ONE);
    std::fs::write(broken.join("bbb_broken.wasm"), b"tampered").unwrap();
    wat_plugin::constant(root.path(), "ccc_good", MEASURED_ONE);
    let missing = root.path().join("nowhere");
    let report = host.load_all(&[root.path().to_path_buf(), missing], &Catalogue::builtin());
    let names: Vec<&str> = report.plugins.iter().map(|p| p.name()).collect();
    assert_eq!(names, ["aaa_good", "ccc_good"]);
    assert_eq!(report.errors.len(), 2, "{:?}", report.errors);
    assert!(
        report
            .errors
            .iter()
            .any(|e| matches!(e, LoadError::HashMismatch { .. }))
    );
    assert!(
        report
            .errors
            .iter()
            .any(|e| matches!(e, LoadError::Directory { .. }))
    );
}

#[test]
fn duplicate_names_and_clashing_metrics_are_refused() {
    let host = host();
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    wat_plugin::constant(first.path(), "twin", MEASURED_ONE);
    wat_plugin::constant(second.path(), "twin", MEASURED_ONE);
    let report = host.load_all(
        &[first.path().to_path_buf(), second.path().to_path_buf()],
        &Catalogue::builtin(),
    );
    assert_eq!(report.plugins.len(), 1);
    assert!(
        matches!(report.errors[..], [LoadError::Duplicate { .. }]),
        "{:?}",
        report.errors
    );
    assert!(report.errors[0].to_string().contains("plugin `twin`"));

    // A plugin may not provide a metric the base catalogue already has: its namespace is
    // its own name, so a plugin called `face` claiming `face.count` clashes with photorules.
    let root = tempfile::tempdir().unwrap();
    let wasm = wat::parse_str(wat_plugin::constant_module("{}")).unwrap();
    wat_plugin::write_wasm(
        root.path(),
        "face",
        &wasm,
        "1.0",
        "[[metrics]]\nname = \"face.count\"\nkind = \"number\"\nunit = \"count\"\nmeaning = \"m\"\nmethod = \"m\"\n",
    );
    let report = host.load_all(&[root.path().to_path_buf()], &Catalogue::builtin());
    assert!(report.plugins.is_empty());
    let message = report.errors[0].to_string();
    assert!(
        message.contains("`face.count` is already provided by photorules itself"),
        "{message}"
    );
}

#[test]
fn the_declared_catalogue_reads_manifests_only() {
    let root = tempfile::tempdir().unwrap();
    wat_plugin::constant(root.path(), "declared", MEASURED_ONE);
    let broken = wat_plugin::constant(root.path(), "tampered", MEASURED_ONE);
    // A module that would be refused at load still declares its names…
    std::fs::write(broken.join("tampered.wasm"), b"tampered").unwrap();
    // …but an unreadable manifest is reported.
    let bad = wat_plugin::constant(root.path(), "unparsable", MEASURED_ONE);
    std::fs::write(bad.join("plugin.toml"), "name = ").unwrap();
    let (catalogue, errors) = photorules_plugin_host::declared_catalogue(
        &[root.path().to_path_buf()],
        &Catalogue::builtin(),
    );
    assert!(catalogue.get("declared.value").is_some());
    assert!(catalogue.get("tampered.value").is_some());
    assert!(catalogue.get("unparsable.value").is_none());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].to_string().contains("unparsable"),
        "{}",
        errors[0]
    );
}
