//! The architecture's one-way rule (ARCHITECTURE.md, "Invariants"): the top-level
//! modules of both crates — the stages in `crates/ally-core/src/`, the entry points in
//! `src/` — depend on each other without a cycle. The dependencies are read from the
//! source: every `crate::x` path (in `use` lines and in code) of a file under
//! `<root>/<m>.rs` or `<root>/<m>/` is an edge from `m` to `x`, and in the entry points
//! every `ally_core::x` path too. That the stages use no entry point is a compiler fact
//! (`ally-core` does not depend on `ally`); this test keeps the order inside each crate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The two crates' source folders: the stages, then the entry points.
fn roots() -> [PathBuf; 2] {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    [root.join("crates/ally-core/src"), root.join("src")]
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file belongs to: `src/query/mod.rs` → `query`,
/// `src/run.rs` → `run`; `None` for the crate root.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_string())
}

/// The top-level modules a text names through `crate::`, comments left out (a doc link
/// is no dependency). `use crate::{a, b::c}` names `a` and `b`.
fn crate_paths(text: &str) -> BTreeSet<String> {
    paths_through(text, "crate::")
}

/// The top-level modules a text names through `prefix` (`crate::` or `ally_core::`).
fn paths_through(text: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            let preceded = rest[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_');
            rest = &rest[at + prefix.len()..];
            if preceded {
                continue;
            }
            if let Some(group) = rest.strip_prefix('{') {
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let head = item.trim().split("::").next().unwrap_or("").trim();
                    if !head.is_empty() && head != "self" {
                        out.insert(head.to_string());
                    }
                }
                continue;
            }
            let head: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !head.is_empty() {
                out.insert(head);
            }
        }
    }
    out
}

/// The dependency graph among the top-level modules of both crates (their names do
/// not overlap: a test below says so).
fn graph() -> Graph {
    let [core, doors] = roots();
    let mut g = Graph::new();
    for (src, across) in [(&core, None), (&doors, Some("ally_core::"))] {
        let mut files = Vec::new();
        rust_files(src, &mut files);
        let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(src, f)).collect();
        for m in &modules {
            g.entry(m.clone()).or_default();
        }
        for f in &files {
            let Some(m) = module_of(src, f) else { continue };
            let text = std::fs::read_to_string(f).expect("a readable source file");
            let mut deps: Vec<String> = crate_paths(&text)
                .into_iter()
                .filter(|d| modules.contains(d))
                .collect();
            if let Some(prefix) = across {
                deps.extend(paths_through(&text, prefix));
            }
            for dep in deps {
                if dep != m {
                    g.entry(m.clone()).or_default().insert(dep);
                }
            }
        }
    }
    g
}

