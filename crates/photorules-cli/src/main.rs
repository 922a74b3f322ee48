//! `photorules`: one binary, one module per subcommand under `commands/`.

mod commands;
mod exit_code;
mod global;

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
    Schema(commands::schema::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let exit = match cli.command {
        Command::Compile(args) => commands::compile::run(&cli.global, args),
        Command::Lint(args) => commands::lint::run(&cli.global, args),
        Command::Fmt(args) => commands::fmt::run(&cli.global, args),
        Command::Schema(args) => commands::schema::run(&cli.global, args),
    };
    exit.into()
}
