//! The guide on this device as the screens see it: every record in memory, the
//! search index over them, and how sync is going. Screens read only this; the sync
//! engine and local edits write through [`Guide::apply`]. Provided as a context at
//! start ([`Guide::provide`]); screens get it with [`use_guide`].

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use chrono::{DateTime, Utc};
use leptos::prelude::*;
use uuid::Uuid;
use wijkgids_core::guide_snapshot::{self, Card, GuideSnapshot};
use wijkgids_core::model::{Offering, Organisation, Professional};
use wijkgids_core::record::Record;
use wijkgids_core::search::{Query, SearchIndex, SearchResults};
use wijkgids_core::vocab::RecordKind;
use wijkgids_core::wire::PublicGuide;

use crate::components::browser::{page_hidden, yield_to_browser};

/// What the sync status line says (and announces to screen readers).
#[derive(Debug, Clone, PartialEq)]
pub enum SyncStatus {
    /// Reading the device's store at start.
    Opening,
    /// The server cannot be reached; `waiting` local changes are not sent yet.
    Offline { waiting: usize },
    /// Pulling: `done` records received of about `total` (when the server says).
    Syncing { done: usize, total: Option<usize> },
    /// Everything received at `at`; `waiting` local changes not yet accepted.
    UpToDate { at: DateTime<Utc>, waiting: usize },
    /// The server no longer knows this device's sign-in (it expired or was ended):
    /// the app is anonymous again until the person signs in.
    SessionEnded,
    /// The device's store failed (e.g. full): `message` says what, in plain words.
    Failed { message: String },
}

/// One record that changed on the device.
#[derive(Debug, Clone, PartialEq)]
pub enum DeviceChange {
    Upsert(Record),
    Remove(RecordKind, Uuid),
}

impl DeviceChange {
    pub fn id(&self) -> Uuid {
        match self {
            DeviceChange::Upsert(record) => record.id(),
            DeviceChange::Remove(_, id) => *id,
        }
    }
}

#[derive(Default)]
struct Records {
    index: SearchIndex,
    /// Boxed as they come from the store (`Record::Offering`): moved in, not
    /// copied into the table (at 50,000 the copies and the table's growth kept
    /// tens of MB more in WASM memory, which never shrinks).
    offerings: HashMap<Uuid, Box<Offering>>,
    organisations: HashMap<Uuid, Organisation>,
    professionals: HashMap<Uuid, Professional>,
    /// The offerings' cards from the guide's snapshot, read chunk by chunk as
    /// screens ask for them, while the guide is opened from it and its records
    /// are not read yet ([`Guide::open_with`]).
    cards: HashMap<Uuid, Card>,
    /// While the guide is opened from its snapshot: what it holds and how its
    /// cards are read.
    snapshot: Option<OpenSnapshot>,
    /// Records shown before the device had its own copy (sent with the page, or
    /// the public guide the first screen fetched): each stops being provisional
    /// when the store or a pull brings it, and what is left when the first pull
    /// ends is gone from the guide ([`Guide::retire_provisional`]).
    provisional: HashSet<Uuid>,
    /// Whether the first screen's public guide was shown (the whole guide).
    public_guide_shown: bool,
}

/// The guide's snapshot the guide is opened from.
struct OpenSnapshot {
    /// Every offering it holds, at the version of its card.
    versions: HashMap<Uuid, u64>,
    chunks: usize,
    /// The chunks asked for so far.
    asked: HashSet<usize>,
    read: ReadCards,
}

/// Reads a chunk of the snapshot's cards (by number) and gives them to
/// [`Guide::add_cards`]; the sync engine, which holds the store, provides it.
pub type ReadCards = Rc<dyn Fn(usize)>;

#[derive(Clone, Copy)]
pub struct Guide {
    /// Raised whenever records change; reads below track it, so screens re-render.
    revision: RwSignal<u64>,
    status: RwSignal<SyncStatus>,
    /// The device fills an empty guide ([`crate::store::Store::arriving`]).
    arriving: RwSignal<bool>,
    records: StoredValue<Records, LocalStorage>,
}

