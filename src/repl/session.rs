//! A session: the accepted statements so far, and what each entry does to them.
//!
//! Every entry (a typed statement, a block, a loaded file, standard input) is appended
//! to one growing text; its statements are parsed, moved into that text's coordinates
//! and checked one at a time with [`Checker::try_statement`], which keeps a statement's
//! effects only when it is free of errors. Queries and expectations are answered at
//! once, with the renderer `ally run` uses.

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use ally_core::cancel::Cancel;
use ally_core::diagnostics::{self, Diag, Report, Style};
use ally_core::model::check::{Action, Checker, Item};
use ally_core::query::Evaluator;
use ally_core::query::expect::{self, Outcome};
use ally_core::query::file::{Entry, ExpectResult, FileResult, QueryResult};
use ally_core::render;
use ally_core::span::Span;
use ally_core::syntax;

use super::spans;

/// Where a session writes: answers to `out`, diagnostics and notes to `err`.
pub trait Sink {
    fn out(&mut self, text: &str);
    fn err(&mut self, text: &str);
}

/// Standard output and standard error, flushed after every write so that answers and
/// diagnostics appear in order.
pub struct Std;

/// A failed write is recorded by [`crate::output`] (the session goes on; the exit code
/// of `ally repl` then says that output was lost).
impl Sink for Std {
    fn out(&mut self, text: &str) {
        let _ = crate::output::stdout(text);
    }
    fn err(&mut self, text: &str) {
        let _ = crate::output::stderr(text);
    }
}

/// Collects everything in memory (tests and benchmarks).
#[derive(Default, Debug)]
pub struct Buffer {
    pub out: String,
    pub err: String,
}

impl Sink for Buffer {
    fn out(&mut self, text: &str) {
        self.out.push_str(text);
    }
    fn err(&mut self, text: &str) {
        self.err.push_str(text);
    }
}

impl<T: Sink + ?Sized> Sink for &mut T {
    fn out(&mut self, text: &str) {
        (**self).out(text)
    }
    fn err(&mut self, text: &str) {
        (**self).err(text)
    }
}

/// Whether the session goes on after an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// One source of text in the session: an interactive entry, a loaded file, stdin.
#[derive(Clone, Debug)]
pub(super) struct Segment {
    pub name: String,
    pub start: usize,
    pub end: usize,
}

/// All the text the session has seen, in one coordinate space.
#[derive(Default)]
pub(super) struct Sources {
    pub text: String,
    pub segments: Vec<Segment>,
}

impl Sources {
    /// Appends a source; returns its offset.
    pub fn add(&mut self, name: &str, src: &str) -> usize {
        let start = self.text.len();
        self.text.push_str(src);
        // A separator, so that no span of one source ends where the next begins.
        self.text.push('\n');
        self.segments.push(Segment {
            name: name.to_string(),
            start,
            end: start + src.len(),
        });
        start
    }

    pub fn segment_of(&self, pos: usize) -> Option<&Segment> {
        let i = self.segments.partition_point(|s| s.start <= pos);
        i.checked_sub(1).map(|i| &self.segments[i])
    }

    /// The source holding `pos`, the 1-based line in it, and that line's text.
    pub fn locate(&self, pos: usize) -> (String, usize, String) {
        match self.segment_of(pos) {
            Some(seg) => {
                let text = &self.text[seg.start..seg.end];
                let local = (pos - seg.start).min(text.len());
                let line = ally_core::span::line_of(text, local);
                let from = text[..local].rfind('\n').map_or(0, |i| i + 1);
                let to = text[local..].find('\n').map_or(text.len(), |i| local + i);
                (seg.name.clone(), line, text[from..to].trim().to_string())
            }
            None => (String::new(), 1, String::new()),
        }
    }
}

/// How long Ctrl-C waits for a question to stop before leaving it to finish in the
/// background; work polls its cancel handle far more often than this.
const STOP_GRACE: Duration = Duration::from_secs(5);

/// The name of interactive entries in diagnostics.
pub(super) const REPL_SOURCE: &str = "repl";

