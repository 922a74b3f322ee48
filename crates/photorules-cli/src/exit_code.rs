//! Exit codes: defined in the library, so the Python package's exceptions carry the same ones.

pub use photorules::exit::{Exit, for_measure_setup, for_setup};
