//! The command line: `ally run`, `ally check`, `ally test`. Thin: it reads files, calls
//! [`crate::run`], and prints.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostics::{self, Report, Style};
use crate::golden;
use crate::model::Model;
use crate::model::check::Checker;
use crate::render;
use crate::run::{self, FileResult};

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
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Evaluate each file and print the answer to every query, in order
    Run {
        /// Scenario files (.ally)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Output format (`markdown`: a document for a course page)
        #[arg(long, value_enum, default_value_t = RunFormat::Text)]
        format: RunFormat,
        /// Override the files' model, e.g. `bandwagoning` or `"balancing 0.7, ideology 0.3"`
        #[arg(long, value_name = "MODEL")]
        model: Option<String>,
    },
    /// Parse and validate only; print diagnostics
    Check {
        /// Scenario files (.ally)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Explore a scenario one question at a time (a script when stdin is not a terminal)
    Repl {
        /// A scenario file (.ally) to load first
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Run the `expect` statements of every .ally file under the paths
    Test {
        /// Files or folders to search for .ally files
        #[arg(value_name = "PATH", default_value = ".")]
        paths: Vec<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Override the files' model (golden files are then not compared)
        #[arg(long, value_name = "MODEL", conflicts_with = "bless")]
        model: Option<String>,
        /// Write or update the golden file `X.golden` beside each `X.ally` with the text
        /// `ally run X.ally` prints, instead of testing
        #[arg(long)]
        bless: bool,
    },
    /// Draw a scenario: an SVG picture of states, threats, offers, alliances and the
    /// predicted blocs (or DOT for Graphviz)
    Graph {
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
        #[arg(long, value_name = "T")]
        at: Option<f64>,
    },
    /// Build a scenario from a data set (`ally import cow …`)
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Randomised experiments reproducing the lecture's tables of observable
    /// implications, with measured means and 95 % intervals
    Lab {
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
    },
    /// Write a handout: one self-contained HTML page with the scenario's picture, every
    /// question with its answer and the expectations with their verdicts
    Report {
        /// Scenario file (.ally)
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Where to write the page (default: standard output)
        #[arg(short = 'o', long = "output", value_name = "OUT.html")]
        output: Option<PathBuf>,
        /// Override the file's model
        #[arg(long, value_name = "MODEL")]
        model: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ImportSource {
    /// Correlates of War CSVs: power from CINC, borders and distances from contiguity,
    /// alliances from the alliance dyad-years
    #[command(group(
        clap::ArgGroup::new("selection")
            .required(true)
            .args(["states", "majors", "region"])
    ))]
    Cow(CowArgs),
}

#[derive(clap::Args, Debug)]
pub struct CowArgs {
    /// The year of the scenario
    #[arg(long)]
    pub year: i32,
    /// States by COW abbreviation or code, comma-separated: `GMY,FRN,RUS` or `255,220,365`
    #[arg(long, value_name = "ABB,ABB…")]
    pub states: Option<String>,
    /// The major powers of the year
    #[arg(long)]
    pub majors: bool,
    /// Every state of a region (COW code ranges)
    #[arg(long, value_enum)]
    pub region: Option<RegionArg>,
    /// National Material Capabilities CSV (stateabb, ccode, year, cinc)
    #[arg(long, value_name = "FILE")]
    pub nmc: PathBuf,
    /// Direct contiguity CSV (ccode1, ccode2, conttype, stdate, enddate)
    #[arg(long, value_name = "FILE")]
    pub contiguity: Option<PathBuf>,
    /// Alliance dyad-year CSV (ccode1, ccode2, year, cow_defense, cow_neutral, cow_nonagg,
    /// cow_entente)
    #[arg(long, value_name = "FILE")]
    pub alliances: Option<PathBuf>,
    /// State-system CSV for names [default: cow_states.csv beside the NMC file, if present]
    #[arg(long, value_name = "FILE")]
    pub states_file: Option<PathBuf>,
    /// Major-power spells CSV [default: cow_majors.csv beside the NMC file, else built in]
    #[arg(long, value_name = "FILE")]
    pub majors_file: Option<PathBuf>,
    /// Write neutrality, non-aggression and entente agreements as alliances too (by
    /// default only defense pacts are; the others are written commented out)
    #[arg(long)]
    pub all_alliances: bool,
    /// The scenario's title
    #[arg(long)]
    pub title: Option<String>,
    /// Where to write the scenario (default: standard output)
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum RegionArg {
    Europe,
    Americas,
    MiddleEast,
    Asia,
    Africa,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Svg,
    Dot,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// `ally run`'s formats: those of `ally test`, and Markdown.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum RunFormat {
    Text,
    Json,
    Markdown,
}

/// `ally lab`'s formats.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum LabFormat {
    Text,
    Json,
    Markdown,
    Csv,
}

