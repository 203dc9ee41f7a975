//! The catalogue: every diagnostic code `ally` can emit, declared once with its
//! severity, a one-line title, its help and an explanation with a small example.
//!
//! [`Diag::new`](super::Diag::new) takes a diagnostic's severity, and the help of a
//! code whose help never varies, from here; `ally explain CODE` prints an entry and
//! the book's page of diagnostics (`docs/book/src/diagnostics.md`) is written from
//! [`markdown`]. The tests check both ways: every code the source can emit is here,
//! every code here is emitted by a test, and each example really emits its code.

mod entries;

pub use entries::CATALOGUE;

/// How a diagnostic stops the work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// A mistake: the file is not answered (exit 1).
    Error,
    /// Not a mistake: printed as a warning, nothing stops.
    Note,
}

impl Level {
    pub fn word(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Note => "note",
        }
    }
}

/// The help of a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Help {
    /// The same words every time: every diagnostic of the code carries them.
    Always(&'static str),
    /// Worded for each case (a "did you mean", the numbers at hand) by the code that
    /// finds the mistake; this is the general advice `ally explain` gives.
    Varies(&'static str),
}

impl Help {
    pub fn text(self) -> &'static str {
        match self {
            Help::Always(t) | Help::Varies(t) => t,
        }
    }
}

/// What shows a code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Example {
    /// A file `ally check` reports the code on.
    Check(&'static str),
    /// A file whose code only `ally run` finds (when a question is answered).
    Run(&'static str),
    /// A command line (after `ally`) that reports the code, from the repository's root.
    Command(&'static [&'static str]),
    /// No short input shows it (a bug, a stop, bytes that are not text); the
    /// explanation says when it happens.
    None,
}

impl Example {
    /// The command that reports a file example's code.
    pub fn command(self) -> &'static str {
        match self {
            Example::Run(_) => "ally run",
            _ => "ally check",
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub code: &'static str,
    pub level: Level,
    pub title: &'static str,
    pub help: Help,
    pub explanation: &'static str,
    pub example: Example,
}

/// The entry of `code`, written in full (`ally::redeclared`) or without its `ally::`.
pub fn find(code: &str) -> Option<&'static Entry> {
    let full = if code.starts_with("ally::") {
        code.to_string()
    } else {
        format!("ally::{code}")
    };
    CATALOGUE.iter().find(|e| e.code == full)
}

/// What `ally explain CODE` prints.
pub fn explain(e: &Entry) -> String {
    let mut out = format!("{} ({}): {}\n\n", e.code, e.level.word(), e.title);
    out.push_str(e.explanation.trim());
    out.push_str("\n\n");
    match e.example {
        Example::Check(src) | Example::Run(src) => {
            let how = e.example.command();
            out.push_str(&format!("For example, `{how}` reports it on:\n\n"));
            for line in src.lines() {
                out.push_str(&format!("    {line}\n"));
            }
            out.push('\n');
        }
        Example::Command(args) => {
            out.push_str(&format!(
                "For example:\n\n    $ ally {}\n\n",
                args.join(" ")
            ));
        }
        Example::None => {}
    }
    let help = match e.help {
        Help::Always(t) => format!("help: {t}\n"),
        Help::Varies(t) => format!("help (in general): {t}\n"),
    };
    out.push_str(&help);
    out
}

/// What `ally explain` prints: every code with its title.
pub fn list() -> String {
    let width = CATALOGUE.iter().map(|e| e.code.len()).max().unwrap_or(0);
    let mut out = String::new();
    for e in CATALOGUE {
        let note = if e.level == Level::Note {
            " (note)"
        } else {
            ""
        };
        out.push_str(&format!("{:width$}  {}{note}\n", e.code, e.title));
    }
    out.push_str("\n`ally explain CODE` explains one (the `ally::` may be left out).\n");
    out
}

/// The book's page of diagnostics, every entry in full.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Diagnostics\n\n\
         <!-- Written from the catalogue in crates/ally-core/src/diagnostics/catalogue.rs: \
         ALLY_BLESS_DOCS=1 cargo test --test integration catalogue rewrites it. -->\n\n\
         Every diagnostic `ally` prints starts with its code. `ally explain CODE` prints the \
         explanation below in a terminal (`ally explain ally::redeclared`, or `ally explain \
         redeclared`); `ally explain` lists them. Errors stop the file (exit 1); notes stop \
         nothing and are printed as warnings.\n",
    );
    for e in CATALOGUE {
        out.push_str(&format!("\n## `{}`\n\n", e.code));
        out.push_str(&format!("*{}* — {}.\n\n", e.level.word(), e.title));
        out.push_str(e.explanation.trim());
        out.push_str("\n\n");
        match e.example {
            Example::Check(src) | Example::Run(src) => {
                let how = e.example.command();
                out.push_str(&format!("For example, `{how}` reports it on:\n\n```ally\n"));
                out.push_str(src);
                if !src.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("```\n\n");
            }
            Example::Command(args) => {
                out.push_str(&format!(
                    "For example:\n\n```sh\nally {}\n```\n\n",
                    args.join(" ")
                ));
            }
            Example::None => {}
        }
        match e.help {
            Help::Always(t) => out.push_str(&format!("Help: {t}\n")),
            Help::Varies(t) => out.push_str(&format!("Help, in general: {t}\n")),
        }
    }
    out
}