/// A cycle of the graph, as the list of its modules with the first repeated at the
/// end, or `None` when the graph is acyclic. Depth-first, in name order, so the cycle
/// reported is always the same.
fn find_cycle(g: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    fn visit(
        g: &Graph,
        node: &str,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(node.to_string(), Mark::Open);
        path.push(node.to_string());
        for next in g.get(node).into_iter().flatten() {
            match marks.get(next).copied().unwrap_or(Mark::New) {
                Mark::Open => {
                    let from = path.iter().position(|p| p == next).unwrap_or(0);
                    let mut cycle = path[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Mark::New => {
                    if let Some(c) = visit(g, next, marks, path) {
                        return Some(c);
                    }
                }
                Mark::Done => {}
            }
        }
        path.pop();
        marks.insert(node.to_string(), Mark::Done);
        None
    }
    let mut marks: BTreeMap<String, Mark> = BTreeMap::new();
    for node in g.keys() {
        if marks.get(node).copied().unwrap_or(Mark::New) == Mark::New
            && let Some(c) = visit(g, node, &mut marks, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

fn tiny(edges: &[(&str, &str)]) -> Graph {
    let mut g = Graph::new();
    for (a, b) in edges {
        g.entry(a.to_string()).or_default().insert(b.to_string());
        g.entry(b.to_string()).or_default();
    }
    g
}

#[test]
fn the_cycle_finder_finds_cycles_and_only_cycles() {
    assert_eq!(
        find_cycle(&tiny(&[("a", "b"), ("b", "c"), ("a", "c")])),
        None
    );
    assert_eq!(
        find_cycle(&tiny(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(
        find_cycle(&tiny(&[("x", "y"), ("y", "z"), ("z", "y")])),
        Some(vec!["y".into(), "z".into(), "y".into()])
    );
}

#[test]
fn crate_paths_are_read_from_use_lines_and_code() {
    let text = "use crate::model::{Scenario, fmt_num};\n\
                use crate::{engine, span::Span};\n\
                // see crate::render for the output\n\
                fn f() { crate::query::answer(); let x = my_crate::theory::y; }\n";
    let got: Vec<String> = crate_paths(text).into_iter().collect();
    assert_eq!(got, ["engine", "model", "query", "span"]);
}

#[test]
fn no_cycle_among_top_level_modules() {
    let g = graph();
    assert!(g.contains_key("engine") && g.contains_key("cli"), "{g:?}");
    if let Some(cycle) = find_cycle(&g) {
        panic!(
            "a cycle among the top-level modules: {}\nthe graph: {g:#?}",
            cycle.join(" → ")
        );
    }
}

/// The invariants ARCHITECTURE.md names, one edge at a time.
#[test]
fn the_written_invariants_hold() {
    let g = graph();
    let deps = |m: &str| g.get(m).cloned().unwrap_or_default();
    assert!(deps("cancel").is_empty(), "cancel depends on nothing");
    assert!(deps("span").is_empty(), "span depends on nothing");
    for forbidden in ["model", "theory", "syntax", "query", "dynamics", "solve"] {
        assert!(
            !deps("engine").contains(forbidden),
            "engine knows nothing of states: it uses {forbidden}"
        );
    }
    for m in ["solve", "engine", "theory", "dynamics", "model"] {
        assert!(!deps(m).contains("query"), "{m} is below query");
    }
    for m in ["solve", "engine", "theory"] {
        assert!(
            !deps("render").contains(m),
            "render only reads answers: it uses {m}"
        );
    }
    assert!(
        !deps("model").contains("dynamics"),
        "the checker applies no dynamics"
    );
    // The front doors sit at the top: nothing below them depends on them.
    let doors = ["cli", "main", "repl", "lsp", "serve"];
    for m in g.keys().filter(|m| !doors.contains(&m.as_str())) {
        for door in doors {
            assert!(
                !deps(m).contains(door),
                "{m} depends on the front door {door}"
            );
        }
    }
    // Only syntax touches pest.
    let [src, doors] = roots();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    rust_files(&doors, &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).expect("readable");
        let uses_pest = text
            .lines()
            .any(|l| !l.trim_start().starts_with("//") && l.contains("pest::"));
        if uses_pest {
            assert_eq!(
                module_of(&src, &f).as_deref(),
                Some("syntax"),
                "{} touches pest",
                f.display()
            );
        }
    }
}

/// One failure path (ARCHITECTURE.md): every entry point returns a `Failure`, and only
/// `failure.rs` turns one into an exit code — besides the command line's own parse error
/// (`cli::main`, before any command runs) and the closed pipe `output` ends quietly.
#[test]
fn only_the_failure_module_picks_exit_codes() {
    let [core, doors] = roots();
    let mut files = Vec::new();
    rust_files(&core, &mut files);
    rust_files(&doors, &mut files);
    let allowed = ["failure.rs", "cli/mod.rs", "main.rs"];
    let mut offenders = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable");
        let code: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect();
        let rel = f.strip_prefix(&doors).unwrap_or(f);
        let named = |p: &str| rel.to_str().is_some_and(|r| r == p);
        if code.iter().any(|l| l.contains("ExitCode")) && !allowed.iter().any(|p| named(p)) {
            offenders.push(format!("{} uses ExitCode", f.display()));
        }
        if code.iter().any(|l| l.contains("process::exit(")) && !named("output.rs") {
            offenders.push(format!("{} calls process::exit", f.display()));
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

/// The text of every Rust file of one top-level module of the stages' crate.
fn core_module_text(m: &str) -> String {
    let [core, _] = roots();
    let mut files = Vec::new();
    rust_files(&core, &mut files);
    files
        .iter()
        .filter(|f| module_of(&core, f).as_deref() == Some(m))
        .map(|f| std::fs::read_to_string(f).expect("readable"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The checker resolves once: no stage after it names the AST.
#[test]
fn after_the_checker_no_stage_sees_the_ast() {
    for m in [
        "theory", "engine", "solve", "dynamics", "chance", "query", "render",
    ] {
        let text = core_module_text(m);
        assert!(!text.is_empty(), "{m} has sources");
        let code: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .filter(|l| l.contains("syntax::ast"))
            .collect();
        assert!(code.is_empty(), "{m} names the AST: {code:?}");
    }
}

/// Events are applied below the checker: `model::events` needs no checker.
#[test]
fn events_are_applied_without_the_checker() {
    let [core, _] = roots();
    let text = std::fs::read_to_string(core.join("model/events.rs")).expect("events.rs");
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        assert!(
            !line.contains("check::") && !line.contains("Checker"),
            "model/events.rs uses the checker: {line}"
        );
    }
}

/// Solving sits below its users, and the stages know none of the front doors' crates.
#[test]
fn solving_is_below_its_users_and_the_stages_below_the_doors() {
    let g = graph();
    let solve = g.get("solve").cloned().unwrap_or_default();
    for user in ["query", "dynamics", "lab", "chance"] {
        assert!(!solve.contains(user), "solve uses {user}");
    }
    let manifest = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/ally-core/Cargo.toml"),
    )
    .expect("the stages' manifest");
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .expect("a [dependencies] table");
    for door in [
        "clap",
        "axum",
        "tokio",
        "rustyline",
        "ctrlc",
        "nix",
        "lsp-server",
        "lsp-types",
    ] {
        assert!(
            !deps.lines().any(|l| l.trim_start().starts_with(door)),
            "ally-core depends on {door}"
        );
    }
}
