//! Limits sign-in attempts, so a password cannot be guessed by trying many; account
//! requests per network address, so one address cannot make hundreds of accounts
//! (each costs an Argon2 hash and a coordinator's attention); and uses of password
//! reset links per network address, so nobody can try tokens by the thousand.
//!
//! A sign-in attempt is counted before its password is checked ([`SignInLimiter::reserve`]),
//! so of many attempts at once no more than the limit reach Argon2. Three counts:
//! - per (e-mail, address): [`ATTEMPTS`], then refused for the rest of the window;
//! - per address: [`ADDRESS_ATTEMPTS`], for one address trying many accounts;
//! - per e-mail, a delay instead of a lockout, that slows guessing without shutting
//!   the owner out (nobody can lock a coordinator out by failing on purpose):
//!   - a *known device* (one that signed in to this account before and shows the
//!     proof it was given then, [`SignInLimiter::device_proof`]) never waits for it;
//!   - an address that failed for this e-mail waits after its own last attempt,
//!     longer the more attempts the e-mail had from anywhere (1 s, 2 s, 4 s ... up
//!     to [`EMAIL_DELAY_MAX`]);
//!   - an address new to this e-mail waits only once [`EMAIL_FREE`] new addresses
//!     tried it, and then at most [`FRESH_DELAY_MAX`] after the last of them.
//!
//!   So an attacker's guesses stay slow and counted, while the owner gets in at once
//!   from a device they used before, and within seconds from a new one once the
//!   attacker's addresses are used up (each gets [`ATTEMPTS`]).
//!
//! Keys are hashes (a megabyte of e-mail is never kept) and each map holds at most
//! [`KEYS_MAX`] keys; when full of live keys, new keys are refused (fail closed).

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// Attempts allowed per (e-mail, address) within [`WINDOW`].
pub const ATTEMPTS: u32 = 5;
/// Attempts allowed per network address within [`WINDOW`], whatever the e-mail:
/// room for a few colleagues behind one office address who mistype.
pub const ADDRESS_ATTEMPTS: u32 = 20;
/// Attempts per e-mail address within [`WINDOW`] before each next one from an
/// address that failed for it waits; also how many addresses new to it may try it
/// before each next new one waits.
pub const EMAIL_FREE: u32 = 10;
/// The longest wait between attempts for one e-mail address from one address that
/// failed for it.
pub const EMAIL_DELAY_MAX: Duration = Duration::from_secs(60);
/// The longest wait for an address new to an e-mail address: short, so an attacker
/// spending addresses cannot keep the owner on a new device out for long.
pub const FRESH_DELAY_MAX: Duration = Duration::from_secs(4);
/// The most device proofs one browser keeps (several people on one reception PC).
pub const DEVICE_PROOFS_MAX: usize = 4;
/// How long attempts count.
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
/// Keys one count keeps (about 50 bytes each); expired ones are swept out first.
pub const KEYS_MAX: usize = 100_000;
/// Keys remembered before expired ones are swept out; after a sweep, the next
/// comes when the map has doubled, so sweeping costs linear time overall.
const SWEEP_AT: usize = 10_000;

/// How a count refuses once it reached its limit.
#[derive(Clone, Copy)]
enum Policy {
    /// Refused until the window ends.
    Lockout,
    /// Each attempt over the limit waits twice as long after the last one as the
    /// one before, up to the cap.
    Delay(Duration),
}

/// Events per key in a fixed window that starts with the key's first event.
struct Counter<K> {
    limit: u32,
    window: Duration,
    policy: Policy,
    counts: Mutex<Counts<K>>,
}

struct Counts<K> {
    map: HashMap<K, Count>,
    sweep_at: usize,
    /// When a full map was last swept: at most once a second.
    swept_full: Option<Instant>,
}

impl<K> Default for Counts<K> {
    fn default() -> Self {
        Counts {
            map: HashMap::new(),
            sweep_at: SWEEP_AT,
            swept_full: None,
        }
    }
}

