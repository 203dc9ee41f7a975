//! What keeps one student's 30-state question from starving the class: a cap on
//! concurrent solves in two lanes (large scenarios queue apart from the course-sized
//! ones, so they never hold the workers small questions need), a wait limit in the queue, a time budget per request that the
//! engine polls, and panics caught so a bug answers 500 instead of dropping the
//! connection.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use tokio::sync::Semaphore;

use super::error::{ApiError, codes};
use ally_core::cancel::Cancel;

/// Beyond the budget, how long the server waits for a solve that does not poll its
/// handle before it answers anyway (the work goes on, holding its permit, until it ends).
const GRACE: Duration = Duration::from_secs(5);

/// Which queue a run waits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    /// Course-sized scenarios: `workers` at once.
    Small,
    /// Scenarios large enough for long searches: half as many at once (at least one),
    /// beside the small lane rather than taking its workers.
    Large,
}

#[derive(Clone, Debug)]
pub struct Gate {
    permits: Arc<Semaphore>,
    large: Arc<Semaphore>,
    workers: usize,
    queue_wait: Duration,
    budget: Duration,
}

impl Gate {
    pub fn new(workers: usize, queue_wait: Duration, budget: Duration) -> Self {
        let workers = workers.max(1);
        Gate {
            permits: Arc::new(Semaphore::new(workers)),
            large: Arc::new(Semaphore::new(workers.div_ceil(2))),
            workers,
            queue_wait,
            budget,
        }
    }

    /// Runs `work` on a blocking thread once a worker of its lane is free, with a handle
    /// that expires after the budget. `work` receives the handle to put in
    /// `engine::Limits`.
    pub async fn solve<T, F>(&self, lane: Lane, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(Cancel) -> T + Send + 'static,
    {
        let permits = match lane {
            Lane::Small => &self.permits,
            Lane::Large => &self.large,
        };
        let permit = tokio::time::timeout(self.queue_wait, permits.clone().acquire_owned())
            .await
            .ok()
            .and_then(Result::ok)
            .ok_or_else(|| self.busy())?;
        let budget = self.budget;
        let task = tokio::task::spawn_blocking(move || {
            // The permit is released when the work really ends, not when the answer is
            // sent, so the cap counts running solves.
            let _permit = permit;
            let cancel = Cancel::never().with_budget(budget);
            catch_unwind(AssertUnwindSafe(|| work(cancel)))
        });
        match tokio::time::timeout(budget + GRACE, task).await {
            Ok(Ok(Ok(value))) => Ok(value),
            Ok(_) => Err(ApiError::internal()),
            Err(_) => Err(self.timed_out()),
        }
    }

    /// Quick work (checking a scenario): a blocking thread with panics caught, no permit.
    pub async fn quick<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        match tokio::task::spawn_blocking(move || catch_unwind(AssertUnwindSafe(work))).await {
            Ok(Ok(value)) => Ok(value),
            _ => Err(ApiError::internal()),
        }
    }

    fn busy(&self) -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            codes::BUSY,
            format!(
                "all {} workers were busy for {} s; the question was not started",
                self.workers,
                self.queue_wait.as_secs_f64()
            ),
        )
        .help("try again in a moment; large scenarios from others are being solved")
    }

    fn timed_out(&self) -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ally_core::diagnostics::codes::TIMEOUT,
            format!(
                "the time budget of {} s ran out before the scenario was answered",
                self.budget.as_secs_f64()
            ),
        )
        .help("ask about fewer states or fewer blocs, or split the scenario")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_queue_answers_busy() {
        let gate = Gate::new(1, Duration::from_millis(20), Duration::from_secs(5));
        let _held = gate.permits.clone().acquire_owned().await.unwrap();
        let err = gate.solve(Lane::Small, |_| 1).await.unwrap_err();
        assert_eq!(err.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(err.code, codes::BUSY);
    }

    #[tokio::test]
    async fn a_panic_answers_500_and_frees_the_worker() {
        let gate = Gate::new(1, Duration::from_millis(500), Duration::from_secs(5));
        let err = gate
            .solve(Lane::Small, |_| -> u8 { panic!("a bug") })
            .await
            .unwrap_err();
        assert_eq!(err.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(err.code, codes::INTERNAL);
        assert_eq!(gate.solve(Lane::Small, |_| 7).await.unwrap(), 7);
        let err = gate.quick(|| -> u8 { panic!("a bug") }).await.unwrap_err();
        assert_eq!(err.code, codes::INTERNAL);
    }

    #[tokio::test]
    async fn the_work_gets_a_handle_that_expires() {
        let gate = Gate::new(1, Duration::from_millis(500), Duration::from_millis(1));
        let expired = gate
            .solve(Lane::Small, |c| {
                std::thread::sleep(Duration::from_millis(5));
                c.is_cancelled()
            })
            .await
            .unwrap();
        assert!(expired);
    }

    #[tokio::test]
    async fn work_that_ignores_its_handle_is_answered_after_the_grace() {
        let gate = Gate::new(1, Duration::from_millis(10), Duration::from_millis(1));
        let err = gate
            .solve(Lane::Small, |_| {
                std::thread::sleep(GRACE + Duration::from_millis(500))
            })
            .await
            .unwrap_err();
        assert_eq!(err.code, ally_core::diagnostics::codes::TIMEOUT);
        // Its permit is still held, so the next question finds the worker busy.
        assert_eq!(
            gate.solve(Lane::Small, |_| ()).await.unwrap_err().code,
            codes::BUSY
        );
    }

    #[tokio::test]
    async fn large_scenarios_do_not_take_the_small_lane() {
        let gate = Gate::new(2, Duration::from_millis(20), Duration::from_secs(5));
        let _held = gate.large.clone().acquire_owned().await.unwrap();
        assert_eq!(
            gate.solve(Lane::Large, |_| ()).await.unwrap_err().code,
            codes::BUSY
        );
        assert_eq!(gate.solve(Lane::Small, |_| 3).await.unwrap(), 3);
    }
}
