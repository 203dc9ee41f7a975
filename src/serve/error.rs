//! Every answer the server gives that is not a result: one JSON shape with a diagnostic
//! code, so a page or a script can tell a full queue from a typo from a bug.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Codes of the server's own errors (a scenario's mistakes keep the checker's codes).
pub mod codes {
    pub const TOO_LARGE: &str = "ally::serve::too_large";
    pub const BAD_JSON: &str = "ally::serve::bad_json";
    pub const BAD_TEXT: &str = "ally::serve::bad_text";
    pub const BAD_MODEL: &str = "ally::serve::bad_model";
    pub const SLOW_BODY: &str = "ally::serve::slow_body";
    pub const BUSY: &str = "ally::serve::busy";
    pub const NOT_FOUND: &str = "ally::serve::not_found";
    pub const METHOD: &str = "ally::serve::method_not_allowed";
    pub const INTERNAL: &str = "ally::serve::internal";
}

/// An error answer: `{"error": {"code", "message", "help"}}` with an HTTP status.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            help: None,
        }
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn not_found(what: &str) -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            codes::NOT_FOUND,
            format!("no such page or example: {what}"),
        )
        .help("the API is POST /api/run, POST /api/check, GET /api/examples[/NAME]")
    }
    pub fn internal() -> Self {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::INTERNAL,
            "ally failed on this scenario (a bug); nothing else was affected",
        )
        .help("please report the scenario that caused it")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({
            "error": { "code": self.code, "message": self.message, "help": self.help }
        });
        (self.status, Json(body)).into_response()
    }
}
