//! What anyone may try without an account, counted in the database, so that every
//! server process over it counts together and a restart forgets nothing: sign-in
//! attempts (per e-mail and address, per address, per e-mail with the delays of
//! `auth::limiter`), account requests and reset link tries per address; and the
//! key that signs known-device proofs. The rules are written once, here; a backend
//! offers the few statements of [`LimitTx`] on a write transaction of its own.
//!
//! Atomic under concurrent requests, whichever process they reach: a count per
//! address is one statement (`INSERT ... ON CONFLICT ... DO UPDATE ... WHERE
//! count < limit RETURNING`), which counts only below the limit; a sign-in locks
//! its four rows (each an upsert that returns it, so a new key is made and locked
//! by one statement) in one fixed order, decides, and writes them back before its
//! transaction ends. Every row ends with its window (`ends_at`) and is swept out
//! after it, a bounded batch per transaction, passing over rows others hold.

use std::net::IpAddr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::{Storage, StoreError};
use crate::auth::limiter::{
    ADDRESS_ATTEMPTS, ATTEMPTS, EMAIL_DELAY_MAX, EMAIL_FREE, FRESH_DELAY_MAX, REQUEST_WINDOW,
    REQUESTS, RESET_ATTEMPTS, RESET_WINDOW, WINDOW, address_key,
};

/// The table both backends keep the counts in (one schema step each; SQLite reads
/// `BIGINT` as its integer). `email`: the e-mail key a sign-in count belongs to
/// (what forgetting an account's attempts deletes by); times in milliseconds; a
/// row goes once `ends_at` has passed. The server's memory held these before, and
/// `meta` the marks that told it to forget an account's attempts: gone.
pub const TABLE: &str = "CREATE TABLE limits (
        scope   TEXT   NOT NULL,
        key     TEXT   NOT NULL,
        email   TEXT,
        count   BIGINT NOT NULL,
        last_at BIGINT NOT NULL,
        ends_at BIGINT NOT NULL,
        PRIMARY KEY (scope, key)
    );
    CREATE INDEX limits_ends_at ON limits (ends_at);
    CREATE INDEX limits_email ON limits (email);
    DELETE FROM meta WHERE substr(key, 1, 14) = 'sign_in_clear:';";

/// A value bound to a statement of this module (`?1`, `?2`, ... in order).
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Text(&'a str),
    Int(i64),
    Null,
}

/// One count as stored: `count` events in the window that ends at `ends_at`, the
/// last at `last_at` (milliseconds since 1970).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub count: i64,
    pub last_at: i64,
    pub ends_at: i64,
}

