//! `photorules lint [PATH…]`: check profiles and report every error and warning.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use photorules_dsl::compile::list_profiles;
use photorules_dsl::{Diagnostics, ErrorFormat};

use crate::exit_code::Exit;
use crate::global::{self, Global};

/// Check profiles: every error and lint warning, with its place and a hint.
///
/// Findings go to stdout. Exit 1 when there are errors (or warnings with `--deny-warnings`).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Profile files or directories to check [default: every profile under `--rules`].
    pub paths: Vec<PathBuf>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn run(global: &Global, args: Args) -> Exit {
    let paths = if args.paths.is_empty() {
        vec![global.rules.clone()]
    } else {
        args.paths
    };
    let (files, missing) = expand(&paths);
    for path in &missing {
        eprintln!("error: `{}` does not exist", path.display());
    }
    let catalogue = global::catalogue(global);
    let mut compiler = global::compiler(&catalogue);
    for file in &files {
        compiler.compile_path(file);
    }
    let diagnostics: Diagnostics = compiler.take_diagnostics().sorted_unique();
    let stdout = std::io::stdout();
    let colour = stdout.is_terminal();
    if global.error_format() == ErrorFormat::Json || !diagnostics.is_empty() {
        global::print_diagnostics(
            global.error_format(),
            diagnostics.iter(),
            &mut stdout.lock(),
            colour,
        );
    }
    eprintln!(
        "checked {} profile{}: {} error{}, {} warning{}",
        files.len(),
        plural(files.len()),
        diagnostics.error_count(),
        plural(diagnostics.error_count()),
        diagnostics.warning_count(),
        plural(diagnostics.warning_count()),
    );
    let findings = diagnostics.has_errors() || (args.deny_warnings && !diagnostics.is_empty());
    // A file that cannot be read (missing, a device, a FIFO, too large) is an input error,
    // whatever else was found: the exit code tells it from findings in the profiles.
    let unreadable = diagnostics
        .iter()
        .any(|d| d.code == photorules_dsl::Code::Io);
    if !missing.is_empty() || unreadable {
        Exit::Input
    } else if findings {
        Exit::Findings
    } else {
        Exit::Success
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Files to check: each file as given, each directory's `.rules` files; and paths that do not
/// exist.
pub fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for path in paths {
        if path.is_dir() {
            files.extend(list_profiles(path).into_iter().map(|(_, p)| p));
        } else if Path::new(path).exists() {
            files.push(path.clone());
        } else {
            missing.push(path.clone());
        }
    }
    (files, missing)
}
