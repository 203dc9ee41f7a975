//! `ally serve` end to end: the binary started on a free port, spoken to over HTTP/1.1
//! by a small client on a raw socket (no HTTP client crate needed).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_ally"))
            .args(["serve", "--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("ally serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("ally serve: listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        Server { child, addr }
    }

    /// One request; the answer's status, headers (lower-case names) and body.
    fn raw(&self, head: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.write_all(format!("{head}Host: {}\r\nConnection: close\r\n\r\n", self.addr).as_bytes())
            .unwrap();
        s.write_all(body).unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        let split = out
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete answer");
        let headers = String::from_utf8_lossy(&out[..split]).to_lowercase();
        let status = headers[9..12].parse().unwrap();
        (status, headers, out[split + 4..].to_vec())
    }

    fn send(&self, method: &str, path: &str, kind: &str, body: &[u8]) -> (u16, Value) {
        let head = format!(
            "{method} {path} HTTP/1.1\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n",
            body.len()
        );
        let (status, headers, body) = self.raw(&head, body);
        assert!(
            headers.contains("content-type: application/json"),
            "{headers}"
        );
        (
            status,
            serde_json::from_slice(&body).expect("a JSON answer"),
        )
    }

    fn post(&self, path: &str, text: &str) -> (u16, Value) {
        self.send("POST", path, "text/plain", text.as_bytes())
    }

    fn get(&self, path: &str) -> (u16, Value) {
        self.send("GET", path, "text/plain", b"")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn example(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/examples/{name}.ally",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// What the CLI prints for `cmd scenario.ally` with the text in a fresh folder.
fn cli(args: &[&str], text: &str) -> Vec<u8> {
    let dir = std::env::temp_dir().join(format!("ally-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("scenario.ally"), text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_ally"))
        .args(args)
        .arg("scenario.ally")
        .current_dir(&dir)
        .output()
        .unwrap();
    out.stdout
}

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or("")
}

#[test]
fn run_answers_what_the_cli_prints_and_draws() {
    let server = Server::start(&[]);
    let text = example("deterrence");
    let (status, v) = server.post("/api/run", &text);
    assert_eq!(status, 200);
    let json: Value =
        serde_json::from_slice(&cli(&["run", "--format", "json"], &text)).expect("CLI JSON");
    for key in ["files", "passed", "failed"] {
        assert_eq!(v[key], json[key], "{key}");
    }
    let svg = String::from_utf8(cli(&["graph"], &text)).unwrap();
    assert_eq!(v["svg"].as_str().unwrap(), svg);
    let printed = String::from_utf8(cli(&["run"], &text)).unwrap();
    assert_eq!(v["text"].as_str().unwrap(), printed);
    // The same scenario sent as JSON gets the same answer.
    let body = serde_json::json!({ "source": text }).to_string();
    let (status, w) = server.send("POST", "/api/run", "application/json", body.as_bytes());
    assert_eq!(status, 200);
    assert_eq!(v, w);
}

#[test]
fn check_gives_codes_and_spans() {
    let server = Server::start(&[]);
    let text = "state France { power 1 }\nstate Germany { power 2 }\nallies of Frnace?\n";
    let (status, v) = server.post("/api/check", text);
    assert_eq!(status, 200);
    assert_eq!(v["ok"], false);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "ally::undeclared_state");
    assert_eq!(d["line"], 3);
    let (from, to) = (d["from"].as_u64().unwrap(), d["to"].as_u64().unwrap());
    assert_eq!(&text[from as usize..to as usize], "Frnace");
    assert!(d["help"].as_str().unwrap().contains("France"));
    let (status, v) = server.post("/api/check", &example("europe-1914"));
    assert_eq!((status, &v["ok"]), (200, &Value::Bool(true)));
    // A scenario with errors has no picture, and its run answers nothing.
    let (status, v) = server.post("/api/run", text);
    assert_eq!(status, 200);
    assert_eq!(v["svg"], Value::Null);
    assert_eq!(v["diagnostics"][0]["code"], "ally::undeclared_state");
}

#[test]
fn the_course_examples_are_listed_and_served() {
    let server = Server::start(&[]);
    let (status, list) = server.get("/api/examples");
    assert_eq!(status, 200);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter_map(|e| {
            let p = e.path();
            (p.extension()? == "ally").then(|| p.file_stem().unwrap().to_string_lossy().into())
        })
        .collect();
    files.sort();
    assert_eq!(names, files);
    let (status, v) = server.get("/api/examples/stag-hunt");
    assert_eq!(status, 200);
    assert_eq!(v["source"].as_str().unwrap(), example("stag-hunt"));
    assert_eq!(v["title"], "The Stag Hunt and Walt's argument");
    let (status, v) = server.get("/api/examples/..%2FCargo.toml");
    assert_eq!((status, code(&v)), (404, "ally::serve::not_found"));
}

#[test]
fn the_page_is_served_from_the_binary() {
    let server = Server::start(&[]);
    let (status, headers, body) = server.raw("GET / HTTP/1.1\r\n", b"");
    assert_eq!(status, 200);
    assert!(headers.contains("content-type: text/html"));
    assert!(String::from_utf8_lossy(&body).contains(r#"src="/app.js""#));
    let (status, headers, body) = server.raw("GET /app.js HTTP/1.1\r\n", b"");
    assert_eq!(status, 200);
    assert!(headers.contains("content-type: text/javascript"));
    assert!(body.len() > 10_000);
    let (status, v) = server.get("/nothing-here");
    assert_eq!((status, code(&v)), (404, "ally::serve::not_found"));
    let (status, v) = server.get("/api/run");
    assert_eq!((status, code(&v)), (405, "ally::serve::method_not_allowed"));
}

#[test]
fn large_bodies_are_refused_with_413() {
    let server = Server::start(&["--max-body", "4096"]);
    let big = format!("{}\n", "// padding ".repeat(500));
    let (status, v) = server.post("/api/run", &big);
    assert_eq!((status, code(&v)), (413, "ally::serve::too_large"));
    assert!(v["error"]["message"].as_str().unwrap().contains("4096"));
    // Without a Content-Length (chunked), the limit holds while reading.
    let chunked = format!("{:x}\r\n{big}\r\n0\r\n\r\n", big.len());
    let (status, _, body) = server.raw(
        "POST /api/check HTTP/1.1\r\nTransfer-Encoding: chunked\r\n",
        chunked.as_bytes(),
    );
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!((status, code(&v)), (413, "ally::serve::too_large"));
    // Just under the limit is fine.
    let (status, _) = server.post("/api/check", &big[..4000]);
    assert_eq!(status, 200);
}

#[test]
fn malformed_requests_get_json_errors() {
    let server = Server::start(&[]);
    let (status, v) = server.send("POST", "/api/run", "application/json", b"{\"source\": 3");
    assert_eq!((status, code(&v)), (400, "ally::serve::bad_json"));
    let (status, v) = server.send("POST", "/api/run", "application/json", b"{\"sorce\": \"\"}");
    assert_eq!((status, code(&v)), (400, "ally::serve::bad_json"));
    let (status, v) = server.send("POST", "/api/check", "text/plain", b"state \xff\xfe");
    assert_eq!((status, code(&v)), (400, "ally::serve::bad_text"));
    // An empty scenario is not an error: nothing to answer.
    let (status, v) = server.post("/api/run", "");
    assert_eq!((status, &v["files"][0]["ok"]), (200, &Value::Bool(true)));
}

/// Sixty questions about different scenarios of 18 states, each solved exactly: far more
/// work than the budget allows.
fn long_run() -> String {
    let mut s = String::new();
    for i in 0..18 {
        s.push_str(&format!("state S{i} {{ power {} }}\n", 1 + i % 5));
    }
    for k in 0..60 {
        let a = k % 18;
        let b = (a + 1 + k / 18) % 18;
        s.push_str(&format!("what if S{a} threatens S{b}?\n"));
    }
    s
}

#[test]
fn the_budget_stops_a_long_run_with_a_timeout_diagnostic() {
    let server = Server::start(&["--budget", "0.05"]);
    let (status, v) = server.post("/api/run", &long_run());
    assert_eq!(status, 200);
    let file = &v["files"][0];
    assert_eq!(file["ok"], false);
    let answered = file["queries"].as_array().unwrap().len();
    assert!(answered < 60, "{answered} of 60 answered");
    let d = v["diagnostics"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(d["code"], "ally::timeout");
    // The server goes on answering.
    let (status, v) = server.post("/api/run", &example("deterrence"));
    assert_eq!((status, &v["files"][0]["ok"]), (200, &Value::Bool(true)));
}

#[test]
fn the_highlighting_knows_the_grammar_keywords() {
    let js = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/web/src/ally-mode.js"))
        .unwrap();
    let start = js.find("// keywords:begin").unwrap();
    let end = js.find("// keywords:end").unwrap();
    let words: Vec<&str> = js[start..end].split('"').skip(1).step_by(2).collect();
    assert_eq!(words, ally_core::syntax::KEYWORDS);
    // The bundle compiled into the binary is built from these sources.
    let dist = concat!(env!("CARGO_MANIFEST_DIR"), "/web/dist/");
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/web/src/");
    assert_eq!(
        std::fs::read_to_string(format!("{dist}index.html")).unwrap(),
        std::fs::read_to_string(format!("{src}index.html")).unwrap()
    );
    assert!(
        std::fs::read_to_string(format!("{dist}app.js"))
            .unwrap()
            .contains("alignments")
    );
}

#[test]
fn the_budget_stops_one_large_search_inside_the_engine() {
    // One exact search of 2^23 configurations: seconds of work, stopped at the budget.
    let mut text = String::new();
    for i in 0..24 {
        text.push_str(&format!("state S{i} {{ power {} }}\n", 1 + (i * 7) % 11));
    }
    for i in 0..24 {
        text.push_str(&format!("border S{i} ~ S{}\n", (i + 1) % 24));
    }
    text.push_str("stable alignments?\n");
    let server = Server::start(&["--budget", "0.1"]);
    let (status, v) = server.post("/api/run", &text);
    assert_eq!(status, 200);
    let query = &v["files"][0]["queries"][0];
    assert_eq!(query["answer"], Value::Null);
    let d = &v["diagnostics"][0];
    assert_eq!(
        (&d["code"], &d["line"]),
        (&Value::from("ally::timeout"), &Value::from(49))
    );
    assert!(v["svg"].as_str().unwrap().contains("time budget"));
}
