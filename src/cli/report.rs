//! `ally report FILE [-o OUT.html] [--at T]`: the handout, one self-contained HTML page.
//! The pictures are drawn here — one per moment a question is asked about and one per
//! `at` time of a `timeline?` (`query::moments`), each captioned with its moment — so the
//! HTML renderer only reads answers.

use std::path::PathBuf;

use super::{Failure, Outcome, eprint_report, model_option, print};
use crate::output;
use ally_core::render;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Scenario file (.ally)
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Where to write the page (default: standard output)
    #[arg(short = 'o', long = "output", value_name = "OUT.html")]
    output: Option<PathBuf>,
    /// Override the file's model
    #[arg(long, value_name = "MODEL")]
    model: Option<String>,
    /// Answer at time T, as `ally run --at T` does
    #[arg(long, value_name = "T", allow_hyphen_values = true, value_parser = super::graph::finite_time)]
    at: Option<f64>,
}

pub fn run(a: &Args) -> Outcome {
    let model = model_option(a.model.as_deref())?;
    let mut results = super::run::run_each(
        std::slice::from_ref(&a.file),
        a.model.as_deref(),
        a.at,
        ally_core::engine::DEFAULT_BUDGET,
    )?;
    let Some((result, doc)) = results.pop() else {
        return Err(Failure::Input);
    };
    eprint_report(&result.report)?;
    if result.report.has_errors() {
        return Err(Failure::Input);
    }
    let items = doc.items_at(a.at);
    let moments = ally_core::query::moments::moments(&items, doc.text(), model.as_ref(), a.at);
    let mut figures = figures(&moments);
    if figures.is_empty() {
        // A file of games without states gets their matrices and trees, as `ally graph`.
        let scenario = std::sync::Arc::new(doc.scenario().clone());
        if scenario.states.is_empty() && !(scenario.games.is_empty() && scenario.trees.is_empty()) {
            figures.push(render::html::Figure {
                before: 0,
                caption: String::new(),
                games: true,
                svg: render::svg::svg(
                    &scenario,
                    &ally_core::query::picture::blocs_for(&scenario, model.as_ref()),
                ),
            });
        }
    }
    let page = render::html::report(&result, &figures);
    match &a.output {
        Some(out) => {
            output::write_atomic(out, page.as_bytes(), &[&a.file])?;
            output::stderr(&format!("wrote {}\n", out.display()))?;
        }
        None => print(&page)?,
    }
    if result.ok() {
        Ok(())
    } else {
        Err(Failure::Input)
    }
}

/// The moments drawn; a moment that looks exactly like the picture before it (a
/// declaration between two questions that the picture does not show) is left out, but
/// never a step of a timeline, whose caption says what happened.
fn figures(moments: &[ally_core::query::moments::Moment]) -> Vec<render::html::Figure> {
    let mut out: Vec<render::html::Figure> = Vec::new();
    for m in moments {
        let svg = render::svg::svg(&m.scenario, &m.blocs);
        if !m.step && out.last().is_some_and(|f| f.svg == svg) {
            continue;
        }
        out.push(render::html::Figure {
            before: m.before,
            caption: m.caption.clone(),
            svg,
            games: false,
        });
    }
    out
}
