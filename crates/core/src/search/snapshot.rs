//! The search index as bytes: kept on the device, a reopen can search at once
//! instead of reading and indexing every record first; sent to a new visitor's
//! first screen, it can search before the guide has arrived (issue 21). Read
//! back, it answers every query as the index it was made from, and takes later
//! changes as that one would.

use std::sync::PoisonError;

use super::index::SearchIndex;

/// The layout of the bytes: bumped whenever what the index keeps changes (its
/// fields, or how words are folded and stemmed), so that a snapshot made by other
/// code is refused, and the index made from the records instead, never misread.
/// `the_snapshot_layout_is_pinned` fails until it is bumped.
const FORMAT: u32 = 6;
const MAGIC: &[u8; 4] = b"WGSI";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SnapshotError {
    #[error("not a search index snapshot")]
    NotASnapshot,
    #[error("a snapshot of layout {0}, not of {FORMAT}")]
    OtherLayout(u32),
    #[error("a damaged snapshot: {0}")]
    Damaged(String),
}

impl SearchIndex {
    /// The index as bytes, for [`SearchIndex::from_snapshot`].
    pub fn to_snapshot(&self) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&FORMAT.to_le_bytes());
        postcard::to_extend(self, bytes).expect("an index is always written")
    }

    /// The index that `bytes` (from [`SearchIndex::to_snapshot`]) hold.
    pub fn from_snapshot(bytes: &[u8]) -> Result<SearchIndex, SnapshotError> {
        let body = after_header(bytes, MAGIC, FORMAT)?;
        let (mut index, left) = postcard::take_from_bytes::<SearchIndex>(body)
            .map_err(|e| SnapshotError::Damaged(e.to_string()))?;
        for doc in index.docs.iter_mut().flatten() {
            doc.after_snapshot().map_err(SnapshotError::Damaged)?;
        }
        index.check_whole().map_err(SnapshotError::Damaged)?;
        let slots = index.docs.len();
        let agenda = index
            .agenda
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        if agenda.as_ref().is_some_and(|a| !a.covers(slots)) {
            *agenda = None;
        }
        if !left.is_empty() {
            return Err(SnapshotError::Damaged(format!(
                "{} bytes after the index",
                left.len()
            )));
        }
        Ok(index)
    }
}