const EXIT_INPUT: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn style() -> Style {
    if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        Style::Color
    } else {
        Style::Plain
    }
}

fn eprint_report(report: &Report) {
    if !report.diags.is_empty() {
        eprint!("{}", diagnostics::render(report, style()));
    }
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("error: cannot read {}: {e}", path.display()))
}

/// `--model` is written as in a file, and checked by the same code.
pub fn parse_model(text: &str) -> Result<Model, String> {
    let src = format!("model {text}");
    let (stmts, mut diags) = crate::syntax::parse(&src);
    let mut checker = Checker::new();
    checker.check_all(&stmts);
    diags.append(&mut checker.diags);
    if diags.is_empty() && stmts.len() == 1 {
        Ok(checker.scenario.model)
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

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Run {
            files,
            format,
            model,
        } => match format {
            RunFormat::Markdown => markdown_files(&files, model.as_deref()),
            RunFormat::Text => run_files(&files, Format::Text, model.as_deref(), false),
            RunFormat::Json => run_files(&files, Format::Json, model.as_deref(), false),
        },
        Command::Test {
            paths,
            format,
            model,
            bless,
        } => {
            let files = match collect(&paths) {
                Ok(f) => f,
                Err(e) => {
                    eprintln!("{e}");
                    return ExitCode::from(EXIT_USAGE);
                }
            };
            if files.is_empty() {
                eprintln!("error: no .ally files under {}", show_paths(&paths));
                return ExitCode::from(EXIT_USAGE);
            }
            if bless {
                return bless_files(&files);
            }
            run_files(&files, format, model.as_deref(), true)
        }
        Command::Check { files } => check_files(&files),
        Command::Repl { file } => crate::repl::main(file.as_deref()),
        Command::Graph {
            file,
            output,
            format,
            model,
            at,
        } => graph_file(&file, output.as_deref(), format, model.as_deref(), at),
        Command::Import {
            source: ImportSource::Cow(args),
        } => import_cow(&args),
        Command::Lab {
            trials,
            seed,
            states,
            format,
        } => crate::lab::cli(
            trials,
            seed,
            states,
            match format {
                LabFormat::Text => crate::lab::Output::Text,
                LabFormat::Json => crate::lab::Output::Json,
                LabFormat::Markdown => crate::lab::Output::Markdown,
                LabFormat::Csv => crate::lab::Output::Csv,
            },
        ),
        Command::Report {
            file,
            output,
            model,
        } => report_file(&file, output.as_deref(), model.as_deref()),
    }
}