/// The statements a backend runs for this module, inside one write transaction
/// (SQLite's write lock; on PostgreSQL, row locks held until it commits).
pub trait LimitTx {
    /// Runs `sql`; the `count, last_at, ends_at` it returns, if any.
    fn count_row(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Option<Count>, StoreError>;
    /// Runs `sql`; the one text value it returns, if any.
    fn text_row(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Option<String>, StoreError>;
    /// Runs `sql`; how many rows it changed.
    fn run(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<u64, StoreError>;
    /// Deletes up to [`SWEEP`] rows whose window ended by `now`, passing over rows
    /// that other transactions hold.
    fn sweep(&mut self, now: i64) -> Result<(), StoreError>;
}

/// Rows swept out per transaction: every new row is made by a transaction that
/// sweeps, so expired rows never pile up faster than they go.
pub const SWEEP: i64 = 200;

/// Counts one event unless the key's window holds `?6` already: made with 1,
/// started anew when its window ended, else one more. Returns nothing when refused.
const TAKE: &str = "INSERT INTO limits (scope, key, email, count, last_at, ends_at)
    VALUES (?1, ?2, ?3, 1, ?4, ?5)
    ON CONFLICT (scope, key) DO UPDATE SET
        count = CASE WHEN limits.ends_at <= excluded.last_at THEN 1 ELSE limits.count + 1 END,
        ends_at = CASE WHEN limits.ends_at <= excluded.last_at THEN excluded.ends_at
                       ELSE limits.ends_at END,
        last_at = excluded.last_at
    WHERE limits.ends_at <= excluded.last_at OR limits.count < ?6
    RETURNING count, last_at, ends_at";

/// The key's row, made at zero when new, locked until the transaction ends.
const LOCK: &str = "INSERT INTO limits (scope, key, email, count, last_at, ends_at)
    VALUES (?1, ?2, ?3, 0, ?4, ?5)
    ON CONFLICT (scope, key) DO UPDATE SET count = limits.count
    RETURNING count, last_at, ends_at";

const PUT: &str =
    "UPDATE limits SET count = ?3, last_at = ?4, ends_at = ?5 WHERE scope = ?1 AND key = ?2";

const READ: &str = "SELECT count, last_at, ends_at FROM limits WHERE scope = ?1 AND key = ?2";

const TAKE_BACK: &str =
    "UPDATE limits SET count = count - 1 WHERE scope = ?1 AND key = ?2 AND count > 0";

const DELETE: &str = "DELETE FROM limits WHERE scope = ?1 AND key = ?2";

const FORGET: &str = "DELETE FROM limits WHERE email = ?1";

/// Sign-in attempts per (e-mail, address): [`ATTEMPTS`], then locked out.
const PAIR: &str = "sign_in";
/// Every attempt at an e-mail address, from anywhere: never refuses by itself.
const EMAIL: &str = "sign_in_email";
/// Attempts at an e-mail address from addresses new to it.
const FRESH: &str = "sign_in_fresh";
/// Attempts per address, whatever the e-mail: [`ADDRESS_ATTEMPTS`].
const ADDRESS: &str = "sign_in_address";

/// The meta key of the secret that signs known-device proofs.
const DEVICE_KEY: &str = "device_key";

/// A count per client address (IPv6: per /64) of something tried without an
/// account, in a fixed window that starts with its first event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressLimit {
    /// Account requests: [`REQUESTS`] per [`REQUEST_WINDOW`].
    AccountRequest,
    /// Checks and uses of reset links: [`RESET_ATTEMPTS`] per [`RESET_WINDOW`].
    ResetLink,
}

impl AddressLimit {
    fn scope(self) -> &'static str {
        match self {
            AddressLimit::AccountRequest => "account_request",
            AddressLimit::ResetLink => "reset",
        }
    }

    fn limit_and_window(self) -> (u32, Duration) {
        match self {
            AddressLimit::AccountRequest => (REQUESTS, REQUEST_WINDOW),
            AddressLimit::ResetLink => (RESET_ATTEMPTS, RESET_WINDOW),
        }
    }
}

/// What a sign-in attempt was counted as, for [`Storage::sign_in_succeeded`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInAttempt {
    /// Counted as one from an address new to the e-mail address.
    pub fresh: bool,
}

