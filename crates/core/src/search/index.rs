//! The index itself: offerings by slot, the vocabulary with its postings, the
//! organisation names and neighbourhoods, kept up to date record by record.

use std::sync::{Mutex, PoisonError};

use uuid::Uuid;

use super::agenda::Agenda;
use super::document::{self, Doc, Facts, Field, Visibility, pack_ids, unpack_ids};
use super::fold;
use super::hash::FastMap;
use super::labels::Target;
use super::score::Scratch;
use super::terms::{FIELD_BITS, TermId, Terms, posting, posting_fields, posting_slot};
use crate::model::{Offering, Organisation};

/// A search index over the guide's offerings, built once and then kept current by
/// [`SearchIndex::upsert`], [`SearchIndex::remove`] and
/// [`SearchIndex::set_organisation`] as sync brings changes. Searching is
/// [`SearchIndex::search`].
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct SearchIndex {
    pub(super) terms: Terms,
    /// By slot; `None` for a slot that is free for reuse.
    pub(super) docs: Vec<Option<Doc>>,
    /// By slot, what searches look at most.
    pub(super) facts: Vec<Facts>,
    /// By slot, the facts a label can name ([`Target::of`]).
    pub(super) labelled: Vec<Target>,
    /// By slot, whether it is shown; [`Visibility::Free`] for a free slot.
    pub(super) visibility: Vec<Visibility>,
    slots: FastMap<Uuid, u32>,
    free: Vec<u32>,
    organisations: FastMap<Uuid, OrganisationWords>,
    pub(super) places: Places,
    /// Time facts for the date of the last search, kept current on every change
    /// (and in a snapshot; a search on another date makes them again).
    #[serde(serialize_with = "kept_agenda")]
    pub(super) agenda: Mutex<Option<Agenda>>,
    /// What one search leaves for the next.
    #[serde(skip)]
    pub(super) scratch: Mutex<Scratch>,
    /// Counts the changes to the index: what a search kept of an earlier one is
    /// used only while it is the same.
    #[serde(skip)]
    pub(super) generation: u64,
}

/// The agenda as it is, also when a search that panicked held its lock.
fn kept_agenda<S: serde::Serializer>(
    agenda: &Mutex<Option<Agenda>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&*agenda.lock().unwrap_or_else(PoisonError::into_inner), s)
}

/// An organisation's name as words, and the offerings it runs.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct OrganisationWords {
    words: Box<[TermId]>,
    slots: Vec<u32>,
}

impl SearchIndex {
    pub fn new() -> SearchIndex {
        SearchIndex::default()
    }

