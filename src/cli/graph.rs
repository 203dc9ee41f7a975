//! `ally graph FILE`: checks the file, predicts its blocs and writes the picture.

use std::path::PathBuf;

use clap::ValueEnum;

use super::{Failure, Outcome, eprint_report, model_option, print, read};
use crate::output;
use ally_core::diagnostics::Report;
use ally_core::{document, render};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (.ally)
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Where to write the picture (default: standard output)
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = GraphFormat::Svg)]
    format: GraphFormat,
    /// Colour the blocs predicted under this model instead of the file's
    #[arg(long, value_name = "MODEL")]
    model: Option<String>,
    /// Draw the scenario at time T: the `at` blocks up to T applied
    #[arg(long, value_name = "T", value_parser = finite_time)]
    at: Option<f64>,
}

/// A time for `--at`: a finite number (`NaN` and `inf` parse as `f64` but name no time).
pub(super) fn finite_time(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(t) if t.is_finite() => Ok(t),
        Ok(_) => Err(format!(
            "`{s}` is not a time: give a finite number, such as 1914"
        )),
        Err(e) => Err(e.to_string()),
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Svg,
    Dot,
}

pub fn run(a: &Args) -> Outcome {
    let path = &a.file;
    let model = model_option(a.model.as_deref())?;
    let text = read(path)?;
    let src = text.text;
    if let Some(diag) = text.error {
        eprint_report(&Report::new(&path.display().to_string(), &src, vec![diag]))?;
        return Err(Failure::Input);
    }
    let (checker, report) = document::check_source(&path.display().to_string(), &src);
    eprint_report(&report)?;
    if report.has_errors() {
        return Err(Failure::Input);
    }
    let scenario = std::sync::Arc::new(checker.state.scenario);
    let (scenario, blocs) = match a.at {
        // The blocs at T keep the identities they carry along the timeline, so colours
        // and sides follow the states that stayed, not the order of declaration.
        Some(t) => match ally_core::query::picture::blocs_at(&scenario, t, model.as_ref()) {
            Ok((s, blocs)) => {
                let mut s = (*s).clone();
                let title = s.title.take().unwrap_or_else(|| "Scenario".to_string());
                s.title = Some(format!("{title} (at {})", ally_core::model::fmt_num(t)));
                (std::sync::Arc::new(s), blocs)
            }
            Err(d) => {
                eprint_report(&Report::new(&path.display().to_string(), &src, vec![d]))?;
                return Err(Failure::Input);
            }
        },
        None => {
            let blocs = ally_core::query::picture::blocs_for(&scenario, model.as_ref());
            (scenario, blocs)
        }
    };
    let text = match a.format {
        GraphFormat::Svg => render::svg::svg(&scenario, &blocs),
        GraphFormat::Dot => render::dot::scenario_dot(&scenario, &blocs),
    };
    match &a.output {
        Some(out) => Ok(output::write_atomic(out, text.as_bytes(), &[path])?),
        None => print(&text),
    }
}
