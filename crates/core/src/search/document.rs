//! What the index keeps of one offering: the words of its fields, and the facts the
//! filters ask about (themes, cost, age, schedules, ...), packed small.

use std::sync::OnceLock;

use uuid::Uuid;

use super::Scope;
use super::fold::{self, Hyphens};
use super::needs::Need;
use crate::model::Offering;
use crate::schedule::{Schedule, ScheduleException};
use crate::vocab::{AccessibilityFeature, Lang, Language, OfferingKind, Status, Vocabulary};

/// A part of an offering that a query word can match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Title,
    /// Its tags, and the groups and languages it is for.
    Tags,
    /// Its themes and Positive Health dimensions, by their names.
    Themes,
    Summary,
    /// The name of the organisation that runs it.
    Organisation,
    /// The building and neighbourhood it is in, "online", or "thuis" (at home).
    Place,
    Description,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Title,
        Field::Tags,
        Field::Themes,
        Field::Summary,
        Field::Organisation,
        Field::Place,
        Field::Description,
    ];

    pub(crate) fn bit(self) -> u8 {
        1 << self as u8
    }

    /// How much a match in this field counts: a word in the title says more about
    /// an offering than the same word somewhere in its description.
    pub(crate) fn weight(self) -> f32 {
        match self {
            Field::Title => 10.0,
            Field::Tags => 6.0,
            Field::Themes => 5.0,
            Field::Summary => 4.0,
            Field::Organisation => 3.0,
            Field::Place => 2.0,
            Field::Description => 1.5,
        }
    }

    /// The fields in a posting's field bits.
    pub(crate) fn in_bits(bits: u8) -> Vec<Field> {
        Field::ALL
            .into_iter()
            .filter(|f| bits & f.bit() != 0)
            .collect()
    }
}

/// Calls `emit` with every word of the text of `offering` (single letters left
/// out), the field it is in and the language it is written in. Stop words are left
/// out by the index, which knows them by their term. The names of its themes,
/// audiences and languages are not words of the offering: [`super::labels`] finds
/// them through its [`Facts`]. The organisation's name is indexed apart, as it can
/// change without the offering changing.
pub(crate) fn for_each_word(offering: &Offering, mut emit: impl FnMut(&str, Field, Option<Lang>)) {
    let mut text = |field: Field, lang: Option<Lang>, text: &str| {
        for_each_name_word(text, |word| emit(word, field, lang));
    };
    let dutch = Some(Lang::Nl);
    text(Field::Title, dutch, &offering.title);
    text(Field::Summary, dutch, &offering.summary);
    text(Field::Description, dutch, &offering.description);
    for (code, translation) in &offering.translations {
        let lang = Lang::from_code(code);
        text(Field::Title, lang, &translation.title);
        text(Field::Summary, lang, &translation.summary);
        if let Some(description) = &translation.description {
            text(Field::Description, lang, description);
        }
    }
    for tag in &offering.tags {
        text(Field::Tags, dutch, tag);
    }
    if let Some(location) = &offering.location {
        text(Field::Place, dutch, &location.name);
        text(Field::Place, dutch, &location.neighbourhood);
    }
    if offering.online {
        text(Field::Place, None, "online");
    }
    if offering.at_home {
        text(Field::Place, dutch, "thuis");
        text(Field::Place, Some(Lang::En), "home");
    }
}

/// Calls `emit` with the words of `text`: folded, hyphenated words also in parts,
/// single letters left out.
pub(crate) fn for_each_name_word(text: &str, mut emit: impl FnMut(&str)) {
    fold::for_each_word(text, Hyphens::PartsAndJoined, |word| {
        if word.len() > 1 {
            emit(word);
        }
    });
}

/// Whether the public sees an offering, and how; kept apart from [`Facts`] in a
/// small array, as every match is checked against it first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum Visibility {
    /// A free slot: no offering.
    #[default]
    Free,
    Published,
    /// Temporarily closed: listed, after the published ones, but never "on today".
    Paused,
    /// Draft, pending review or archived: only for staff.
    Hidden,
}

impl Visibility {
    pub fn of(status: Status) -> Visibility {
        match status {
            Status::Published => Visibility::Published,
            Status::Paused => Visibility::Paused,
            Status::Draft | Status::PendingReview | Status::Archived => Visibility::Hidden,
        }
    }

