//! `ally lsp` end to end: the real binary, spoken to over its standard input and output
//! in the Language Server Protocol's framing.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ally"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("ally lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = 0;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        len = n.parse().expect("length");
                    }
                }
                let mut body = vec![0; len];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&body).expect("JSON body");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, v: Value) {
        let body = v.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next message that satisfies `want`, skipping others.
    fn wait(&mut self, want: impl Fn(&Value) -> bool) -> Value {
        loop {
            let m = self
                .messages
                .recv_timeout(Duration::from_secs(120))
                .expect("the server answers");
            if want(&m) {
                return m;
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let m = self.wait(|m| m["id"] == id);
        assert!(m.get("error").is_none(), "{method}: {m}");
        m["result"].clone()
    }

    fn diagnostics(&mut self) -> Vec<Value> {
        let m = self.wait(|m| m["method"] == "textDocument/publishDiagnostics");
        m["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }
}

const URI: &str = "file:///tmp/scenario.ally";

fn at(line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}})
}

#[test]
fn a_session_from_initialize_to_exit() {
    let typo = "state France { power 1 }\nstate Germany {power 2}\nthreat Germny -> France 0.8\nwhy France?\n";
    let fixed = "state France { power 1 }\nstate Germany {power 2}\nthreat Germany -> France 0.8\nwhy France?\nthreat G";
    let mut c = Client::start();
    let init = c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    let caps = &init["capabilities"];
    for cap in [
        "completionProvider",
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "documentSymbolProvider",
        "documentFormattingProvider",
        "renameProvider",
    ] {
        assert!(caps.get(cap).is_some(), "{cap} missing: {init}");
    }
    c.notify("initialized", json!({}));

    // A typo: the diagnostic `ally check` gives, at the same place.
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": URI, "languageId": "ally", "version": 1, "text": typo}}),
    );
    let diags = c.diagnostics();
    let (_, report) = ally_core::document::check_source("x", typo);
    assert_eq!(diags.len(), report.diags.len(), "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["code"], "ally::undeclared_state");
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.starts_with(&report.diags[0].message)),
        "{d}"
    );
    assert_eq!(d["range"]["start"], json!({"line": 2, "character": 7}));
    assert_eq!(d["range"]["end"], json!({"line": 2, "character": 13}));
    assert!(
        d["message"].as_str().unwrap_or("").contains("Germany"),
        "help: {d}"
    );

    // Fixed (with a statement being typed at the end): no more diagnostics but the
    // unfinished one.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": fixed}]}),
    );
    let diags = c.diagnostics();
    assert!(
        diags.iter().all(|d| d["range"]["start"]["line"] == 4),
        "{diags:?}"
    );

    // Completion of `threat G`: the declared state.
    let items = c.request("textDocument/completion", at(4, 8));
    let labels: Vec<&str> = items
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(labels.contains(&"Germany"), "{labels:?}");
    assert!(
        !labels.contains(&"France"),
        "filtered by what is typed: {labels:?}"
    );

    // Hover on a state: power and Walt's four sources of threat.
    let h = c.request("textDocument/hover", at(0, 7));
    let text = h["contents"]["value"].as_str().unwrap_or("").to_string();
    assert!(
        text.contains("state France") && text.contains("power 1"),
        "{text}"
    );
    assert!(
        text.contains("proximity") && text.contains("intent 0.8"),
        "{text}"
    );
    assert!(text.contains("Germany"), "{text}");

    // Definition of `Germany` in the threat: its declaration on line 1.
    let def = c.request("textDocument/definition", at(2, 9));
    assert_eq!(def["range"]["start"], json!({"line": 1, "character": 6}));
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": URI}, "position": {"line": 1, "character": 7},
               "context": {"includeDeclaration": true}}),
    );
    assert_eq!(refs.as_array().map(Vec::len), Some(2), "{refs}");

    // Back to a complete file; hover on the query shows its answer.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 3},
               "contentChanges": [{"text": fixed.trim_end_matches("threat G")}]}),
    );
    assert!(c.diagnostics().is_empty());
    let h = c.request("textDocument/hover", at(3, 1));
    let text = h["contents"]["value"].as_str().unwrap_or("").to_string();
    let result = ally_core::document::run_source("x", fixed.trim_end_matches("threat G"), None);
    let answer = ally_core::render::text::file(&result, false);
    assert!(text.contains(answer.trim_end()), "{text}\n---\n{answer}");

    // Formatting: one edit, `ally fmt`'s text.
    let edits = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let want =
        ally_core::format::format_source(fixed.trim_end_matches("threat G")).expect("formats");
    assert_eq!(edits[0]["newText"], want.as_str());

    // Rename: every occurrence, the declaration included.
    let edit = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": URI}, "position": {"line": 2, "character": 8},
               "newName": "Prussia"}),
    );
    let changes = edit["changes"][URI].as_array().cloned().unwrap_or_default();
    assert_eq!(changes.len(), 2, "{edit}");
    assert!(changes.iter().all(|e| e["newText"] == "Prussia"));

    let syms = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let names: Vec<&str> = syms
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names, ["France", "Germany"]);

    let down = c.request("shutdown", Value::Null);
    assert!(down.is_null());
    c.notify("exit", Value::Null);
    let status = c.child.wait().expect("exits");
    assert!(status.success(), "{status:?}");
}