    /// An index of `offerings`, whose organisation names come from `organisations`.
    pub fn from_offerings<'a>(
        offerings: impl IntoIterator<Item = &'a Offering>,
        organisations: impl IntoIterator<Item = &'a Organisation>,
    ) -> SearchIndex {
        let mut index = SearchIndex::new();
        for organisation in organisations {
            let words = index.name_words(&organisation.name);
            index
                .organisations
                .entry(organisation.id)
                .or_default()
                .words = words;
        }
        for offering in offerings {
            index.insert(offering);
        }
        index.terms.settle();
        index.terms.shrink();
        index
    }

    /// Adds an offering, or replaces the one with its id.
    pub fn upsert(&mut self, offering: &Offering) {
        self.insert(offering);
        self.terms.settle();
    }

    /// Adds or replaces every offering of `offerings`, settling the vocabulary once
    /// (a pulled page of a thousand: one sort of its new words, not a thousand
    /// insertions into the sorted lists).
    pub fn upsert_all<'a>(&mut self, offerings: impl IntoIterator<Item = &'a Offering>) {
        for offering in offerings {
            self.insert(offering);
        }
        self.terms.settle();
    }

    /// Removes the offering with this id; false if it was not there.
    pub fn remove(&mut self, id: Uuid) -> bool {
        let Some(slot) = self.slots.remove(&id) else {
            return false;
        };
        self.take(slot);
        self.free.push(slot);
        self.update_agenda(slot);
        true
    }

    /// Sets the name of an organisation, which its offerings can be found by.
    pub fn set_organisation(&mut self, id: Uuid, name: &str) {
        self.generation += 1;
        let words = self.name_words(name);
        let slots = self
            .organisations
            .get(&id)
            .map(|o| o.slots.clone())
            .unwrap_or_default();
        let own: Vec<Vec<u32>> = slots.iter().map(|&slot| self.own_entries(slot)).collect();
        for &slot in &slots {
            self.remove_postings(slot);
        }
        self.organisations.entry(id).or_default().words = words;
        for (&slot, own) in slots.iter().zip(own) {
            self.add_postings(slot, own);
        }
        self.terms.settle();
    }

    /// How many offerings it holds (of any status).
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    pub fn contains(&self, id: Uuid) -> bool {
        self.slots.contains_key(&id)
    }

    fn insert(&mut self, offering: &Offering) {
        self.generation += 1;
        let slot = match self.slots.get(&offering.id) {
            Some(&slot) => {
                self.take(slot);
                slot
            }
            None => {
                let slot = self.free.pop().unwrap_or_else(|| {
                    u32::try_from(self.docs.len()).expect("fewer than 2^32 offerings")
                });
                self.slots.insert(offering.id, slot);
                slot
            }
        };
        let own = self.offering_words(offering);
        let place = offering
            .location
            .as_ref()
            .and_then(|l| self.places.add(&l.neighbourhood));
        let doc = Doc::new(offering, &pack_ids(own.iter().map(|e| e >> FIELD_BITS)));
        let facts = Facts::new(offering, place);
        if let Some(organisation) = doc.organisation {
            self.organisations
                .entry(organisation)
                .or_default()
                .slots
                .push(slot);
        }
        let visibility = Visibility::of(offering.status);
        if slot as usize == self.docs.len() {
            self.docs.push(Some(doc));
            self.labelled.push(Target::of(&facts));
            self.facts.push(facts);
            self.visibility.push(visibility);
        } else {
            self.docs[slot as usize] = Some(doc);
            self.labelled[slot as usize] = Target::of(&facts);
            self.facts[slot as usize] = facts;
            self.visibility[slot as usize] = visibility;
        }
        self.add_postings(slot, own);
        self.update_agenda(slot);
    }

    /// Takes the offering in `slot` out of every list; the slot stays reserved.
    fn take(&mut self, slot: u32) {
        self.generation += 1;
        self.remove_postings(slot);
        let facts = std::mem::take(&mut self.facts[slot as usize]);
        self.labelled[slot as usize] = Target::default();
        self.visibility[slot as usize] = Visibility::Free;
        let Some(doc) = self.docs[slot as usize].take() else {
            return;
        };
        if let Some(organisation) = doc
            .organisation
            .and_then(|o| self.organisations.get_mut(&o))
        {
            organisation.slots.retain(|&s| s != slot);
        }
        if let Some(place) = facts.neighbourhood {
            self.places.release(place);
        }
    }

    fn update_agenda(&mut self, slot: u32) {
        let agenda = self
            .agenda
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(agenda) = agenda {
            agenda.update(
                slot,
                self.docs[slot as usize].as_ref(),
                self.visibility[slot as usize],
            );
        }
    }

    /// The words of an offering with their fields, as `term << FIELD_BITS | fields`,
    /// stop words left out.
    fn offering_words(&mut self, offering: &Offering) -> Vec<u32> {
        let mut words = Vec::new();
        document::for_each_word(offering, |word, field, lang| {
            if let Some(term) = self.terms.intern(word, lang) {
                words.push(term << FIELD_BITS | u32::from(field.bit()));
            }
        });
        merge_fields(&mut words);
        words
    }

    fn name_words(&mut self, name: &str) -> Box<[TermId]> {
        let mut words: Vec<TermId> = Vec::new();
        document::for_each_name_word(name, |word| words.extend(self.terms.intern(word, None)));
        words.sort_unstable();
        words.dedup();
        words.into()
    }

    /// Whether every list and id of the index fits the others: checked once as a
    /// snapshot is read (a damaged one is refused, and the index made from the
    /// records), as a search trusts them.
    pub(super) fn check_whole(&self) -> Result<(), String> {
        let slots = self.docs.len();
        if [self.facts.len(), self.labelled.len(), self.visibility.len()] != [slots; 3] {
            return Err("lists of other lengths than the documents".into());
        }
        let slot_ids = self.slots.values().chain(&self.free);
        let organisations = self.organisations.values();
        if slot_ids
            .chain(organisations.clone().flat_map(|o| &o.slots))
            .any(|&slot| slot as usize >= slots)
        {
            return Err("a slot out of range".into());
        }
        if organisations
            .flat_map(|o| &o.words)
            .any(|&t| !self.terms.has(t))
        {
            return Err("an organisation's word out of range".into());
        }
        let places = self.places.len();
        if self
            .facts
            .iter()
            .filter_map(|f| f.neighbourhood)
            .any(|p| p as usize >= places)
        {
            return Err("a neighbourhood out of range".into());
        }
        self.places.check()?;
        self.terms.check(slots)
    }

    /// The offering's own words with their fields, read back from the postings
    /// (without the organisation's field, which is not its own).
    fn own_entries(&self, slot: u32) -> Vec<u32> {
        let Some(doc) = &self.docs[slot as usize] else {
            return Vec::new();
        };
        let organisation = Field::Organisation.bit();
        unpack_ids(doc.words())
            .filter(|&term| self.terms.has(term))
            .map(|term| {
                let postings = &self.terms.term(term).postings;
                let at = postings.partition_point(|&p| posting_slot(p) < slot);
                let fields = postings.get(at).map_or(0, |&p| posting_fields(p)) & !organisation;
                term << FIELD_BITS | u32::from(fields)
            })
            .collect()
    }

    /// Adds the postings of the offering in `slot`: `own` words (as from
    /// [`SearchIndex::offering_words`]) and its organisation's name.
    fn add_postings(&mut self, slot: u32, mut entries: Vec<u32>) {
        let Some(doc) = &self.docs[slot as usize] else {
            return;
        };
        if let Some(organisation) = doc.organisation.and_then(|o| self.organisations.get(&o)) {
            let bit = u32::from(Field::Organisation.bit());
            entries.extend(organisation.words.iter().map(|&t| t << FIELD_BITS | bit));
            merge_fields(&mut entries);
        }
        for entry in entries {
            let fields = (entry & ((1 << FIELD_BITS) - 1)) as u8;
            let postings = &mut self.terms.term_mut(entry >> FIELD_BITS).postings;
            let new = posting(slot, fields);
            match postings.last() {
                Some(&last) if posting_slot(last) >= slot => {
                    let at = postings.partition_point(|&p| posting_slot(p) < slot);
                    postings.insert(at, new);
                }
                _ => postings.push(new),
            }
        }
    }

    fn remove_postings(&mut self, slot: u32) {
        let Some(doc) = &self.docs[slot as usize] else {
            return;
        };
        let own = unpack_ids(doc.words());
        let organisation = doc.organisation.and_then(|o| self.organisations.get(&o));
        let names = organisation.map_or(&[][..], |o| &o.words[..]);
        let terms: Vec<TermId> = own
            .chain(names.iter().copied())
            .filter(|&term| self.terms.has(term))
            .collect();
        for term in terms {
            let postings = &mut self.terms.term_mut(term).postings;
            let at = postings.partition_point(|&p| posting_slot(p) < slot);
            if postings.get(at).is_some_and(|&p| posting_slot(p) == slot) {
                postings.remove(at);
            }
        }
    }
}

