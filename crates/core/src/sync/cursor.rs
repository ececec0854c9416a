//! The pull cursor: the last change number a client holds, and the epoch of the
//! database it came from, with the server's tag on the two. Clients keep the tag as
//! they got it; only the epoch and the order of the numbers matter to them.
//!
//! The text is `epoch.seq.tag` (`epoch.seq` from servers before tags, still read).
//! The tag is the server's MAC of epoch and number (see the server's
//! `cursor_key`): a device's cursor beyond the database's last change tells the
//! server its database went back in time, and only a cursor the server itself
//! handed out may tell it so.

use std::fmt;
use std::str::FromStr;

/// Longest epoch accepted in a cursor: cursors come from clients.
const EPOCH_MAX: usize = 64;
/// Longest tag accepted in a cursor.
const TAG_MAX: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cursor {
    /// Names the database history the `seq` belongs to; a restored or re-imported
    /// database gets a new one, and cursors of the old one are refused (410).
    pub epoch: String,
    /// Every change up to and including this one has been received.
    pub seq: u64,
    /// The server's MAC of `epoch` and `seq` (ASCII letters and digits), if it
    /// gave one; the client hands it back unchanged.
    pub tag: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a cursor this server handed out")]
pub struct CursorError;

impl Cursor {
    pub fn new(epoch: impl Into<String>, seq: u64) -> Cursor {
        Cursor {
            epoch: epoch.into(),
            seq,
            tag: None,
        }
    }

    /// The same cursor with the server's `tag`.
    pub fn tagged(self, tag: impl Into<String>) -> Cursor {
        Cursor {
            tag: Some(tag.into()),
            ..self
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
        write!(f, "{}.{}", self.epoch, self.seq)?;
        match &self.tag {
            Some(tag) => write!(f, ".{tag}"),
            None => Ok(()),
        }
    }
}

impl FromStr for Cursor {
    type Err = CursorError;

    fn from_str(text: &str) -> Result<Cursor, CursorError> {
        let mut parts = text.split('.');
        let (Some(epoch), Some(seq), tag, None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(CursorError);
        };
        let word = |part: &str, max: usize| {
            !part.is_empty() && part.len() <= max && part.bytes().all(|b| b.is_ascii_alphanumeric())
        };
        let tag_ok = tag.is_none_or(|tag| word(tag, TAG_MAX));
        // Digits only: u64's parser would also take a leading '+'.
        if !word(epoch, EPOCH_MAX)
            || !tag_ok
            || seq.is_empty()
            || !seq.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(CursorError);
        }
        let cursor = Cursor::new(epoch, seq.parse().map_err(|_| CursorError)?);
        Ok(match tag {
            Some(tag) => cursor.tagged(tag),
            None => cursor,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_text() {
        let cursor = Cursor::new("a1b2c3", 1042);
        assert_eq!(cursor.to_string(), "a1b2c3.1042");
        assert_eq!("a1b2c3.1042".parse::<Cursor>(), Ok(cursor.clone()));
        let tagged = cursor.tagged("0f9a");
        assert_eq!(tagged.to_string(), "a1b2c3.1042.0f9a");
        assert_eq!("a1b2c3.1042.0f9a".parse::<Cursor>(), Ok(tagged));
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
            "a.5.",
            "a.5.t.t",
            "a.5.t-t",
            "ab.99999999999999999999",
            "é.5",
        ] {
            assert_eq!(text.parse::<Cursor>(), Err(CursorError), "{text:?}");
        }
        let long = format!("{}.1", "e".repeat(EPOCH_MAX + 1));
        assert_eq!(long.parse::<Cursor>(), Err(CursorError));
        let long = format!("e.1.{}", "t".repeat(TAG_MAX + 1));
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