#[test]
fn completion_in_context_across_a_whole_file() {
    use ally::repl::helper::{Names, complete_text};
    let src = "ideology red, blue\nstate Alba { ideology red }\nstate Borea\nalliance Pact { Alba, Borea }\n\
               game G {\n  players P, Q\n  strategies Stag, Hare\n  S";
    // The names of the file as it last checked (the server keeps them while a
    // statement is being typed).
    let done = format!(
        "{src}tag, Stag -> 1, 1\n  Stag, Hare -> 0, 0\n  Hare, Stag -> 0, 0\n  Hare, Hare -> 1, 1\n}}\n"
    );
    let (checker, report) = ally_core::document::check_source("x", &done);
    // The ideologies weigh nothing under the default model: a note, not an error.
    assert!(
        report
            .diags
            .iter()
            .all(|d| d.code == ally_core::diagnostics::codes::WEIGHS_NOTHING),
        "{:?}",
        report.diags
    );
    let names = Names::of(checker.scenario());
    let labels = |text: &str| -> Vec<String> {
        complete_text(&names, text, text.len())
            .1
            .into_iter()
            .map(|p| p.display)
            .collect()
    };
    assert_eq!(
        labels(src),
        ["Stag", "strategies"],
        "a row or an item keyword"
    );
    let row = labels(&format!("{src}tag, "));
    assert!(row.starts_with(&["Hare".into(), "Stag".into()]), "{row:?}");
    assert_eq!(
        labels(&format!("{src}tag, Stag -> ")),
        ["Hare", "Stag"],
        "{row:?}"
    );
    let top = "ideology red, blue\nstate Alba { ideology red }\nstate Borea\nalliance Pact { Alba, Borea }\n";
    assert_eq!(
        labels(&format!("{top}state C {{ ideology ")),
        ["blue", "red"]
    );
    assert_eq!(labels(&format!("{top}end alliance ")), ["Pact"]);
    assert_eq!(labels(&format!("{top}why B")), ["Borea"]);
    assert!(labels(&format!("{top}th")).contains(&"threat".to_string()));
}

