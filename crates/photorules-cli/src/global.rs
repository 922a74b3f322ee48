//! Options every subcommand takes, and what they share: the metric catalogue, the compiler,
//! printing diagnostics.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use photorules_core::Catalogue;
use photorules_dsl::err::{render_human, render_json};
use photorules_dsl::{Compiler, Diagnostic, ErrorFormat};

use crate::exit_code::Exit;

/// Width diagnostics are wrapped at.
const REPORT_WIDTH: usize = 100;

#[derive(Debug, Args)]
pub struct Global {
    /// The rules root: where profile `ID` is found as `<DIR>/<ID>.rules`.
    #[arg(long, global = true, value_name = "DIR", default_value = "rules")]
    pub rules: PathBuf,
    /// How diagnostics are printed.
    #[arg(long, global = true, value_enum, default_value_t = ErrorFormatArg::Human)]
    pub error_format: ErrorFormatArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ErrorFormatArg {
    Human,
    Json,
}

impl Global {
    pub fn error_format(&self) -> ErrorFormat {
        match self.error_format {
            ErrorFormatArg::Human => ErrorFormat::Human,
            ErrorFormatArg::Json => ErrorFormat::Json,
        }
    }
}

/// The metrics profiles may name: the built-in ones, and those the plugins in `plugins/` beside
/// the rules root declare. Only the manifests are read: checking a profile runs no plugin.
pub fn catalogue(global: &Global) -> Catalogue {
    let dir = global
        .rules
        .parent()
        .map_or_else(|| PathBuf::from("plugins"), |p| p.join("plugins"));
    if !dir.is_dir() {
        return Catalogue::builtin();
    }
    let (catalogue, problems) =
        photorules_plugin_host::declared_catalogue(&[dir], &Catalogue::builtin());
    for problem in problems {
        eprintln!("warning: a plugin's metrics are not known: {problem}");
    }
    catalogue
}

/// The rules root must be a directory for commands that list the profiles under it.
pub fn require_rules_dir(global: &Global) -> Result<(), Exit> {
    if global.rules.is_dir() {
        return Ok(());
    }
    eprintln!(
        "error: the rules root `{}` is not a directory",
        global.rules.display()
    );
    Err(Exit::Input)
}

pub fn compiler(catalogue: &Catalogue) -> Compiler<'_> {
    Compiler::new(catalogue, photorules_dsl::today())
}

/// Whether a command-line argument names a file rather than a profile id: a path ends in
/// `.rules`. Anything else is an id, and an id that is not in its documented form is refused
/// without touching the disk (`/etc/passwd` is neither read nor shown).
pub fn is_path(arg: &str) -> bool {
    arg.ends_with(".rules")
}

/// Print diagnostics to `out` in the chosen format.
pub fn print_diagnostics<'a>(
    format: ErrorFormat,
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    out: &mut dyn Write,
    colour: bool,
) {
    let result = match format {
        ErrorFormat::Json => writeln!(out, "{}", render_json(diagnostics)),
        // A blank line between reports, as compilers do.
        ErrorFormat::Human => diagnostics.into_iter().enumerate().try_for_each(|(i, d)| {
            let gap = if i > 0 { "\n" } else { "" };
            write!(out, "{gap}{}", render_human(d, colour, REPORT_WIDTH))
        }),
    };
    // Nothing sensible is left to do when stderr/stdout is gone.
    let _ = result;
}

/// Print diagnostics to stderr (colour when it is a terminal).
pub fn eprint_diagnostics<'a>(
    format: ErrorFormat,
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
) {
    let stderr = std::io::stderr();
    let colour = stderr.is_terminal();
    print_diagnostics(format, diagnostics, &mut stderr.lock(), colour);
}