    /// Whether a search in `scope` may show it.
    pub fn shown_in(self, scope: Scope) -> bool {
        match self {
            Visibility::Free => false,
            Visibility::Published | Visibility::Paused => true,
            Visibility::Hidden => scope == Scope::Everything,
        }
    }
}

/// What filters, facets and label words ask of an offering, as bit sets over
/// vocabulary positions: small, so that a search can look at 50,000 of them in a
/// fraction of a millisecond.
#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Facts {
    pub themes: u16,
    pub dimensions: u8,
    pub audiences: u16,
    /// Bits over [`Language::ALL`]; no languages listed counts as Dutch.
    pub languages: u32,
    /// Bits over [`Need::ALL`]: the needs its themes meet.
    pub needs: u16,
    pub formal: bool,
    pub free: bool,
    /// It has sessions: schedules or dated exceptions, and not by appointment
    /// (whose schedules are opening hours).
    pub dated: bool,
    pub wheelchair: bool,
    pub min_age: Option<u8>,
    pub max_age: Option<u8>,
    /// Id of its neighbourhood in the index's list of neighbourhoods.
    pub neighbourhood: Option<u32>,
    /// How many words its longest title (Dutch or English) has: a word is more
    /// of a short title. A title match does not say which language it was in.
    pub title_words: u8,
}

impl Facts {
    /// Also for [`crate::refer`], which filters offerings without an index.
    pub fn new(offering: &Offering, neighbourhood: Option<u32>) -> Facts {
        let themes = bits(&offering.themes) as u16;
        Facts {
            themes,
            dimensions: bits(&offering.health_dimensions) as u8,
            audiences: bits(&offering.audience) as u16,
            languages: if offering.languages.is_empty() {
                bits(&[Language::Dutch])
            } else {
                bits(&offering.languages)
            },
            needs: Need::ALL
                .iter()
                .enumerate()
                .filter(|(_, n)| bits(n.themes()) as u16 & themes != 0)
                .fold(0, |needs, (i, _)| needs | 1 << i),
            formal: offering.kind == OfferingKind::Formal,
            free: offering.cost.is_free_for_participant(),
            dated: offering.has_sessions()
                && (!offering.schedules.is_empty() || !offering.exceptions.is_empty()),
            wheelchair: offering
                .accessibility
                .contains(&AccessibilityFeature::Wheelchair),
            min_age: offering.min_age,
            max_age: offering.max_age,
            neighbourhood,
            title_words: std::iter::once(&offering.title)
                .chain(offering.translations.values().map(|t| &t.title))
                .map(|title| title.split_whitespace().count())
                .max()
                .unwrap_or(0)
                .min(255) as u8,
        }
    }
}

/// What the index keeps of an offering besides its [`Facts`].
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Doc {
    pub id: Uuid,
    pub organisation: Option<Uuid>,
    /// Its schedules are sessions, not opening hours ([`Offering::has_sessions`]).
    pub sessions: bool,
    /// Where its parts end in `bytes`, in the order of [`Part`].
    ends: [u32; 3],
    /// Its title folded for sorting, its folded English title (empty when not
    /// translated), its words and its schedules and closures, one after the
    /// other: one allocation a document, where one each took most of the time of
    /// reading a snapshot of 50,000 (and the memory for their bookkeeping).
    /// The words are its own (organisation name not included), as ascending term
    /// ids, each written as the varint of its distance to the one before.
    #[serde(with = "as_bytes::byte_string")]
    bytes: Box<[u8]>,
    /// The first bytes of its titles (Dutch, English), for quick sorting: here and
    /// not in [`Facts`], which every search reads for every offering, so that those
    /// stay small.
    /// Not kept in a snapshot: made again from the titles as it is read
    /// ([`Doc::after_snapshot`]; as varints they took 38 bytes a doc to read).
    #[serde(skip)]
    title_starts: [u128; 2],
    /// Its schedules and closures, read from `bytes` when the agenda first asks
    /// for them: the day's agenda comes with the snapshot, so a reopen on the same
    /// day need not read them at all.
    #[serde(skip)]
    times: OnceLock<Times>,
}

/// The parts of [`Doc::bytes`].
#[derive(Clone, Copy)]
enum Part {
    Title,
    EnglishTitle,
    Words,
    Times,
}