/// An entry that changed the scenario, as `:undo` takes it back: its statements in the
/// checker's journal and in [`Session::accepted`] (two positions and a few words, so
/// the undo history costs next to nothing beside the statements themselves).
pub(super) struct Undo {
    pub journal: Range<usize>,
    pub accepted: Range<usize>,
    pub what: String,
}

pub struct Session {
    pub(super) checker: Checker,
    /// The entries that changed the scenario, oldest first.
    pub(super) undo: Vec<Undo>,
    pub(super) evaluator: Evaluator,
    pub(super) sources: Sources,
    /// The source text of every accepted statement, in order (what `:save` writes).
    pub(super) accepted: Vec<String>,
    /// Answers as JSON rather than text (`:json`).
    pub json: bool,
    /// How diagnostics are drawn.
    pub style: Style,
    /// A person at a terminal: answers are not preceded by the query, and commands
    /// confirm what they did.
    pub interactive: bool,
    /// Set by Ctrl-C (SIGINT); when present, questions are answered on a worker thread
    /// that is stopped, through the evaluator's cancel handle, if the flag rises. Only
    /// that question is abandoned: the rest of its entry, and every line typed after it,
    /// still runs.
    interrupt: Option<Arc<AtomicBool>>,
    /// Error diagnostics reported and expectations failed so far.
    pub errors: usize,
    pub(super) sink: Box<dyn Sink>,
}

impl Session {
    pub fn new(sink: Box<dyn Sink>) -> Self {
        Session {
            checker: Checker::new(),
            undo: Vec::new(),
            evaluator: Evaluator::new(None),
            sources: Sources::default(),
            accepted: Vec::new(),
            json: false,
            style: Style::Plain,
            interactive: false,
            interrupt: None,
            errors: 0,
            sink,
        }
    }

    /// Answers questions on a worker thread that Ctrl-C (this flag) stops.
    pub fn set_interrupt(&mut self, flag: Arc<AtomicBool>) {
        self.interrupt = Some(flag);
        self.evaluator.limits.cancel = Cancel::new();
    }

    /// The current scenario (for completion and `:show`).
    pub fn scenario(&self) -> &ally_core::model::Scenario {
        &self.checker.state.scenario
    }

    /// The source text of every accepted statement, in order.
    pub fn accepted(&self) -> &[String] {
        &self.accepted
    }

    /// Forgets every declaration.
    pub fn reset(&mut self) {
        self.checker = Checker::new();
        let cancel = self.evaluator.limits.cancel.clone();
        self.evaluator = Evaluator::new(None);
        self.evaluator.limits.cancel = cancel;
        // The text seen so far stays: a script that says `:reset` goes on in it.
        self.accepted.clear();
        self.undo.clear();
    }

    /// One complete entry typed at the prompt: a `:command` or statements. An entry of
    /// several lines (a bracketed paste) runs line by line as a script does, so a
    /// `:command` on a line of its own is a command there too.
    pub fn entry(&mut self, text: &str) -> Flow {
        if text.trim_end().contains('\n') {
            return self.lines(REPL_SOURCE, text, !self.interactive);
        }
        if text.trim_start().starts_with(':') {
            return self.command(text.trim());
        }
        if text.trim().is_empty() {
            return Flow::Continue;
        }
        let start = self.sources.add(REPL_SOURCE, text);
        self.run_chunk(text, start, !self.interactive);
        Flow::Continue
    }

    /// Runs a whole text as a script, entry by entry as if typed: a line starting with
    /// `:` is a command, and a statement goes on over the next lines while it can only
    /// be completed by more input (an open `{`). An unfinished statement at the end is
    /// reported.
    pub fn script(&mut self, name: &str, text: &str) -> Flow {
        self.lines(name, text, true)
    }

