//! One module per subcommand; each has `Args` (clap) and `run`.

pub mod check;
pub mod compile;
pub mod diff;
pub mod eval;
pub mod explain;
pub mod fmt;
pub mod lint;
pub mod measure;
pub mod plugins;
pub mod prepare;
pub mod profiles;
pub mod replay;
pub mod schema;
pub mod serve;
pub mod signing;
pub mod test;