/// An offering's schedules and closures: only the patterns and dates.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Times {
    #[serde(with = "as_bytes::schedules")]
    pub schedules: Box<[Schedule]>,
    #[serde(with = "as_bytes::exceptions")]
    pub exceptions: Box<[ScheduleException]>,
}

impl Doc {
    pub fn new(offering: &Offering, words: &[u8]) -> Doc {
        let english_title = offering
            .translations
            .get(Lang::En.code())
            .map_or(String::new(), |t| fold::fold_text(&t.title));
        // Only the patterns and dates matter here, not their descriptions.
        let times = Times {
            schedules: offering
                .schedules
                .iter()
                .map(|s| Schedule {
                    description: None,
                    byday: s.byday.clone(),
                    ..*s
                })
                .collect(),
            exceptions: offering
                .exceptions
                .iter()
                .map(|e| ScheduleException { note: None, ..*e })
                .collect(),
        };
        let mut bytes = fold::fold_text(&offering.title).into_bytes();
        let mut ends = [0; 3];
        for (end, part) in ends.iter_mut().zip([english_title.as_bytes(), words]) {
            *end = bytes.len() as u32;
            bytes.extend_from_slice(part);
        }
        ends[2] = bytes.len() as u32;
        let bytes = postcard::to_extend(&times, bytes).expect("times are always written");
        let mut doc = Doc {
            id: offering.id,
            organisation: offering.organisation_id,
            sessions: offering.has_sessions(),
            ends,
            bytes: bytes.into(),
            title_starts: Default::default(),
            times: OnceLock::from(times),
        };
        doc.after_snapshot()
            .expect("a document made from an offering is whole");
        doc
    }

    /// Makes what a snapshot does not keep, once its parts are found whole.
    pub fn after_snapshot(&mut self) -> Result<(), String> {
        let [title, english, words] = self.ends;
        if !(title <= english && english <= words && words as usize <= self.bytes.len()) {
            return Err(format!("the parts of {} overlap", self.id));
        }
        for part in [Part::Title, Part::EnglishTitle] {
            std::str::from_utf8(self.part(part))
                .map_err(|_| format!("a title of {} is not text", self.id))?;
        }
        let english = match self.part(Part::EnglishTitle) {
            [] => self.part(Part::Title),
            english => english,
        };
        self.title_starts = [title_start(self.part(Part::Title)), title_start(english)];
        Ok(())
    }

    fn part(&self, part: Part) -> &[u8] {
        let start = match part {
            Part::Title => 0,
            _ => self.ends[part as usize - 1] as usize,
        };
        let end = self
            .ends
            .get(part as usize)
            .map_or(self.bytes.len(), |e| *e as usize);
        &self.bytes[start..end]
    }

    /// Its folded title in `lang`: the Dutch one when it has no English one.
    pub fn title(&self, lang: Lang) -> &str {
        let text = |part| std::str::from_utf8(self.part(part)).unwrap_or_default();
        match (lang, text(Part::EnglishTitle)) {
            (Lang::En, english) if !english.is_empty() => english,
            _ => text(Part::Title),
        }
    }

    pub fn title_start(&self, lang: Lang) -> u128 {
        self.title_starts[lang_index(lang)]
    }

    /// Its own words as [`pack_ids`] wrote them.
    pub fn words(&self) -> &[u8] {
        self.part(Part::Words)
    }

    /// Its schedules and closures; none when the bytes they were kept in are
    /// damaged (the index is a copy: the offering's own record still has them).
    pub fn times(&self) -> &Times {
        self.times
            .get_or_init(|| postcard::from_bytes(self.part(Part::Times)).unwrap_or_default())
    }
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::Nl => 0,
        Lang::En => 1,
    }
}

/// The first sixteen bytes of a folded title as a number that sorts like them.
fn title_start(title: &[u8]) -> u128 {
    let mut bytes = [0u8; 16];
    let n = title.len().min(16);
    bytes[..n].copy_from_slice(&title[..n]);
    u128::from_be_bytes(bytes)
}

/// Writes ascending ids as varints of their distances.
pub(crate) fn pack_ids(ids: impl IntoIterator<Item = u32>) -> Box<[u8]> {
    let mut out = Vec::new();
    let mut previous = 0;
    for id in ids {
        let mut gap = id - previous;
        previous = id;
        while gap >= 0x80 {
            out.push((gap as u8 & 0x7f) | 0x80);
            gap >>= 7;
        }
        out.push(gap as u8);
    }
    out.into()
}

