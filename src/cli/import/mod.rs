//! `ally import SOURCE …`: build a scenario from a data set. The options and what they
//! resolve to (a given file, else the one bundled with `ally`) live in [`args`]; this
//! module writes the scenario.
//! Adding a source is a variant of [`Source`] and an arm in [`run`].

mod args;

use std::path::{Path, PathBuf};

use super::{Failure, Outcome, print};
use crate::output;
use args::{AtopArgs, CowArgs, Imported};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    source: Source,
}

#[derive(clap::Subcommand, Debug)]
pub enum Source {
    /// Correlates of War CSVs: power from CINC, borders and distances from contiguity,
    /// alliances from the alliance dyad-years
    #[command(group(
        clap::ArgGroup::new("selection")
            .required(true)
            .args(["states", "majors", "region", "all"])
    ))]
    Cow(CowArgs),
    /// ATOP alliance obligations (defense, offense, neutrality, non-aggression,
    /// consultation), with power, names and contiguity from the COW files
    #[command(group(
        clap::ArgGroup::new("selection")
            .required(true)
            .args(["states", "majors", "region", "all"])
    ))]
    Atop(AtopArgs),
}

pub fn run(a: &Args) -> Outcome {
    match &a.source {
        Source::Cow(x) => finish(args::run_cow(x), x.output.as_deref()),
        Source::Atop(x) => finish(args::run_atop(x), x.output.as_deref()),
    }
}

/// Writes the scenario (never over one of the files read).
fn finish(result: Result<Imported, Failure>, out: Option<&Path>) -> Outcome {
    let imported = result?;
    match out {
        Some(out) => {
            let inputs: Vec<&Path> = imported.inputs.iter().map(PathBuf::as_path).collect();
            Ok(output::write_atomic(
                out,
                imported.text.as_bytes(),
                &inputs,
            )?)
        }
        None => print(&imported.text),
    }
}
