//! The routes: thin handlers that read the request, pass the text to [`super::answers`]
//! through the gate, and answer JSON.

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::error::{ApiError, codes};
use super::gate::Gate;
use super::{ServeArgs, answers, assets, input};

/// What every handler shares.
#[derive(Clone, Debug)]
pub struct App {
    gate: Gate,
    max_body: usize,
}

impl App {
    pub fn new(args: &ServeArgs) -> Arc<Self> {
        Arc::new(App {
            gate: Gate::new(args.workers(), args.queue_wait, args.budget),
            max_body: args.max_body,
        })
    }
}

pub fn router(app: Arc<App>) -> Router {
    let mut r = Router::new()
        .route("/api/run", post(run))
        .route("/api/check", post(check))
        .route("/api/examples", get(examples))
        .route("/api/examples/{name}", get(example));
    for (path, _, _) in assets::PAGE {
        r = r.route(path, get(page));
    }
    r.route("/index.html", get(page))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(app)
}

async fn run(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    let result = async {
        let src = input::source(&headers, body, app.max_body).await?;
        // Checking is cheap; it says which lane the run waits in. The run answers the
        // same document, so the text is parsed and checked once.
        let (doc, lane) = app
            .gate
            .quick(move || {
                let doc = answers::document(src);
                let lane = answers::lane(&doc);
                (doc, lane)
            })
            .await?;
        app.gate
            .solve(lane, move |cancel| answers::run(&doc, cancel))
            .await
    };
    json_or_error(result.await)
}

async fn check(State(app): State<Arc<App>>, headers: HeaderMap, body: Body) -> Response {
    let result = async {
        let src = input::source(&headers, body, app.max_body).await?;
        app.gate
            .quick(move || answers::check(&answers::document(src)))
            .await
    };
    json_or_error(result.await)
}

fn json_or_error(result: Result<Value, ApiError>) -> Response {
    match result {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn examples() -> Json<Value> {
    let list: Vec<Value> = assets::titles()
        .iter()
        .map(|(name, title)| json!({ "name": name, "title": title }))
        .collect();
    Json(Value::Array(list))
}

async fn example(Path(name): Path<String>) -> Response {
    match assets::example(&name) {
        Some(source) => {
            let title = assets::titles()
                .iter()
                .find(|(n, _)| *n == name)
                .and_then(|(_, t)| t.clone());
            Json(json!({ "name": name, "title": title, "source": source })).into_response()
        }
        None => ApiError::not_found(&format!("example `{name}`")).into_response(),
    }
}

async fn page(uri: Uri) -> Response {
    let path = if uri.path() == "/index.html" {
        "/"
    } else {
        uri.path()
    };
    match assets::PAGE.iter().find(|(p, _, _)| *p == path) {
        Some((_, kind, bytes)) => {
            let mut res = (*bytes).into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            h.insert(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            );
            // The page loads nothing from elsewhere; CodeMirror writes its styles inline.
            h.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'self'; img-src 'self' blob: data:; style-src 'self' 'unsafe-inline'",
                ),
            );
            res
        }
        None => ApiError::not_found(path).into_response(),
    }
}

async fn not_found(uri: Uri) -> Response {
    ApiError::not_found(uri.path()).into_response()
}

async fn method_not_allowed() -> Response {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        codes::METHOD,
        "this address does not take that method",
    )
    .help("POST /api/run and /api/check; GET the page and /api/examples")
    .into_response()
}
