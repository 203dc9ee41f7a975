//! `ally explain [CODE]`: what a diagnostic code means, with an example (like
//! `rustc --explain`); without a code, every code with its title.

use super::{Failure, Outcome, print};
use ally_core::diagnostics::catalogue::{self, CATALOGUE};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// A diagnostic code, such as `ally::redeclared` (the `ally::` may be left out)
    #[arg(value_name = "CODE")]
    code: Option<String>,
}

pub fn run(args: &Args) -> Outcome {
    let Some(code) = &args.code else {
        return print(&catalogue::list());
    };
    match catalogue::find(code.trim()) {
        Some(entry) => print(&catalogue::explain(entry)),
        None => {
            let wanted = code.trim().trim_start_matches("ally::");
            let short = CATALOGUE
                .iter()
                .map(|e| e.code.trim_start_matches("ally::"));
            let hint = ally_core::diagnostics::did_you_mean(wanted, short)
                .map(|h| format!("\n  help: {}", h.replacen('`', "`ally::", 1)))
                .unwrap_or_default();
            Err(Failure::Usage(format!(
                "error: `{code}` is not a diagnostic code of ally{hint}\n  (`ally explain` lists them)"
            )))
        }
    }
}