    /// [`Session::script`], answers preceded by their query when `echo`.
    fn lines(&mut self, name: &str, text: &str, echo: bool) -> Flow {
        let base = self.sources.add(name, text);
        let mut chunk_start: Option<usize> = None;
        let mut pos = 0;
        while pos < text.len() {
            let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
            let line = &text[pos..line_end];
            match chunk_start {
                None if line.trim_start().starts_with(':') => {
                    if self.command(line.trim()) == Flow::Quit {
                        return Flow::Quit;
                    }
                }
                None if line.trim().is_empty() => {}
                _ => {
                    let start = *chunk_start.get_or_insert(pos);
                    let chunk = &text[start..line_end];
                    if !needs_more(chunk) {
                        self.run_chunk(chunk, base + start, echo);
                        chunk_start = None;
                    }
                }
            }
            pos = line_end;
        }
        if let Some(start) = chunk_start {
            let chunk = &text[start..];
            self.run_chunk(chunk, base + start, echo);
            let (name, line, _) = self.sources.locate(base + start);
            self.sink.err(&format!(
                "note: the input ended inside an unfinished statement ({name}, line {line})\n"
            ));
        }
        Flow::Continue
    }

    /// Parses `chunk` (which sits at `offset` in the session's text) and runs its
    /// statements one at a time; syntax errors are reported where they occur, between
    /// the statements around them.
    pub(super) fn run_chunk(&mut self, chunk: &str, offset: usize, echo: bool) {
        let (mut stmts, mut diags) = syntax::parse(chunk);
        for s in &mut stmts {
            spans::stmt(s, offset);
        }
        for d in &mut diags {
            spans::diag(d, offset);
        }
        diags.sort_by_key(|d| d.span.start);
        let mut pending = diags.into_iter().peekable();
        let (journal, accepted) = (self.checker.accepted(), self.accepted.len());
        let mut changed: Vec<usize> = Vec::new();
        // A declaration the parser could not read was rejected: unlike a file's check,
        // the session does not take its names as declared.
        stmts.retain(|s| !matches!(s.kind, ally_core::syntax::ast::StmtKind::Unreadable(_)));
        for stmt in &stmts {
            let before: Vec<Diag> =
                std::iter::from_fn(|| pending.next_if(|d| d.span.start < stmt.span.start))
                    .collect();
            self.report(before);
            if self.statement(stmt, echo) && changes_scenario(stmt) {
                changed.push(self.accepted.len() - 1);
            }
        }
        self.report(pending.collect());
        if !changed.is_empty() {
            let what = self.describe_entry(&changed, offset);
            self.undo.push(Undo {
                journal: journal..self.checker.accepted(),
                accepted: accepted..self.accepted.len(),
                what,
            });
        }
    }

    /// What `:undo` says it took back: the statement, or how many and from where.
    fn describe_entry(&self, changed: &[usize], offset: usize) -> String {
        let quoted = |k: usize| {
            let text = self.accepted[k]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            match text.char_indices().nth(80) {
                Some((cut, _)) => format!("`{} …`", &text[..cut]),
                None => format!("`{text}`"),
            }
        };
        let (first, last) = (changed[0], changed[changed.len() - 1]);
        if first == last {
            return quoted(first);
        }
        let name = self
            .sources
            .segment_of(offset)
            .map_or(String::new(), |s| s.name.clone());
        if name == REPL_SOURCE || name.starts_with('<') {
            format!(
                "the {} statements of one entry, {} to {}",
                changed.len(),
                quoted(first),
                quoted(last)
            )
        } else {
            format!("the {} statements loaded from {name}", changed.len())
        }
    }

    /// `:undo`: takes back the last entry that changed the scenario.
    pub(super) fn undo(&mut self) {
        let Some(u) = self.undo.pop() else {
            self.sink.err(
                "nothing to undo: no entry since the start (or `:reset`) changed the scenario\n",
            );
            return;
        };
        self.checker.take_back(u.journal);
        self.accepted.drain(u.accepted);
        self.sink.err(&format!("undid {}\n", u.what));
    }

