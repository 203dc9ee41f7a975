//! `ally serve`: the editor page and a JSON API for a class's browsers, on axum and
//! tokio. Everything it sends is compiled in ([`assets`]); scenarios are solved on
//! blocking threads behind the [`gate::Gate`] (worker cap, queue wait, time budget,
//! panics caught); every error is JSON with a diagnostic code ([`error`]).
//!
//! | route | answer |
//! |---|---|
//! | `GET /` (and `/app.js`, `/app.css`) | the page |
//! | `POST /api/run` | `ally run --format json`'s document plus `svg`, `text`, `diagnostics` |
//! | `POST /api/check` | `{"file", "ok", "diagnostics"}` with spans |
//! | `GET /api/examples` | `[{"name", "title"}]` |
//! | `GET /api/examples/NAME` | `{"name", "title", "source"}` |
//!
//! A request body is the scenario text, or JSON `{"source": "…"}` when its content type
//! is `application/json`.

pub mod answers;
pub mod assets;
pub mod error;
pub mod gate;
pub mod input;
mod routes;

use crate::failure::{Failure, Outcome};
use std::time::Duration;

pub use routes::{App, router};

/// The options of `ally serve`.
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on: 127.0.0.1 for this machine only, 0.0.0.0 for a classroom
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub bind: String,
    /// Port to listen on (0: any free port; the address printed says which)
    #[arg(long, default_value_t = 8080, value_name = "N")]
    pub port: u16,
    /// Largest request body accepted, in bytes; larger ones are answered 413
    #[arg(long, default_value_t = 256 * 1024, value_name = "BYTES")]
    pub max_body: usize,
    /// Time budget of one run, in seconds; a question still unanswered then is stopped
    /// and reported as `ally::timeout`
    #[arg(long, default_value = "10", value_parser = seconds, value_name = "SECONDS")]
    pub budget: Duration,
    /// Course-sized scenarios solved at once; large ones (over 21 states) have a lane of
    /// their own with half as many [default: the number of cores]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub workers: Option<u16>,
    /// How long a run may wait for a free worker before it is answered 503
    #[arg(long, default_value = "10", value_parser = seconds, value_name = "SECONDS")]
    pub queue_wait: Duration,
}

fn seconds(text: &str) -> Result<Duration, String> {
    let v: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(v > 0.0 && v <= 86_400.0) {
        return Err(format!(
            "{text} s: give a number of seconds above 0, up to 86400"
        ));
    }
    Ok(Duration::from_secs_f64(v))
}

impl ServeArgs {
    pub fn workers(&self) -> usize {
        self.workers.map(usize::from).unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
        })
    }
}

/// Runs the server until Ctrl-C.
pub fn main(args: &ServeArgs) -> Outcome {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            return Err(Failure::Usage(format!(
                "error: cannot start the server: {e}"
            )));
        }
    };
    runtime.block_on(serve(args))
}

async fn serve(args: &ServeArgs) -> Outcome {
    let listener = match tokio::net::TcpListener::bind((args.bind.as_str(), args.port)).await {
        Ok(l) => l,
        Err(e) => return Err(listen_failure(args, &e)),
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => return Err(listen_failure(args, &e)),
    };
    let app = App::new(args);
    let _ = crate::output::stdout(&format!("ally serve: listening on http://{addr}\n"));
    let _ = crate::output::stderr(&format!(
        "ally serve: {} workers, budget {} s, queue wait {} s, bodies up to {} bytes; Ctrl-C stops\n",
        args.workers(),
        args.budget.as_secs_f64(),
        args.queue_wait.as_secs_f64(),
        args.max_body
    ));
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, router(app))
        .with_graceful_shutdown(shutdown)
        .await
    {
        Ok(()) => Ok(()),
        Err(e) => Err(Failure::Failed(format!("error: the server stopped: {e}"))),
    }
}

/// The address cannot be listened on: bad usage (a port taken, an address not here).
fn listen_failure(args: &ServeArgs, e: &std::io::Error) -> Failure {
    Failure::Usage(format!(
        "error: cannot listen on {}:{}: {e}",
        args.bind, args.port
    ))
}
