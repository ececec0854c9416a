//! What a device keeps to show its guide at once when it is opened again: the
//! search index as bytes and a card per offering (the offering without its long
//! texts). A reopen searches from the index and draws result cards before the
//! records are read and parsed, and never indexes them (issue 21: first results
//! within 300 ms with 50,000 offerings stored, no long indexing task at start).
//!
//! Two kinds of values: the index's, read at once (a magic, the layout number,
//! how many card chunks there are, each offering's id and version, then the
//! index's own snapshot), and the cards in chunks (postcard), each read only when
//! a screen first shows one of its cards. With 50,000 offerings the cards are 52
//! MB of JSON: reading them with the index took half of a reopen's 0.5 s. A card
//! is the offering's JSON, parsed only when a screen shows it.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::Offering;
use crate::search::snapshot::after_header;
use crate::search::{SearchIndex, SnapshotError};

const MAGIC: &[u8; 4] = b"WGGS";
/// Bumped whenever what is kept changes (the index's own layout has its own
/// number, checked when it is read).
const FORMAT: u32 = 2;
/// Cards in a chunk, about: the 20 results of a search touch about 20 chunks,
/// 25 KB each at this size (at 100 a chunk, reading the 2 MB of a reopen's
/// first results took 70 ms of its 350 at 50,000 offerings).
const CARDS_PER_CHUNK: usize = 25;
/// At most this many chunks, whatever the guide's size (a snapshot made with
/// fewer, or with up to 1,024 of 100 cards before, is read as it was made).
const CHUNKS_MAX: usize = 4096;

/// A guide read back from its snapshot's index value; the cards come apart
/// ([`decode_cards`], from the chunk [`chunk_of`] names).
#[derive(Debug)]
pub struct GuideSnapshot {
    pub index: SearchIndex,
    /// Every offering the snapshot holds, with the version its card shows.
    pub versions: Vec<(Uuid, u64)>,
    /// How many chunks the cards are kept in.
    pub chunks: usize,
}

/// The values a snapshot is kept as: the index's, and the cards' chunks by number.
#[derive(Debug)]
pub struct Encoded {
    pub index: Vec<u8>,
    pub chunks: Vec<Vec<u8>>,
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

/// The chunk of `chunks` that keeps the card of offering `id`. By the id's last
/// bytes, which are random in every kind of id the guide holds (v4, v5's hash,
/// v7's random part), so the chunks come out alike in size.
pub fn chunk_of(id: Uuid, chunks: usize) -> usize {
    (u128::from_be_bytes(*id.as_bytes()) % chunks.max(1) as u128) as usize
}

/// The snapshot of a guide whose index is `index` and whose offerings are
/// `offerings` (every offering the index holds).
pub fn encode<'a>(index: &SearchIndex, offerings: impl Iterator<Item = &'a Offering>) -> Encoded {
    let offerings: Vec<&Offering> = offerings.collect();
    let mut encoder = Encoder::new(offerings.len());
    for offering in offerings {
        encoder.add(offering);
    }
    encoder.finish(index)
}

/// A snapshot made a part at a time, so that a device can let its screen answer
/// between parts: the cards of some offerings at a time ([`Encoder::add`]), then
/// the index ([`Encoder::finish`]). Made whole at once, a guide's cards are one
/// task as long as the guide is large (250 offerings: 100 ms on a slow phone).
pub struct Encoder {
    chunks: Vec<Vec<(Uuid, u64, String)>>,
    versions: Vec<(Uuid, u64)>,
}

impl Encoder {
    /// For a guide of `offerings` offerings, every one of which is then added.
    pub fn new(offerings: usize) -> Encoder {
        let count = offerings.div_ceil(CARDS_PER_CHUNK).clamp(1, CHUNKS_MAX);
        Encoder {
            chunks: vec![Vec::new(); count],
            versions: Vec::with_capacity(offerings),
        }
    }

    pub fn add(&mut self, offering: &Offering) {
        let json = serde_json::to_string(&card(offering)).expect("an offering is JSON");
        let chunk = chunk_of(offering.id, self.chunks.len());
        self.chunks[chunk].push((offering.id, offering.version, json));
        self.versions.push((offering.id, offering.version));
    }

    /// The snapshot, with `index`: the index of the offerings added.
    pub fn finish(self, index: &SearchIndex) -> Encoded {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&FORMAT.to_le_bytes());
        bytes.extend_from_slice(&(self.chunks.len() as u32).to_le_bytes());
        let mut bytes =
            postcard::to_extend(&self.versions, bytes).expect("versions are always written");
        bytes.extend_from_slice(&index.to_snapshot());
        let chunks = self
            .chunks
            .iter()
            .map(|chunk| {
                let cards = Cards {
                    cards: chunk
                        .iter()
                        .map(|(id, version, json)| (*id, *version, json.as_str()))
                        .collect(),
                };
                postcard::to_extend(&cards, Vec::new()).expect("cards are always written")
            })
            .collect();
        Encoded {
            index: bytes,
            chunks,
        }
    }
}