    /// Checks one statement, keeps it when it is free of errors, and answers what it
    /// asks; whether it was accepted.
    fn statement(&mut self, stmt: &ally_core::syntax::ast::Stmt, echo: bool) -> bool {
        let diags = self.checker.try_statement(stmt);
        let accepted = !diags.iter().any(Diag::is_error);
        self.report(diags);
        if !accepted {
            return false;
        }
        let text = self
            .sources
            .text
            .get(stmt.span.start..stmt.span.end)
            .unwrap_or_default();
        self.accepted.push(text.trim().to_string());
        for item in std::mem::take(&mut self.checker.items) {
            self.evaluate(item, echo);
        }
        true
    }

    /// Runs `f` with the evaluator: on this thread, or, when Ctrl-C can interrupt, on a
    /// worker thread. Ctrl-C raises the evaluator's cancel handle, which the engine, the
    /// game enumeration and the lab poll, and the session waits for the worker to stop
    /// and hand the evaluator back, so that its memory is freed before the next
    /// question. `None` when interrupted.
    pub(super) fn compute<T: Send + 'static>(
        &mut self,
        f: impl FnOnce(&mut Evaluator) -> T + Send + 'static,
    ) -> Option<T> {
        let Some(flag) = self.interrupt.clone() else {
            return Some(f(&mut self.evaluator));
        };
        flag.store(false, Ordering::SeqCst);
        let cancel = self.evaluator.limits.cancel.clone();
        cancel.reset();
        // What a fresh evaluator starts from if the worker cannot hand this one back.
        let mut fresh = Evaluator::new(self.evaluator.model_override.clone());
        fresh.limits = self.evaluator.limits.clone();
        // The worker owns the evaluator (and its cache of solved landscapes) and hands it
        // back with the answer.
        let mut ev = std::mem::take(&mut self.evaluator);
        let (tx, rx) = mpsc::channel();
        let worker = std::thread::Builder::new()
            .name("ally-answer".into())
            .spawn(move || {
                let r = f(&mut ev);
                let _ = tx.send((ev, r));
            });
        if let Err(e) = worker {
            self.sink
                .err(&format!("error: cannot start a worker thread: {e}\n"));
            self.errors += 1;
            self.evaluator = fresh;
            return None;
        }
        let mut raised: Option<Instant> = None;
        loop {
            match rx.recv_timeout(Duration::from_millis(25)) {
                Ok((ev, r)) => {
                    self.evaluator = ev;
                    cancel.reset();
                    if raised.is_none() {
                        return Some(r);
                    }
                    // Stopped by Ctrl-C: what it returned (an interruption) is dropped.
                    self.sink.err("interrupted: the question was abandoned\n");
                    return None;
                }
                Err(RecvTimeoutError::Timeout) => {
                    if raised.is_none() && flag.swap(false, Ordering::SeqCst) {
                        cancel.cancel();
                        raised = Some(Instant::now());
                    }
                    // Work that does not poll the handle in time is left to finish in
                    // the background (it keeps the raised handle, so it stops at its
                    // next poll); the session goes on with a fresh evaluator.
                    if raised.is_some_and(|t| t.elapsed() > STOP_GRACE) {
                        fresh.limits.cancel = Cancel::new();
                        self.evaluator = fresh;
                        self.sink.err("interrupted: the question was abandoned\n");
                        return None;
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    self.sink
                        .err("error: the answer could not be computed (internal error)\n");
                    self.errors += 1;
                    self.evaluator = fresh;
                    return None;
                }
            }
        }
    }

    fn evaluate(&mut self, item: Item, echo: bool) {
        let (_, line, _) = self.sources.locate(item.span.start);
        let entry = match item.action.clone() {
            Action::Query(q) => {
                let kind = q.kind.clone();
                let at_middle = ally_core::query::at_middle(&item, &kind);
                let Some(result) =
                    self.compute(move |ev| ally_core::query::answer(ev, &item, &kind))
                else {
                    return;
                };
                let (answer, error) = match result {
                    Ok(a) => (Some(a), None),
                    Err(d) => {
                        let msg = d.message.clone();
                        self.report(vec![d]);
                        (None, Some(msg))
                    }
                };
                Entry::Query(QueryResult {
                    query: format!("{}?", q.text),
                    line,
                    kind: q.kind.id(),
                    at_middle,
                    answer: answer.map(Into::into),
                    error,
                })
            }
            Action::Expect(e) => {
                let described = expect::describe(&item.scenario, &e);
                let Some(result) = self.compute(move |ev| expect::evaluate(ev, &item, &e)) else {
                    return;
                };
                let outcome = match result {
                    Ok(o) => o,
                    Err(d) => {
                        let actual = d.message.clone();
                        self.report(vec![d]);
                        Outcome {
                            expect: described,
                            passed: false,
                            actual,
                            number: None,
                        }
                    }
                };
                if !outcome.passed {
                    self.errors += 1;
                }
                Entry::Expect(ExpectResult { line, outcome })
            }
        };
        self.print_entry(entry, echo);
    }

    /// Prints an answer as `ally run` does; at the prompt the query itself is not
    /// repeated.
    fn print_entry(&mut self, entry: Entry, echo: bool) {
        if self.json {
            let text = serde_json::to_string_pretty(&entry).unwrap_or_default();
            self.sink.out(&format!("{text}\n"));
            return;
        }
        if let (false, Entry::Query(q)) = (echo, &entry) {
            if let Some(a) = &q.answer {
                let mut out = String::new();
                render::text::at_middle(&mut out, q.at_middle);
                render::text::answer(&mut out, a);
                self.sink.out(&out);
            }
            return;
        }
        let result = FileResult {
            file: String::new(),
            title: None,
            entries: vec![entry],
            report: Report::new("", "", Vec::new()),
            answered: true,
        };
        self.sink.out(&render::text::file(&result, false));
    }

    /// Prints diagnostics, each with the source it points into. A related place in
    /// another source (a statement typed earlier) is named in the help.
    pub(super) fn report(&mut self, diags: Vec<Diag>) {
        for mut d in diags {
            if d.is_error() {
                self.errors += 1;
            }
            let Some(seg) = self.sources.segment_of(d.span.start).cloned() else {
                self.sink.err(&format!("error: {}\n", d.message));
                continue;
            };
            let local = |s: Span| {
                Span::new(
                    s.start.saturating_sub(seg.start).min(seg.end - seg.start),
                    s.end.saturating_sub(seg.start).min(seg.end - seg.start),
                )
            };
            d.span = local(d.span);
            let mut notes = Vec::new();
            let related = std::mem::take(&mut d.related);
            for (s, label) in related {
                if s.start >= seg.start && s.start <= seg.end {
                    d.related.push((local(s), label));
                } else {
                    let (name, line, text) = self.sources.locate(s.start);
                    notes.push(if name == REPL_SOURCE {
                        format!("{label}: `{text}`")
                    } else {
                        format!("{label}: {name}, line {line}: `{text}`")
                    });
                }
            }
            if !notes.is_empty() {
                let notes = notes.join("\n");
                d.help = Some(match d.help.take() {
                    Some(h) => format!("{h}\n{notes}"),
                    None => notes,
                });
            }
            let report = Report::new(&seg.name, &self.sources.text[seg.start..seg.end], vec![d]);
            self.sink.err(&diagnostics::render(&report, self.style));
        }
    }
}

/// Whether `:undo` counts a statement as a change: everything but questions and
/// expectations (which leave the scenario as it was).
fn changes_scenario(stmt: &ally_core::syntax::ast::Stmt) -> bool {
    use ally_core::syntax::ast::StmtKind;
    !matches!(stmt.kind, StmtKind::Query(_) | StmtKind::Expect(_))
}

/// Whether an entry can only be completed by more lines: it fails to parse only at its
/// end (`is_incomplete`), and a newline there would be allowed — so an open `{ … }`
/// block goes on, while `who allies with whom` without its `?` is an error at once.
pub fn needs_more(text: &str) -> bool {
    if text.trim_start().starts_with(':') {
        return false;
    }
    syntax::is_incomplete(text) && syntax::is_incomplete(&format!("{text}\n;"))
}
