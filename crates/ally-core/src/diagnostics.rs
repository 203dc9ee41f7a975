//! Every error kind `ally` reports: its code, message, label and help.
//!
//! A single struct carries all of them (rather than one type per kind) so that the
//! checker can collect any number of them and report them together. Each code is
//! declared once in [`catalogue`], with its severity, title, help and explanation;
//! [`Diag::new`] takes the severity and the unvarying help from there.

pub mod catalogue;
mod clamp;

use std::fmt;

pub use clamp::{is_noncharacter, is_unprintable};

use miette::{Diagnostic, LabeledSpan, NamedSource, Severity};

use crate::span::Span;

#[derive(Debug, Clone, PartialEq)]
pub struct Diag {
    pub code: &'static str,
    pub message: String,
    pub span: Span,
    pub label: String,
    pub help: Option<String>,
    pub severity: Severity,
    /// Further places worth showing, such as the first of two declarations.
    pub related: Vec<(Span, String)>,
}

impl Diag {
    /// A diagnostic of `code`: its severity, and its help when the catalogue gives one
    /// that never varies, come from [`catalogue`].
    pub fn new(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        let entry = catalogue::find(code);
        debug_assert!(entry.is_some(), "{code} is not in the catalogue");
        let severity = match entry.map(|e| e.level) {
            Some(catalogue::Level::Note) => Severity::Warning,
            _ => Severity::Error,
        };
        let help = match entry.map(|e| e.help) {
            Some(catalogue::Help::Always(h)) => Some(h.to_string()),
            _ => None,
        };
        Diag {
            code,
            message: message.into(),
            span,
            label: String::from("here"),
            help,
            severity,
            related: Vec::new(),
        }
    }
    /// [`Diag::new`] for a code the catalogue holds as an error.
    pub fn error(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        let d = Diag::new(code, span, message);
        debug_assert!(d.is_error(), "{code} is catalogued as a note");
        d
    }
    /// [`Diag::new`] for a code the catalogue holds as a note: not a mistake, so
    /// nothing stops; printed as a warning.
    pub fn note(code: &'static str, span: Span, message: impl Into<String>) -> Self {
        let d = Diag::new(code, span, message);
        debug_assert!(!d.is_error(), "{code} is catalogued as an error");
        d
    }
    pub fn also(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diag {}

impl Diagnostic for Diag {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }
    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let main = LabeledSpan::new_with_span(Some(self.label.clone()), self.span);
        let more = self
            .related
            .iter()
            .map(|(span, label)| LabeledSpan::new_with_span(Some(label.clone()), *span));
        Some(Box::new(std::iter::once(main).chain(more)))
    }
}

/// All diagnostics of one source, reported together.
#[derive(Debug)]
pub struct Report {
    pub source: NamedSource<String>,
    pub diags: Vec<Diag>,
}

impl Report {
    pub fn new(name: &str, text: &str, diags: Vec<Diag>) -> Self {
        Report {
            source: NamedSource::new(name, text.to_string()),
            diags,
        }
    }
    pub fn has_errors(&self) -> bool {
        self.diags.iter().any(Diag::is_error)
    }
}

/// Renders each diagnostic on its own with the source, so a file with five mistakes
/// shows five underlined snippets.
pub struct Single<'a> {
    pub diag: &'a Diag,
    pub source: &'a NamedSource<String>,
}

impl fmt::Debug for Single<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diag.fmt(f)
    }
}
impl fmt::Display for Single<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.diag.fmt(f)
    }
}
impl std::error::Error for Single<'_> {}
impl Diagnostic for Single<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diag.code()
    }
    fn severity(&self) -> Option<Severity> {
        self.diag.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diag.help()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.diag.labels()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }
}

/// How diagnostics are drawn: fancy on a terminal, a fixed plain theme for files,
/// pipes and golden tests so that the bytes do not depend on the terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Color,
    Plain,
}

/// The most diagnostics drawn (and listed in JSON) for one source; after them one line
/// says how many more there were. A file with 16,000 mistakes is a file with one
/// mistake repeated, and printing them all took gigabytes.
pub const MAX_REPORTED: usize = 50;

