//! Limits failed sign-in attempts per e-mail address and per network address, so a
//! password cannot be guessed by trying many; account requests per network
//! address, so one address cannot make hundreds of accounts (each costs an Argon2
//! hash and a coordinator's attention); and uses of password reset links per
//! network address, so nobody can try tokens by the thousand.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed attempts allowed per key within [`WINDOW`].
pub const ATTEMPTS: u32 = 5;
/// How long failed attempts count.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Account requests allowed per network address within [`REQUEST_WINDOW`]: enough
/// for a few colleagues behind one office address.
pub const REQUESTS: u32 = 10;
/// How long account requests count.
pub const REQUEST_WINDOW: Duration = Duration::from_secs(60 * 60);
/// Checks and uses of password reset links allowed per network address within
/// [`RESET_WINDOW`]: a person with a link needs two (open it, set the password).
pub const RESET_ATTEMPTS: u32 = 10;
/// How long reset link attempts count.
pub const RESET_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Keys remembered before expired ones are swept out.
const SWEEP_AT: usize = 10_000;

/// Events per key in a fixed window that starts with the key's first event.
struct Counter<K> {
    limit: u32,
    window: Duration,
    counts: Mutex<HashMap<K, Count>>,
}

#[derive(Debug, Clone, Copy)]
struct Count {
    count: u32,
    since: Instant,
}

impl<K: Eq + Hash + Clone> Counter<K> {
    fn new(limit: u32, window: Duration) -> Counter<K> {
        Counter {
            limit,
            window,
            counts: Mutex::default(),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Count>> {
        self.counts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The longest wait among `keys` that reached the limit, if any.
    fn wait(&self, keys: &[K], now: Instant) -> Option<Duration> {
        let counts = self.lock();
        keys.iter()
            .filter_map(|key| self.blocked_for(counts.get(key)?, now))
            .max()
    }

    /// How long `count` still blocks, once it reached the limit.
    fn blocked_for(&self, count: &Count, now: Instant) -> Option<Duration> {
        let end = count.since + self.window;
        (count.count >= self.limit && now < end).then(|| end - now)
    }

    fn add(&self, keys: &[K], now: Instant) {
        self.add_locked(&mut self.lock(), keys, now);
    }

    /// Counts an event for `key` unless it reached the limit (`Err(wait)`), under
    /// one lock: of many attempts at once, no more than the limit get through.
    fn take(&self, key: &K, now: Instant) -> Result<(), Duration> {
        let mut counts = self.lock();
        if let Some(wait) = counts.get(key).and_then(|c| self.blocked_for(c, now)) {
            return Err(wait);
        }
        self.add_locked(&mut counts, std::slice::from_ref(key), now);
        Ok(())
    }

    fn add_locked(&self, counts: &mut HashMap<K, Count>, keys: &[K], now: Instant) {
        if counts.len() >= SWEEP_AT {
            counts.retain(|_, c| now < c.since + self.window);
        }
        for key in keys {
            let entry = counts.entry(key.clone()).or_insert(Count {
                count: 0,
                since: now,
            });
            if now >= entry.since + self.window {
                *entry = Count {
                    count: 0,
                    since: now,
                };
            }
            entry.count += 1;
        }
    }

    fn forget(&self, key: &K) {
        self.lock().remove(key);
    }
}

/// The limits of what anyone may try without signing in (the server keeps one in
/// its state): failed sign-ins, and account requests.
pub struct SignInLimiter {
    failures: Counter<Key>,
    /// Counted per network address, refused or not: a refusal ("this e-mail
    /// address has an account") tells something too.
    requests: Counter<IpAddr>,
    /// Every check or use of a reset link, per network address, before the token
    /// is looked up.
    resets: Counter<IpAddr>,
}

impl Default for SignInLimiter {
    fn default() -> Self {
        SignInLimiter {
            failures: Counter::new(ATTEMPTS, WINDOW),
            requests: Counter::new(REQUESTS, REQUEST_WINDOW),
            resets: Counter::new(RESET_ATTEMPTS, RESET_WINDOW),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Email(String),
    Address(IpAddr),
}

impl SignInLimiter {
    /// `Err(wait)` while too many attempts failed for this address or e-mail.
    pub fn check(&self, email: &str, address: IpAddr) -> Result<(), Duration> {
        self.failures
            .wait(&keys(email, address), Instant::now())
            .map_or(Ok(()), Err)
    }

    pub fn failed(&self, email: &str, address: IpAddr) {
        self.failures.add(&keys(email, address), Instant::now());
    }

    /// A correct password clears the e-mail address's failures (not the network
    /// address's: one right password must not reopen guessing at others).
    pub fn succeeded(&self, email: &str) {
        self.failures.forget(&Key::Email(email.to_owned()));
    }

    /// Counts an account request from `address`; `Err(wait)` once it made too many.
    pub fn account_request(&self, address: IpAddr) -> Result<(), Duration> {
        self.requests.take(&address, Instant::now())
    }

    /// Counts a check or use of a password reset link from `address`; `Err(wait)`
    /// once it made too many.
    pub fn reset_attempt(&self, address: IpAddr) -> Result<(), Duration> {
        self.resets.take(&address, Instant::now())
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

    #[test]
    fn account_requests_are_limited_per_address() {
        let limiter = SignInLimiter::default();
        for _ in 0..REQUESTS {
            assert!(limiter.account_request(HOME).is_ok());
        }
        let wait = limiter.account_request(HOME).unwrap_err();
        assert!(wait <= REQUEST_WINDOW && wait > REQUEST_WINDOW - Duration::from_secs(60));
        assert!(limiter.account_request(OTHER).is_ok());
        assert!(
            limiter.check("a@example.org", HOME).is_ok(),
            "sign-in apart"
        );
    }

    #[test]
    fn reset_attempts_are_limited_per_address_even_all_at_once() {
        let limiter = std::sync::Arc::new(SignInLimiter::default());
        let passed: u32 = std::thread::scope(|scope| {
            let tries: Vec<_> = (0..RESET_ATTEMPTS * 4)
                .map(|_| scope.spawn(|| u32::from(limiter.reset_attempt(HOME).is_ok())))
                .collect();
            tries.into_iter().map(|t| t.join().unwrap()).sum()
        });
        assert_eq!(passed, RESET_ATTEMPTS);
        let wait = limiter.reset_attempt(HOME).unwrap_err();
        assert!(wait <= RESET_WINDOW && wait > RESET_WINDOW - Duration::from_secs(60));
        assert!(limiter.reset_attempt(OTHER).is_ok());
        assert!(limiter.account_request(HOME).is_ok(), "requests apart");
    }
}