/// Reads what [`pack_ids`] wrote.
pub(crate) fn unpack_ids(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut at = 0;
    let mut previous = 0u32;
    std::iter::from_fn(move || {
        let mut gap = 0u32;
        let mut shift = 0;
        loop {
            let byte = *bytes.get(at)?;
            at += 1;
            gap |= u32::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                break;
            }
            shift += 7;
        }
        previous += gap;
        Some(previous)
    })
}

/// The positions of `terms` in their vocabulary, as bits.
pub(crate) fn bits<V: Vocabulary + PartialEq>(terms: &[V]) -> u32 {
    terms
        .iter()
        .fold(0, |bits, term| bits | 1 << position(*term))
}

/// The position of a term in its vocabulary's `ALL`.
pub(crate) fn position<V: Vocabulary + PartialEq>(term: V) -> usize {
    V::ALL.iter().position(|t| *t == term).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::sample_offering;
    use crate::vocab::{HealthDimension, Theme};

    /// Every demo offering's schedules and closures come back from an index
    /// snapshot as they were (times, dates, ordinals, notes).
    #[test]
    fn schedules_come_back_from_a_snapshot_as_they_were() {
        #[derive(serde::Serialize, serde::Deserialize)]
        struct Kept {
            #[serde(with = "as_bytes::schedules")]
            schedules: Box<[Schedule]>,
            #[serde(with = "as_bytes::exceptions")]
            exceptions: Box<[ScheduleException]>,
        }
        let guide = crate::demo::neighbourhood().expect("the demo data parses");
        let mut closures = 0;
        for offering in &guide.offerings {
            let kept = Kept {
                schedules: offering.schedules.clone().into(),
                exceptions: offering.exceptions.clone().into(),
            };
            let bytes = postcard::to_extend(&kept, Vec::new()).expect("written");
            let back: Kept = postcard::from_bytes(&bytes).expect("read back");
            assert_eq!(*back.schedules, *offering.schedules, "{}", offering.title);
            assert_eq!(*back.exceptions, *offering.exceptions, "{}", offering.title);
            closures += offering.exceptions.len();
        }
        assert!(closures > 0, "the demo has closures to carry");
    }

    /// A document read from a snapshot whose parts do not fit its bytes, or
    /// whose title is not text, is refused rather than misread.
    #[test]
    fn a_document_that_does_not_hold_together_is_refused() {
        let doc = Doc::new(&sample_offering(), &pack_ids([3, 9]));
        assert_eq!(unpack_ids(doc.words()).collect::<Vec<_>>(), [3, 9]);
        let mut ends = doc.clone();
        ends.ends[2] = ends.bytes.len() as u32 + 1;
        assert!(ends.after_snapshot().is_err());
        let mut crossed = doc.clone();
        crossed.ends[0] = crossed.ends[2];
        assert!(crossed.after_snapshot().is_err(), "a title past the words");
        let mut not_text = doc.clone();
        not_text.bytes[0] = 0xff;
        assert!(not_text.after_snapshot().is_err());
        let mut whole = doc.clone();
        assert!(whole.after_snapshot().is_ok());
        assert_eq!(whole.times().schedules, doc.times().schedules);
    }

    #[test]
    fn words_come_with_their_field_and_language() {
        let mut words = Vec::new();
        for_each_word(&sample_offering(), |w, f, l| {
            words.push((w.to_string(), f, l))
        });
        let has = |w: &str, f: Field| words.iter().any(|(x, y, _)| x == w && *y == f);
        assert!(has("wandelen", Field::Title));
        assert!(has("huisarts", Field::Title));
        assert!(has("park", Field::Summary));
        assert!(has("wandelen", Field::Tags));
        assert!(
            !words.iter().any(|(_, f, _)| *f == Field::Themes),
            "theme names are facts"
        );
    }

    #[test]
    fn facts_are_packed_as_bits() {
        let offering = sample_offering();
        let doc = Doc::new(&offering, &[]);
        let facts = Facts::new(&offering, None);
        assert_eq!(
            facts.themes,
            (1 << position(Theme::Exercise) | 1 << position(Theme::MeetingPeople)) as u16
        );
        assert_eq!(facts.dimensions & 1 << position(HealthDimension::Body), 1);
        assert!(facts.free && facts.formal);
        assert!(Visibility::of(offering.status).shown_in(Scope::Public));
        assert!(!Visibility::of(Status::Draft).shown_in(Scope::Public));
        assert!(Visibility::of(Status::Draft).shown_in(Scope::Everything));
        assert!(!Visibility::Free.shown_in(Scope::Everything));
        assert_eq!(facts.languages, 1);
        assert_ne!(facts.needs & 1 << position(Need::MoveMore), 0);
        assert_eq!(facts.needs & 1 << position(Need::MoneyWorries), 0);
        assert_eq!(doc.title(Lang::Nl), "wandelen met de huisarts");
        assert!(doc.title_start(Lang::Nl) > title_start(b"wandel"));
        assert!(doc.title_start(Lang::Nl) < title_start(b"wandelgroep"));
        assert!(title_start(b"wandelgroep oost") < title_start(b"wandelgroep west"));
    }

    #[test]
    fn ids_pack_into_a_few_bytes_and_back() {
        let ids = [0, 1, 5, 127, 128, 300, 16_384, 1_000_000, u32::MAX];
        let packed = pack_ids(ids);
        assert!(packed.len() < ids.len() * 4);
        assert_eq!(unpack_ids(&packed).collect::<Vec<_>>(), ids);
        assert_eq!(unpack_ids(&pack_ids([])).count(), 0);
    }

    #[test]
    fn every_field_has_its_own_bit() {
        let all = Field::ALL.iter().fold(0u8, |bits, f| bits | f.bit());
        assert_eq!(all.count_ones(), 7);
        assert_eq!(Field::in_bits(all), Field::ALL);
    }
}