fn show_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every `.ally` file under the paths, sorted so the order never depends on the disk.
fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut stack = vec![p.clone()];
            while let Some(dir) = stack.pop() {
                let entries = std::fs::read_dir(&dir)
                    .map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?;
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        stack.push(path);
                    } else if path.extension().is_some_and(|e| e == "ally") {
                        out.push(path);
                    }
                }
            }
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(format!("error: {} does not exist", p.display()));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn check_files(files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for path in files {
        let src = match read(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(EXIT_USAGE);
            }
        };
        let name = path.display().to_string();
        let (checker, report) = run::check_source(&name, &src);
        eprint_report(&report);
        if report.has_errors() {
            failed = true;
        } else {
            println!(
                "{name}: ok ({}, {})",
                plural(checker.scenario.states.len(), "state"),
                plural(checker.items.len(), "query or expectation")
            );
        }
    }
    if failed {
        ExitCode::from(EXIT_INPUT)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_files(files: &[PathBuf], format: Format, model: Option<&str>, test: bool) -> ExitCode {
    let model = match model.map(parse_model).transpose() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let mut results: Vec<(FileResult, String)> = Vec::new();
    for path in files {
        let src = match read(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(EXIT_USAGE);
            }
        };
        let result = run::run_source(&path.display().to_string(), &src, model.as_ref());
        results.push((result, src));
    }
    // Golden files hold what `ally run FILE` prints, so they are compared only when
    // `ally test` runs the files as `ally run` would: no `--model`, no errors.
    let goldens: Vec<Option<golden::Golden>> = files
        .iter()
        .zip(&results)
        .map(|(path, (r, _))| {
            (test && model.is_none() && !r.report.has_errors())
                .then(|| golden::check(path, r))
                .flatten()
        })
        .collect();
    let ok = results.iter().all(|(r, _)| r.ok()) && goldens.iter().flatten().all(|g| g.passed());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Json => {
            for (r, _) in &results {
                eprint_report(&r.report);
            }
            let passed: usize = results
                .iter()
                .map(|(r, _)| r.expectations().filter(|x| x.outcome.passed).count())
                .sum();
            let failed: usize = results.iter().map(|(r, _)| r.failed_expectations()).sum();
            let files = results
                .iter()
                .map(|(r, src)| render::json::file(r, src))
                .collect();
            let mut doc = render::json::document(files, passed, failed);
            if test {
                golden::annotate_json(&mut doc, &goldens);
            }
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            );
        }
        Format::Text if test => {
            let (mut passed, mut failed, mut broken) = (0, 0, 0);
            for ((r, _), g) in results.iter().zip(&goldens) {
                eprint_report(&r.report);
                let p = r.expectations().filter(|x| x.outcome.passed).count();
                let f = r.failed_expectations();
                passed += p;
                failed += f;
                let status = if r.report.has_errors() {
                    broken += 1;
                    "error".to_string()
                } else if p + f == 0 && g.is_none() {
                    "no expectations".to_string()
                } else if f == 0 && g.as_ref().is_none_or(|g| g.passed()) {
                    golden::status_ok(p, g.as_ref())
                } else {
                    golden::status_failed(p, f, g.as_ref())
                };
                let _ = writeln!(out, "{}: {status}", r.file);
                for x in r.expectations().filter(|x| !x.outcome.passed) {
                    let _ = writeln!(
                        out,
                        "  line {}: expect {}\n    actual: {}",
                        x.line, x.outcome.expect, x.outcome.actual
                    );
                }
                if let Some(g) = g {
                    let _ = write!(out, "{}", golden::describe_failure(g));
                }
            }
            let _ = writeln!(
                out,
                "\n{}: {passed} passed, {failed} failed{}",
                plural(results.len(), "file"),
                if broken > 0 {
                    format!(", {} with errors", plural(broken, "file"))
                } else {
                    String::new()
                }
            );
            let _ = write!(out, "{}", golden::summary(&goldens));
        }
        Format::Text => {
            let many = results.len() > 1;
            for (i, (r, _)) in results.iter().enumerate() {
                if i > 0 {
                    let _ = writeln!(out);
                }
                let _ = write!(out, "{}", render::text::file(r, many));
                let _ = out.flush();
                eprint_report(&r.report);
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INPUT)
    }
}