pub fn render(report: &Report, style: Style) -> String {
    let theme = match style {
        Style::Color => miette::GraphicalTheme::unicode(),
        Style::Plain => miette::GraphicalTheme::unicode_nocolor(),
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    let mut out = String::new();
    let text = report.source.inner();
    let clamp = clamp::needed(text);
    for diag in report.diags.iter().take(MAX_REPORTED) {
        let diag = clamp::clean_diag(diag);
        // Writing into a String cannot fail; a failure would only lose this message.
        if clamp {
            let (shown, diag) = clamp::clamp(text, &diag);
            let source = NamedSource::new(report.source.name(), shown);
            let single = Single {
                diag: &diag,
                source: &source,
            };
            let _ = handler.render_report(&mut out, &single);
        } else {
            let single = Single {
                diag: &diag,
                source: &report.source,
            };
            let _ = handler.render_report(&mut out, &single);
        }
    }
    let more = report.diags.len().saturating_sub(MAX_REPORTED);
    if more > 0 {
        let errors = report.diags[MAX_REPORTED..].iter().all(Diag::is_error);
        let noun = match (errors, more) {
            (true, 1) => "error",
            (true, _) => "errors",
            (false, 1) => "diagnostic",
            (false, _) => "diagnostics",
        };
        out.push_str(&format!("… and {more} more {noun}\n"));
    }
    let errors = report.diags.iter().filter(|d| d.is_error()).count();
    if errors > 1 {
        out.push_str(&format!("{errors} errors in {}\n", report.source.name()));
    }
    out
}

thread_local! {
    /// How many more "did you mean" searches [`did_you_mean`] may run on this thread;
    /// `None`: no limit.
    static SUGGESTIONS_LEFT: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with at most `n` "did you mean" searches. Each compares the wanted name
/// with every declared one, so 16,000 undeclared names among 16,000 states took
/// minutes; past the first [`MAX_REPORTED`] diagnostics no help is shown anyway.
pub fn with_suggestion_budget<T>(n: usize, f: impl FnOnce() -> T) -> T {
    let before = SUGGESTIONS_LEFT.replace(Some(n));
    let result = f();
    SUGGESTIONS_LEFT.set(before);
    result
}

/// The most work one "did you mean" search may do, in pairs of characters compared:
/// 20,000 ten-letter names are all looked at, while a REPL session of huge names or
/// hundreds of thousands of states no longer makes each mistake cost seconds.
pub const MAX_SUGGESTION_WORK: usize = 4_000_000;

/// The closest candidate to `wanted`, for "did you mean …?" help (none once the
/// budget of [`with_suggestion_budget`] is spent), among the first candidates that fit
/// in [`MAX_SUGGESTION_WORK`].
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    if let Some(left) = SUGGESTIONS_LEFT.get() {
        if left == 0 {
            return None;
        }
        SUGGESTIONS_LEFT.set(Some(left - 1));
    }
    let lower = wanted.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    let mut work = 0usize;
    for c in candidates {
        // Comparing costs about the product of the two lengths; past the budget the
        // remaining candidates are not looked at.
        work += lower.len().max(1) * c.len().max(1);
        if work > MAX_SUGGESTION_WORK {
            break;
        }
        let score = strsim::jaro_winkler(&lower, &c.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| format!("did you mean `{c}`?"))
}

/// Diagnostic codes, one per kind of mistake, each explained in [`catalogue`].
pub mod codes {
    pub const SYNTAX: &str = "ally::syntax";
    pub const BAD_NUMBER: &str = "ally::bad_number";
    pub const UNDECLARED_STATE: &str = "ally::undeclared_state";
    pub const UNDECLARED_IDEOLOGY: &str = "ally::undeclared_ideology";
    pub const UNDECLARED_ALLIANCE: &str = "ally::undeclared_alliance";
    pub const UNDECLARED_GAME: &str = "ally::undeclared_game";
    /// `end threat A -> B` with no threat from A to B in force.
    pub const UNDECLARED_THREAT: &str = "ally::undeclared_threat";
    pub const DUPLICATE: &str = "ally::duplicate_declaration";
    pub const DUPLICATE_ATTRIBUTE: &str = "ally::duplicate_attribute";
    pub const BAD_POWER: &str = "ally::bad_power";
    pub const OUT_OF_RANGE: &str = "ally::out_of_range";
    pub const SELF_RELATION: &str = "ally::self_relation";
    pub const UNKNOWN_MODEL: &str = "ally::unknown_model";
    pub const BAD_WEIGHT: &str = "ally::bad_weight";
    pub const BAD_DOCTRINE: &str = "ally::bad_doctrine";
    /// An alliance's `type` names no pact type, or a `by` state that is not a member.
    pub const BAD_PACT_TYPE: &str = "ally::bad_pact_type";
    pub const BAD_BLOCS: &str = "ally::bad_blocs";
    /// A range `a..b` written high end first.
    pub const BAD_RANGE: &str = "ally::bad_range";
    /// `draws N` or `seed S` that cannot be used.
    pub const BAD_DRAWS: &str = "ally::bad_draws";
    pub const BAD_COORDINATES: &str = "ally::bad_coordinates";
    pub const BAD_GAME: &str = "ally::bad_game";
    pub const GAME_PROFILE: &str = "ally::game_profile";
    pub const UNKNOWN_STRATEGY: &str = "ally::unknown_strategy";
    pub const UNKNOWN_OUTCOME: &str = "ally::unknown_outcome";
    /// A malformed game tree: an unknown player, a leaf with the wrong number of
    /// payoffs, a node without moves, an action given twice.
    pub const BAD_TREE: &str = "ally::bad_tree";
    /// Chance probabilities that are not in [0, 1] or do not sum to 1.
    pub const BAD_PROBABILITY: &str = "ally::bad_probability";
    /// An information set whose nodes offer different actions, belong to two players,
    /// or break perfect recall.
    pub const INFORMATION_SET: &str = "ally::information_set";
    /// Braces nested deeper than the parser accepts.
    pub const TOO_DEEP: &str = "ally::too_deep";
    pub const NOT_SUPPORTED: &str = "ally::not_supported";
    pub const TOO_LARGE: &str = "ally::too_large";
    pub const NO_STATES: &str = "ally::no_states";
    /// A note, not an error: a declaration no answer of the file gives any weight.
    pub const WEIGHS_NOTHING: &str = "ally::weighs_nothing";
    /// A note, not an error: a threat, offer or state declared again at top level, an
    /// event that replaces the earlier value from its line on.
    pub const REDECLARED: &str = "ally::redeclared";
    /// A note, not an error: two different ideologies without an `affinity` line take
    /// the default affinity ([`crate::model::DEFAULT_AFFINITY`]).
    pub const DEFAULT_AFFINITY: &str = "ally::default_affinity";
    /// The work was stopped: its time budget ran out.
    pub const TIMEOUT: &str = "ally::timeout";
    /// Work stopped through its cancel handle (Ctrl-C).
    pub const INTERRUPTED: &str = "ally::interrupted";
    /// A bug in `ally` itself (such as the parser meeting a rule it does not know),
    /// reported rather than papered over with a made-up value.
    pub const INTERNAL: &str = "ally::internal";
    /// A bug in `ally fmt`: its output would not read back as the same file.
    pub const FORMAT_INTERNAL: &str = "ally::format_internal";
    /// A file that is not UTF-8.
    pub const ENCODING: &str = "ally::encoding";
    /// A name longer than `syntax::MAX_NAME_CHARS`.
    pub const NAME_TOO_LONG: &str = "ally::name_too_long";
    /// A name holding a control character or a Unicode non-character.
    pub const BAD_NAME: &str = "ally::bad_name";
    // `ally import`: problems in the data files or the selection.
    pub const MISSING_COLUMN: &str = "ally::import::missing_column";
    pub const BAD_CSV_ROW: &str = "ally::import::bad_row";
    pub const UNKNOWN_STATE_CODE: &str = "ally::import::unknown_state_code";
    pub const NOT_A_STATE_THEN: &str = "ally::import::not_a_state_then";
    pub const YEAR_OUT_OF_RANGE: &str = "ally::import::year_out_of_range";
    pub const EMPTY_SELECTION: &str = "ally::import::empty_selection";
}