/// The guide the index value `bytes` (from [`encode`]) holds; bytes of another
/// layout, damaged or cut short are refused (the device then reads and indexes
/// its records).
pub fn decode(bytes: &[u8]) -> Result<GuideSnapshot, SnapshotError> {
    let rest = after_header(bytes, MAGIC, FORMAT)?;
    let damaged = |what: &str| SnapshotError::Damaged(what.to_string());
    let (chunks, rest) = rest
        .split_first_chunk::<4>()
        .ok_or_else(|| damaged("no chunk count"))?;
    let chunks = u32::from_le_bytes(*chunks) as usize;
    if !(1..=CHUNKS_MAX).contains(&chunks) {
        return Err(damaged("a chunk count out of range"));
    }
    let (versions, rest) = postcard::take_from_bytes::<Vec<(Uuid, u64)>>(rest)
        .map_err(|e| SnapshotError::Damaged(e.to_string()))?;
    let index = SearchIndex::from_snapshot(rest)?;
    Ok(GuideSnapshot {
        index,
        versions,
        chunks,
    })
}

/// The cards a chunk's `bytes` hold.
pub fn decode_cards(bytes: &[u8]) -> Result<Vec<Card>, SnapshotError> {
    let (cards, left) = postcard::take_from_bytes::<Cards>(bytes)
        .map_err(|e| SnapshotError::Damaged(e.to_string()))?;
    if !left.is_empty() {
        return Err(SnapshotError::Damaged("bytes after the cards".into()));
    }
    Ok(cards
        .cards
        .into_iter()
        .map(|(id, version, json)| Card {
            id,
            version,
            json: json.to_string(),
        })
        .collect())
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
        let encoded = encode(&index, guide.offerings.iter());
        assert_eq!(
            encoded.chunks.len(),
            guide.offerings.len().div_ceil(CARDS_PER_CHUNK)
        );
        let read = decode(&encoded.index).expect("read back");
        let now: DateTime<Utc> = "2026-11-07T18:30:00Z".parse().expect("a time");
        for text in ["", "wandel", "hulp bij schulden", "Buurtcentrum", "walking"] {
            let query = Query::new(text, now);
            assert_eq!(index.search(&query), read.index.search(&query), "{text}");
        }
        assert_eq!(read.chunks, encoded.chunks.len());
        assert_eq!(read.versions.len(), guide.offerings.len());
        for offering in &guide.offerings {
            assert!(read.versions.contains(&(offering.id, offering.version)));
            // Its card is in the chunk named by its id, and nowhere else.
            let chunk = chunk_of(offering.id, read.chunks);
            let cards = decode_cards(&encoded.chunks[chunk]).expect("a chunk");
            let kept = cards
                .iter()
                .find(|c| c.id == offering.id)
                .expect("its card");
            assert_eq!(kept.version, offering.version);
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
        let in_chunks: usize = encoded
            .chunks
            .iter()
            .map(|c| decode_cards(c).expect("a chunk").len())
            .sum();
        assert_eq!(in_chunks, guide.offerings.len());
    }

    #[test]
    fn chunks_come_out_alike_in_size() {
        let (_, offerings) = crate::generate::dataset(5_000, 7);
        let index = SearchIndex::default();
        let encoded = encode(&index, offerings.iter());
        assert_eq!(encoded.chunks.len(), 200);
        let sizes: Vec<usize> = encoded
            .chunks
            .iter()
            .map(|c| decode_cards(c).expect("a chunk").len())
            .collect();
        assert!(sizes.iter().all(|&n| (8..=50).contains(&n)), "{sizes:?}");
    }

    #[test]
    fn bytes_that_are_not_a_guide_snapshot_are_refused() {
        let guide = neighbourhood().expect("the demo data parses");
        let index = SearchIndex::from_offerings(&guide.offerings, &guide.organisations);
        let encoded = encode(&index, guide.offerings.iter());
        let bytes = encoded.index;
        assert!(matches!(decode(b"WGSI"), Err(SnapshotError::NotASnapshot)));
        let mut other = bytes.clone();
        other[4..8].copy_from_slice(&(FORMAT + 1).to_le_bytes());
        assert_eq!(
            decode(&other).err(),
            Some(SnapshotError::OtherLayout(FORMAT + 1))
        );
        for cut in [10, 20, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes;
        longer.push(0);
        assert!(decode(&longer).is_err());
        let chunk = &encoded.chunks[0];
        assert!(decode_cards(&chunk[..chunk.len() - 1]).is_err());
        let mut longer = chunk.clone();
        longer.push(0);
        assert!(decode_cards(&longer).is_err());
    }
}
