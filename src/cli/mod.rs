//! The command line: one file per command and one [`dispatch`]; what fails becomes a
//! message and an exit code in one place for every entry point,
//! [`crate::failure::exit_code`] (SPEC §3: 0 success, 1 an error in the input or a
//! failed `expect`, 2 bad usage). Thin: commands read files, call the
//! stages (mostly through [`ally_core::document`]) and print.
//!
//! Adding a command `foo` is four small edits, all in this directory:
//! 1. write `foo.rs` with `pub struct Args` (`#[derive(clap::Args)]`, its options
//!    documented — the doc comments are the `--help` text) and
//!    `pub fn run(args: &Args) -> Outcome`;
//! 2. add `mod foo;` below;
//! 3. add a variant `Foo(foo::Args)` to [`Command`], its doc comment the one-line help;
//! 4. add `Command::Foo(a) => foo::run(&a)` to [`dispatch`].
//!
//! A command reads its files with `read` (invalid UTF-8 comes back as an
//! `ally::encoding` diagnostic to report, not an I/O error), prints its answers with
//! `print` and its diagnostics with `eprint_report` (both return the failed write
//! as a [`Failure`]); it returns `Err(Failure::…)` to fail, never calls
//! `std::process::exit`. Whatever it writes to a file goes through
//! [`crate::output::write_atomic`] with the paths it read, so that an input is never
//! overwritten and a file is replaced whole or not at all. A new `import` source is a file in `import/` and a
//! variant of `import::Source`, the same way.

mod check;
mod explain;
mod fmt;
mod graph;
mod import;
mod lab;
mod lsp;
mod repl;
mod report;
mod run;
mod serve;
mod test;

use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::failure::{self, EXIT_USAGE, Failure, Outcome, eprint_report};
use crate::output;
use crate::source::{self, Decoded};
use ally_core::model::Model;
use ally_core::model::check::Checker;

#[derive(Parser, Debug)]
#[command(
    name = "ally",
    version,
    about = "Alliance scenarios: who allies with whom, and why (Walt; Axelrod & Bennett)",
    long_about = "ally reads .ally scenarios — states, ideologies, threats, offers of aid, alliances — \
                  and answers questions about them with Axelrod & Bennett's landscape of alignments.\n\n\
                  Exit codes: 0 success, 1 an error in the input or a failed `expect`, 2 bad usage."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Colour: `auto` on a terminal unless NO_COLOR is set, `always`, or `never`
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = Color::Auto)]
    pub color: Color,
}

/// `--color`, read into [`output::ColorChoice`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

impl From<Color> for output::ColorChoice {
    fn from(c: Color) -> Self {
        match c {
            Color::Auto => output::ColorChoice::Auto,
            Color::Always => output::ColorChoice::Always,
            Color::Never => output::ColorChoice::Never,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Evaluate each file and print the answer to every query, in order
    Run(run::Args),
    /// Parse and validate only; print diagnostics
    Check(check::Args),
    /// Explore a scenario one question at a time (a script when stdin is not a terminal)
    Repl(repl::Args),
    /// Run the `expect` statements of every .ally file under the paths and compare each
    /// file that has one with its golden file
    Test(test::Args),
    /// Draw a scenario: an SVG picture of states, threats, offers, alliances and the
    /// predicted blocs (or DOT for Graphviz)
    Graph(graph::Args),
    /// Rewrite .ally files in the canonical layout, keeping every comment (standard input
    /// to standard output when no file is given)
    Fmt(fmt::Args),
    /// A language server on standard input/output, for editors (diagnostics,
    /// completion, hover, definitions, formatting, rename)
    Lsp(lsp::Args),
    /// Build a scenario from a data set, bundled with ally (`ally import atop …`, `ally import cow …`)
    Import(import::Args),
    /// Randomised experiments reproducing the lecture's tables of observable
    /// implications, with measured means and 95 % intervals
    Lab(lab::Args),
    /// Write a handout: one self-contained HTML page with the scenario's picture, every
    /// question with its answer and the expectations with their verdicts
    Report(report::Args),
    /// Serve the editor page and a JSON API, so a class uses ally from browsers
    Serve(serve::Args),
    /// Explain a diagnostic code, with an example (`ally explain ally::redeclared`);
    /// without one, list every code
    Explain(explain::Args),
}

/// `--format` of the commands that answer questions.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            if let Err(io) = e.print() {
                output::end_if_closed(&io);
                let which = if e.use_stderr() { "error" } else { "output" };
                let _ = output::stderr(&format!("error: cannot write standard {which}: {io}\n"));
                return ExitCode::from(EXIT_USAGE);
            }
            return if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    output::set_color(cli.color.into());
    failure::exit_code(dispatch(cli.command))
}

/// Runs one command.
pub fn dispatch(command: Command) -> Outcome {
    // Long answers show their progress on a terminal; never in a pipe, nor from the
    // server or the language server.
    if matches!(
        command,
        Command::Run(_) | Command::Test(_) | Command::Repl(_)
    ) && std::io::IsTerminal::is_terminal(&std::io::stderr())
    {
        ally_core::solve::progress::enable();
    }
    match command {
        Command::Run(a) => run::run(&a),
        Command::Check(a) => check::run(&a),
        Command::Repl(a) => repl::run(&a),
        Command::Test(a) => test::run(&a),
        Command::Graph(a) => graph::run(&a),
        Command::Fmt(a) => fmt::run(&a),
        Command::Lsp(a) => lsp::run(&a),
        Command::Import(a) => import::run(&a),
        Command::Lab(a) => lab::run(&a),
        Command::Report(a) => report::run(&a),
        Command::Serve(a) => serve::run(&a),
        Command::Explain(a) => explain::run(&a),
    }
}

/// Prints on standard output; a failed write is the command's failure.
fn print(text: &str) -> Outcome {
    Ok(output::stdout(text)?)
}

/// A file's text; a file that cannot be read is bad usage (exit 2), one that is not
/// UTF-8 an input error carried in [`Decoded::error`] (exit 1, reported like any other).
fn read(path: &Path) -> Result<Decoded, Failure> {
    std::fs::read(path)
        .map(source::decode)
        .map_err(|e| Failure::Usage(format!("error: cannot read {}: {e}", path.display())))
}

/// `--model` is written as in a file, and checked by the same code.
pub fn parse_model(text: &str) -> Result<Model, String> {
    let src = format!("model {text}");
    let (stmts, mut diags) = ally_core::syntax::parse(&src);
    let mut checker = Checker::new();
    checker.check_all(&stmts);
    diags.append(&mut checker.diags);
    if diags.is_empty() && stmts.len() == 1 {
        Ok(checker.state.scenario.model)
    } else {
        let mut msg = format!("error: invalid --model `{text}`");
        if let Some(d) = diags.first() {
            msg.push_str(&format!(": {}", d.message));
            if let Some(h) = &d.help {
                msg.push_str(&format!(" ({h})"));
            }
        }
        Err(msg)
    }
}

/// `--model`, if given, as a [`Model`].
fn model_option(text: Option<&str>) -> Result<Option<Model>, Failure> {
    text.map(parse_model).transpose().map_err(Failure::Usage)
}

/// "1 file", "2 files"; "1 query or expectation", "2 queries or expectations".
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        return format!("1 {noun}");
    }
    let many = match noun {
        "query or expectation" => "queries or expectations".to_string(),
        _ => format!("{noun}s"),
    };
    format!("{n} {many}")
}
