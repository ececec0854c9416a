//! A bound on password hashes computed at once. Each Argon2 run holds about
//! 19 MiB and tens of milliseconds of a core: without a bound, a burst of sign-ins
//! or account requests takes the server's memory and every core.
//!
//! The hashes run on a fixed set of threads of their own, one per turn, fed by a
//! channel: a turn is taken before anything is allocated, and at most that many
//! threads (and so malloc arenas) ever hold hash memory. With
//! [`return_freed_memory`] (called at start), each 19 MiB block is mapped for its
//! hash and given back to the system when the hash is done.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use tokio::sync::Semaphore;

use crate::api::ApiError;

/// How long a request waits for a turn before it is told to come back.
pub const HASH_WAIT: Duration = Duration::from_secs(2);

pub struct HashGate {
    permits: Arc<Semaphore>,
    wait: Duration,
    /// To the hashing threads; they end when the gate is dropped.
    jobs: Mutex<mpsc::Sender<Job>>,
}

type Job = Box<dyn FnOnce() + Send>;

/// Blocks of this size or more are mapped on their own and unmapped when freed.
pub const MMAP_THRESHOLD: usize = 1 << 20;

/// Makes glibc map every block of a MiB or more on its own and unmap it when it is
/// freed. By default the threshold rises to the largest block freed so far, so
/// after the first hash every 19 MiB block comes from a thread's arena and stays
/// there: a burst of sign-ins left the server at gigabytes it never gave back.
/// Setting the threshold also stops it from moving. Elsewhere: nothing to do.
pub fn return_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a parameter of the allocator; glibc takes its own
    // lock for it, so calling it while other threads allocate is sound.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD as libc::c_int);
    }
}

impl Default for HashGate {
    /// As many hashes at once as there are cores, between 2 and 8.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        HashGate::new(cores.clamp(2, 8), HASH_WAIT)
    }
}

impl HashGate {
    /// A gate of `permits` turns, with as many hashing threads.
    pub fn new(permits: usize, wait: Duration) -> HashGate {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..permits {
            let queue = Arc::clone(&queue);
            std::thread::Builder::new()
                .name(format!("password-hash-{n}"))
                .spawn(move || {
                    loop {
                        let job = queue.lock().unwrap_or_else(|p| p.into_inner()).recv();
                        match job {
                            // A panic ends that hash (its request gets a 500), not
                            // the thread.
                            Ok(job) => {
                                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                            }
                            Err(_) => return,
                        }
                    }
                })
                .expect("a thread for password hashes starts");
        }
        HashGate {
            permits: Arc::new(Semaphore::new(permits)),
            wait,
            jobs: Mutex::new(jobs),
        }
    }

    /// The permits, for tests that fill the gate.
    pub fn permits(&self) -> &Semaphore {
        &self.permits
    }

    /// Runs `work` (a hash or a check) on a hashing thread once a turn is free;
    /// 503 with `Retry-After` when none frees up in time. The turn is held until
    /// `work` is done, even if the request is dropped meanwhile, so no more hashes
    /// than turns ever run or wait for a thread.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let permit = tokio::time::timeout(self.wait, Arc::clone(&self.permits).acquire_owned())
            .await
            .ok()
            .and_then(Result::ok)
            .ok_or_else(busy)?;
        let (answer, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = answer.send(work());
            drop(permit);
        });
        let sent = self
            .jobs
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .send(job);
        let result = match sent {
            Ok(()) => result.await.ok(),
            Err(_) => None,
        };
        result.ok_or_else(|| {
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
