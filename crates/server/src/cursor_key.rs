//! The key that signs pull cursors, so that only a cursor this server handed out
//! can tell it that its database went back in time (see `api/changes.rs`).
//!
//! A device holding a change number above the database's last one means the
//! database was rolled back, and the history then gets a new epoch (every device
//! pulls again). Without a tag anyone could write such a number; with it, a made-up
//! or altered cursor of the current history is `400 invalid_cursor` and changes
//! nothing. The key lives in a file beside the database, not in it: a database
//! put back from a copy still knows the cursors it handed out before, and so
//! still notices that it went back.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wijkgids_core::sync::Cursor;

use crate::auth::hex;

/// The key file's name in the data folder.
pub const KEY_FILE: &str = "wijkgids.cursor-key";

/// Bytes of the MAC kept in a cursor (128 bits, 32 hex digits).
const TAG_BYTES: usize = 16;

/// The secret cursors are signed with (HMAC-SHA256, truncated).
pub struct CursorKey {
    key: [u8; 32],
}

impl std::fmt::Debug for CursorKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CursorKey(..)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("the cursor key {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the cursor key {0} is not 64 hex digits; remove it to make a new one")]
    Malformed(PathBuf),
}

impl CursorKey {
    pub fn from_bytes(key: [u8; 32]) -> CursorKey {
        CursorKey { key }
    }

    /// Reads the key in `data_dir`, or makes one (random, readable by the owner
    /// only) if there is none. `created` tells which.
    pub fn load_or_create(data_dir: &Path) -> Result<(CursorKey, bool), KeyError> {
        let path = data_dir.join(KEY_FILE);
        let io = |source| KeyError::Io {
            path: path.clone(),
            source,
        };
        if let Some(key) = CursorKey::read(&path)? {
            return Ok((key, false));
        }
        // A guide on PostgreSQL does not make the data folder for its database.
        std::fs::create_dir_all(data_dir).map_err(io)?;
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| io(std::io::Error::other(e.to_string())))?;
        // Written whole under a name of this process's, then linked in place: of
        // several processes starting at once over one data folder (PostgreSQL),
        // the first link wins and the others read its key.
        let partial = data_dir.join(format!("{KEY_FILE}.new.{}", std::process::id()));
        let mut options = std::fs::File::options();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&partial).map_err(io)?;
        writeln!(file, "{}", hex(&key)).map_err(io)?;
        file.sync_all().map_err(io)?;
        let linked = std::fs::hard_link(&partial, &path);
        let _ = std::fs::remove_file(&partial);
        match linked {
            Ok(()) => Ok((CursorKey { key }, true)),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
                let key = CursorKey::read(&path)?.ok_or_else(|| io(err))?;
                Ok((key, false))
            }
            Err(err) => Err(io(err)),
        }
    }

    /// The key in the file at `path`, or `None` if there is no such file.
    fn read(path: &Path) -> Result<Option<CursorKey>, KeyError> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let key =
                    from_hex(text.trim()).ok_or_else(|| KeyError::Malformed(path.to_path_buf()))?;
                Ok(Some(CursorKey { key }))
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(KeyError::Io {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Names the key without revealing it (kept in the database's `meta`, so a
    /// database can tell cursors of another key were handed out).
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::new()
            .chain_update(b"wijkgids cursor key fingerprint\0")
            .chain_update(self.key)
            .finalize();
        hex(&digest[..8])
    }

    /// `cursor` with this key's tag.
    pub fn sign(&self, cursor: Cursor) -> Cursor {
        let tag = hex(&self.mac(&cursor)[..TAG_BYTES]);
        cursor.tagged(tag)
    }

    /// Whether `cursor` carries this key's tag for its epoch and number.
    pub fn verifies(&self, cursor: &Cursor) -> bool {
        let Some(tag) = cursor.tag.as_deref().and_then(from_hex_vec) else {
            return false;
        };
        let expected = &self.mac(cursor)[..TAG_BYTES];
        // In constant time: the tag is compared as a whole.
        tag.len() == expected.len()
            && tag
                .iter()
                .zip(expected)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
    }

    fn mac(&self, cursor: &Cursor) -> [u8; 32] {
        let message = format!("wijkgids cursor\0{}\0{}", cursor.epoch, cursor.seq);
        hmac_sha256(&self.key, message.as_bytes())
    }
}

/// HMAC-SHA256 (RFC 2104) with a key of at most 64 bytes: signs cursors here and
/// known-device proofs in the sign-in limiter.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    assert!(key.len() <= 64, "a short key");
    let mut block = [0u8; 64];
    block[..key.len()].copy_from_slice(key);
    let inner = Sha256::new()
        .chain_update(block.map(|b| b ^ 0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(block.map(|b| b ^ 0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

fn from_hex_vec(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

fn from_hex(text: &str) -> Option<[u8; 32]> {
    from_hex_vec(text)?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231, test case 2.
    #[test]
    fn hmac_sha256_matches_the_rfc() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_signed_cursor_verifies_and_an_altered_one_does_not() {
        let key = CursorKey::from_bytes([7; 32]);
        let signed = key.sign(Cursor::new("e1", 42));
        let text = signed.to_string();
        assert!(key.verifies(&text.parse().unwrap()));
        let tag = signed.tag.clone().unwrap();
        for altered in [
            Cursor::new("e1", 43).tagged(tag.clone()),
            Cursor::new("e2", 42).tagged(tag.clone()),
            Cursor::new("e1", 42),
            Cursor::new("e1", 42).tagged("0".repeat(32)),
            Cursor::new("e1", 42).tagged(&tag[..30]),
        ] {
            assert!(!key.verifies(&altered), "{altered}");
        }
        assert!(!CursorKey::from_bytes([8; 32]).verifies(&signed));
    }

    #[cfg(unix)]
    #[test]
    fn the_key_is_made_once_readable_by_the_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let (first, created) = CursorKey::load_or_create(dir.path()).unwrap();
        assert!(created);
        let mode = std::fs::metadata(dir.path().join(KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let (again, created) = CursorKey::load_or_create(dir.path()).unwrap();
        assert!(!created);
        assert_eq!(first.fingerprint(), again.fingerprint());
        let cursor = first.sign(Cursor::new("e", 1));
        assert!(again.verifies(&cursor));
    }
}