/// The public offerings the server put in the page of a shared link (an offering,
/// a search; see the server's `web/page_fill.rs`): shown at once on a device that
/// does not hold the guide yet, and replaced by the first pull.
pub fn records_sent_with_page() -> Vec<DeviceChange> {
    let json = leptos::prelude::document()
        .get_element_by_id("wijkgids-records")
        .and_then(|script| script.text_content());
    let offerings: Vec<Offering> = json
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    offerings
        .into_iter()
        .filter(Offering::is_public)
        .map(|o| DeviceChange::Upsert(Record::Offering(Box::new(o))))
        .collect()
}

/// Offerings whose cards are made in one task when the guide's snapshot is made:
/// about 25 ms on a slow phone (the demo guide's 250 at once took 100 ms at a
/// fourth of a laptop's speed).
const CARDS_PER_TASK: usize = 100;

/// Between two parts of the snapshot: the browser runs, unless the page is out of
/// sight. There the parts go at once: made under the one-tab lock, a hidden tab's
/// slowed timers (a second a part) held up another tab's sync for minutes at
/// 50,000, and a tab never shown again must still keep it (helper-78's and
/// helper-79's reviews).
async fn yield_between_parts() {
    if !page_hidden() {
        yield_to_browser().await;
    }
}

/// The window property where the first screen leaves the public guide it fetched
/// for a new device, as JSON (`core::wire::PublicGuide`; `crate::finder`).
pub const PUBLIC_GUIDE: &str = "wijkgidsPublicGuide";

/// The public guide the first screen fetched and searched, if it did: shown (the
/// same results, no jump) until the first pull has brought the records.
pub fn public_guide_from_first_screen() -> Vec<DeviceChange> {
    let window = leptos::prelude::window();
    let json = js_sys::Reflect::get(&window, &PUBLIC_GUIDE.into())
        .ok()
        .and_then(|json| json.as_string());
    let _ = js_sys::Reflect::delete_property(&window, &PUBLIC_GUIDE.into());
    let guide: PublicGuide = json
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    let organisations = guide
        .organisations
        .into_iter()
        .map(|o| DeviceChange::Upsert(Record::Organisation(o)));
    let offerings = guide
        .offerings
        .into_iter()
        .filter(Offering::is_public)
        .map(|o| DeviceChange::Upsert(Record::Offering(Box::new(o))));
    organisations.chain(offerings).collect()
}

impl Default for Guide {
    fn default() -> Self {
        Guide::new()
    }
}

/// The guide provided at start.
pub fn use_guide() -> Guide {
    expect_context::<Guide>()
}

impl Guide {
    /// An empty guide, provided as context to everything below the caller.
    pub fn provide() -> Guide {
        let guide = Guide::new();
        provide_context(guide);
        guide
    }

    /// An empty guide, to be provided later ([`crate::app::App`]).
    pub fn new() -> Guide {
        Guide {
            revision: RwSignal::new(0),
            status: RwSignal::new(SyncStatus::Opening),
            arriving: RwSignal::new(false),
            records: StoredValue::new_local(Records::default()),
        }
    }

    pub fn status(&self) -> SyncStatus {
        self.status.get()
    }

    pub fn set_status(&self, status: SyncStatus) {
        self.status.set(status);
    }

    /// Whether what the guide shows is only part of it: its records are not
    /// read yet, or the device fills an empty guide and the first screen had
    /// no public guide to show meanwhile. Lists then say that more is coming,
    /// not that there is nothing (tracked).
    pub fn partial(&self) -> bool {
        let opening = self.status() == SyncStatus::Opening && self.card_count() == 0;
        opening || (self.arriving.get() && !self.records.with_value(|r| r.public_guide_shown))
    }

