//! One parse and one check per text (issue 27, "one document"): the language server and
//! `ally serve`, driven in this process, parse and check a text once per change or
//! request, however many questions are asked of it. `syntax::parse` and
//! `Checker::check_all` count themselves process-wide, so this test is a crate of its
//! own: in the integration crate, tests running beside it would parse too.

use std::time::Duration;

use ally_core::document::{Work, work};
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};

const TEXT: &str = "state A { power 3 }\nstate B { power 1 }\nstate C { power 2 }\n\
                    threat A -> B\nborder B ~ C\nwho allies with whom?\nwhy B?\n\
                    expect B with C\n";

fn since(before: Work) -> (u64, u64) {
    let now = work();
    (now.parses - before.parses, now.checks - before.checks)
}

/// Sends `method` and waits for its response, answering nothing the server sends first
/// (diagnostics are notifications).
fn request(client: &Connection, id: i32, method: &str, params: Value) -> Value {
    client
        .sender
        .send(Message::Request(Request {
            id: RequestId::from(id),
            method: method.into(),
            params,
        }))
        .expect("the server listens");
    loop {
        match client
            .receiver
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers")
        {
            Message::Response(r) if r.id == RequestId::from(id) => {
                return r.response_result.unwrap_or(Value::Null);
            }
            _ => {}
        }
    }
}

fn notify(client: &Connection, method: &str, params: Value) {
    client
        .sender
        .send(Message::Notification(Notification {
            method: method.into(),
            params,
        }))
        .expect("the server listens");
}

/// Waits for the diagnostics the server publishes after a change.
fn diagnostics(client: &Connection) {
    loop {
        if let Message::Notification(n) = client
            .receiver
            .recv_timeout(Duration::from_secs(60))
            .expect("the server publishes diagnostics")
            && n.method == "textDocument/publishDiagnostics"
        {
            return;
        }
    }
}

fn the_language_server_parses_and_checks_each_version_once() {
    let (server, client) = Connection::memory();
    let thread = std::thread::spawn(move || ally::lsp::server::run(&server));
    request(&client, 1, "initialize", json!({ "capabilities": {} }));
    notify(&client, "initialized", json!({}));
    let uri = "file:///tmp/once.ally";
    let before = work();
    notify(
        &client,
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "ally", "version": 1, "text": TEXT } }),
    );
    diagnostics(&client);
    let at = |line: u32, character: u32| json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
    // A query's answer, a state, completion, symbols, references: all of one version.
    let hover = request(&client, 2, "textDocument/hover", at(5, 2));
    assert!(hover.to_string().contains("allies"), "{hover}");
    request(&client, 3, "textDocument/hover", at(0, 6));
    request(&client, 4, "textDocument/hover", at(6, 1));
    request(&client, 5, "textDocument/completion", at(6, 4));
    request(
        &client,
        6,
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let mut refs = at(0, 6);
    refs["context"] = json!({ "includeDeclaration": true });
    request(&client, 7, "textDocument/references", refs);
    assert_eq!(since(before), (1, 1), "one version: (parses, checks)");
    notify(
        &client,
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": uri, "version": 2 },
            "contentChanges": [{ "text": format!("{TEXT}enemies of A?\n") }],
        }),
    );
    diagnostics(&client);
    request(&client, 8, "textDocument/hover", at(8, 2));
    request(&client, 9, "textDocument/hover", at(5, 2));
    assert_eq!(since(before), (2, 2), "two versions: (parses, checks)");
    request(&client, 10, "shutdown", Value::Null);
    notify(&client, "exit", Value::Null);
    thread
        .join()
        .expect("the server thread ends")
        .expect("the server ends cleanly");
}

fn ally_serve_parses_and_checks_each_request_once() {
    use tower::ServiceExt;
    let args = ally::serve::ServeArgs {
        bind: "127.0.0.1".into(),
        port: 0,
        max_body: 256 * 1024,
        budget: Duration::from_secs(30),
        workers: Some(1),
        queue_wait: Duration::from_secs(30),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    for (path, wanted) in [("/api/run", "svg"), ("/api/check", "diagnostics")] {
        let app = ally::serve::router(ally::serve::App::new(&args));
        let before = work();
        let body = runtime.block_on(async {
            let request = axum::http::Request::post(path)
                .header("content-type", "text/plain")
                .body(axum::body::Body::from(TEXT))
                .expect("a request");
            let response = app.oneshot(request).await.expect("a response");
            assert_eq!(response.status(), 200, "{path}");
            axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("a body")
        });
        let v: Value = serde_json::from_slice(&body).expect("JSON");
        assert!(v.get(wanted).is_some(), "{path}: {v}");
        assert_eq!(since(before), (1, 1), "{path}: (parses, checks)");
    }
}

/// The two run one after the other: the counters are the process's.
#[test]
fn each_text_is_parsed_and_checked_once_per_change_or_request() {
    the_language_server_parses_and_checks_each_version_once();
    ally_serve_parses_and_checks_each_request_once();
}