/// Schedules in an index snapshot, in a form of their own: their serde leaves
/// absent fields out, which a binary format without field names cannot read
/// back, and writing them as JSON made a third of a reopen's reading (50,000
/// offerings: 23 of 64 ms natively, more in WASM). Times as seconds since
/// midnight, dates as days since the common era, weekdays as numbers.
pub(crate) mod as_bytes {
    use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::schedule::{ByDay, Frequency, Schedule, ScheduleException};

    #[derive(Serialize, Deserialize)]
    struct Kept {
        freq: Frequency,
        interval: u32,
        byday: Vec<(Option<i8>, u8)>,
        opens_at: Option<u32>,
        closes_at: Option<u32>,
        valid_from: Option<i32>,
        valid_to: Option<i32>,
        dtstart: Option<i32>,
        until: Option<i32>,
        description: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    struct KeptException {
        date: i32,
        closed: bool,
        opens_at: Option<u32>,
        closes_at: Option<u32>,
        note: Option<String>,
    }

    fn time(t: Option<NaiveTime>) -> Option<u32> {
        t.map(|t| t.num_seconds_from_midnight())
    }

    fn time_back<E: Error>(seconds: Option<u32>) -> Result<Option<NaiveTime>, E> {
        seconds
            .map(|s| {
                NaiveTime::from_num_seconds_from_midnight_opt(s, 0)
                    .ok_or_else(|| E::custom("a time out of range"))
            })
            .transpose()
    }

    fn date(d: Option<NaiveDate>) -> Option<i32> {
        d.map(|d| d.num_days_from_ce())
    }

    fn date_back<E: Error>(days: Option<i32>) -> Result<Option<NaiveDate>, E> {
        days.map(|d| {
            NaiveDate::from_num_days_from_ce_opt(d).ok_or_else(|| E::custom("a date out of range"))
        })
        .transpose()
    }

    pub mod schedules {
        use super::*;

