//! `ally lab`: the randomised experiments of [`crate::lab`].

use super::{Format, Outcome, from_code};

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
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(a: &Args) -> Outcome {
    from_code(crate::lab::cli(
        a.trials,
        a.seed,
        a.states,
        a.format == Format::Json,
    ))
}
