//! One module per subcommand; each has `Args` (clap) and `run`.

pub mod compile;
pub mod fmt;
pub mod lint;
pub mod schema;
