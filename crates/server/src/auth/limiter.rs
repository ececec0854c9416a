//! The limits of what anyone may try without an account: sign-in attempts, so a
//! password cannot be guessed by trying many; account requests per network
//! address, so one address cannot make hundreds of accounts (each costs an Argon2
//! hash and a coordinator's attention); and uses of password reset links per
//! network address, so nobody can try tokens by the thousand. The counts live in
//! the database (`store::limits`, through `Storage::reserve_sign_in` and
//! `Storage::count_per_address`), so every server process over it counts
//! together; here are the numbers, and the known-device proofs.
//!
//! A sign-in attempt is counted before its password is checked, so of many
//! attempts at once no more than the limit reach Argon2. Three counts:
//! - per (e-mail, address): [`ATTEMPTS`], then refused for the rest of the window;
//! - per address: [`ADDRESS_ATTEMPTS`], for one address trying many accounts;
//! - per e-mail, a delay instead of a lockout, that slows guessing without shutting
//!   the owner out (nobody can lock a coordinator out by failing on purpose):
//!   - a *known device* (one that signed in to this account before and shows the
//!     proof it was given then, [`DeviceProofs::proof`]) never waits for it;
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
//! Keys are hashes of the e-mail address (a megabyte of e-mail is never kept).

use std::net::IpAddr;
use std::time::Duration;

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

/// The proofs in a cookie's value: 32 lowercase hex digits each, dot-separated;
/// anything else is left out.
fn device_proofs(value: &str) -> impl Iterator<Item = &str> {
    value
        .split('.')
        .filter(|p| p.len() == 32 && p.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
        .take(DEVICE_PROOFS_MAX)
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

/// Known-device proofs, signed with the database's secret (`Storage::device_key`),
/// so a device known to one server process is known to every other, and after a
/// restart.
pub struct DeviceProofs {
    key: [u8; 32],
}

impl DeviceProofs {
    pub fn new(key: [u8; 32]) -> DeviceProofs {
        DeviceProofs { key }
    }

    /// What a device that signed in to `email`'s account keeps (in an HttpOnly
    /// cookie) to show on later sign-ins: HMAC-SHA-256 of the normalised e-mail
    /// address's SHA-256 under the secret, 128 bits in hex. It passes the per-e-mail
    /// delay only; the per-address counts hold for it as for anyone.
    pub fn proof(&self, email: &str) -> String {
        let email = Sha256::digest(super::normalise_email(email).as_bytes());
        let proof = crate::cursor_key::hmac_sha256(&self.key, &email[..16]);
        super::hex(&proof[..16])
    }

    /// Whether `proofs` (a cookie's value) holds `email`'s device proof.
    pub fn is_known(&self, email: &str, proofs: &str) -> bool {
        let expected = self.proof(email);
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
    pub fn after_sign_in(&self, email: &str, had: Option<&str>) -> String {
        let own = self.proof(email);
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
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOME: IpAddr = IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

    #[test]
    fn device_proofs_are_per_account_and_kept_for_a_few() {
        let devices = DeviceProofs::new([7; 32]);
        let proof = devices.proof("a@example.org");
        assert_eq!(proof.len(), 32);
        assert!(devices.is_known("a@example.org", &proof));
        assert!(devices.is_known(" A@example.org", &proof), "normalised");
        assert!(!devices.is_known("b@example.org", &proof));
        assert!(!devices.is_known("a@example.org", &proof.to_uppercase()));
        let other = DeviceProofs::new([8; 32]);
        assert!(!other.is_known("a@example.org", &proof), "secret");
        let mut cookie = None;
        for n in 0..6 {
            cookie = Some(devices.after_sign_in(&format!("{n}@example.org"), cookie.as_deref()));
        }
        let cookie = cookie.unwrap();
        assert!(devices.is_known("5@example.org", &cookie));
        assert!(devices.is_known("2@example.org", &cookie));
        assert!(!devices.is_known("1@example.org", &cookie), "at most 4");
        let again = devices.after_sign_in("2@example.org", Some(&cookie));
        assert_eq!(again.split('.').count(), DEVICE_PROOFS_MAX);
        assert!(again.starts_with(&devices.proof("2@example.org")));
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
}