/// `ally test --bless`: writes each file's golden file and says which it wrote. A file
/// with errors is not blessed (its output would be empty) and makes the exit code 1.
fn bless_files(files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    let mut out = std::io::stdout().lock();
    for path in files {
        let src = match read(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(EXIT_USAGE);
            }
        };
        let result = run::run_source(&path.display().to_string(), &src, None);
        eprint_report(&result.report);
        if result.report.has_errors() {
            failed = true;
            let _ = writeln!(out, "{}: not blessed (the file has errors)", path.display());
            continue;
        }
        match golden::bless(path, &result) {
            Ok((golden, what)) => {
                let f = result.failed_expectations();
                let _ = writeln!(
                    out,
                    "{} {}{}",
                    what.word(),
                    golden.display(),
                    if f > 0 {
                        format!(" (note: {} FAILED)", plural(f, "expectation"))
                    } else {
                        String::new()
                    }
                );
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(EXIT_USAGE);
            }
        }
    }
    if failed {
        ExitCode::from(EXIT_INPUT)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads and runs each file for the renderers that take a whole file at once;
/// `Err` is the exit code after the message has been printed.
fn run_each(files: &[PathBuf], model: Option<&str>) -> Result<Vec<(FileResult, String)>, ExitCode> {
    let model = model.map(parse_model).transpose().map_err(|e| {
        eprintln!("{e}");
        ExitCode::from(EXIT_USAGE)
    })?;
    let mut results = Vec::new();
    for path in files {
        let src = read(path).map_err(|e| {
            eprintln!("{e}");
            ExitCode::from(EXIT_USAGE)
        })?;
        let result = run::run_source(&path.display().to_string(), &src, model.as_ref());
        results.push((result, src));
    }
    Ok(results)
}

/// `ally run --format markdown`: one document per file, separated by a blank line.
fn markdown_files(files: &[PathBuf], model: Option<&str>) -> ExitCode {
    let results = match run_each(files, model) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let mut out = std::io::stdout().lock();
    for (i, (r, _)) in results.iter().enumerate() {
        eprint_report(&r.report);
        if i > 0 {
            let _ = writeln!(out);
        }
        let _ = write!(out, "{}", render::markdown::file(r));
    }
    if results.iter().all(|(r, _)| r.ok()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INPUT)
    }
}

/// `ally report`: the handout page. The picture is drawn here, from the scenario as the
/// file leaves it, so the HTML renderer only reads answers.
fn report_file(path: &Path, output: Option<&Path>, model_text: Option<&str>) -> ExitCode {
    let mut results = match run_each(std::slice::from_ref(&path.to_path_buf()), model_text) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let Some((result, src)) = results.pop() else {
        return ExitCode::from(EXIT_USAGE);
    };
    eprint_report(&result.report);
    if result.report.has_errors() {
        return ExitCode::from(EXIT_INPUT);
    }
    let model = model_text.map(parse_model).transpose().ok().flatten();
    let (checker, _) = run::check_source(&result.file, &src);
    let scenario = std::sync::Arc::new(checker.scenario);
    let picture = (!scenario.states.is_empty()).then(|| {
        render::svg::svg(
            &scenario,
            &render::svg::blocs_for(&scenario, model.as_ref()),
        )
    });
    let page = render::html::report(&result, picture.as_deref());
    match output {
        Some(out) => {
            if let Err(e) = std::fs::write(out, page) {
                eprintln!("error: cannot write {}: {e}", out.display());
                return ExitCode::from(EXIT_USAGE);
            }
            eprintln!("wrote {}", out.display());
        }
        None => print!("{page}"),
    }
    if result.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INPUT)
    }
}

