//! `ally import SOURCE …`: build a scenario from a data set. One file per source; adding
//! one is a file here, a `mod` line, a variant of [`Source`] and an arm in [`run`].

mod cow;

use super::Outcome;

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
            .args(["states", "majors", "region"])
    ))]
    Cow(cow::Args),
}

pub fn run(a: &Args) -> Outcome {
    match &a.source {
        Source::Cow(args) => cow::run(args),
    }
}
