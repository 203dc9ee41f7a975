//! `ally lab`: the randomised experiments of [`crate::lab`].

use clap::ValueEnum;

use super::Outcome;

/// `ally lab`'s formats.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum LabFormat {
    Text,
    Json,
    Markdown,
    Csv,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Number of random scenarios
    #[arg(long, default_value_t = 500, value_name = "N")]
    trials: usize,
    /// Seed of the random scenarios (same seed, same report)
    #[arg(long, default_value_t = 1, value_name = "S")]
    seed: u64,
    /// States per scenario (3 to 16)
    #[arg(long, default_value_t = 8, value_name = "N")]
    states: usize,
    /// Output format (`markdown` for slides, `csv` for spreadsheets)
    #[arg(long, value_enum, default_value_t = LabFormat::Text)]
    format: LabFormat,
}

pub fn run(a: &Args) -> Outcome {
    crate::lab::cli(
        a.trials,
        a.seed,
        a.states,
        match a.format {
            LabFormat::Text => crate::lab::Output::Text,
            LabFormat::Json => crate::lab::Output::Json,
            LabFormat::Markdown => crate::lab::Output::Markdown,
            LabFormat::Csv => crate::lab::Output::Csv,
        },
    )
}