    /// Whether an offering the guide does not show is surely not in it: its
    /// records are read and the device is not filling an empty guide (tracked).
    pub fn complete(&self) -> bool {
        self.status() != SyncStatus::Opening && !self.arriving.get()
    }

    pub fn set_arriving(&self, arriving: bool) {
        self.arriving.set(arriving);
    }

    /// The public guide the first screen fetched, shown until the device's
    /// own pull brings it: the whole guide, though provisional.
    pub fn apply_public_guide(&self, changes: Vec<DeviceChange>) {
        if changes.is_empty() {
            return;
        }
        self.records
            .update_value(|records| records.public_guide_shown = true);
        self.apply_provisional(changes);
    }

    /// Shows the guide's snapshot (`core::guide_snapshot`) while the device's
    /// records are read: searches work at once, and result cards once `read` has
    /// brought their chunk (asked for when a screen first shows one of them).
    pub fn show_snapshot(&self, snapshot: GuideSnapshot, read: ReadCards) {
        self.records.update_value(|records| {
            records.index = snapshot.index;
            records.snapshot = Some(OpenSnapshot {
                versions: snapshot.versions.into_iter().collect(),
                chunks: snapshot.chunks,
                asked: HashSet::new(),
                read,
            });
        });
        self.revision.update(|r| *r += 1);
    }

    /// Cards of the snapshot the guide is opened from, read from a chunk.
    pub fn add_cards(&self, cards: Vec<Card>) {
        let added = self.records.try_update_value(|records| {
            records.snapshot.is_some().then(|| {
                records.cards.extend(cards.into_iter().map(|c| (c.id, c)));
            })
        });
        if added.flatten().is_some() {
            self.revision.update(|r| *r += 1);
        }
    }

    /// Puts the records read at start in the guide. After [`Guide::show_snapshot`]
    /// of exactly these records (`same_mark`: the store had not changed since it
    /// was made; and every offering has its card's version) they are kept as they
    /// are, the index left as it came; otherwise the index is made from them.
    pub fn open_with(&self, changes: Vec<DeviceChange>, same_mark: bool) {
        let snapshot = self
            .records
            .try_update_value(|records| {
                records.cards = HashMap::new();
                records.snapshot.take()
            })
            .flatten();
        let Some(snapshot) = snapshot else {
            return self.apply(changes);
        };
        if same_mark && shows_the_versions(&changes, &snapshot.versions) {
            drop(snapshot);
            self.records.update_value(|records| {
                for change in changes {
                    records.keep(change);
                }
            });
            self.revision.update(|r| *r += 1);
        } else {
            self.records
                .update_value(|records| records.index = SearchIndex::default());
            self.apply(changes);
        }
    }

    /// The guide made again from `changes`, the whole local view as read from
    /// the store once more (another tab wrote it): what is not in it goes.
    pub fn replace_with(&self, changes: Vec<DeviceChange>) {
        self.records.update_value(|records| {
            *records = Records {
                public_guide_shown: records.public_guide_shown,
                ..Records::default()
            };
        });
        self.apply(changes);
    }

    /// Shows records the device does not hold yet (see `Records::provisional`).
    pub fn apply_provisional(&self, changes: Vec<DeviceChange>) {
        if changes.is_empty() {
            return;
        }
        let ids: Vec<Uuid> = changes.iter().map(DeviceChange::id).collect();
        self.apply(changes);
        self.records
            .update_value(|records| records.provisional.extend(ids));
    }

    /// After the first pull: what was shown provisionally and the pull did not
    /// bring is no longer in the guide.
    pub fn retire_provisional(&self) {
        let gone = self
            .records
            .try_update_value(|records| std::mem::take(&mut records.provisional))
            .unwrap_or_default();
        if gone.is_empty() {
            return;
        }
        self.records.update_value(|records| {
            for id in gone {
                if records.offerings.remove(&id).is_some() {
                    records.index.remove(id);
                }
                records.organisations.remove(&id);
            }
        });
        self.revision.update(|r| *r += 1);
    }

