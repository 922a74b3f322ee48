//! `photorules`: one binary, one module per subcommand under `commands/`.

mod batch;
mod commands;
mod exit_code;
mod global;
mod session;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use global::Global;

#[derive(Debug, Parser)]
#[command(
    name = "photorules",
    version,
    about = "Checks portrait photos against identity-document photo requirements, explaining every decision down to the regulation."
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Compile(commands::compile::Args),
    Lint(commands::lint::Args),
    Fmt(commands::fmt::Args),
    Profiles(commands::profiles::Args),
    Diff(commands::diff::Args),
    Schema(commands::schema::Args),
    Measure(commands::measure::Args),
    /// Check photos against a profile: a decision and a report per photo.
    Check(commands::check::Args),
    /// Explain a report's verdicts down to the regulation's words.
    Explain(commands::explain::Args),
    /// Run the profile tests (`*.tests.toml`) beside the profiles.
    Test(commands::test::Args),
    /// List the plugins found: hashes, interface versions, limits, provided metrics.
    Plugins(commands::plugins::Args),
    /// Score the rules' verdicts on a labelled photo set (accuracy, false accepts and rejects).
    Eval(commands::eval::Args),
    /// Prepare a photo the profile accepts from a portrait (crop, roll, background, file limits), and print sheets.
    Prepare(commands::prepare::Args),
    /// Serve the web page (upload, choose the document, preview, download) and the JSON API.
    Serve(commands::serve::Args),
    /// Make an Ed25519 key pair for signing reports (`check --sign`, `check --verify`).
    Keygen(commands::signing::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let exit = match cli.command {
        Command::Compile(args) => commands::compile::run(&cli.global, args),
        Command::Lint(args) => commands::lint::run(&cli.global, args),
        Command::Fmt(args) => commands::fmt::run(&cli.global, args),
        Command::Profiles(args) => commands::profiles::run(&cli.global, args),
        Command::Diff(args) => commands::diff::run(&cli.global, args),
        Command::Schema(args) => commands::schema::run(&cli.global, args),
        Command::Measure(args) => commands::measure::run(&cli.global, args),
        Command::Check(args) => commands::check::run(&cli.global, args),
        Command::Keygen(args) => commands::signing::keygen(args),
        Command::Explain(args) => commands::explain::run(&cli.global, args),
        Command::Test(args) => commands::test::run(&cli.global, args),
        Command::Plugins(args) => commands::plugins::run(&cli.global, args),
        Command::Eval(args) => commands::eval::run(&cli.global, args),
        Command::Prepare(args) => commands::prepare::run(&cli.global, args),
        Command::Serve(args) => commands::serve::run(&cli.global, args),
    };
    exit.into()
}
