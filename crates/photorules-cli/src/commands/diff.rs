//! `photorules diff OLD NEW`: what changed between two versions of a profile.

use std::path::Path;
use std::sync::Arc;

use photorules_core::ir::CompiledProfile;
use photorules_dsl::{Code, Compiler, diff};

use crate::exit_code::Exit;
use crate::global::{self, Global};

/// Show what changed between two versions of a profile: rules added and removed, bands and
/// thresholds moved, severities and provenance changed.
///
/// Each side is a profile id (under `--rules`) or a `.rules` file; a file kept outside the rules
/// root (say an older version from git) takes its bases from `--rules`. Exit 0 when nothing
/// changed, 1 when something did.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The older version: a profile id or a `.rules` file.
    pub old: String,
    /// The newer version: a profile id or a `.rules` file.
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(global: &Global, args: Args) -> Exit {
    let catalogue = global::catalogue(global);
    // One compiler per side: the two versions may share an id and a file name.
    let old = compile(global, &catalogue, &args.old);
    let new = compile(global, &catalogue, &args.new);
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(a), Err(b)) => return a.worst(b),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let changes = diff::diff(&old, &new);
    match args.format {
        Format::Text => print!("{}", changes.to_text()),
        Format::Json => match serde_json::to_string_pretty(&changes) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: cannot write the diff as JSON: {e}");
                return Exit::Internal;
            }
        },
    }
    if changes.is_empty() {
        Exit::Success
    } else {
        Exit::Findings
    }
}

fn compile(
    global: &Global,
    catalogue: &photorules_core::Catalogue,
    profile: &str,
) -> Result<Arc<CompiledProfile>, Exit> {
    let mut compiler: Compiler<'_> = global::compiler(catalogue);
    let compiled = if global::is_path(profile) {
        compiler.compile_detached(Path::new(profile), &global.rules)
    } else {
        compiler.compile_id(&global.rules, profile)
    };
    let diagnostics = compiler.take_diagnostics().sorted_unique();
    let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() {
        global::eprint_diagnostics(global.error_format(), errors.iter().copied());
    }
    match compiled {
        Some(profile) => Ok(profile),
        None if errors.iter().all(|d| d.code == Code::Io) => Err(Exit::Input),
        None => Err(Exit::Profile),
    }
}
