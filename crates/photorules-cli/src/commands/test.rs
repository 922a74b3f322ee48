//! `photorules test [PATH…]`: run the profile tests (`*.tests.toml`) a policy editor writes
//! beside a profile; failures say which rule and why.

use std::path::PathBuf;

use photorules::profile_tests::find_test_files;

use crate::exit_code::Exit;
use crate::global::Global;
use crate::session::{self, PluginArgs};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Test files or directories to search for `*.tests.toml` (default: the rules root).
    paths: Vec<PathBuf>,
    #[command(flatten)]
    plugins: PluginArgs,
}

pub fn run(global: &Global, args: Args) -> Exit {
    let roots = if args.paths.is_empty() {
        vec![global.rules.clone()]
    } else {
        args.paths.clone()
    };
    let files: Vec<PathBuf> = roots.iter().flat_map(|p| find_test_files(p)).collect();
    if files.is_empty() {
        eprintln!(
            "error: no `*.tests.toml` files under {}",
            roots
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ")
        );
        return Exit::Input;
    }
    let photorules = match session::open(global, &args.plugins) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    let (mut passed, mut failed, mut broken) = (0usize, 0usize, 0usize);
    for file in &files {
        match photorules.run_test_file(file) {
            Err(error) => {
                broken += 1;
                eprintln!("error: {error}");
            }
            Ok(outcome) => {
                println!("{} ({})", outcome.path.display(), outcome.profile);
                for case in &outcome.cases {
                    if case.failures.is_empty() {
                        passed += 1;
                        println!("  ok      {}", case.name);
                    } else {
                        failed += 1;
                        println!("  FAILED  {}", case.name);
                        for failure in &case.failures {
                            println!("          {failure}");
                        }
                    }
                }
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if broken > 0 {
        Exit::Profile
    } else if failed > 0 {
        Exit::Findings
    } else {
        Exit::Success
    }
}
