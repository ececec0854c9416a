//! A bound on password hashes computed at once. Each Argon2 run holds about
//! 19 MiB and tens of milliseconds of a core: without a bound, a burst of sign-ins
//! or account requests takes the server's memory and every core.

use std::time::Duration;

use axum::http::StatusCode;
use tokio::sync::Semaphore;

use crate::api::ApiError;

/// How long a request waits for a turn before it is told to come back.
pub const HASH_WAIT: Duration = Duration::from_secs(2);

pub struct HashGate {
    permits: Semaphore,
    wait: Duration,
}

impl Default for HashGate {
    /// As many hashes at once as there are cores, between 2 and 8.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        HashGate::new(cores.clamp(2, 8), HASH_WAIT)
    }
}

impl HashGate {
    pub fn new(permits: usize, wait: Duration) -> HashGate {
        HashGate {
            permits: Semaphore::new(permits),
            wait,
        }
    }

    /// The permits, for tests that fill the gate.
    pub fn permits(&self) -> &Semaphore {
        &self.permits
    }

    /// Runs `work` (a hash or a check) off the async threads once a turn is free;
    /// 503 with `Retry-After` when none frees up in time.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = tokio::time::timeout(self.wait, self.permits.acquire())
            .await
            .ok()
            .and_then(Result::ok)
            .ok_or_else(busy)?;
        let result = tokio::task::spawn_blocking(work).await;
        drop(permit);
        result.map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "the password could not be checked",
            )
        })
    }

    /// Runs `work` now on this thread if a turn is free (the command line).
    pub fn run_now<T>(&self, work: impl FnOnce() -> T) -> Result<T, ApiError> {
        let _permit = self.permits.try_acquire().map_err(|_| busy())?;
        Ok(work())
    }
}

fn busy() -> ApiError {
    ApiError {
        retry_after: Some(1),
        ..ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "the server is busy checking passwords; try again in a moment",
        )
    }
}
