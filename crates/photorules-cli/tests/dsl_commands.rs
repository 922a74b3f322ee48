//! The profile-language commands end-to-end: output and exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Output;

mod common;

use common::{photorules, workspace};

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn compile_prints_the_ir_of_a_shipped_profile() {
    let out = photorules(&["compile", "kz/passport-abroad"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let ir: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(ir["id"], "kz/passport-abroad");
    assert_eq!(ir["chain"][1], "icao/base");
    assert_eq!(ir["formats"][0]["copies"], 4);
}

#[test]
fn compile_of_a_broken_profile_is_a_profile_error_with_json_diagnostics() {
    let out = photorules(&[
        "compile",
        "spec-tests/dsl/broken/unknown-metric.rules",
        "--error-format",
        "json",
    ]);
    assert_eq!(code(&out), 5);
    let diagnostics: serde_json::Value = serde_json::from_slice(&out.stderr)
        .unwrap_or_else(|e| panic!("{e}: {:?}", String::from_utf8_lossy(&out.stderr)));
    let first = &diagnostics[0];
    assert_eq!(first["code"], "photorules::unknown-metric");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["line"], 19);
    assert_eq!(first["column"], 11);
    assert_eq!(first["help"], "did you mean `head.chin_crown_ratio`?");
}

#[test]
fn compile_of_a_missing_file_is_an_input_error_and_an_unknown_id_a_profile_error() {
    assert_eq!(code(&photorules(&["compile", "no/such/file.rules"])), 4);
    assert_eq!(code(&photorules(&["compile", "kz/no-such-profile"])), 5);
}

#[test]
fn shipped_profiles_lint_clean_and_broken_ones_do_not() {
    let clean = photorules(&["lint", "--deny-warnings"]);
    assert_eq!(code(&clean), 0, "{}", stdout(&clean));
    let broken = photorules(&["lint", "spec-tests/dsl/broken/bad-range.rules"]);
    assert_eq!(code(&broken), 1);
    assert!(stdout(&broken).contains("photorules::bad-range"));
}

#[test]
fn shipped_profiles_are_formatted() {
    let out = photorules(&["fmt", "--check"]);
    assert_eq!(code(&out), 0, "not formatted: {}", stdout(&out));
}

#[test]
fn profiles_lists_every_shipped_profile() {
    let out = photorules(&["profiles", "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let list: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"icao/base") && ids.contains(&"kz/driving-licence"),
        "{ids:?}"
    );
}

#[test]
fn profiles_of_one_country() {
    let out = photorules(&["profiles", "--format", "json", "--country", "kz"]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let list: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let list = list.as_array().unwrap();
    assert!(list.len() >= 4, "{list:?}");
    assert!(list.iter().all(|p| p["jurisdiction"] == "KZ"), "{list:?}");
    let none = photorules(&["profiles", "--country", "XX"]);
    assert_eq!(code(&none), 1);
    assert!(String::from_utf8_lossy(&none.stderr).contains("no profile has the jurisdiction `XX`"));
}

#[test]
fn profiles_found_by_words_in_any_language() {
    let out = photorules(&[
        "profiles",
        "--format",
        "json",
        "--search",
        "Kazakhstan driving",
    ]);
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    let list: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["kz/driving-licence"]);
    // The Kazakh title finds it too.
    let kazakh = photorules(&["profiles", "--format", "json", "--search", "жүргізуші"]);
    let list: serde_json::Value = serde_json::from_str(&stdout(&kazakh)).unwrap();
    assert_eq!(list[0]["id"], "kz/driving-licence");
    let none = photorules(&["profiles", "--search", "no-such-document"]);
    assert_eq!(code(&none), 1);
    assert!(String::from_utf8_lossy(&none.stderr).contains("no profile matches"));
}

#[test]
fn diff_reports_a_moved_band_and_exits_1() {
    let dir = std::env::temp_dir().join(format!("photorules-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let current =
        std::fs::read_to_string(workspace().join("rules/kz/passport-abroad.rules")).unwrap();
    assert!(
        current.contains("in 70 % .. 80 %"),
        "the test's anchor moved"
    );
    let amended = current.replace("in 70 % .. 80 %", "in 72 % .. 80 %");
    let old = dir.join("old.rules");
    std::fs::write(&old, amended).unwrap();
    let out = photorules(&["diff", old.to_str().unwrap(), "kz/passport-abroad"]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(code(&out), 1, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        stdout(&out).contains("head.chin_crown_ratio moved 72 % .. 80 % → 70 % .. 80 %"),
        "{}",
        stdout(&out)
    );
    let same = photorules(&[
        "diff",
        "kz/passport-abroad",
        "rules/kz/passport-abroad.rules",
    ]);
    assert_eq!(code(&same), 0, "{}", stdout(&same));
}

#[test]
fn a_profile_id_is_never_used_as_a_path() {
    let photo = workspace().join("spec-tests/photos/obama.jpg");
    let photo = photo.to_str().unwrap();
    for id in ["../../etc/passwd", "/etc/passwd", "kz/../kz/id-card"] {
        let out = photorules(&["check", "--profile", id, photo]);
        assert_eq!(code(&out), 5, "{id}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("is not a profile id"), "{id}: {stderr}");
        assert!(
            !stderr.contains("root:"),
            "{id}: the file was read: {stderr}"
        );
    }
}

#[test]
fn endless_and_blocking_files_are_refused_with_their_name_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.jpg");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let photo = workspace().join("spec-tests/photos/obama.jpg");
    let out = photorules(&[
        "check",
        "--profile",
        "kz/driving-licence",
        "/dev/zero",
        fifo.to_str().unwrap(),
        photo.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(code(&out), 4, "{stderr}");
    assert!(
        stderr.contains("error: `/dev/zero`: not a regular file (a device is not read)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("pipe.jpg`: not a regular file (a FIFO is not read)"),
        "{stderr}"
    );
    // The good photo in the same batch was still checked.
    assert!(stdout(&out).contains("obama.jpg — "), "{}", stdout(&out));
    let replay = photorules(&["check", "--replay", "/dev/urandom"]);
    assert_ne!(code(&replay), 0);
    assert!(
        String::from_utf8_lossy(&replay.stderr).contains("not a regular file"),
        "{}",
        String::from_utf8_lossy(&replay.stderr)
    );
}

#[test]
fn diff_shows_a_changed_translation() {
    let dir = tempfile::tempdir().unwrap();
    let current =
        std::fs::read_to_string(workspace().join("rules/kz/passport-abroad.rules")).unwrap();
    let anchor = "fix.ru   \"Держите рот закрытым";
    assert!(current.contains(anchor), "the test's anchor moved");
    let amended = current.replacen(anchor, "fix.ru   \"Пожалуйста, держите рот закрытым", 1);
    let old = dir.path().join("old.rules");
    std::fs::write(&old, amended).unwrap();
    let out = photorules(&["diff", old.to_str().unwrap(), "kz/passport-abroad"]);
    assert_eq!(code(&out), 1, "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout(&out).contains("fix.ru"), "{}", stdout(&out));
}

#[test]
fn a_signed_report_verifies_and_an_edited_one_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("service");
    let made = photorules(&["keygen", "--out", key.to_str().unwrap()]);
    assert_eq!(code(&made), 0, "{}", String::from_utf8_lossy(&made.stderr));
    let private = dir.path().join("service.key");
    let public = dir.path().join("service.pub");
    let photo = workspace().join("spec-tests/photos/obama.jpg");
    let out = photorules(&[
        "check",
        "--profile",
        "kz/id-card",
        "--format",
        "json",
        "--sign",
        private.to_str().unwrap(),
        photo.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 1, "{}", String::from_utf8_lossy(&out.stderr));
    let signed = dir.path().join("signed.json");
    std::fs::write(&signed, stdout(&out)).unwrap();
    let verified = photorules(&[
        "check",
        "--verify",
        signed.to_str().unwrap(),
        "--key",
        public.to_str().unwrap(),
    ]);
    assert_eq!(
        code(&verified),
        0,
        "{}",
        String::from_utf8_lossy(&verified.stderr)
    );
    // An accept written over the reject, with the metrics hash left consistent, is caught.
    let edited = dir.path().join("edited.json");
    let text = stdout(&out).replacen("\"decision\": \"reject\"", "\"decision\": \"accept\"", 1);
    std::fs::write(&edited, text).unwrap();
    let refused = photorules(&[
        "check",
        "--verify",
        edited.to_str().unwrap(),
        "--key",
        public.to_str().unwrap(),
    ]);
    assert_eq!(code(&refused), 7);
    assert!(
        String::from_utf8_lossy(&refused.stderr)
            .contains("the report was changed after it was signed")
    );
}
