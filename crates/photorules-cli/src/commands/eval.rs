//! `photorules eval`: the accuracy scorecard of the shipped rules on a labelled photo set
//! (`spec-tests/eval/` by default), and, with `--baseline`, whether it got worse.

use std::path::PathBuf;

use photorules::eval::{PreparationScore, Scorecard};

use crate::exit_code::Exit;
use crate::global::Global;
use crate::session::{self, PluginArgs};

/// Score the rules' verdicts on a labelled photo set: per requirement TP/FN/TN/FP, accuracy,
/// false-accept and false-reject rates.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The set: a folder with `labels.toml` and `photos/` (and, where a second person reviewed the
    /// photos, `labels-second.toml`: only what both reviews agree on is scored, and what a
    /// third look settled of the rest, `labels-settled.toml`)
    #[arg(long, default_value = "spec-tests/eval")]
    set: PathBuf,
    /// A scorecard saved with `--json`: exit 1 when any requirement has more false accepts or
    /// fewer correct verdicts than it.
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Print the scorecard as JSON.
    #[arg(long)]
    json: bool,
    /// Score the set's photos with mutations painted on (truth by construction: lenses, a
    /// cap, hair over an eye, a hand over the mouth, a side shadow, defocus, exposure, JPEG
    /// quality 15, noise, low resolution, a crop, a roll) instead of the photos as labelled.
    #[arg(long)]
    mutations: bool,
    /// Prepare every photo of the set for kz/driving-licence instead, and print how many come
    /// out accepted and which rules kept the others from it.
    #[arg(long, conflicts_with_all = ["mutations", "baseline"])]
    prepare: bool,
    /// With `--mutations`: also write every painted photo into this folder, to look at.
    #[arg(long, value_name = "DIR", requires = "mutations")]
    save_mutations: Option<PathBuf>,
    #[command(flatten)]
    plugins: PluginArgs,
}

pub fn run(global: &Global, args: Args) -> Exit {
    let photorules = match session::open(global, &args.plugins) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    if args.prepare {
        return print_preparation(&photorules, &args);
    }
    let evaluated = if args.mutations {
        if let Some(dir) = &args.save_mutations
            && let Err(error) = std::fs::create_dir_all(dir)
        {
            eprintln!("error: cannot create `{}`: {error}", dir.display());
            return Exit::Input;
        }
        photorules::eval::evaluate_mutations(&photorules, &args.set, args.save_mutations.as_deref())
    } else {
        photorules::eval::evaluate(&photorules, &args.set)
    };
    let scorecard = match evaluated {
        Ok(card) => card,
        Err(error) => {
            eprintln!("error: {error}");
            return Exit::Input;
        }
    };
    if let Err(exit) = print(&scorecard, args.json, Scorecard::to_text) {
        return exit;
    }
    let Some(path) = args.baseline else {
        return Exit::Success;
    };
    let baseline: Scorecard = match photorules_core::file::read_text_limited(&path, 1 << 20)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
    {
        Ok(card) => card,
        Err(error) => {
            eprintln!("error: baseline `{}`: {error}", path.display());
            return Exit::Input;
        }
    };
    let worse = scorecard.regressions_from(&baseline);
    for line in &worse {
        eprintln!("worse than the baseline: {line}");
    }
    if worse.is_empty() {
        Exit::Success
    } else {
        Exit::Findings
    }
}

/// `eval --prepare`: the preparation score, as text or JSON.
fn print_preparation(photorules: &photorules::Photorules, args: &Args) -> Exit {
    let score = match photorules::eval::evaluate_preparation(photorules, &args.set) {
        Ok(score) => score,
        Err(error) => {
            eprintln!("error: {error}");
            return Exit::Input;
        }
    };
    match print(&score, args.json, PreparationScore::to_text) {
        Ok(()) => Exit::Success,
        Err(exit) => exit,
    }
}

/// `value` on standard output, as pretty JSON or as the text `to_text` makes of it.
fn print<T: serde::Serialize>(
    value: &T,
    json: bool,
    to_text: fn(&T) -> String,
) -> Result<(), Exit> {
    if json {
        let text = serde_json::to_string_pretty(value).map_err(|_| Exit::Internal)?;
        println!("{text}");
    } else {
        print!("{}", to_text(value));
    }
    Ok(())
}