/// Sorts `term << FIELD_BITS | fields` entries and merges the fields of each term.
fn merge_fields(entries: &mut Vec<u32>) {
    entries.sort_unstable();
    entries.dedup_by(|later, earlier| {
        let same = *later >> FIELD_BITS == *earlier >> FIELD_BITS;
        if same {
            *earlier |= *later;
        }
        same
    });
}

/// The neighbourhoods offerings are in, by id, with how many live offerings each.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Places {
    names: Vec<String>,
    ids: FastMap<Box<str>, u32>,
    live: Vec<u32>,
    /// Ids in name order, for the facet chips.
    by_name: Vec<u32>,
}

impl Places {
    /// The id of `name`, counting one more offering in it; `None` for no name.
    fn add(&mut self, name: &str) -> Option<u32> {
        let key = fold::fold_text(name);
        if key.is_empty() {
            return None;
        }
        let id = match self.ids.get(key.as_str()) {
            Some(&id) => id,
            None => {
                let id = self.names.len() as u32;
                let name = name.trim().to_string();
                let at = self
                    .by_name
                    .partition_point(|&other| self.names[other as usize] < name);
                self.by_name.insert(at, id);
                self.names.push(name);
                self.live.push(0);
                self.ids.insert(key.into(), id);
                id
            }
        };
        self.live[id as usize] += 1;
        Some(id)
    }

    fn release(&mut self, id: u32) {
        if let Some(live) = self.live.get_mut(id as usize) {
            *live = live.saturating_sub(1);
        }
    }

    /// The id of a neighbourhood name, compared without case or accents.
    pub fn id(&self, name: &str) -> Option<u32> {
        self.ids.get(fold::fold_text(name).as_str()).copied()
    }

    /// The neighbourhoods some offering is in, in name order, with their ids.
    pub fn in_use(&self) -> impl Iterator<Item = (u32, &str)> {
        self.by_name
            .iter()
            .filter(|&&id| self.live[id as usize] > 0)
            .map(|&id| (id, self.names[id as usize].as_str()))
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    fn check(&self) -> Result<(), String> {
        let names = self.names.len();
        let ids = self.ids.values().chain(&self.by_name);
        if self.live.len() != names
            || self.by_name.len() != names
            || ids.clone().any(|&id| id as usize >= names)
        {
            return Err("a neighbourhood list out of range".into());
        }
        Ok(())
    }
}
