//! `ally report FILE [-o OUT.html]`: the handout, one self-contained HTML page. The
//! picture is drawn here, from the scenario as the file leaves it (what `ally graph`
//! draws), so the HTML renderer only reads answers.

use std::path::PathBuf;

use super::{Failure, Outcome, eprint_report, model_option, print};
use crate::output;
use crate::render;

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
}

pub fn run(a: &Args) -> Outcome {
    let model = model_option(a.model.as_deref())?;
    let mut results = super::run::run_each(
        std::slice::from_ref(&a.file),
        a.model.as_deref(),
        None,
        crate::engine::DEFAULT_BUDGET,
    )?;
    let Some((result, src)) = results.pop() else {
        return Err(Failure::Input);
    };
    eprint_report(&result.report)?;
    if result.report.has_errors() {
        return Err(Failure::Input);
    }
    let (checker, _) = crate::run::check_source(&result.file, &src);
    let scenario = std::sync::Arc::new(checker.state.scenario);
    // A file of games without states gets their matrices and trees, as `ally graph`.
    let drawn =
        !(scenario.states.is_empty() && scenario.games.is_empty() && scenario.trees.is_empty());
    let picture = drawn.then(|| {
        render::svg::svg(
            &scenario,
            &crate::query::picture::blocs_for(&scenario, model.as_ref()),
        )
    });
    let page = render::html::report(&result, picture.as_deref());
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
