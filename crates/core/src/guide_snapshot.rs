//! What a device keeps to show its guide at once when it is opened again: the
//! search index as bytes and a card per offering (the offering without its long
//! texts). A reopen searches and draws result cards from it before the records
//! are read and parsed, and never indexes them (issue 21: first results within
//! 300 ms with 50,000 offerings stored, no long indexing task at start).
//!
//! The bytes: a magic, the layout number, the index's own snapshot with its
//! length, then the cards (postcard). A card is the offering's JSON, parsed only
//! when a screen shows it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::Offering;
use crate::search::snapshot::after_header;
use crate::search::{SearchIndex, SnapshotError};

const MAGIC: &[u8; 4] = b"WGGS";
/// Bumped whenever what is kept changes (the index's own layout has its own
/// number, checked when it is read).
const FORMAT: u32 = 1;

/// A guide read back from its snapshot.
#[derive(Debug)]
pub struct GuideSnapshot {
    pub index: SearchIndex,
    pub cards: Vec<Card>,
}

/// An offering's card: its id and version, and the card itself as JSON
/// ([`card`]), parsed with [`read_card`] when a screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub id: Uuid,
    pub version: u64,
    pub json: String,
}

#[derive(Serialize, Deserialize)]
struct Cards<'a> {
    #[serde(borrow)]
    cards: Vec<(Uuid, u64, &'a str)>,
}

/// What a result card and the filters need of `offering`: everything but the
/// long texts a page shows (description, notes, how to join, contact, the
/// professionals' referral details), so that the cards of 50,000 offerings are
/// small to keep and quick to read.
pub fn card(offering: &Offering) -> Offering {
    let mut card = offering.clone();
    card.description.clear();
    for translation in card.translations.values_mut() {
        translation.description = None;
    }
    card.tags.clear();
    card.eligibility = None;
    card.cost_note = None;
    card.how_to_join = None;
    card.accessibility_note = None;
    card.contact = Default::default();
    card.referral = None;
    card.checked_by = None;
    card.created_by = None;
    card.review_note = None;
    card
}

/// A card kept by [`encode`], as an offering (its long texts empty).
pub fn read_card(json: &str) -> Option<Offering> {
    serde_json::from_str(json).ok()
}

/// The snapshot of a guide whose index is `index` and whose offerings are
/// `offerings` (every offering the index holds).
pub fn encode<'a>(index: &SearchIndex, offerings: impl Iterator<Item = &'a Offering>) -> Vec<u8> {
    let cards: Vec<(Uuid, u64, String)> = offerings
        .map(|offering| {
            let json = serde_json::to_string(&card(offering)).expect("an offering is JSON");
            (offering.id, offering.version, json)
        })
        .collect();
    let index = index.to_snapshot();
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&FORMAT.to_le_bytes());
    bytes.extend_from_slice(&(index.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&index);
    let cards = Cards {
        cards: cards
            .iter()
            .map(|(id, version, json)| (*id, *version, json.as_str()))
            .collect(),
    };
    postcard::to_extend(&cards, bytes).expect("cards are always written")
}

/// The guide `bytes` (from [`encode`]) hold; bytes of another layout, damaged or
/// cut short are refused (the device then reads and indexes its records).
pub fn decode(bytes: &[u8]) -> Result<GuideSnapshot, SnapshotError> {
    let rest = after_header(bytes, MAGIC, FORMAT)?;
    let damaged = |what: &str| SnapshotError::Damaged(what.to_string());
    let (length, rest) = rest
        .split_first_chunk::<8>()
        .ok_or_else(|| damaged("no index length"))?;
    let length = usize::try_from(u64::from_le_bytes(*length))
        .ok()
        .filter(|&length| length <= rest.len())
        .ok_or_else(|| damaged("an index longer than the bytes"))?;
    let (index, rest) = rest.split_at(length);
    let index = SearchIndex::from_snapshot(index)?;
    let (cards, left) = postcard::take_from_bytes::<Cards>(rest)
        .map_err(|e| SnapshotError::Damaged(e.to_string()))?;
    if !left.is_empty() {
        return Err(damaged("bytes after the cards"));
    }
    let cards = cards
        .cards
        .into_iter()
        .map(|(id, version, json)| Card {
            id,
            version,
            json: json.to_string(),
        })
        .collect();
    Ok(GuideSnapshot { index, cards })
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::demo::neighbourhood;
    use crate::search::Query;

    #[test]
    fn a_guide_read_back_searches_as_before_and_shows_every_card() {
        let guide = neighbourhood().expect("the demo data parses");
        let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
        let read = decode(&encode(&index, guide.offerings.iter())).expect("read back");
        let now: DateTime<Utc> = "2026-11-07T18:30:00Z".parse().expect("a time");
        for text in ["", "wandel", "hulp bij schulden", "Buurtcentrum", "walking"] {
            let query = Query::new(text, now);
            assert_eq!(index.search(&query), read.index.search(&query), "{text}");
        }
        assert_eq!(read.cards.len(), guide.offerings.len());
        for (offering, kept) in guide.offerings.iter().zip(&read.cards) {
            assert_eq!((kept.id, kept.version), (offering.id, offering.version));
            let card = read_card(&kept.json).expect("a card parses");
            assert_eq!(card, super::card(offering));
            // What a result card shows is all there.
            assert_eq!(card.title, offering.title);
            assert_eq!(card.summary, offering.summary);
            assert_eq!(card.cost, offering.cost);
            assert_eq!(card.schedules, offering.schedules);
            assert_eq!(card.exceptions, offering.exceptions);
            assert_eq!(card.location, offering.location);
            assert_eq!(card.status, offering.status);
            assert_eq!(
                card.translations.get("en").map(|t| &t.title),
                offering.translations.get("en").map(|t| &t.title)
            );
            assert!(card.description.is_empty() && card.referral.is_none());
        }
    }

    #[test]
    fn bytes_that_are_not_a_guide_snapshot_are_refused() {
        let guide = neighbourhood().expect("the demo data parses");
        let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
        let bytes = encode(&index, guide.offerings.iter());
        assert!(matches!(decode(b"WGSI"), Err(SnapshotError::NotASnapshot)));
        let mut other = bytes.clone();
        other[4..8].copy_from_slice(&(FORMAT + 1).to_le_bytes());
        assert_eq!(
            decode(&other).err(),
            Some(SnapshotError::OtherLayout(FORMAT + 1))
        );
        for cut in [10, 20, bytes.len() / 2, bytes.len() - 1] {
            assert!(
                matches!(decode(&bytes[..cut]), Err(SnapshotError::Damaged(_))),
                "cut at {cut}"
            );
        }
        let mut longer = bytes;
        longer.push(0);
        assert!(matches!(decode(&longer), Err(SnapshotError::Damaged(_))));
    }
}