impl<K: Eq + Hash> Counts<K> {
    fn remove(&mut self, key: &K) {
        self.map.remove(key);
    }

    fn retain(&mut self, keep: impl FnMut(&K, &mut Count) -> bool) {
        self.map.retain(keep);
    }

    fn len(&self) -> usize {
        self.map.len()
    }

    /// The count of `key`, if its window has not ended.
    fn live(&self, key: &K, window: Duration, now: Instant) -> Option<Count> {
        self.map
            .get(key)
            .filter(|count| now < count.since + window)
            .copied()
    }

    /// Takes back one event of `key` (an attempt that turned out right).
    fn take_back(&mut self, key: &K) {
        if let Some(count) = self.map.get_mut(key) {
            count.count = count.count.saturating_sub(1);
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Count {
    count: u32,
    since: Instant,
    last: Instant,
}

impl<K: Eq + Hash + Clone> Counter<K> {
    fn new(limit: u32, window: Duration, policy: Policy) -> Counter<K> {
        Counter {
            limit,
            window,
            policy,
            counts: Mutex::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Counts<K>> {
        self.counts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// How long `key` must wait before its next event (`None`: it may go now).
    fn wait(&self, counts: &mut Counts<K>, key: &K, now: Instant) -> Option<Duration> {
        if let Some(count) = counts.map.get(key) {
            let end = count.since + self.window;
            if now >= end || count.count < self.limit {
                return None;
            }
            return match self.policy {
                Policy::Lockout => Some(end - now),
                Policy::Delay(max) => {
                    let over = (count.count - self.limit).min(16);
                    let delay = Duration::from_secs(1 << over).min(max);
                    (now < count.last + delay).then(|| count.last + delay - now)
                }
            };
        }
        let full = counts.len() >= KEYS_MAX;
        let may_sweep_full = counts
            .swept_full
            .is_none_or(|at| now >= at + Duration::from_secs(1));
        if counts.len() >= counts.sweep_at && (!full || may_sweep_full) {
            counts.map.retain(|_, c| now < c.since + self.window);
            counts.sweep_at = (counts.len() * 2).clamp(SWEEP_AT, KEYS_MAX);
            counts.swept_full = full.then_some(now);
        }
        // Full of live keys: refuse a new one rather than forget a count.
        (counts.len() >= KEYS_MAX).then_some(self.window)
    }

    fn add(&self, counts: &mut Counts<K>, key: &K, now: Instant) {
        let fresh = Count {
            count: 0,
            since: now,
            last: now,
        };
        let entry = counts.map.entry(key.clone()).or_insert(fresh);
        if now >= entry.since + self.window {
            *entry = fresh;
        }
        entry.count += 1;
        entry.last = now;
    }

    /// Counts an event for `key` unless it must wait (`Err(wait)`), under one lock:
    /// of many attempts at once, no more than the limit get through.
    fn take(&self, key: &K, now: Instant) -> Result<(), Duration> {
        let mut counts = self.lock();
        if let Some(wait) = self.wait(&mut counts, key, now) {
            return Err(wait);
        }
        self.add(&mut counts, key, now);
        Ok(())
    }
}

/// A hash of an e-mail address, or of an e-mail address and a network address.
type Digest16 = [u8; 16];

/// The limits of what anyone may try without signing in (the server keeps one in
/// its state): sign-ins, account requests and reset links.
pub struct SignInLimiter {
    pairs: Counter<(Digest16, IpAddr)>,
    /// Every attempt at an e-mail address, from anywhere: never refuses by itself.
    emails: Counter<Digest16>,
    /// Attempts at an e-mail address from addresses new to it.
    fresh: Counter<Digest16>,
    /// Signs device proofs; new at each start, like the counts.
    device_key: [u8; 32],
    addresses: Counter<IpAddr>,
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
            pairs: Counter::new(ATTEMPTS, WINDOW, Policy::Lockout),
            emails: Counter::new(u32::MAX, WINDOW, Policy::Lockout),
            fresh: Counter::new(EMAIL_FREE, WINDOW, Policy::Delay(FRESH_DELAY_MAX)),
            addresses: Counter::new(ADDRESS_ATTEMPTS, WINDOW, Policy::Lockout),
            device_key: {
                let mut key = [0; 32];
                getrandom::fill(&mut key).expect("the operating system provides randomness");
                key
            },
            requests: Counter::new(REQUESTS, REQUEST_WINDOW, Policy::Lockout),
            resets: Counter::new(RESET_ATTEMPTS, RESET_WINDOW, Policy::Lockout),
        }
    }
}

/// What a sign-in attempt is counted under.
struct Keys {
    pair: (Digest16, IpAddr),
    email: Digest16,
    address: IpAddr,
}

impl Keys {
    fn of(email: &str, address: IpAddr) -> Keys {
        let address = address_key(address);
        let email = email_key(email);
        Keys {
            pair: (email, address),
            email,
            address,
        }
    }
}

/// The proofs in a cookie's value: 32 lowercase hex digits each, dot-separated;
/// anything else is left out.
fn device_proofs(value: &str) -> impl Iterator<Item = &str> {
    value
        .split('.')
        .filter(|p| p.len() == 32 && p.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .take(DEVICE_PROOFS_MAX)
}

/// The first 128 bits of the SHA-256 of a normalised e-mail address.
fn email_key(email: &str) -> Digest16 {
    let mut out = [0; 16];
    out.copy_from_slice(&Sha256::digest(email.as_bytes())[..16]);
    out
}

/// The address limits count under: an IPv4 address, or the /64 network of an IPv6
/// address (one household or server gets a whole /64 and can pick any in it).
pub fn address_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6((u128::from(v6) & !(u64::MAX as u128)).into()),
        },
    }
}

/// What a sign-in attempt was counted as, for [`SignInLimiter::succeeded`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    /// Counted as one from an address new to the e-mail address.
    fresh: bool,
}

impl SignInLimiter {
    /// Counts a sign-in attempt for `email` (normalised) from `address` before its
    /// password is checked; `Err(wait)` when it must not be tried now.
    /// `known_device`: the client showed this account's [`Self::device_proof`].
    pub fn reserve(
        &self,
        email: &str,
        address: IpAddr,
        known_device: bool,
    ) -> Result<Attempt, Duration> {
        let keys = Keys::of(email, address);
        let now = Instant::now();
        // Always in this order, so two attempts never wait for each other's lock.
        let mut pairs = self.pairs.lock();
        let mut emails = self.emails.lock();
        let mut fresh = self.fresh.lock();
        let mut addresses = self.addresses.lock();
        let failed_here = pairs
            .live(&keys.pair, WINDOW, now)
            .filter(|pair| pair.count > 0);
        let email_wait = match failed_here {
            _ if known_device => None,
            // Slower the more the e-mail address was tried, after this address's
            // own last attempt: others' guesses do not hold it up.
            Some(pair) => {
                let tried = emails.live(&keys.email, WINDOW, now).map_or(0, |c| c.count);
                let over = tried.saturating_sub(EMAIL_FREE);
                let delay = if tried < EMAIL_FREE {
                    Duration::ZERO
                } else {
                    Duration::from_secs(1 << over.min(16)).min(EMAIL_DELAY_MAX)
                };
                (now < pair.last + delay).then(|| pair.last + delay - now)
            }
            None => self.fresh.wait(&mut fresh, &keys.email, now),
        };
        let waits = [
            self.pairs.wait(&mut pairs, &keys.pair, now),
            self.emails.wait(&mut emails, &keys.email, now),
            email_wait,
            self.addresses.wait(&mut addresses, &keys.address, now),
        ];
        if let Some(wait) = waits.into_iter().flatten().max() {
            return Err(wait);
        }
        let attempt = Attempt {
            fresh: !known_device && failed_here.is_none(),
        };
        self.pairs.add(&mut pairs, &keys.pair, now);
        self.emails.add(&mut emails, &keys.email, now);
        if attempt.fresh {
            self.fresh.add(&mut fresh, &keys.email, now);
        }
        self.addresses.add(&mut addresses, &keys.address, now);
        Ok(attempt)
    }

