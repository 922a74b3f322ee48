//! `photorules schema`: print the JSON Schema of the compiled profile (the committed copy is
//! `schema/profile.schema.json`).

use crate::exit_code::Exit;
use crate::global::Global;

/// Print the JSON Schema of compiled profiles (`photorules compile` output).
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_global: &Global, _args: Args) -> Exit {
    print!("{}", photorules_dsl::schema::profile_schema());
    Exit::Success
}
