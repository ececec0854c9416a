//! Which server copy of a record a device holds when it keeps them in two layers:
//! the pages of a first pull stored whole (one value per page, no per-record
//! write or read), and per-record rows for whatever came later (a later pull, a
//! push answer, a copy made public at a change of account).
//!
//! The newest copy wins, whatever its layer: a copy of a newer pull generation
//! (after a restart, 410, or a change of role) over one of an older; within a
//! generation the higher version (the server raises it on every change, deletes
//! included, so a tombstone beats the copy it deletes); at the same version a row
//! over a page (the same change, stored again), and a later page over an earlier
//! one (a record changed while the first pull ran comes again in a later page).
//! This is the rule `replica::on_change` applies record by record (an older
//! version is ignored, the same version taken), so reading the layers gives what
//! storing every change as a row would have given.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::RecordKey;

/// Where a stored copy sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layer {
    /// In a page stored whole; pages of a generation are numbered in pull order
    /// (the page's cursor position).
    Page(u64),
    /// A per-record row.
    Row,
}

/// How new one stored copy is: compare with [`Stamp::beats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub generation: u64,
    pub version: u64,
    pub layer: Layer,
}

impl Stamp {
    pub fn page(generation: u64, page: u64, version: u64) -> Stamp {
        Stamp {
            generation,
            version,
            layer: Layer::Page(page),
        }
    }

    pub fn row(generation: u64, version: u64) -> Stamp {
        Stamp {
            generation,
            version,
            layer: Layer::Row,
        }
    }

    fn order(&self) -> (u64, u64, Layer) {
        (self.generation, self.version, self.layer)
    }

    /// Whether this copy is the one to hold rather than `other`.
    pub fn beats(&self, other: &Stamp) -> bool {
        self.order() > other.order()
    }
}

/// The copy to hold of every record, from the stored copies in any order.
pub fn newest<T>(
    copies: impl IntoIterator<Item = (RecordKey, Stamp, T)>,
) -> HashMap<RecordKey, (Stamp, T)> {
    let mut held: HashMap<RecordKey, (Stamp, T)> = HashMap::new();
    for (key, stamp, copy) in copies {
        match held.entry(key) {
            Entry::Occupied(mut entry) => {
                if stamp.beats(&entry.get().0) {
                    entry.insert((stamp, copy));
                }
            }
            Entry::Vacant(entry) => {
                entry.insert((stamp, copy));
            }
        }
    }
    held
}

/// The copy to hold of one record: `row` (if any) or the newest of `pages`.
pub fn pick<T>(
    row: Option<(Stamp, T)>,
    pages: impl IntoIterator<Item = (Stamp, T)>,
) -> Option<(Stamp, T)> {
    let mut best = row;
    for (stamp, copy) in pages {
        if best.as_ref().is_none_or(|(held, _)| stamp.beats(held)) {
            best = Some((stamp, copy));
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use uuid::Uuid;

    use super::*;
    use crate::vocab::RecordKind;

    fn key(n: u128) -> RecordKey {
        RecordKey::new(RecordKind::Offering, Uuid::from_u128(n))
    }

    #[test]
    fn a_later_row_wins_over_the_copy_in_a_page() {
        let held = newest([
            (key(1), Stamp::page(1, 1000, 3), "page"),
            (key(1), Stamp::row(1, 4), "row"),
        ]);
        assert_eq!(held[&key(1)].1, "row");
        // In any order.
        let held = newest([
            (key(1), Stamp::row(1, 4), "row"),
            (key(1), Stamp::page(1, 1000, 3), "page"),
        ]);
        assert_eq!(held[&key(1)].1, "row");
    }

    #[test]
    fn a_tombstone_row_hides_the_record_in_a_page() {
        // A delete raises the version: the tombstone is the newer copy.
        let held = newest([
            (key(1), Stamp::page(1, 1000, 2), Some("record")),
            (key(1), Stamp::row(1, 3), None),
        ]);
        assert_eq!(held[&key(1)].1, None);
    }

    #[test]
    fn an_older_row_loses_to_a_newer_page() {
        // A push answer stored version 5; the first pull then brought version 6.
        let held = newest([
            (key(1), Stamp::row(1, 5), "answer"),
            (key(1), Stamp::page(1, 2000, 6), "page"),
        ]);
        assert_eq!(held[&key(1)].1, "page");
    }

    #[test]
    fn at_the_same_version_the_row_wins_and_a_later_page_over_an_earlier() {
        let held = newest([
            (key(1), Stamp::page(1, 1000, 2), "page"),
            (key(1), Stamp::row(1, 2), "row"),
            (key(2), Stamp::page(1, 3000, 2), "later page"),
            (key(2), Stamp::page(1, 1000, 2), "earlier page"),
        ]);
        assert_eq!(held[&key(1)].1, "row");
        assert_eq!(held[&key(2)].1, "later page");
    }

    #[test]
    fn a_newer_generation_wins_whatever_the_versions() {
        // After a restore the new history's pull is the truth, even where the
        // old history's row carries a higher version.
        let held = newest([
            (key(1), Stamp::row(1, 9), "old row"),
            (key(1), Stamp::page(2, 1000, 4), "new page"),
            (key(2), Stamp::page(1, 1000, 9), "old page"),
            (key(2), Stamp::row(2, 1), "new row"),
        ]);
        assert_eq!(held[&key(1)].1, "new page");
        assert_eq!(held[&key(2)].1, "new row");
    }

    #[test]
    fn pick_takes_the_row_or_the_newest_page() {
        assert_eq!(pick::<&str>(None, []), None);
        let pages = [
            (Stamp::page(1, 1000, 1), "first"),
            (Stamp::page(1, 2000, 2), "second"),
        ];
        assert_eq!(pick(None, pages).map(|p| p.1), Some("second"));
        assert_eq!(
            pick(Some((Stamp::row(1, 2), "row")), pages).map(|p| p.1),
            Some("row")
        );
        assert_eq!(
            pick(Some((Stamp::row(1, 1), "row")), pages).map(|p| p.1),
            Some("second")
        );
    }
}
