//! `ally lab` on the command line: checks the options, runs the lab with a progress
//! line on a terminal, prints the report.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Config, MAX_STATES, table};
use crate::failure::{Failure, Outcome};

/// How the report is printed.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Output {
    Text,
    Json,
    /// Markdown tables, for slides.
    Markdown,
    /// One row per cell, for spreadsheets.
    Csv,
}

/// Bad options are bad usage; a lab that failed, a failure of its own.
pub fn cli(trials: usize, seed: u64, states: usize, output: Output) -> Outcome {
    if trials == 0 {
        return Err(Failure::Usage("error: --trials must be at least 1".into()));
    }
    if !(3..=MAX_STATES).contains(&states) {
        return Err(Failure::Usage(format!(
            "error: --states must be between 3 and {MAX_STATES}, not {states}"
        )));
    }
    let cfg = Config {
        trials,
        seed,
        states,
        ..Config::default()
    };
    let terminal = std::io::stderr().is_terminal();
    // The last percentage drawn, so each is drawn once whichever thread gets there.
    let shown = AtomicUsize::new(usize::MAX);
    let progress = |done: usize| {
        if !terminal {
            return;
        }
        let pct = done * 100 / trials;
        if shown.swap(pct, Ordering::Relaxed) != pct {
            let width = 30;
            let bar = "#".repeat(pct * width / 100);
            eprint!("\r  lab [{bar:<width$}] {pct:>3}% ({done}/{trials})");
            let _ = std::io::stderr().flush();
        }
    };
    let report = super::run(&cfg, &progress);
    if terminal {
        eprint!("\r{:60}\r", "");
    }
    let report = match report {
        Ok(r) => r,
        Err(e) => return Err(Failure::Failed(format!("error: {e}"))),
    };
    let text = match output {
        Output::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        Output::Text => table::text(&report),
        Output::Markdown => super::export::markdown(&report),
        Output::Csv => match super::export::csv(&report) {
            Ok(t) => t,
            Err(e) => return Err(Failure::Failed(format!("error: {e}"))),
        },
    };
    crate::output::stdout(&text)?;
    Ok(())
}
