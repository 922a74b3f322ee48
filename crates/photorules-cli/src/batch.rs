//! What `check`, `measure` and `prepare` share for many photos: the arguments expanded
//! (folders walked for photos), the photos run on several threads with their results handed
//! back in order, the `--jobs` option, the progress bar, and a photo's lines kept until its turn.

pub mod inputs;
pub mod ordered;
pub mod stream;

use std::io::IsTerminal;
use std::num::NonZeroUsize;

use indicatif::{ProgressBar, ProgressStyle};

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

/// A progress bar on standard error for a batch on a terminal; hidden otherwise (one photo,
/// or output read by a program).
pub fn progress_bar(count: usize) -> ProgressBar {
    if count < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(count as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// What one photo of a batch has to say, kept until its turn so that the lines of photos
/// worked on at once do not interleave.
#[derive(Debug, Default)]
pub struct Lines {
    lines: Vec<(Stream, String)>,
}

#[derive(Debug, Clone, Copy)]
enum Stream {
    Out,
    Err,
}

impl Lines {
    pub fn out(&mut self, line: String) {
        self.lines.push((Stream::Out, line));
    }

    pub fn err(&mut self, line: String) {
        self.lines.push((Stream::Err, line));
    }

    /// Print the lines, each to its stream, in the order they were said.
    pub fn print(self) {
        for (stream, line) in self.lines {
            match stream {
                Stream::Out => println!("{line}"),
                Stream::Err => eprintln!("{line}"),
            }
        }
    }
}