    /// The guide's snapshot, for the next opening; `None` while it is still
    /// opened from one.
    ///
    /// Made a part at a time ([`CARDS_PER_TASK`] cards, then the index), the
    /// browser drawing and answering taps in between; `None` too when the guide's
    /// offerings changed meanwhile (the next sync keeps one).
    pub async fn snapshot(&self) -> Option<guide_snapshot::Encoded> {
        let held: Vec<(Uuid, u64)> = self.records.with_value(|r| {
            r.snapshot
                .is_none()
                .then(|| r.offerings.values().map(|o| (o.id, o.version)).collect())
        })?;
        let mut encoder = guide_snapshot::Encoder::new(held.len());
        for part in held.chunks(CARDS_PER_TASK) {
            yield_between_parts().await;
            let unchanged = self.records.with_value(|r| {
                part.iter().all(|(id, version)| match r.offerings.get(id) {
                    Some(offering) if offering.version == *version => {
                        encoder.add(offering);
                        true
                    }
                    _ => false,
                })
            });
            if !unchanged {
                return None;
            }
        }
        yield_between_parts().await;
        self.records.with_value(|r| {
            let unchanged = r.snapshot.is_none()
                && r.offerings.len() == held.len()
                && held
                    .iter()
                    .all(|(id, version)| r.offerings.get(id).map(|o| o.version) == Some(*version));
            unchanged.then(|| encoder.finish(&r.index))
        })
    }

    /// Applies changed records (a sync page, a local edit, the store read at start)
    /// record by record, without rebuilding the search index.
    pub fn apply(&self, changes: impl IntoIterator<Item = DeviceChange>) {
        self.apply_unshown(changes);
        self.show_changes();
    }

    /// The screens show what changed since they were last drawn.
    pub fn show_changes(&self) {
        self.revision.update(|r| *r += 1);
    }

    /// As [`Guide::apply`], but the screens are drawn again only at the next
    /// [`Guide::show_changes`]: the pages of a pull come every tenth of a second,
    /// and a front page's list of today, drawn again for each of 53 pages, took
    /// seconds of a first sync of 50,000 offerings.
    pub fn apply_unshown(&self, changes: impl IntoIterator<Item = DeviceChange>) {
        let mut changes: Vec<DeviceChange> = changes.into_iter().collect();
        // Organisations first (in their own order): an offering indexed after its
        // organisation's name is known is indexed once; the other way round, setting
        // the name redoes every offering of the organisation (5.1 s against 1.5 s for
        // 50,000 on reopen). Only the order between kinds changes, which no result
        // depends on.
        changes.sort_by_key(|change| {
            !matches!(
                change,
                DeviceChange::Upsert(Record::Organisation(_))
                    | DeviceChange::Remove(RecordKind::Organisation, _)
            )
        });
        self.records.update_value(|records| {
            // Offerings in a row are indexed together (`SearchIndex::upsert_all`).
            let mut offerings = Vec::new();
            for change in changes {
                match change {
                    DeviceChange::Upsert(Record::Offering(offering)) => offerings.push(offering),
                    change => {
                        records.upsert_offerings(std::mem::take(&mut offerings));
                        records.apply(change);
                    }
                }
            }
            records.upsert_offerings(offerings);
        });
    }

    pub fn search(&self, query: &Query) -> SearchResults {
        self.revision.track();
        self.records.with_value(|r| r.index.search(query))
    }

    /// The whole offering (`None` while the guide is opened from its snapshot
    /// and the records are not read yet: a page waits for them).
    pub fn offering(&self, id: Uuid) -> Option<Offering> {
        self.revision.track();
        self.records
            .with_value(|r| r.offerings.get(&id).map(|o| (**o).clone()))
    }

