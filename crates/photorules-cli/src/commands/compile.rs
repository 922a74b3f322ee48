//! `photorules compile ID|PATH`: compile a profile and print its IR as JSON.

use std::path::Path;

use photorules_dsl::Code;

use crate::exit_code::Exit;
use crate::global::{self, Global};

/// Compile a profile (with its `extends` chain) and print the compiled profile as JSON.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A profile id (looked up under `--rules`) or the path of a `.rules` file.
    pub profile: String,
}

pub fn run(global: &Global, args: Args) -> Exit {
    let catalogue = global::catalogue(global);
    let mut compiler = global::compiler(&catalogue);
    let compiled = if global::is_path(&args.profile) {
        compiler.compile_path(Path::new(&args.profile))
    } else {
        compiler.compile_id(&global.rules, &args.profile)
    };
    let diagnostics = compiler.take_diagnostics().sorted_unique();
    if !diagnostics.is_empty() {
        global::eprint_diagnostics(global.error_format(), diagnostics.iter());
    }
    match compiled {
        Some(profile) => match serde_json::to_string_pretty(&*profile) {
            Ok(json) => {
                println!("{json}");
                Exit::Success
            }
            Err(e) => {
                eprintln!("error: cannot write the compiled profile as JSON: {e}");
                Exit::Internal
            }
        },
        None if diagnostics.iter().all(|d| d.code == Code::Io) => Exit::Input,
        None => Exit::Profile,
    }
}
