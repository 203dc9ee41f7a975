//! The catalogue of diagnostics (`ally_core::diagnostics::catalogue`) against the program:
//! every code the source can emit is catalogued, every catalogued code is emitted by
//! some test, each example really emits its code, and the book's page of
//! diagnostics is the catalogue's (`ALLY_BLESS_DOCS=1` rewrites it).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use ally_core::diagnostics::catalogue::{self, CATALOGUE, Example, Help, Level};

const BIN: &str = env!("CARGO_BIN_EXE_ally");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("a readable folder").flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// Every Rust source of both crates: the entry points (`src/`) and the stages
/// (`crates/ally-core/src/`).
fn rust_sources() -> Vec<(PathBuf, String)> {
    let mut all = Vec::new();
    files(&root().join("src"), &mut all);
    files(&root().join("crates/ally-core/src"), &mut all);
    all.sort();
    all.into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable source");
            (p, text)
        })
        .collect()
}

/// The constants of `diagnostics::codes`: name → code.
fn constants() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("crates/ally-core/src/diagnostics.rs"))
        .expect("diagnostics.rs");
    let module = &text[text.find("pub mod codes").expect("the codes module")..];
    module
        .lines()
        .filter_map(|l| {
            let rest = l.trim().strip_prefix("pub const ")?;
            let (name, rest) = rest.split_once(": &str = \"")?;
            let code = rest.split('"').next()?;
            Some((name.to_string(), code.to_string()))
        })
        .collect()
}

/// `"ally::…"` literals in a text.
fn literals(text: &str) -> Vec<String> {
    text.match_indices("\"ally::")
        .filter_map(|(i, _)| {
            let rest = &text[i + 1..];
            let end = rest.find('"')?;
            let code = &rest[..end];
            (code.len() > "ally::".len()
                && !code.ends_with(':')
                && code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == ':'))
            .then(|| code.to_string())
        })
        .collect()
}

fn catalogued() -> BTreeSet<&'static str> {
    CATALOGUE.iter().map(|e| e.code).collect()
}

#[test]
fn each_code_is_catalogued_once() {
    let mut seen = BTreeSet::new();
    for e in CATALOGUE {
        assert!(seen.insert(e.code), "{} is catalogued twice", e.code);
        assert!(!e.title.is_empty() && !e.title.contains('\n'), "{}", e.code);
        assert!(!e.help.text().is_empty(), "{}", e.code);
        assert!(
            e.explanation.trim().len() > 40,
            "{} is not explained",
            e.code
        );
    }
}

/// Every code the source can emit: the constants of `diagnostics::codes`, and any
/// `"ally::…"` literal (the server's `ally::serve::…` codes are its HTTP errors, listed
/// in the book's page on `ally serve`, not diagnostics).
#[test]
fn every_code_the_source_can_emit_is_catalogued() {
    let known = catalogued();
    let mut missing = Vec::new();
    for (name, code) in constants() {
        if !known.contains(code.as_str()) {
            missing.push(format!("codes::{name} ({code})"));
        }
    }
    for (path, text) in rust_sources() {
        if path.ends_with("serve/error.rs") {
            continue;
        }
        for code in literals(&text) {
            if !code.starts_with("ally::serve::") && !known.contains(code.as_str()) {
                missing.push(format!("{code} in {}", path.display()));
            }
        }
    }
    assert!(missing.is_empty(), "not in the catalogue: {missing:?}");
}

/// A catalogued code no test ever sees is a code nobody knows still exists: each is
/// named (by its text or its `codes::` constant) in a test, a snapshot or a `tests/cmd`
/// case — this file aside — or in a unit test of `src/`.
#[test]
fn every_catalogued_code_is_emitted_by_a_test() {
    let names: Vec<(String, String)> = constants();
    let mut all = Vec::new();
    files(&root().join("tests"), &mut all);
    let mut texts: Vec<String> = all
        .iter()
        .filter(|p| !p.ends_with("integration/catalogue.rs"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    // The unit tests beside the code count too (a bug's net is tested from inside).
    for (_, text) in rust_sources() {
        if let Some(at) = text.find("#[cfg(test)]") {
            texts.push(text[at..].to_string());
        }
    }
    let mut unseen = Vec::new();
    for e in CATALOGUE {
        let constant = names
            .iter()
            .find(|(_, c)| c == e.code)
            .map(|(n, _)| format!("codes::{n}"));
        let seen = texts.iter().any(|t| {
            t.contains(&format!("{}\n", e.code))
                || t.contains(&format!("\"{}\"", e.code))
                || constant.as_ref().is_some_and(|c| t.contains(c.as_str()))
        });
        if !seen {
            unseen.push(e.code);
        }
    }
    assert!(unseen.is_empty(), "no test emits {unseen:?}");
}

fn ally(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("ally runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The example of each entry, run as `ally explain` says, reports that code (and only
/// as the catalogue's severity), so no explanation shows a mistake `ally` does not find.
#[test]
fn each_example_emits_its_code() {
    let dir = std::env::temp_dir().join(format!("ally-catalogue-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (i, e) in CATALOGUE.iter().enumerate() {
        let (code, _, err) = match e.example {
            Example::Check(src) | Example::Run(src) => {
                let file = dir.join(format!("example{i}.ally"));
                std::fs::write(&file, src).expect("write");
                let verb = e.example.command().trim_start_matches("ally ");
                ally(&[verb, file.to_str().expect("a UTF-8 path")])
            }
            Example::Command(args) => ally(args),
            Example::None => continue,
        };
        assert!(
            err.lines().any(|l| l == e.code),
            "the example of {} does not report it:\n{err}",
            e.code
        );
        let expected = if e.level == Level::Error { 1 } else { 0 };
        assert_eq!(code, expected, "{}: {err}", e.code);
        if let Help::Always(h) = e.help {
            // miette wraps long help at 100 columns.
            let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                words(&err).contains(&words(h)),
                "{}: the help is not shown:\n{err}",
                e.code
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn explain_prints_an_entry_by_its_full_or_short_code() {
    let (code, full, _) = ally(&["explain", "ally::redeclared"]);
    assert_eq!(code, 0);
    let (_, short, _) = ally(&["explain", "redeclared"]);
    assert_eq!(full, short);
    let entry = catalogue::find("redeclared").expect("catalogued");
    assert_eq!(full, catalogue::explain(entry));
    assert!(full.starts_with("ally::redeclared (note): "), "{full}");
    assert!(
        full.contains("    threat Germany -> France 0.8\n"),
        "{full}"
    );
    let (code, list, _) = ally(&["explain"]);
    assert_eq!(code, 0);
    assert_eq!(
        list.lines().filter(|l| l.starts_with("ally::")).count(),
        CATALOGUE.len()
    );
}

#[test]
fn an_unknown_code_is_a_usage_error_with_a_suggestion() {
    let (code, out, err) = ally(&["explain", "ally::redeclard"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("did you mean `ally::redeclared`?"), "{err}");
    let (code, _, err) = ally(&["explain", "nothing_like_it"]);
    assert_eq!(code, 2);
    assert!(!err.contains("did you mean"), "{err}");
}

/// `docs/book/src/diagnostics.md` is written from the catalogue.
#[test]
fn the_book_lists_the_catalogue() {
    let path = root().join("docs/book/src/diagnostics.md");
    let want = catalogue::markdown();
    if std::env::var_os("ALLY_BLESS_DOCS").is_some() {
        std::fs::write(&path, &want).expect("write the page");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/book/src/diagnostics.md differs from the catalogue: \
         ALLY_BLESS_DOCS=1 cargo test --test integration catalogue rewrites it"
    );
}
