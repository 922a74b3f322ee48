//! The hostile corpus (`spec-tests/hostile/cases.toml`): every input that once hung, crashed or
//! exhausted a command, and every fuzz crash, run through the CLI. Each must end within the
//! time limit with its exit code and a message naming the file and the cause.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

/// Longer than any case needs even in a debug build on a slow machine; a case that reaches it
/// hangs.
const TIME_LIMIT: Duration = Duration::from_secs(120);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// What the case re-creates (the issue, or the fuzz target and crash file).
    origin: String,
    args: Vec<String>,
    exit: i32,
    /// Text stderr must contain.
    #[serde(default)]
    stderr: Vec<String>,
    /// Text stdout or stderr must contain (diagnostics of `lint` go to stdout).
    #[serde(default)]
    output: Vec<String>,
    /// Text stdout must contain.
    #[serde(default)]
    stdout: Vec<String>,
    /// Text neither output may contain.
    #[serde(default)]
    never: Vec<String>,
}

mod common;

use common::workspace;

/// The inputs that cannot be files in a repository, made for the run.
struct Made {
    dir: tempfile::TempDir,
}

impl Made {
    fn new() -> Made {
        let dir = tempfile::tempdir().unwrap();
        for fifo in ["fifo.jpg", "fifo.rules"] {
            let made = Command::new("mkfifo")
                .arg(dir.path().join(fifo))
                .status()
                .unwrap();
            assert!(made.success(), "mkfifo");
        }
        // A chain of 2,000 profiles, each extending the next: `chain/0` … `chain/1999`.
        let chain = dir.path().join("chain/chain");
        std::fs::create_dir_all(&chain).unwrap();
        for i in 0..2000 {
            let extends = if i + 1 < 2000 {
                format!("  extends      chain/{}\n", i + 1)
            } else {
                String::new()
            };
            std::fs::write(
                chain.join(format!("{i}.rules")),
                format!(
                    "profile chain/{i} {{\n  title        \"Link {i}\"\n  jurisdiction KZ\n  document     passport\n  version      \"1\"\n  effective    2026-01-01\n{extends}}}\n"
                ),
            )
            .unwrap();
        }
        // Plugins whose modules never end: one a link to /dev/zero, one a FIFO.
        for (name, module) in [("endless", "link"), ("fifo", "fifo")] {
            let plugin = dir.path().join("plugins").join(name);
            std::fs::create_dir_all(&plugin).unwrap();
            std::fs::write(
                plugin.join("plugin.toml"),
                format!(
                    "name = \"{name}\"\nversion = \"1\"\ninterface = \"1.0\"\ndescription = \"Its module never ends.\"\nsha256 = \"{}\"\n\n[[metrics]]\nname = \"{name}.m\"\nkind = \"number\"\nunit = \"ratio\"\nmeaning = \"m\"\nmethod = \"m\"\n",
                    "0".repeat(64)
                ),
            )
            .unwrap();
            let wasm = plugin.join(format!("{name}.wasm"));
            if module == "link" {
                std::os::unix::fs::symlink("/dev/zero", &wasm).unwrap();
            } else {
                assert!(
                    Command::new("mkfifo")
                        .arg(&wasm)
                        .status()
                        .unwrap()
                        .success()
                );
            }
        }
        // Profile tests whose photo never ends: /dev/zero, and the FIFO beside them.
        for (name, image) in [("endless", "/dev/zero"), ("fifo", "fifo.jpg")] {
            std::fs::write(
                dir.path().join(format!("{name}.tests.toml")),
                format!(
                    "profile = \"kz/id-card\"\n\n[[case]]\nname = \"a photo that never ends\"\nimage = \"{image}\"\nexpect = \"reject\"\n"
                ),
            )
            .unwrap();
        }
        Made { dir }
    }

    fn expand(&self, arg: &str) -> String {
        arg.replace("{hostile}", "spec-tests/hostile/files")
            .replace("{made}", &self.dir.path().display().to_string())
    }
}

struct Ran {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

fn run(args: &[String]) -> Ran {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_photorules"))
        .args(args)
        .current_dir(workspace())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Drain both pipes while waiting, so that a large output cannot block the child.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        out.read_to_end(&mut s).unwrap();
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        err.read_to_end(&mut s).unwrap();
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > TIME_LIMIT {
            child.kill().unwrap();
            child.wait().unwrap();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ran {
        code: status.and_then(|s| s.code()),
        stdout: String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned(),
        took: started.elapsed(),
    }
}

#[test]
fn every_hostile_input_ends_with_its_exit_code_and_message() {
    let text = std::fs::read_to_string(workspace().join("spec-tests/hostile/cases.toml")).unwrap();
    let corpus: Corpus = toml::from_str(&text).unwrap();
    assert!(corpus.case.len() >= 20, "the corpus lost cases");
    let made = Made::new();
    let mut failures = Vec::new();
    for case in &corpus.case {
        let args: Vec<String> = case.args.iter().map(|a| made.expand(a)).collect();
        let ran = run(&args);
        let mut wrong = Vec::new();
        if ran.code.is_none() {
            wrong.push(format!("did not end within {TIME_LIMIT:?} (killed)"));
        } else if ran.code != Some(case.exit) {
            wrong.push(format!("exit {:?}, expected {}", ran.code, case.exit));
        }
        for want in &case.stderr {
            if !ran.stderr.contains(&made.expand(want)) {
                wrong.push(format!("stderr lacks {want:?}"));
            }
        }
        for want in &case.output {
            let want = made.expand(want);
            if !ran.stdout.contains(&want) && !ran.stderr.contains(&want) {
                wrong.push(format!("output lacks {want:?}"));
            }
        }
        for want in &case.stdout {
            if !ran.stdout.contains(&made.expand(want)) {
                wrong.push(format!("stdout lacks {want:?}"));
            }
        }
        for never in &case.never {
            if ran.stdout.contains(never.as_str()) || ran.stderr.contains(never.as_str()) {
                wrong.push(format!("output contains {never:?}"));
            }
        }
        if !wrong.is_empty() {
            failures.push(format!(
                "case `{}` ({}), {:.1} s: {}\n  args: {args:?}\n  stdout: {}\n  stderr: {}",
                case.name,
                case.origin,
                ran.took.as_secs_f64(),
                wrong.join("; "),
                ran.stdout.chars().take(600).collect::<String>(),
                ran.stderr.chars().take(600).collect::<String>(),
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