    /// A correct password clears its client's failures for the account, and its
    /// own attempt no longer counts anywhere. Other clients' failures still count:
    /// the owner signing in must not reopen guessing for an attacker, and one right
    /// password must not reopen guessing at other accounts from its address.
    pub fn succeeded(&self, email: &str, address: IpAddr, attempt: Attempt) {
        let keys = Keys::of(email, address);
        self.pairs.lock().remove(&keys.pair);
        self.emails.lock().take_back(&keys.email);
        if attempt.fresh {
            self.fresh.lock().take_back(&keys.email);
        }
        self.addresses.lock().take_back(&keys.address);
    }

    /// Forgets every count of `email`'s attempts (after a password reset, or when a
    /// coordinator unblocks the account).
    pub fn forget_email(&self, email: &str) {
        let email = email_key(email);
        self.pairs.lock().retain(|(e, _), _| *e != email);
        self.emails.lock().remove(&email);
        self.fresh.lock().remove(&email);
    }

    /// What a device that signed in to `email`'s account keeps (in an HttpOnly
    /// cookie) to show on later sign-ins: HMAC-SHA-256 of the e-mail address's key
    /// under this server's secret, 128 bits in hex. It passes the per-e-mail delay
    /// only; the per-address counts hold for it as for anyone.
    pub fn device_proof(&self, email: &str) -> String {
        let proof = crate::cursor_key::hmac_sha256(&self.device_key, &email_key(email));
        proof[..16].iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Whether `proofs` (a cookie's value) holds `email`'s device proof.
    pub fn is_known_device(&self, email: &str, proofs: &str) -> bool {
        let expected = self.device_proof(email);
        device_proofs(proofs).any(|proof| {
            // In constant time: a proof is a secret of sorts.
            proof.len() == expected.len()
                && proof
                    .bytes()
                    .zip(expected.bytes())
                    .fold(0, |diff, (a, b)| diff | (a ^ b))
                    == 0
        })
    }

    /// The cookie value after a sign-in to `email`'s account: its proof first, then
    /// up to [`DEVICE_PROOFS_MAX`] in all of the ones the device had.
    pub fn device_proofs_after(&self, email: &str, had: Option<&str>) -> String {
        let own = self.device_proof(email);
        let others = had
            .into_iter()
            .flat_map(device_proofs)
            .filter(|p| *p != own)
            .take(DEVICE_PROOFS_MAX - 1);
        std::iter::once(own.as_str())
            .chain(others)
            .collect::<Vec<_>>()
            .join(".")
    }

    /// Counts an account request from `address`; `Err(wait)` once it made too many.
    pub fn account_request(&self, address: IpAddr) -> Result<(), Duration> {
        self.requests.take(&address_key(address), Instant::now())
    }

    /// Counts a check or use of a password reset link from `address`; `Err(wait)`
    /// once it made too many.
    pub fn reset_attempt(&self, address: IpAddr) -> Result<(), Duration> {
        self.resets.take(&address_key(address), Instant::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);
    const OTHER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(127, 0, 0, 2));
    const FRESH: Attempt = Attempt { fresh: true };

    fn fail(limiter: &SignInLimiter, email: &str, address: IpAddr) -> bool {
        limiter.reserve(email, address, false).is_ok()
    }

    #[test]
    fn a_pair_is_refused_after_its_attempts_other_addresses_are_not() {
        let limiter = SignInLimiter::default();
        for _ in 0..ATTEMPTS {
            assert!(fail(&limiter, "a@example.org", HOME));
        }
        let wait = limiter.reserve("a@example.org", HOME, false).unwrap_err();
        assert!(wait <= WINDOW && wait > WINDOW - Duration::from_secs(60));
        assert!(fail(&limiter, "a@example.org", OTHER), "not locked out");
        assert!(fail(&limiter, "b@example.org", HOME), "other accounts");
        limiter.succeeded("a@example.org", OTHER, FRESH);
        assert!(
            limiter.reserve("a@example.org", HOME, false).is_err(),
            "only its own"
        );
        limiter.succeeded("a@example.org", HOME, FRESH);
        assert!(
            limiter.reserve("a@example.org", HOME, false).is_ok(),
            "cleared"
        );
    }

    #[test]
    fn one_address_trying_many_accounts_is_refused() {
        let limiter = SignInLimiter::default();
        for n in 0..ADDRESS_ATTEMPTS {
            assert!(fail(&limiter, &format!("{n}@example.org"), HOME));
        }
        assert!(limiter.reserve("new@example.org", HOME, false).is_err());
        assert!(limiter.reserve("new@example.org", OTHER, false).is_ok());
    }

    fn at(n: u32) -> IpAddr {
        IpAddr::V4(std::net::Ipv4Addr::new(
            10,
            0,
            (n / 250) as u8,
            (n % 250) as u8,
        ))
    }

    /// Moves every count of `email` back by `by`, as if that time had passed.
    fn age(limiter: &SignInLimiter, by: Duration) {
        for count in limiter.pairs.lock().map.values_mut() {
            count.last -= by;
        }
        for count in limiter.fresh.lock().map.values_mut() {
            count.last -= by;
        }
    }

    #[test]
    fn many_addresses_slow_an_account_down_but_never_lock_it() {
        let limiter = SignInLimiter::default();
        let email = "coordinator@example.org";
        // An attacker's addresses: each new one tries freely until EMAIL_FREE did.
        for n in 0..EMAIL_FREE {
            assert!(fail(&limiter, email, at(n)));
        }
        let wait = limiter.reserve(email, at(100), false).unwrap_err();
        assert!(wait <= Duration::from_secs(1), "a short delay: {wait:?}");
        // One that failed waits after its own last attempt, longer as the e-mail
        // address is tried more; others' guesses do not hold it up.
        let wait = limiter.reserve(email, at(0), false).unwrap_err();
        assert!(wait <= Duration::from_secs(1), "{wait:?}");
        // A device that signed in before is never held up by the delay.
        assert!(limiter.reserve(email, at(0), true).is_ok(), "known device");
        assert!(limiter.reserve(email, HOME, true).is_ok(), "known device");
        // New addresses wait at most FRESH_DELAY_MAX, however many came before.
        for n in EMAIL_FREE..EMAIL_FREE + 20 {
            age(&limiter, FRESH_DELAY_MAX);
            assert!(fail(&limiter, email, at(n)), "{n}");
        }
        let wait = limiter.reserve(email, OTHER, false).unwrap_err();
        assert!(wait <= FRESH_DELAY_MAX, "{wait:?}");
        // Addresses that failed wait longer, up to EMAIL_DELAY_MAX.
        let last = at(EMAIL_FREE + 19);
        let wait = limiter.reserve(email, last, false).unwrap_err();
        assert!(
            wait > FRESH_DELAY_MAX && wait <= EMAIL_DELAY_MAX,
            "{wait:?}"
        );
        age(&limiter, EMAIL_DELAY_MAX);
        assert!(fail(&limiter, email, last));
        // The owner's success does not reopen guessing for the others.
        let attempt = limiter.reserve(email, HOME, true).unwrap();
        limiter.succeeded(email, HOME, attempt);
        assert!(limiter.reserve(email, last, false).is_err());
        assert!(limiter.reserve(email, HOME, true).is_ok());
    }

    #[test]
    fn device_proofs_are_per_account_and_kept_for_a_few() {
        let limiter = SignInLimiter::default();
        let proof = limiter.device_proof("a@example.org");
        assert_eq!(proof.len(), 32);
        assert!(limiter.is_known_device("a@example.org", &proof));
        assert!(!limiter.is_known_device("b@example.org", &proof));
        assert!(!limiter.is_known_device("a@example.org", &proof.to_uppercase()));
        let other = SignInLimiter::default();
        assert!(!other.is_known_device("a@example.org", &proof), "secret");
        let mut cookie = None;
        for n in 0..6 {
            cookie =
                Some(limiter.device_proofs_after(&format!("{n}@example.org"), cookie.as_deref()));
        }
        let cookie = cookie.unwrap();
        assert!(limiter.is_known_device("5@example.org", &cookie));
        assert!(limiter.is_known_device("2@example.org", &cookie));
        assert!(
            !limiter.is_known_device("1@example.org", &cookie),
            "at most 4"
        );
        let again = limiter.device_proofs_after("2@example.org", Some(&cookie));
        assert_eq!(again.split('.').count(), DEVICE_PROOFS_MAX);
        assert!(again.starts_with(&limiter.device_proof("2@example.org")));
    }

    #[test]
    fn the_delay_doubles_up_to_its_cap() {
        let counter: Counter<u8> = Counter::new(2, WINDOW, Policy::Delay(EMAIL_DELAY_MAX));
        let start = Instant::now();
        let mut now = start;
        let mut waits = Vec::new();
        for _ in 0..12 {
            match counter.take(&1, now) {
                Ok(()) => {}
                Err(wait) => {
                    waits.push(wait.as_secs());
                    now += wait;
                    counter.take(&1, now).unwrap();
                }
            }
        }
        assert_eq!(waits, [1, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
    }

    #[test]
    fn attempts_at_once_are_counted_before_any_is_let_through() {
        let limiter = std::sync::Arc::new(SignInLimiter::default());
        let passed: u32 = std::thread::scope(|scope| {
            let tries: Vec<_> = (0..ATTEMPTS * 8)
                .map(|_| scope.spawn(|| u32::from(fail(&limiter, "x@example.org", HOME))))
                .collect();
            tries.into_iter().map(|t| t.join().unwrap()).sum()
        });
        assert_eq!(passed, ATTEMPTS);
    }

    #[test]
    fn keys_are_bounded_and_hashed() {
        let counter: Counter<u32> = Counter::new(1, WINDOW, Policy::Lockout);
        let now = Instant::now();
        for key in 0..KEYS_MAX as u32 {
            counter.take(&key, now).unwrap();
        }
        assert!(counter.take(&u32::MAX, now).is_err(), "full: refused");
        let later = now + WINDOW;
        assert!(counter.take(&u32::MAX, later).is_ok(), "swept once expired");
        assert!(counter.lock().len() < KEYS_MAX);
        let keys = Keys::of(&"x".repeat(1 << 20), HOME);
        assert!(std::mem::size_of_val(&keys.pair) <= 40, "not a megabyte");
    }

    #[test]
    fn ipv6_counts_per_64_and_mapped_ipv4_as_ipv4() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        assert_ne!(address_key(a), address_key(c));
        let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
        assert_eq!(address_key(mapped), HOME);
    }

    #[test]
    fn account_requests_and_reset_links_are_limited_per_address() {
        let limiter = SignInLimiter::default();
        for _ in 0..REQUESTS {
            assert!(limiter.account_request(HOME).is_ok());
        }
        let wait = limiter.account_request(HOME).unwrap_err();
        assert!(wait <= REQUEST_WINDOW && wait > REQUEST_WINDOW - Duration::from_secs(60));
        assert!(limiter.account_request(OTHER).is_ok());
        for _ in 0..RESET_ATTEMPTS {
            assert!(limiter.reset_attempt(HOME).is_ok());
        }
        assert!(limiter.reset_attempt(HOME).is_err());
        assert!(
            limiter.reserve("a@example.org", HOME, false).is_ok(),
            "apart"
        );
    }
}