/// Issue 24: the server knows `end threat A -> B` and `latent intent x` — no
/// diagnostics, the states of an ended threat are references (renamed with them), and
/// the hover on a state marks latent threats.
#[test]
fn the_new_threat_statements_are_known() {
    use ally::lsp::document::Document;
    use ally::lsp::features;
    use ally::lsp::position::LineIndex;
    let text = "state Alba { power 1 }\nstate Borea { power 2 }\nthreat Alba -> Borea\n\
                end threat Alba -> Borea\nlatent intent 0.2\nwhat if end threat Borea -> Alba?\n";
    let (_, report) = ally_core::document::check_source("x", text);
    assert!(report.diags.is_empty(), "{:?}", report.diags);
    let mut doc = Document::new(text.to_string(), None);
    let uri: lsp_types::Uri = "file:///x.ally".parse().expect("uri");
    let ix = LineIndex::new(text);
    let refs = features::references(&doc, &uri, ix.position(6), true);
    assert_eq!(refs.len(), 4, "{refs:?}");
    let hover = ally::lsp::hover::hover(&mut doc, 6).expect("a hover on Alba");
    let shown = format!("{hover:?}");
    assert!(shown.contains("intent 0.2 (latent)"), "{shown}");
}

mod robustness {
    use ally::lsp::document::Document;
    use ally::lsp::position::LineIndex;
    use ally::lsp::{features, hover};
    use proptest::prelude::*;

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(ally_core::syntax::KEYWORDS.to_vec()).prop_map(String::from),
            prop::sample::select(vec![
                "A",
                "B",
                "\"Cé d\"",
                "0.5",
                "{",
                "}",
                ",",
                ";",
                "~",
                "->",
                "=",
                "?",
                "\n",
                " ",
                "// c",
                "\"",
                "😀",
                "state A { power 1 }\n",
                "why A?\n",
            ])
            .prop_map(String::from),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// Every request at every position of any text answers without panicking.
        #[test]
        fn requests_never_panic(v in prop::collection::vec(piece(), 0..30)) {
            let text = v.join(" ");
            let uri: lsp_types::Uri = "file:///x.ally".parse().expect("uri");
            let prev = Document::new(text.clone(), None);
            let mut doc = Document::new(text.clone(), Some(&prev));
            let ix = LineIndex::new(&text);
            let mut offsets: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            offsets.dedup();
            for o in offsets {
                let p = ix.position(o);
                let _ = features::completion(&doc, p);
                let _ = features::definition(&doc, &uri, p);
                let _ = features::references(&doc, &uri, p, true);
                let _ = features::rename(&doc, &uri, p, "New name");
                let _ = hover::hover(&mut doc, o);
            }
            let _ = features::document_symbols(&doc);
            let _ = features::formatting(&doc);
        }
    }
}

#[test]
fn completion_and_hover_in_a_game_tree() {
    use ally::repl::helper::{Names, complete_text};
    let src = "game D {\n  players Challenger, Defender\n  tree Challenger {\n    Stay -> 0, 0\n    Attack -> Defender {\n      Fight -> -1, -1\n      Yield -> 1, -2\n    }\n  }\n}\nsubgame perfect equilibria of D?\n";
    let (checker, report) = ally_core::document::check_source("x", src);
    assert!(report.diags.is_empty(), "{:?}", report.diags);
    let names = Names::of(checker.scenario());
    let labels = |text: &str| -> Vec<String> {
        complete_text(&names, text, text.len())
            .1
            .into_iter()
            .map(|p| p.display)
            .collect()
    };
    assert_eq!(labels(&format!("{src}path of ")), ["D"]);
    assert_eq!(
        labels(&format!("{src}subgame perfect equilibria of ")),
        ["D"]
    );
    assert!(labels(&format!("{src}sub")).contains(&"subgame".to_string()));
    let inside = "game E {\n  players Challenger, Defender\n  tree Challenger {\n    Stay -> 0, 0\n    Attack -> De";
    assert_eq!(labels(&format!("{src}{inside}")), ["Defender"]);
    // Hover on the query: its answer, as `ally run` prints it.
    let mut doc = ally::lsp::document::Document::new(src.to_string(), None);
    let text = ally::lsp::hover::hover(&mut doc, src.find("subgame perfect").unwrap() + 3)
        .expect("a hover");
    assert!(
        text.contains("Challenger: Stay · Defender: Fight"),
        "{text}"
    );
}