    /// What a result card shows of an offering: the whole offering, or its card
    /// from the guide's snapshot (long texts left out) until the records are read.
    /// A card whose chunk is not read yet is asked for: `None` until it comes
    /// ([`Guide::awaits_card`]).
    pub fn card(&self, id: Uuid) -> Option<Offering> {
        self.revision.track();
        let card = self.records.with_value(|r| r.card(id).map(Cow::into_owned));
        if card.is_none() {
            self.ask_for_card(id);
        }
        card
    }

    /// The cards of `ids` in their order (`None` for an offering not in the
    /// guide), or `None` while a chunk of the snapshot holding one of them is
    /// read: a list is drawn whole, not card by card.
    pub fn cards_of(&self, ids: impl IntoIterator<Item = Uuid>) -> Option<Vec<Option<Offering>>> {
        let ids: Vec<Uuid> = ids.into_iter().collect();
        self.with_cards_of(&ids, |cards| {
            cards
                .into_iter()
                .map(|card| card.map(Cow::into_owned))
                .collect()
        })
    }

    /// `f` of the cards of `ids` in their order (`None` for an offering not in
    /// the guide) without copying the records, or `None` while a chunk of the
    /// snapshot holding one of them is read. For lists that keep a few cards of
    /// many: at 50,000 offerings the front page copied every card of today and
    /// tomorrow at each redraw of a first sync (a quarter of its time on the
    /// device).
    pub fn with_cards_of<R>(
        &self,
        ids: &[Uuid],
        f: impl FnOnce(Vec<Option<Cow<'_, Offering>>>) -> R,
    ) -> Option<R> {
        self.revision.track();
        let (answer, missing) = self.records.with_value(|r| {
            let cards: Vec<_> = ids.iter().map(|id| r.card(*id)).collect();
            let missing: Vec<Uuid> = ids
                .iter()
                .zip(&cards)
                .filter(|(_, card)| card.is_none())
                .map(|(id, _)| *id)
                .collect();
            let waiting = missing.iter().any(|id| r.awaits_card(*id));
            ((!waiting).then(|| f(cards)), missing)
        });
        for id in missing {
            self.ask_for_card(id);
        }
        answer
    }

    /// Whether the card of `id` is in the snapshot the guide is opened from and
    /// its chunk not read yet: a list waits for it rather than leave it out.
    pub fn awaits_card(&self, id: Uuid) -> bool {
        self.revision.track();
        self.records.with_value(|r| r.awaits_card(id))
    }

    fn ask_for_card(&self, id: Uuid) {
        let read = self.records.try_update_value(|r| {
            let snapshot = r.snapshot.as_mut()?;
            let chunk = guide_snapshot::chunk_of(id, snapshot.chunks);
            (snapshot.versions.contains_key(&id) && snapshot.asked.insert(chunk))
                .then(|| (Rc::clone(&snapshot.read), chunk))
        });
        if let Some((read, chunk)) = read.flatten() {
            read(chunk);
        }
    }

    /// Runs `f` over every offering on the device, of any status, without copying
    /// them (50,000 copies per keystroke on the referral screen otherwise).
    /// Copies of the offerings `keep` accepts, of any status.
    pub fn offerings_where(&self, keep: impl Fn(&Offering) -> bool) -> Vec<Offering> {
        self.with_offerings(|all| all.filter(|o| keep(o)).cloned().collect())
    }

    pub fn with_offerings<R>(&self, f: impl FnOnce(&mut dyn Iterator<Item = &Offering>) -> R) -> R {
        self.revision.track();
        self.records
            .with_value(|r| f(&mut r.offerings.values().map(|o| &**o)))
    }

    pub fn organisation(&self, id: Uuid) -> Option<Organisation> {
        self.revision.track();
        self.records
            .with_value(|r| r.organisations.get(&id).cloned())
    }

    /// Every organisation on the device, by name.
    pub fn organisations(&self) -> Vec<Organisation> {
        self.revision.track();
        let mut list: Vec<Organisation> = self
            .records
            .with_value(|r| r.organisations.values().cloned().collect());
        list.sort_by_cached_key(|o| o.name.to_lowercase());
        list
    }

    /// The directory of professionals (empty unless signed in).
    pub fn professionals(&self) -> Vec<Professional> {
        self.revision.track();
        self.records
            .with_value(|r| r.professionals.values().cloned().collect())
    }

    /// Offerings on the device, of any status.
    pub fn offering_count(&self) -> usize {
        self.revision.track();
        self.records.with_value(|r| r.offerings.len())
    }

    /// Offerings a result list can show: whole, or as cards from the snapshot.
    pub fn card_count(&self) -> usize {
        self.revision.track();
        self.records.with_value(|r| {
            let in_snapshot = r.snapshot.as_ref().map_or(0, |s| s.versions.len());
            r.offerings.len().max(in_snapshot)
        })
    }
}

/// Whether `changes` hold exactly the offerings of `versions`, each at its
/// version there.
fn shows_the_versions(changes: &[DeviceChange], versions: &HashMap<Uuid, u64>) -> bool {
    let mut offerings = 0;
    let all_match = changes.iter().all(|change| match change {
        DeviceChange::Upsert(Record::Offering(offering)) => {
            offerings += 1;
            versions.get(&offering.id) == Some(&offering.version)
        }
        _ => true,
    });
    all_match && offerings == versions.len()
}

impl Records {
    /// The card of `id`: its record, or else its card from the snapshot.
    fn card(&self, id: Uuid) -> Option<Cow<'_, Offering>> {
        match self.offerings.get(&id) {
            Some(offering) => Some(Cow::Borrowed(&**offering)),
            None => self
                .cards
                .get(&id)
                .and_then(|card| guide_snapshot::read_card(&card.json))
                .map(Cow::Owned),
        }
    }

