//! The pull cursor: the last change number a client holds, and the epoch of the
//! database it came from. Clients keep it as an opaque string; only its order matters
//! to them.

use std::fmt;
use std::str::FromStr;

/// Longest epoch accepted in a cursor: cursors come from clients.
const EPOCH_MAX: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cursor {
    /// Names the database history the `seq` belongs to; a restored or re-imported
    /// database gets a new one, and cursors of the old one are refused (410).
    pub epoch: String,
    /// Every change up to and including this one has been received.
    pub seq: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a cursor this server handed out")]
pub struct CursorError;

impl Cursor {
    pub fn new(epoch: impl Into<String>, seq: u64) -> Cursor {
        Cursor {
            epoch: epoch.into(),
            seq,
        }
    }

    /// Whether `self` is further along the same history than `other`, so a client
    /// never moves its cursor back when pages arrive out of order.
    pub fn is_after(&self, other: &Cursor) -> bool {
        self.epoch != other.epoch || self.seq > other.seq
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.epoch, self.seq)
    }
}

impl FromStr for Cursor {
    type Err = CursorError;

    fn from_str(text: &str) -> Result<Cursor, CursorError> {
        let (epoch, seq) = text.rsplit_once('.').ok_or(CursorError)?;
        let epoch_ok = !epoch.is_empty()
            && epoch.len() <= EPOCH_MAX
            && epoch.bytes().all(|b| b.is_ascii_alphanumeric());
        // Digits only: u64's parser would also take a leading '+'.
        if !epoch_ok || seq.is_empty() || !seq.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CursorError);
        }
        Ok(Cursor::new(epoch, seq.parse().map_err(|_| CursorError)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_text() {
        let cursor = Cursor::new("a1b2c3", 1042);
        assert_eq!(cursor.to_string(), "a1b2c3.1042");
        assert_eq!("a1b2c3.1042".parse::<Cursor>(), Ok(cursor));
    }

    #[test]
    fn refuses_what_no_server_wrote() {
        for text in [
            "",
            "1042",
            ".5",
            "ab.",
            "ab.+5",
            "ab.-5",
            "a.b.5",
            "ab.99999999999999999999",
            "é.5",
        ] {
            assert_eq!(text.parse::<Cursor>(), Err(CursorError), "{text:?}");
        }
        let long = format!("{}.1", "e".repeat(EPOCH_MAX + 1));
        assert_eq!(long.parse::<Cursor>(), Err(CursorError));
    }

    #[test]
    fn only_a_later_cursor_of_the_same_epoch_is_after() {
        let at = |seq| Cursor::new("e1", seq);
        assert!(at(5).is_after(&at(4)));
        assert!(!at(4).is_after(&at(4)));
        assert!(!at(3).is_after(&at(4)));
        assert!(
            Cursor::new("e2", 1).is_after(&at(4)),
            "a new epoch replaces the old"
        );
    }
}
