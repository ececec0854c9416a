//! Limits failed sign-in attempts per e-mail address and per network address, so a
//! password cannot be guessed by trying many.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed attempts allowed per key within [`WINDOW`].
pub const ATTEMPTS: u32 = 5;
/// How long failed attempts count.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Keys remembered before expired ones are swept out.
const SWEEP_AT: usize = 10_000;

#[derive(Default)]
pub struct SignInLimiter {
    failures: Mutex<HashMap<Key, Failures>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Email(String),
    Address(IpAddr),
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    since: Instant,
}

impl SignInLimiter {
    /// `Err(wait)` while too many attempts failed for this address or e-mail.
    pub fn check(&self, email: &str, address: IpAddr) -> Result<(), Duration> {
        let now = Instant::now();
        let failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let wait = keys(email, address)
            .iter()
            .filter_map(|key| failures.get(key))
            .filter(|f| f.count >= ATTEMPTS && now < f.since + WINDOW)
            .map(|f| f.since + WINDOW - now)
            .max();
        wait.map_or(Ok(()), Err)
    }

    pub fn failed(&self, email: &str, address: IpAddr) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if failures.len() >= SWEEP_AT {
            failures.retain(|_, f| now < f.since + WINDOW);
        }
        for key in keys(email, address) {
            let entry = failures.entry(key).or_insert(Failures {
                count: 0,
                since: now,
            });
            if now >= entry.since + WINDOW {
                *entry = Failures {
                    count: 0,
                    since: now,
                };
            }
            entry.count += 1;
        }
    }

    /// A correct password clears the e-mail address's failures (not the network
    /// address's: one right password must not reopen guessing at others).
    pub fn succeeded(&self, email: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.remove(&Key::Email(email.to_owned()));
    }
}

fn keys(email: &str, address: IpAddr) -> [Key; 2] {
    [Key::Email(email.to_owned()), Key::Address(address)]
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);
    const OTHER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 2));

    #[test]
    fn blocks_after_too_many_failures_per_email_and_per_address() {
        let limiter = SignInLimiter::default();
        for _ in 0..ATTEMPTS {
            assert!(limiter.check("a@example.org", HOME).is_ok());
            limiter.failed("a@example.org", HOME);
        }
        let wait = limiter.check("a@example.org", OTHER).unwrap_err();
        assert!(wait <= WINDOW && wait > WINDOW - Duration::from_secs(60));
        assert!(
            limiter.check("b@example.org", HOME).is_err(),
            "same address"
        );
        assert!(limiter.check("b@example.org", OTHER).is_ok());
        limiter.succeeded("a@example.org");
        assert!(limiter.check("a@example.org", OTHER).is_ok());
        assert!(limiter.check("a@example.org", HOME).is_err());
    }
}