        pub fn serialize<S: Serializer>(value: &[Schedule], s: S) -> Result<S::Ok, S::Error> {
            let kept: Vec<Kept> = value
                .iter()
                .map(|schedule| Kept {
                    freq: schedule.freq,
                    interval: schedule.interval,
                    byday: schedule
                        .byday
                        .iter()
                        .map(|b| (b.ordinal, b.weekday.num_days_from_monday() as u8))
                        .collect(),
                    opens_at: time(schedule.opens_at),
                    closes_at: time(schedule.closes_at),
                    valid_from: date(schedule.valid_from),
                    valid_to: date(schedule.valid_to),
                    dtstart: date(schedule.dtstart),
                    until: date(schedule.until),
                    description: schedule.description.clone(),
                })
                .collect();
            kept.serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Box<[Schedule]>, D::Error> {
            Vec::<Kept>::deserialize(d)?
                .into_iter()
                .map(|kept| {
                    let byday = kept
                        .byday
                        .into_iter()
                        .map(|(ordinal, day)| {
                            Weekday::try_from(day)
                                .map(|weekday| ByDay { ordinal, weekday })
                                .map_err(|_| D::Error::custom("a weekday out of range"))
                        })
                        .collect::<Result<_, _>>()?;
                    Ok(Schedule {
                        freq: kept.freq,
                        interval: kept.interval,
                        byday,
                        opens_at: time_back(kept.opens_at)?,
                        closes_at: time_back(kept.closes_at)?,
                        valid_from: date_back(kept.valid_from)?,
                        valid_to: date_back(kept.valid_to)?,
                        dtstart: date_back(kept.dtstart)?,
                        until: date_back(kept.until)?,
                        description: kept.description,
                    })
                })
                .collect()
        }
    }

    /// Bytes as one byte string (postcard: a length and the bytes), not as a
    /// sequence of numbers read one by one (two bytes each from 128 up).
    pub mod byte_string {
        use serde::de::{SeqAccess, Visitor};

        use super::*;

        pub fn serialize<S: Serializer>(value: &[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(value)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Box<[u8]>, D::Error> {
            struct Bytes;
            impl<'de> Visitor<'de> for Bytes {
                type Value = Box<[u8]>;

                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("bytes")
                }

                fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Self::Value, E> {
                    Ok(bytes.into())
                }

                fn visit_byte_buf<E: Error>(self, bytes: Vec<u8>) -> Result<Self::Value, E> {
                    Ok(bytes.into_boxed_slice())
                }

                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                    let mut bytes = Vec::new();
                    while let Some(byte) = seq.next_element()? {
                        bytes.push(byte);
                    }
                    Ok(bytes.into_boxed_slice())
                }
            }
            d.deserialize_bytes(Bytes)
        }
    }

    /// Numbers as their little-endian bytes in one byte string: read back at
    /// the speed of a copy, where a sequence of varints is read number by number
    /// (a guide's postings are millions of numbers: 18 of the 64 ms of reading
    /// the snapshot of 50,000 offerings).
    pub mod u32s {
        use super::*;

        pub fn serialize<S: Serializer>(value: &[u32], s: S) -> Result<S::Ok, S::Error> {
            let bytes: Vec<u8> = value.iter().flat_map(|n| n.to_le_bytes()).collect();
            s.serialize_bytes(&bytes)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u32>, D::Error> {
            struct Numbers;
            impl<'de> serde::de::Visitor<'de> for Numbers {
                type Value = Vec<u32>;

                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("numbers as bytes")
                }

                fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Vec<u32>, E> {
                    let numbers = bytes.chunks_exact(4);
                    if !numbers.remainder().is_empty() {
                        return Err(E::custom("numbers cut short"));
                    }
                    // Into room made first: copied as a block, not pushed one by one.
                    let mut read = vec![0; bytes.len() / 4];
                    for (number, n) in read.iter_mut().zip(numbers) {
                        *number = u32::from_le_bytes([n[0], n[1], n[2], n[3]]);
                    }
                    Ok(read)
                }
            }
            d.deserialize_bytes(Numbers)
        }
    }

    pub mod exceptions {
        use super::*;

        pub fn serialize<S: Serializer>(
            value: &[ScheduleException],
            s: S,
        ) -> Result<S::Ok, S::Error> {
            let kept: Vec<KeptException> = value
                .iter()
                .map(|e| KeptException {
                    date: e.date.num_days_from_ce(),
                    closed: e.closed,
                    opens_at: time(e.opens_at),
                    closes_at: time(e.closes_at),
                    note: e.note.clone(),
                })
                .collect();
            kept.serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            d: D,
        ) -> Result<Box<[ScheduleException]>, D::Error> {
            Vec::<KeptException>::deserialize(d)?
                .into_iter()
                .map(|kept| {
                    Ok(ScheduleException {
                        date: date_back(Some(kept.date))?.expect("a date was given"),
                        closed: kept.closed,
                        opens_at: time_back(kept.opens_at)?,
                        closes_at: time_back(kept.closes_at)?,
                        note: kept.note,
                    })
                })
                .collect()
        }
    }
}
