//! What `check` and `measure` share for many photos: the IMAGE arguments expanded (folders
//! walked for photos), the photos run on several threads with their results handed back in
//! order, and the `--jobs` option.

pub mod inputs;
pub mod ordered;
pub mod stream;

use std::num::NonZeroUsize;

/// How many photos to work on at once.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct JobsArg {
    /// Photos to work on at once (default: one per core). Output keeps the order of the
    /// photos whatever finishes first.
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<NonZeroUsize>,
}

impl JobsArg {
    pub fn count(self) -> usize {
        self.jobs
            .or_else(|| std::thread::available_parallelism().ok())
            .map_or(1, NonZeroUsize::get)
    }
}
