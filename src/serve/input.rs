//! A request's scenario text: the body read under the size and time limits, as plain
//! text or as JSON `{"source": "…"}`.

use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::Deserialize;

use super::error::{ApiError, codes};

/// A client that has not sent its whole body by then is answered 408.
const BODY_TIME: Duration = Duration::from_secs(10);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceRequest {
    source: String,
}

fn too_large(max: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        codes::TOO_LARGE,
        format!("the request is larger than the server's limit of {max} bytes"),
    )
    .help("send a smaller scenario, or ask the instructor to raise `--max-body`")
}

/// The scenario text of a request: JSON when the content type says so, else the body.
pub async fn source(headers: &HeaderMap, body: Body, max: usize) -> Result<String, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large(max));
    }
    let bytes = match tokio::time::timeout(BODY_TIME, Limited::new(body, max).collect()).await {
        Err(_) => {
            return Err(ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                codes::SLOW_BODY,
                format!(
                    "the request body did not arrive within {} s",
                    BODY_TIME.as_secs()
                ),
            ));
        }
        Ok(Err(e)) if e.is::<LengthLimitError>() => return Err(too_large(max)),
        Ok(Err(e)) => {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                codes::BAD_TEXT,
                format!("the request body could not be read: {e}"),
            ));
        }
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/json"));
    if json {
        serde_json::from_slice::<SourceRequest>(&bytes)
            .map(|r| r.source)
            .map_err(|e| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    codes::BAD_JSON,
                    format!("the JSON request is malformed: {e}"),
                )
                .help(r#"send {"source": "…scenario text…"}, or the text itself as text/plain"#)
            })
    } else {
        String::from_utf8(bytes.to_vec()).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                codes::BAD_TEXT,
                format!("the scenario is not UTF-8 text: {e}"),
            )
            .help("save the scenario as UTF-8")
        })
    }
}
