//! `ally lab` on the command line: checks the options, runs the lab with a progress
//! line on a terminal, prints the report.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Config, MAX_STATES, table};

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

/// Exit codes as for every command: 0 success, 1 the lab failed, 2 bad usage.
pub fn cli(trials: usize, seed: u64, states: usize, output: Output) -> ExitCode {
    if trials == 0 {
        let _ = crate::output::stderr("error: --trials must be at least 1\n");
        return ExitCode::from(2);
    }
    if !(3..=MAX_STATES).contains(&states) {
        let _ = crate::output::stderr(&format!(
            "error: --states must be between 3 and {MAX_STATES}, not {states}\n"
        ));
        return ExitCode::from(2);
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
        Err(e) => {
            let _ = crate::output::stderr(&format!("error: {e}\n"));
            return ExitCode::from(1);
        }
    };
    let text = match output {
        Output::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        Output::Text => table::text(&report),
        Output::Markdown => super::export::markdown(&report),
        Output::Csv => match super::export::csv(&report) {
            Ok(t) => t,
            Err(e) => {
                let _ = crate::output::stderr(&format!("error: {e}\n"));
                return ExitCode::from(1);
            }
        },
    };
    if crate::output::stdout(&text).is_err() {
        // `output` recorded the failure; the command line prints it.
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