    /// Whether the card of `id` is in the snapshot the guide is opened from and
    /// its chunk not read yet.
    fn awaits_card(&self, id: Uuid) -> bool {
        !self.offerings.contains_key(&id)
            && !self.cards.contains_key(&id)
            && self
                .snapshot
                .as_ref()
                .is_some_and(|s| s.versions.contains_key(&id))
    }

    /// `change` kept without touching the index (which shows it already).
    fn keep(&mut self, change: DeviceChange) {
        self.provisional.remove(&change.id());
        match change {
            DeviceChange::Upsert(Record::Offering(offering)) => {
                self.offerings.insert(offering.id, offering);
            }
            DeviceChange::Upsert(Record::Organisation(organisation)) => {
                self.organisations.insert(organisation.id, organisation);
            }
            DeviceChange::Upsert(Record::Professional(professional)) => {
                self.professionals.insert(professional.id, professional);
            }
            DeviceChange::Remove(RecordKind::Offering, id) => {
                self.offerings.remove(&id);
            }
            DeviceChange::Remove(RecordKind::Organisation, id) => {
                self.organisations.remove(&id);
            }
            DeviceChange::Remove(RecordKind::Professional, id) => {
                self.professionals.remove(&id);
            }
        }
    }

    // Kept boxed: they move into `offerings` as they are.
    #[allow(clippy::vec_box)]
    fn upsert_offerings(&mut self, offerings: Vec<Box<Offering>>) {
        self.index.upsert_all(offerings.iter().map(|o| &**o));
        for offering in offerings {
            self.provisional.remove(&offering.id);
            self.offerings.insert(offering.id, offering);
        }
    }

    fn apply(&mut self, change: DeviceChange) {
        match &change {
            DeviceChange::Upsert(Record::Offering(offering)) => self.index.upsert(offering),
            DeviceChange::Upsert(Record::Organisation(organisation)) => {
                self.index
                    .set_organisation(organisation.id, &organisation.name);
            }
            DeviceChange::Remove(RecordKind::Offering, id) => {
                self.index.remove(*id);
            }
            _ => {}
        }
        self.keep(change);
    }
}