/// Runs `f` in the backend's write transaction for limits and gives its value.
pub(super) fn run<S, T>(
    storage: &S,
    mut f: impl FnMut(&mut dyn LimitTx) -> Result<T, StoreError>,
) -> Result<T, StoreError>
where
    S: Storage + ?Sized,
{
    let mut value = None;
    storage.with_limits(&mut |tx| {
        value = Some(f(tx)?);
        tx.sweep(Utc::now().timestamp_millis())
    })?;
    value.ok_or_else(|| StoreError::Corrupt("a limits transaction ran nothing".into()))
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

fn wait(millis: i64) -> Duration {
    Duration::from_millis(u64::try_from(millis).unwrap_or(0))
}

/// The first 128 bits of the SHA-256 of a normalised e-mail address, in hex: no
/// address is kept, and a megabyte of e-mail is a key of 32 characters.
pub fn email_key(email: &str) -> String {
    crate::auth::hex(&Sha256::digest(crate::auth::normalise_email(email).as_bytes())[..16])
}

/// The keys a sign-in attempt counts under.
struct SignInKeys {
    email: String,
    pair: String,
    address: String,
}

impl SignInKeys {
    fn of(email: &str, address: IpAddr) -> SignInKeys {
        let email = email_key(email);
        let address = address_key(address).to_string();
        SignInKeys {
            pair: format!("{email} {address}"),
            email,
            address,
        }
    }
}

/// Locks the row of `key` and gives its count in the window going on at `now`
/// (a window that ended counts as a new, empty one).
fn lock(
    tx: &mut dyn LimitTx,
    scope: &str,
    key: &str,
    email: Option<&str>,
    now: i64,
    window: Duration,
) -> Result<Count, StoreError> {
    let ends_at = now.saturating_add(millis(window));
    let email = email.map_or(Arg::Null, Arg::Text);
    let args = [
        Arg::Text(scope),
        Arg::Text(key),
        email,
        Arg::Int(now),
        Arg::Int(ends_at),
    ];
    let count = tx
        .count_row(LOCK, &args)?
        .ok_or_else(|| StoreError::Corrupt(format!("no {scope} count was made")))?;
    Ok(if count.ends_at <= now {
        Count {
            count: 0,
            last_at: now,
            ends_at,
        }
    } else {
        count
    })
}

fn put(tx: &mut dyn LimitTx, scope: &str, key: &str, count: Count) -> Result<(), StoreError> {
    tx.run(
        PUT,
        &[
            Arg::Text(scope),
            Arg::Text(key),
            Arg::Int(count.count),
            Arg::Int(count.last_at),
            Arg::Int(count.ends_at),
        ],
    )?;
    Ok(())
}

/// One more event at `now` in `count`'s window.
fn plus_one(count: Count, now: i64) -> Count {
    Count {
        count: count.count + 1,
        last_at: now,
        ends_at: count.ends_at,
    }
}

/// Refused for the rest of the window once `limit` events were counted.
fn lockout(count: Count, limit: u32, now: i64) -> Option<i64> {
    (count.count >= i64::from(limit)).then(|| count.ends_at - now)
}

/// The wait until `last_at + delay`, if that is still to come. No delay is no
/// wait, even when an attempt that read the clock after this one was counted
/// first (`last_at` a few milliseconds after `now`: two attempts at once, on two
/// processes or two threads, one refused for nothing in a burst on a busy machine).
fn wait_after(last_at: i64, delay: Duration, now: i64) -> Option<i64> {
    if delay.is_zero() {
        return None;
    }
    let until = last_at.saturating_add(millis(delay));
    (now < until).then(|| until - now)
}

/// 1 s, 2 s, 4 s ... for each event over `free`, up to `max`.
fn doubling(count: i64, free: u32, max: Duration) -> Duration {
    let over = (count - i64::from(free)).clamp(0, 16);
    Duration::from_secs(1 << over).min(max)
}

/// Counts a sign-in attempt (see `auth::limiter`) unless it must wait.
pub(super) fn reserve_sign_in(
    tx: &mut dyn LimitTx,
    email: &str,
    address: IpAddr,
    known_device: bool,
    now: i64,
) -> Result<Result<SignInAttempt, Duration>, StoreError> {
    let keys = SignInKeys::of(email, address);
    let of_email = Some(keys.email.as_str());
    // Always in this order, so two attempts never wait for each other's rows.
    let pair = lock(tx, PAIR, &keys.pair, of_email, now, WINDOW)?;
    let tried = lock(tx, EMAIL, &keys.email, of_email, now, WINDOW)?;
    let fresh = lock(tx, FRESH, &keys.email, of_email, now, WINDOW)?;
    let from_address = lock(tx, ADDRESS, &keys.address, None, now, WINDOW)?;
    let failed_here = pair.count > 0;
    let email_wait = if known_device {
        None
    } else if failed_here {
        // Slower the more the e-mail address was tried, after this address's
        // own last attempt: others' guesses do not hold it up.
        let delay = if tried.count < i64::from(EMAIL_FREE) {
            Duration::ZERO
        } else {
            doubling(tried.count, EMAIL_FREE, EMAIL_DELAY_MAX)
        };
        wait_after(pair.last_at, delay, now)
    } else if fresh.count >= i64::from(EMAIL_FREE) {
        let delay = doubling(fresh.count, EMAIL_FREE, FRESH_DELAY_MAX);
        wait_after(fresh.last_at, delay, now)
    } else {
        None
    };
    let waits = [
        lockout(pair, ATTEMPTS, now),
        email_wait,
        lockout(from_address, ADDRESS_ATTEMPTS, now),
    ];
    if let Some(longest) = waits.into_iter().flatten().max() {
        return Ok(Err(wait(longest)));
    }
    let attempt = SignInAttempt {
        fresh: !known_device && !failed_here,
    };
    put(tx, PAIR, &keys.pair, plus_one(pair, now))?;
    put(tx, EMAIL, &keys.email, plus_one(tried, now))?;
    if attempt.fresh {
        put(tx, FRESH, &keys.email, plus_one(fresh, now))?;
    }
    put(tx, ADDRESS, &keys.address, plus_one(from_address, now))?;
    Ok(Ok(attempt))
}

/// A right password: its client's failures for the account are forgotten, and its
/// own attempt no longer counts anywhere; other clients' failures still count.
pub(super) fn sign_in_succeeded(
    tx: &mut dyn LimitTx,
    email: &str,
    address: IpAddr,
    attempt: SignInAttempt,
) -> Result<(), StoreError> {
    let keys = SignInKeys::of(email, address);
    tx.run(DELETE, &[Arg::Text(PAIR), Arg::Text(&keys.pair)])?;
    let mut taken_back = vec![(EMAIL, &keys.email), (ADDRESS, &keys.address)];
    if attempt.fresh {
        taken_back.push((FRESH, &keys.email));
    }
    for (scope, key) in taken_back {
        tx.run(TAKE_BACK, &[Arg::Text(scope), Arg::Text(key)])?;
    }
    Ok(())
}

/// Forgets every count of `email`'s sign-in attempts.
pub(super) fn forget_sign_ins(tx: &mut dyn LimitTx, email: &str) -> Result<(), StoreError> {
    tx.run(FORGET, &[Arg::Text(&email_key(email))])?;
    Ok(())
}

/// Counts one event of `limit` from `address` unless it reached its limit.
pub(super) fn count_per_address(
    tx: &mut dyn LimitTx,
    limit: AddressLimit,
    address: IpAddr,
    now: i64,
) -> Result<Result<(), Duration>, StoreError> {
    let (most, window) = limit.limit_and_window();
    let key = address_key(address).to_string();
    let (scope, key) = (Arg::Text(limit.scope()), Arg::Text(&key));
    let args = [
        scope,
        key,
        Arg::Null,
        Arg::Int(now),
        Arg::Int(now.saturating_add(millis(window))),
        Arg::Int(i64::from(most)),
    ];
    if tx.count_row(TAKE, &args)?.is_some() {
        return Ok(Ok(()));
    }
    let ends_at = tx
        .count_row(READ, &[scope, key])?
        .map_or(now, |c| c.ends_at);
    Ok(Err(wait(ends_at - now)))
}

/// The secret that signs known-device proofs: made by the first process that asks,
/// the same for every process over the database, kept across restarts.
pub(super) fn device_key(tx: &mut dyn LimitTx) -> Result<[u8; 32], StoreError> {
    let mut fresh = [0u8; 32];
    getrandom::fill(&mut fresh).map_err(|e| StoreError::Corrupt(format!("no randomness: {e}")))?;
    let fresh = crate::auth::hex(&fresh);
    tx.run(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
        &[Arg::Text(DEVICE_KEY), Arg::Text(&fresh)],
    )?;
    let stored = tx
        .text_row(
            "SELECT value FROM meta WHERE key = ?1",
            &[Arg::Text(DEVICE_KEY)],
        )?
        .unwrap_or_default();
    let bytes: Option<Vec<u8>> = (0..stored.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(stored.get(i..i + 2)?, 16).ok())
        .collect();
    bytes
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or_else(|| StoreError::Corrupt("meta.device_key is not 64 hex digits".into()))
}

/// Milliseconds since 1970 at `now`.
pub(super) fn at(now: DateTime<Utc>) -> i64 {
    now.timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An attempt counted first though it read the clock later (two at once) does
    /// not make the other wait when there is no delay to keep; with a delay, the
    /// wait runs from the later stamp.
    #[test]
    fn no_delay_is_no_wait_whatever_the_order_of_two_attempts() {
        let now = 1_000_000;
        assert_eq!(wait_after(now + 3, Duration::ZERO, now), None);
        assert_eq!(wait_after(now - 10, Duration::ZERO, now), None);
        assert_eq!(
            wait_after(now + 3, Duration::from_secs(1), now),
            Some(1_003)
        );
        assert_eq!(wait_after(now - 2_000, Duration::from_secs(1), now), None);
    }
}