/// What follows `magic` and the layout number `format` at the start of
/// `bytes`; bytes of another kind or layout are refused.
pub(crate) fn after_header<'a>(
    bytes: &'a [u8],
    magic: &[u8; 4],
    format: u32,
) -> Result<&'a [u8], SnapshotError> {
    let rest = bytes
        .strip_prefix(magic)
        .ok_or(SnapshotError::NotASnapshot)?;
    let (found, body) = rest
        .split_first_chunk::<4>()
        .ok_or(SnapshotError::NotASnapshot)?;
    let found = u32::from_le_bytes(*found);
    if found != format {
        return Err(SnapshotError::OtherLayout(found));
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use std::hash::Hasher;

    use chrono::{DateTime, Utc};

    use super::*;
    use crate::demo::neighbourhood;
    use crate::search::hash::FxHasher;
    use crate::search::{Filters, Query, When};

    /// Tuesday 3 November 2026, 10:00 in Amsterdam; and a Saturday evening.
    const MOMENTS: [&str; 2] = ["2026-11-03T09:00:00Z", "2026-11-07T18:30:00Z"];

    /// What residents, GPs and coaches type, whole and as typed letter by letter,
    /// and the filters on their own.
    fn queries() -> Vec<Query> {
        let texts = [
            "",
            "w",
            "wandel",
            "wandelen met de huisarts",
            "hulp bij schulden",
            "gratis vandaag",
            "ik voel me alleen",
            "walking group",
            "senioren",
            "rijles",
            "taalcafe",
            "para",
        ];
        let filters = [
            Filters::default(),
            Filters {
                when: Some(When::Today),
                ..Filters::default()
            },
            Filters {
                free: true,
                ..Filters::default()
            },
        ];
        let mut queries = Vec::new();
        for moment in MOMENTS {
            let now: DateTime<Utc> = moment.parse().expect("a time");
            for text in texts {
                for filters in &filters {
                    queries.push(Query {
                        filters: filters.clone(),
                        limit: usize::MAX,
                        ..Query::new(text, now)
                    });
                }
            }
        }
        queries
    }

    #[test]
    fn a_snapshot_read_back_answers_every_query_as_the_index_it_was_made_from() {
        let guide = neighbourhood().expect("the demo data parses");
        let mut made = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
        // With the time facts of a day (kept in the snapshot), at another moment
        // of that day and on another day.
        let evening: DateTime<Utc> = "2026-11-03T19:45:00Z".parse().expect("a time");
        made.search(&Query::new("", evening));
        let mut read = SearchIndex::from_snapshot(&made.to_snapshot()).expect("read back");
        let kept = read
            .agenda
            .lock()
            .expect("unpoisoned")
            .as_ref()
            .map(|a| a.date);
        assert_eq!(
            kept,
            Some(evening.date_naive()),
            "the day's time facts kept"
        );
        for query in queries() {
            assert_eq!(made.search(&query), read.search(&query), "{query:?}");
        }
        // Later changes go on from either the same way: an offering edited, one
        // taken out.
        let mut edited = guide.offerings[3].clone();
        edited.title = "Wandelclub de Vlonder".into();
        for index in [&mut made, &mut read] {
            index.upsert(&edited);
            index.remove(guide.offerings[7].id);
        }
        for query in queries() {
            assert_eq!(made.search(&query), read.search(&query), "{query:?}");
        }
        // And kept again after those changes (a freed slot, moved postings): read
        // back whole, not refused as damaged.
        let again = SearchIndex::from_snapshot(&read.to_snapshot()).expect("read back again");
        for query in queries() {
            assert_eq!(made.search(&query), again.search(&query), "{query:?}");
        }
    }

    #[test]
    fn bytes_that_are_not_this_layouts_snapshot_are_refused() {
        let guide = neighbourhood().expect("the demo data parses");
        let bytes =
            SearchIndex::from_offerings(&guide.offerings, &guide.organisations).to_snapshot();
        let refused = |bytes: &[u8]| SearchIndex::from_snapshot(bytes).err();
        assert_eq!(refused(b"{}"), Some(SnapshotError::NotASnapshot));
        let mut other = bytes.clone();
        other[4..8].copy_from_slice(&(FORMAT + 1).to_le_bytes());
        assert_eq!(
            refused(&other),
            Some(SnapshotError::OtherLayout(FORMAT + 1))
        );
        assert!(matches!(
            refused(&bytes[..bytes.len() / 2]),
            Some(SnapshotError::Damaged(_))
        ));
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(matches!(refused(&longer), Some(SnapshotError::Damaged(_))));
    }

    /// Numbers that name what the index does not hold (damaged bytes) are
    /// refused as the snapshot is read, or passed over, never met by a search
    /// that would stop the app.
    #[test]
    fn a_snapshot_whose_numbers_do_not_fit_is_refused() {
        let guide = neighbourhood().expect("the demo data parses");
        let made = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
        let word = made.terms.get("wandelen").expect("a word of the demo");
        let mut damaged = SearchIndex::from_snapshot(&made.to_snapshot()).expect("read back");
        let beyond = made.docs.len() as u32 + 1_000;
        damaged
            .terms
            .term_mut(word)
            .postings
            .push(super::super::terms::posting(beyond, 1));
        assert!(matches!(
            SearchIndex::from_snapshot(&damaged.to_snapshot()),
            Err(SnapshotError::Damaged(_))
        ));

        // A document's word that is no word of the index: taken out all the same.
        let first = &guide.offerings[0];
        let mut read = SearchIndex::from_snapshot(&made.to_snapshot()).expect("read back");
        let slot = read
            .docs
            .iter()
            .position(|d| d.as_ref().is_some_and(|d| d.id == first.id));
        let slot = slot.expect("the first offering's document");
        read.docs[slot] = Some(super::super::document::Doc::new(
            first,
            &super::super::document::pack_ids([5_000_000]),
        ));
        let mut read = SearchIndex::from_snapshot(&read.to_snapshot()).expect("read back");
        assert!(read.remove(first.id));
        let now = MOMENTS[0].parse().expect("a time");
        assert!(read.search(&Query::new("wandel", now)).total > 0);
    }

    /// A snapshot of the demo's index, hashed: when this changes, the layout of
    /// the bytes (or the words they hold) changed, and snapshots made before must
    /// not be read as if they were of this one. Bump [`FORMAT`], then set the new
    /// value here (only the new value when what changed is the demo's data).
    #[test]
    fn the_snapshot_layout_is_pinned() {
        let guide = neighbourhood().expect("the demo data parses");
        let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
        // With a day's time facts, which a snapshot keeps.
        index.search(&Query::new("", MOMENTS[1].parse().expect("a time")));
        let bytes = index.to_snapshot();
        let mut hasher = FxHasher::default();
        hasher.write(&bytes);
        let pinned = (FORMAT, hasher.finish());
        assert_eq!(
            pinned,
            (6, 10_711_434_611_647_536_519),
            "the snapshot's bytes changed: bump FORMAT and pin the new hash"
        );
    }
}
