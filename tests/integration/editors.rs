//! The editor package (`editors/vscode`): the TextMate grammar's keywords are the
//! language's keywords (`ally_core::syntax::KEYWORDS`, the list the REPL completes and the
//! parser's test checks against `grammar/ally.pest`), its patterns compile and
//! highlight the examples as intended, and the manifest points at files that exist.

use std::path::Path;

use fancy_regex::Regex;
use serde_json::Value;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/editors/vscode");

fn json(file: &str) -> Value {
    let text = std::fs::read_to_string(Path::new(DIR).join(file)).expect("readable");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

fn grammar() -> Value {
    json("syntaxes/ally.tmLanguage.json")
}

fn pattern(rule: &str, key: &str) -> Regex {
    let g = grammar();
    let p = g["repository"][rule][key].as_str().expect(rule);
    Regex::new(p).unwrap_or_else(|e| panic!("{rule}.{key}: {e}"))
}

/// The words of the `(?:a|b|…)` group of a pattern.
fn alternatives(p: &str) -> Vec<String> {
    let start = p.find("(?:").expect("a group") + 3;
    let end = start + p[start..].find(')').expect("closed");
    p[start..end].split('|').map(String::from).collect()
}

#[test]
fn the_grammar_keywords_are_the_language_keywords() {
    let g = grammar();
    assert_eq!(g["scopeName"], "source.ally");
    let words = alternatives(
        g["repository"]["keyword"]["match"]
            .as_str()
            .expect("keyword"),
    );
    let want: Vec<String> = ally_core::syntax::KEYWORDS
        .iter()
        .map(|k| k.to_string())
        .collect();
    assert_eq!(
        words, want,
        "editors/vscode/syntaxes/ally.tmLanguage.json vs syntax::KEYWORDS"
    );
    // The words that open a query are keywords that start statements.
    let q = alternatives(g["repository"]["query"]["begin"].as_str().expect("query"));
    for w in &q {
        assert!(
            ally_core::syntax::STARTERS.contains(&w.as_str()),
            "{w} starts no statement"
        );
    }
}

#[test]
fn every_pattern_compiles() {
    fn walk(v: &Value, n: &mut usize) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if matches!(k.as_str(), "match" | "begin" | "end") {
                        let p = x.as_str().expect("a string");
                        Regex::new(p).unwrap_or_else(|e| panic!("{p}: {e}"));
                        *n += 1;
                    }
                    walk(x, n);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, n)),
            _ => {}
        }
    }
    let mut n = 0;
    walk(&grammar(), &mut n);
    assert!(n >= 9, "{n} patterns");
}

#[test]
fn patterns_match_what_they_name() {
    let found = |r: &Regex, s: &str| r.find(s).ok().flatten().map(|m| m.as_str().to_string());
    let kw = pattern("keyword", "match");
    assert_eq!(found(&kw, "STATE France"), Some("STATE".into()));
    assert_eq!(found(&kw, "statesman"), None);
    let c = pattern("comment", "match");
    assert_eq!(found(&c, "border A ~ B // why"), Some("// why".into()));
    let s = pattern("string", "match");
    assert_eq!(
        found(&s, "why \"Austria-Hungary\"?"),
        Some("\"Austria-Hungary\"".into())
    );
    let n = pattern("number", "match");
    for x in ["-0.5", "3/4", "1e-3", "13.79"] {
        assert_eq!(found(&n, &format!("power {x} }}")), Some(x.to_string()));
    }
    assert_eq!(found(&n, "S1"), None);
    // Both ends of a range.
    let ends: Vec<String> = n
        .find_iter("threat A -> B 0.3..0.7")
        .filter_map(|m| m.ok().map(|m| m.as_str().to_string()))
        .collect();
    assert_eq!(ends, ["0.3", "0.7"]);
    // `.5` and `5.` are numbers too (issue 26 item 3).
    assert_eq!(found(&n, "power .5 }"), Some(".5".into()));
    assert_eq!(found(&n, "power 5. }"), Some("5.".into()));
    // Names in any script (issue 26 item 2), whole.
    let name = pattern("name", "match");
    for x in ["Türkiye", "Ελλάδα", "中国", "Côte_d_Ivoire", "S1"] {
        assert_eq!(found(&name, &format!("why {x}?")).as_deref(), Some("why"));
        assert_eq!(found(&name, &format!("¿{x}")), Some(x.to_string()));
    }
    assert_eq!(found(&n, "Ελλάδα2"), None);
    let op = pattern("operator", "match");
    assert_eq!(found(&op, "threat A -> B"), Some("->".into()));
    let d = pattern("declaration", "match");
    let caps = d
        .captures("state \"Ottoman Empire\" { power 1 }")
        .ok()
        .flatten()
        .expect("a declaration");
    assert_eq!(caps.get(2).map(|m| m.as_str()), Some("\"Ottoman Empire\""));
    let caps = d
        .captures("state Türkiye { power 1 }")
        .ok()
        .flatten()
        .expect("a declaration");
    assert_eq!(caps.get(2).map(|m| m.as_str()), Some("Türkiye"));
}

#[test]
fn every_query_in_the_examples_is_highlighted_as_one_and_nothing_else_is() {
    let q = pattern("query", "begin");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut queries = 0;
    for entry in std::fs::read_dir(dir).expect("examples/") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "ally") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("readable");
        let (stmts, _) = ally_core::syntax::parse(&text);
        for s in stmts {
            let line = text[s.span.start..].lines().next().unwrap_or("");
            let at_start = q.find(line).ok().flatten().is_some_and(|m| m.start() == 0);
            let is_query = matches!(s.kind, ally_core::syntax::ast::StmtKind::Query(_));
            assert_eq!(at_start, is_query, "{}: {line}", path.display());
            queries += usize::from(is_query);
        }
    }
    assert!(queries > 20, "{queries} queries");
}

#[test]
fn the_manifest_starts_ally_lsp_and_names_files_that_exist() {
    let m = json("package.json");
    let lang = &m["contributes"]["languages"][0];
    assert_eq!(lang["id"], "ally");
    assert_eq!(lang["extensions"][0], ".ally");
    let gr = &m["contributes"]["grammars"][0];
    assert_eq!(gr["scopeName"], "source.ally");
    for file in [
        gr["path"].as_str(),
        lang["configuration"].as_str(),
        m["main"].as_str(),
    ] {
        let file = file.expect("a path");
        assert!(Path::new(DIR).join(file).is_file(), "{file} missing");
    }
    assert!(m["dependencies"]["vscode-languageclient"].is_string());
    let js = std::fs::read_to_string(Path::new(DIR).join("extension.js")).expect("extension.js");
    assert!(
        js.contains("args: [\"lsp\"]"),
        "the extension starts `ally lsp`"
    );
    let conf = json("language-configuration.json");
    assert_eq!(conf["comments"]["lineComment"], "//");
    assert!(
        !Path::new(DIR).join("node_modules").exists(),
        "node_modules is not vendored"
    );
}
