//! `photorules fmt [--check] [PATH…]`: rewrite profiles in the canonical layout.

use std::path::PathBuf;
use std::sync::Arc;

use photorules_dsl::{SourceFile, parse};

use crate::commands::lint::expand;
use crate::exit_code::Exit;
use crate::global::{self, Global};

/// Rewrite profiles in the canonical layout (comments are kept).
///
/// Files with syntax errors are left alone and reported (exit 5).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Profile files or directories [default: every profile under `--rules`].
    pub paths: Vec<PathBuf>,
    /// Change nothing; list the files that are not formatted and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
}

pub fn run(global: &Global, args: Args) -> Exit {
    let paths = if args.paths.is_empty() {
        vec![global.rules.clone()]
    } else {
        args.paths
    };
    let (files, missing) = expand(&paths);
    let mut exit = Exit::Success;
    for path in &missing {
        eprintln!("error: `{}` does not exist", path.display());
        exit = exit.worst(Exit::Input);
    }
    for path in files {
        let text = match photorules_core::file::read_text_limited(
            &path,
            photorules_dsl::compile::MAX_FILE_BYTES,
        ) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: cannot read `{}`: {e}", path.display());
                exit = exit.worst(Exit::Input);
                continue;
            }
        };
        let file = Arc::new(SourceFile::new(path.display().to_string(), text.as_str()));
        let parsed = parse(&file);
        let Some(ast) = parsed.clean() else {
            global::eprint_diagnostics(global.error_format(), parsed.errors.iter());
            exit = exit.worst(Exit::Profile);
            continue;
        };
        let formatted = photorules_dsl::fmt::format(ast);
        if formatted == text {
            continue;
        }
        if args.check {
            println!("{}", path.display());
            exit = exit.worst(Exit::Findings);
        } else if let Err(e) = std::fs::write(&path, formatted) {
            eprintln!("error: cannot write `{}`: {e}", path.display());
            exit = exit.worst(Exit::Input);
        } else {
            eprintln!("formatted {}", path.display());
        }
    }
    exit
}