/// `ally graph`: checks the file, predicts its blocs and writes the picture.
fn graph_file(
    path: &Path,
    output: Option<&Path>,
    format: GraphFormat,
    model: Option<&str>,
    at: Option<f64>,
) -> ExitCode {
    let model = match model.map(parse_model).transpose() {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let src = match read(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let (checker, report) = run::check_source(&path.display().to_string(), &src);
    eprint_report(&report);
    if report.has_errors() {
        return ExitCode::from(EXIT_INPUT);
    }
    let mut scenario = checker.scenario;
    if let Some(t) = at {
        match crate::dynamics::scenario_at(&scenario, t) {
            Ok(mut s) => {
                let title = s.title.take().unwrap_or_else(|| "Scenario".to_string());
                s.title = Some(format!("{title} (at {})", crate::model::fmt_num(t)));
                scenario = s;
            }
            Err(d) => {
                eprint_report(&Report::new(&path.display().to_string(), &src, vec![d]));
                return ExitCode::from(EXIT_INPUT);
            }
        }
    }
    let scenario = std::sync::Arc::new(scenario);
    let blocs = render::svg::blocs_for(&scenario, model.as_ref());
    let text = match format {
        GraphFormat::Svg => render::svg::svg(&scenario, &blocs),
        GraphFormat::Dot => render::dot::scenario_dot(&scenario, &blocs),
    };
    match output {
        Some(out) => {
            if let Err(e) = std::fs::write(out, text) {
                eprintln!("error: cannot write {}: {e}", out.display());
                return ExitCode::from(EXIT_USAGE);
            }
        }
        None => print!("{text}"),
    }
    ExitCode::SUCCESS
}

/// `ally import cow`: reads the CSVs, builds the scenario, writes it.
fn import_cow(a: &CowArgs) -> ExitCode {
    use crate::import::Source;
    use crate::import::cow::{self, CowOptions, Region, Selection};
    let load = |p: &Path| read(p).map(|text| Source::new(p.display().to_string(), text));
    let beside = |name: &str| {
        let p = a.nmc.with_file_name(name);
        p.is_file().then_some(p)
    };
    let optional = |given: &Option<PathBuf>, default: Option<PathBuf>| {
        given.clone().or(default).map(|p| load(&p)).transpose()
    };
    let files = (|| -> Result<_, String> {
        Ok((
            load(&a.nmc)?,
            optional(&a.states_file, beside("cow_states.csv"))?,
            optional(&a.contiguity, None)?,
            optional(&a.alliances, None)?,
            optional(&a.majors_file, beside("cow_majors.csv"))?,
        ))
    })();
    let (nmc, states, contiguity, alliances, majors) = match files {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let selection = if let Some(list) = &a.states {
        Selection::States(list.clone())
    } else if let Some(r) = a.region {
        Selection::Region(match r {
            RegionArg::Europe => Region::Europe,
            RegionArg::Americas => Region::Americas,
            RegionArg::MiddleEast => Region::MiddleEast,
            RegionArg::Asia => Region::Asia,
            RegionArg::Africa => Region::Africa,
        })
    } else {
        Selection::Majors
    };
    // The command as the header cites it: file names only, so the output does not
    // depend on where the data lives.
    let base = |p: &Path| {
        p.file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let mut command = format!("ally import cow --year {}", a.year);
    match &selection {
        Selection::States(l) => command.push_str(&format!(" --states {l}")),
        Selection::Majors => command.push_str(" --majors"),
        Selection::Region(r) => command.push_str(&format!(" --region {}", r.name())),
    }
    command.push_str(&format!(" --nmc {}", base(&a.nmc)));
    for (flag, p) in [
        ("--contiguity", &a.contiguity),
        ("--alliances", &a.alliances),
        ("--states-file", &a.states_file),
        ("--majors-file", &a.majors_file),
    ] {
        if let Some(p) = p {
            command.push_str(&format!(" {flag} {}", base(p)));
        }
    }
    if a.all_alliances {
        command.push_str(" --all-alliances");
    }
    let options = CowOptions {
        year: a.year,
        selection,
        nmc,
        states,
        contiguity,
        alliances,
        majors,
        all_alliances: a.all_alliances,
        title: a.title.clone(),
        command,
    };
    let text = match cow::import(&options) {
        Ok(t) => t,
        Err(reports) => {
            for r in &reports {
                eprint_report(r);
            }
            return ExitCode::from(EXIT_INPUT);
        }
    };
    match &a.output {
        Some(out) => {
            if let Err(e) = std::fs::write(out, &text) {
                eprintln!("error: cannot write {}: {e}", out.display());
                return ExitCode::from(EXIT_USAGE);
            }
        }
        None => print!("{text}"),
    }
    ExitCode::SUCCESS
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
