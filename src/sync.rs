//! The sync engine: loads the device's store into the [`Guide`] and keeps both in
//! step with the server (SYNC.md). One sync pushes the outbox, then pulls every
//! page after the held cursor. It runs at start-up, when the page becomes visible,
//! on the `online` event, shortly after a local edit ([`request_sync`]), on a
//! periodic timer, and after a failure on a capped exponential back-off.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use chrono::{DateTime, Utc};
use futures_util::future::join;
use leptos::task::spawn_local;
use serde_json::Value;
use uuid::Uuid;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wijkgids_core::record::Record;
use wijkgids_core::sync::Cursor;
use wijkgids_core::sync::holder::must_change_account;
use wijkgids_core::sync::replica::{Attention, FormSave, PullFrom, RecordKey, Resolution};
use wijkgids_core::validate::Problem;
use wijkgids_core::vocab::RecordKind;
use wijkgids_core::wire::{Op, Rejection};

use crate::api::{ApiError, Http, OpenedPull, Transport};
use crate::guide::{Guide, SyncStatus};
use crate::snapshot_cards::CardReads;
use crate::store::{Store, StoreError, Usage};

/// Records per pull page: large pages keep a first sync of 50,000 fast.
pub const PAGE: usize = 1000;
/// Sync this often while all is well.
const PERIODIC_MS: u32 = 5 * 60 * 1000;
/// A local edit is sent this long after it is made (so a burst goes together).
const AFTER_EDIT_MS: u32 = 1000;
/// The first retry after a failure; doubled per failure up to [`PERIODIC_MS`].
const RETRY_MS: u32 = 2000;

/// Why a sync did not finish.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SyncError {
    /// The server did not answer usefully (offline, down, 5xx, refused): try later.
    #[error(transparent)]
    Server(#[from] ApiError),
    /// The device's store failed (e.g. full): the user has to know.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Why a local edit was not saved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("the record is not valid")]
    Invalid(Vec<Problem>),
    #[error("the record's id is not the one edited")]
    WrongId,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the guide on this device is not open yet")]
    NotStarted,
}

/// The store, the server and the guide, kept in step.
pub struct Engine<T> {
    store: Store,
    transport: T,
    guide: Guide,
    /// Sent with pushes (the resident's guide makes none).
    #[cfg_attr(not(feature = "tools"), allow(dead_code))]
    client_id: Uuid,
    /// The account the transport's token belongs to; `None` while a change of
    /// account is under way. Edits are pushed only when the store's outbox is this
    /// account's, so an edit never goes with another person's token.
    account: Cell<Option<Option<Uuid>>>,
    /// The snapshot kept could not be read (another layout): one is made again
    /// even though the data has not changed.
    snapshot_refused: Cell<bool>,
}

/// During a pull, the screens show what its pages brought at most this often.
const SHOWN_EVERY_MS: f64 = 500.0;

/// Shows the guide's changes when dropped: at the end of a pull.
struct ShownAtEnd(Guide);

impl Drop for ShownAtEnd {
    fn drop(&mut self) {
        self.0.show_changes();
    }
}

/// Reads the card chunks the guide asks for from the snapshot made at `mark`
/// (`crate::snapshot_cards`).
pub fn read_cards(store: Store, guide: Guide, mark: String) -> crate::guide::ReadCards {
    std::rc::Rc::new(CardReads::default()).reader(store, guide, mark)
}

impl<T: Transport> Engine<T> {
    /// Reads everything in `store` into `guide` (the local view: a pending edit over
    /// the server's copy).
    /// Searching and result cards work from the guide's snapshot, when the store
    /// holds one of its data as it is, before the records are read.
    pub async fn open(store: Store, transport: T, guide: Guide) -> Result<Engine<T>, StoreError> {
        Engine::open_from(store, transport, guide, None).await
    }

    /// [`Engine::open`], with the guide's snapshot read and decoded `early`
    /// (while the store opened), shown if it is still of the store's data.
    pub async fn open_from(
        store: Store,
        transport: T,
        guide: Guide,
        early: Option<KeptSnapshot>,
    ) -> Result<Engine<T>, StoreError> {
        use crate::components::browser::{mark as mark_moment, yield_to_browser};
        mark_moment("open");
        let kept = match early {
            Some(early) if store.is_current_snapshot(&early.0).await? => Some(early),
            _ => store.snapshot().await?.map(|(mark, bytes)| {
                mark_moment("snapshot-read");
                (mark, wijkgids_core::guide_snapshot::decode(&bytes))
            }),
        };
        let mut refused = false;
        let shown = match kept {
            Some((mark, Ok(snapshot))) => {
                let reads = std::rc::Rc::new(CardReads::default());
                let read = reads.reader(store.clone(), guide, mark.clone());
                guide.show_snapshot(snapshot, read);
                mark_moment("snapshot-shown");
                // The screen is drawn and asks for its cards: the records are
                // read once they are there.
                yield_to_browser().await;
                reads.settled().await;
                mark_moment("cards-read");
                Some(mark)
            }
            // Of an older layout (an update of the app) or damaged: made again
            // after the next sync.
            Some((_, Err(_))) => {
                refused = true;
                None
            }
            None => None,
        };
        let loaded = store.load().await?;
        mark_moment("records-read");
        let arriving = store.arriving().await?;
        // Reading the device's records and putting them in the guide (index, then
        // screens) are separate tasks, so neither blocks the page for long. (No
        // edit can come in between: edits go through the engine, not made yet.)
        yield_to_browser().await;
        let same_mark = shown.is_some() && shown == loaded.written;
        // Known before the records are in: a guide still arriving never shows
        // as whole in between (a walkthrough saw "20 gevonden" and the chips'
        // counts flash after "61 gevonden").
        guide.set_arriving(arriving);
        guide.open_with(loaded.changes, same_mark);
        mark_moment("records-shown");
        let client_id = store.client_id().await?;
        let account = Cell::new(Some(store.owner().await?));
        Ok(Engine {
            store,
            transport,
            guide,
            client_id,
            account,
            snapshot_refused: Cell::new(refused),
        })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Reads the whole store into the guide again when another tab wrote it
    /// since this one last read or wrote it; answers whether it did.
    pub async fn catch_up(&self) -> Result<bool, StoreError> {
        if !self.store.written_elsewhere().await? {
            return Ok(false);
        }
        let loaded = self.store.load().await?;
        self.guide.replace_with(loaded.changes);
        self.guide.set_arriving(self.store.arriving().await?);
        Ok(true)
    }

    /// Keeps the guide's snapshot of the store's data as it is now, for the next
    /// opening, unless the one kept is of it already. The mark is read before the
    /// guide is: a write after it gives a new mark, and the snapshot is then not
    /// kept (`Store::save_snapshot`).
    pub async fn keep_snapshot(&self) -> Result<(), StoreError> {
        // Not of a guide that misses what another tab wrote.
        if self.store.written_elsewhere().await? {
            return Ok(());
        }
        let (written, current) = self.store.snapshot_state().await?;
        let Some(mark) = written.filter(|_| !current || self.snapshot_refused.get()) else {
            return Ok(());
        };
        let Some(snapshot) = self.guide.snapshot().await else {
            return Ok(());
        };
        if self.store.save_snapshot(&mark, &snapshot).await? {
            self.snapshot_refused.set(false);
        }
        Ok(())
    }

    /// One sync: the outbox out, then every page in. Progress goes to the guide's
    /// status; the final status is the caller's to set.
    pub async fn sync_once(&self) -> Result<(), SyncError> {
        // The resident's guide runs signed out, with nothing of its own to send.
        #[cfg(feature = "tools")]
        self.push().await?;
        self.pull().await
    }

    #[cfg(feature = "tools")]
    async fn push(&self) -> Result<(), SyncError> {
        use wijkgids_core::sync::PUSH_MAX;
        use wijkgids_core::sync::replica::Answered;
        use wijkgids_core::wire::PushRequest;
        loop {
            // Mid-change of account, or an outbox that is not the token's account's:
            // nothing goes now.
            let Some(account) = self.account.get() else {
                return Ok(());
            };
            if self.store.owner().await? != account {
                return Ok(());
            }
            let mutations = self.store.push_batch(PUSH_MAX).await?;
            if mutations.is_empty() || self.account.get() != Some(account) {
                return Ok(());
            }
            let request = PushRequest {
                client_id: self.client_id,
                mutations,
            };
            let response = self.transport.push(&request).await?;
            let (answers, changes) = self
                .store
                .apply_answers(&response.results, response.epoch.as_deref())
                .await?;
            self.guide.apply(changes);
            // An edit made on top of an applied one goes in the next round; with
            // nothing applied, another round would send the same again.
            if !answers.iter().any(|a| matches!(a, Answered::Done { .. })) {
                return Ok(());
            }
        }
    }

    /// Pulls every page after the held cursor. As soon as a page's answer names
    /// the next one, the next one is asked for, and the server makes it while
    /// this one is read, stored and put in the guide; a page fetched so is used
    /// only if the store then stands where it was asked from.
    async fn pull(&self) -> Result<(), SyncError> {
        // What the pages bring is shown at most every half second, and when the
        // pull ends, however it ends.
        let shown = ShownAtEnd(self.guide);
        let mut shown_at = js_sys::Date::now();
        let mut done = 0;
        let mut restarted = false;
        let mut fetched: Option<(PullFrom, Result<OpenedPull, ApiError>)> = None;
        loop {
            self.guide
                .set_status(SyncStatus::Syncing { done, total: None });
            let asked = self.store.next_pull().await?;
            let opened = match fetched.take() {
                Some((from, opened)) if from == asked => opened,
                _ => self.transport.open_pull(asked.query(), PAGE).await,
            };
            let opened = match opened {
                // The server cannot serve from our cursor: start over, once per sync.
                Err(ApiError::Status { status: 410, .. }) if !restarted => {
                    restarted = true;
                    done = 0;
                    self.store.restart_pull().await?;
                    continue;
                }
                other => other?,
            };
            let next = opened
                .next
                .and_then(|next| next.parse::<Cursor>().ok())
                .map(|cursor| PullFrom {
                    generation: asked.generation,
                    cursor: Some(cursor),
                });
            let store_it = async {
                let page = opened.page.await?;
                let cursor: Cursor = page
                    .cursor
                    .parse()
                    .map_err(|_| ApiError::Decode(format!("cursor {:?}", page.cursor)))?;
                let applied = self.store.apply_page(&asked, &cursor, &page).await?;
                // At once, not after a yield: a local edit stored meanwhile would be
                // put in the guide first and then covered by this older view.
                self.guide.apply_unshown(applied.changes);
                if js_sys::Date::now() - shown_at >= SHOWN_EVERY_MS {
                    shown.0.show_changes();
                    shown_at = js_sys::Date::now();
                }
                let count = page.changes.len();
                Ok::<_, SyncError>((applied.applied, applied.through, count, page.has_more))
            };
            let ask = async {
                match &next {
                    Some(next) => Some(self.transport.open_pull(next.query(), PAGE).await),
                    None => None,
                }
            };
            let (stored, asked_next) = join(store_it, ask).await;
            let (applied, through, count, has_more) = stored?;
            fetched = next.zip(asked_next);
            done += count;
            if through || !has_more {
                self.guide.set_arriving(self.store.arriving().await?);
                return Ok(());
            }
            if !applied {
                return Err(ApiError::Decode("a page that does not follow ours".into()).into());
            }
        }
    }

    /// Outbox entries not yet accepted.
    pub async fn waiting(&self) -> Result<usize, StoreError> {
        Ok(self.store.outbox().await?.len())
    }

    /// A local edit: see [`save_edit`].
    pub async fn edit(&self, kind: RecordKind, id: Uuid, data: Value) -> Result<Uuid, EditError> {
        save_edit(&self.store, self.guide, kind, id, data).await
    }

    /// A local delete: see [`save_delete`].
    pub async fn delete(&self, kind: RecordKind, id: Uuid) -> Result<Option<Uuid>, EditError> {
        save_delete(&self.store, self.guide, kind, id).await
    }

    /// The author's choice for an edit that needs attention.
    pub async fn resolve(
        &self,
        kind: RecordKind,
        id: Uuid,
        resolution: Resolution,
    ) -> Result<Option<Uuid>, EditError> {
        let (mutation, change) = self
            .store
            .resolve(RecordKey::new(kind, id), resolution)
            .await?;
        self.guide.apply([change]);
        Ok(mutation)
    }

    /// One sync (none while the browser says it is offline), then the status line
    /// set from how it went; returns that status.
    pub async fn sync_and_report(&self) -> SyncStatus {
        let outcome = if browser_offline() {
            Err(SyncError::Server(ApiError::Offline))
        } else {
            self.sync_once().await
        };
        let status = match (outcome, self.waiting().await) {
            (Ok(()), Ok(waiting)) => SyncStatus::UpToDate { at: now(), waiting },
            (Err(SyncError::Store(err)), _) | (_, Err(err)) => SyncStatus::Failed {
                message: err.to_string(),
            },
            (Err(SyncError::Server(ApiError::Status { status: 401, .. })), Ok(_)) => {
                SyncStatus::SessionEnded
            }
            (Err(SyncError::Server(_)), Ok(waiting)) => SyncStatus::Offline { waiting },
        };
        self.guide.set_status(status.clone());
        status
    }
}

/// `navigator.onLine === false`: surely offline (`true` proves nothing).
fn browser_offline() -> bool {
    web_sys::window().is_some_and(|w| !w.navigator().on_line())
}

/// How long to wait after a sync that ended in `status`, counting failures in a row.
fn next_delay(status: &SyncStatus, failures: &mut u32) -> u32 {
    if matches!(status, SyncStatus::UpToDate { .. }) || browser_offline() {
        *failures = 0;
        // Offline, the `online` event wakes us; the timer is a fallback.
        return if browser_offline() {
            RETRY_MS * 8
        } else {
            PERIODIC_MS
        };
    }
    *failures += 1;
    backoff(*failures)
}

/// Milliseconds to wait after `failures` failures in a row: doubling from
/// [`RETRY_MS`], capped at [`PERIODIC_MS`], with up to a quarter of jitter so
/// devices that lost the server together do not return together.
pub fn backoff(failures: u32) -> u32 {
    let base = RETRY_MS.saturating_mul(1 << failures.saturating_sub(1).min(16));
    let capped = base.min(PERIODIC_MS);
    let jitter = (js_sys::Math::random() * f64::from(capped / 4)) as u32;
    capped - jitter
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

thread_local! {
    static ENGINE: RefCell<Option<Rc<Engine<Http>>>> = const { RefCell::new(None) };
    /// Resolves the running wait early (see [`sleep_or_wake`]).
    static WAKE: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    /// A wake-up that came while no wait was running: the next wait returns at once.
    static WOKEN: Cell<bool> = const { Cell::new(false) };
}

/// Starts the engine for `guide`: opens the store, reads it into the guide, then
/// syncs on every trigger until the page goes away.
pub fn start(guide: Guide) {
    spawn_local(async move {
        let engine = match open(guide).await {
            Ok(engine) => Rc::new(engine),
            Err(err) => {
                guide.set_status(SyncStatus::Failed {
                    message: err.to_string(),
                });
                return;
            }
        };
        ENGINE.with(|e| *e.borrow_mut() = Some(engine.clone()));
        // The device's records are in the guide: screens that wait for them (edit,
        // choice) show them now. Left at `Opening` until the first pull, a push
        // that hangs kept them waiting whatever the device held.
        guide.set_status(SyncStatus::Syncing {
            done: 0,
            total: None,
        });
        listen_for_wakes();
        crate::one_tab::listen(wake);
        let mut failures = 0;
        loop {
            // One tab of the device syncs at a time, after taking in what
            // another wrote; and tells the others when it wrote.
            let (status, wrote) = crate::one_tab::one_at_a_time(async {
                let _ = engine.catch_up().await;
                let before = engine.store.seen();
                let status = engine.sync_and_report().await;
                if matches!(status, SyncStatus::UpToDate { .. }) {
                    guide.retire_provisional();
                    // Not worth a failure of its own: the next opening reads the records.
                    let _ = engine.keep_snapshot().await;
                }
                let wrote = engine.store.seen() != before;
                if wrote {
                    crate::one_tab::tell_others();
                }
                (status, wrote)
            })
            .await;
            // A sync that failed after it stored something is no failure in a row:
            // on a poor line every try may get a page further (a break-it run saw
            // the waits double to minutes while each try stored a page).
            if wrote {
                failures = 0;
            }
            sleep_or_wake(next_delay(&status, &mut failures)).await;
        }
    });
}

/// The guide's snapshot as read at start: the mark of the data it was made of,
/// and what it holds (refused: of an older layout, or damaged).
pub type KeptSnapshot = (
    String,
    Result<wijkgids_core::guide_snapshot::GuideSnapshot, wijkgids_core::search::SnapshotError>,
);

async fn open(guide: Guide) -> Result<Engine<Http>, StoreError> {
    crate::components::browser::mark("sync-open");
    // At a reopen the snapshot `index.html` read is decoded while the store
    // opens and is made the session's.
    let early = async {
        let (mark, bytes) = crate::store::snapshot_read_early().await?;
        crate::components::browser::mark("snapshot-read-early");
        let decoded = wijkgids_core::guide_snapshot::decode(&bytes);
        crate::components::browser::mark("snapshot-decoded");
        Some((mark, decoded))
    };
    let (store, early) = join(store_of_the_session(), early).await;
    crate::components::browser::mark("store-opened");
    let http = Http::default();
    http.set_token(crate::session::stored_token());
    Engine::open_from(store?, http, guide, early).await
}

/// The device's store, holding only what the session in force may see.
async fn store_of_the_session() -> Result<Store, StoreError> {
    let store = Store::open().await?;
    // A device from before outbox entries had an owner: the kept session's,
    // expired or not, since that account made them.
    store.adopt_owner(crate::session::stored_account()).await?;
    // Whoever the copies were pulled for and the outbox is kept for, they are now
    // the session in force's (or nobody's). A session that expired while the app
    // was closed, another person's sign-in, or a change of account cut off by a
    // reload: what only the old role could see leaves before anything is shown,
    // and the old account's unsent edits are parked for its next sign-in.
    let account = crate::session::current_account();
    if must_change_account(store.holds().await?, account) {
        store.switch_account(account, false).await?;
    }
    crate::session::forget_expired();
    Ok(store)
}

/// Signed in or out: later requests carry `token` (none: anonymous) for `account`,
/// and the pull starts over, dropping at once every copy the old role received.
/// The old account's unsent edits are kept for its next sign-in (and the new
/// account's come back), unless the person chose `discard_unsent`.
pub async fn change_role(
    guide: Guide,
    token: Option<String>,
    account: Option<Uuid>,
    discard_unsent: bool,
) -> Result<(), StoreError> {
    let engine = engine().ok_or_else(not_started)?;
    engine.account.set(None);
    engine.transport.set_token(token);
    let switched = engine.store.switch_account(account, discard_unsent).await;
    // The outbox is the new account's once the switch is stored (or still the old
    // one's if it failed: then nothing goes until the next change of account).
    if switched.is_ok() {
        engine.account.set(Some(account));
    }
    guide.apply(switched?);
    guide.set_arriving(engine.store.arriving().await?);
    // The guide is being filled again for the new role: say so at once, and start.
    guide.set_status(SyncStatus::Syncing {
        done: 0,
        total: None,
    });
    wake();
    Ok(())
}

/// The running engine's transport, e.g. to set the session token after sign-in.
pub fn transport() -> Option<Http> {
    engine().map(|e| e.transport.clone())
}

fn engine() -> Option<Rc<Engine<Http>>> {
    ENGINE.with(|e| e.borrow().clone())
}

/// Syncs shortly, e.g. after a local edit.
pub fn request_sync() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let wake = Closure::once_into_js(wake);
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        wake.unchecked_ref(),
        AFTER_EDIT_MS as i32,
    );
}

/// Syncs now, whatever the wait after failed tries (someone asked).
pub fn sync_now() {
    wake();
}

/// Ends the running wait, so a sync starts now.
fn wake() {
    match WAKE.with(|w| w.borrow_mut().take()) {
        Some(resolve) => {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
        None => WOKEN.with(|w| w.set(true)),
    }
}

/// Waits `ms`, or less if [`wake`] is called meanwhile.
async fn sleep_or_wake(ms: u32) {
    if WOKEN.with(|w| w.replace(false)) {
        return;
    }
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
        WAKE.with(|w| *w.borrow_mut() = Some(resolve));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    WAKE.with(|w| w.borrow_mut().take());
}

/// The page became visible, or the browser came online: sync now.
fn listen_for_wakes() {
    let Some(window) = web_sys::window() else {
        return;
    };
    // Online: sync now. Offline: a sync now fails at once and says so (a page
    // left open when the connection went kept saying "up to date" until the
    // next periodic sync, minutes later).
    let on_change = Closure::<dyn Fn()>::new(wake);
    for event in ["online", "offline"] {
        let _ = window.add_event_listener_with_callback(event, on_change.as_ref().unchecked_ref());
    }
    on_change.forget();
    if let Some(document) = window.document() {
        let visible = document.clone();
        let on_visible = Closure::<dyn Fn()>::new(move || {
            if !visible.hidden() {
                wake();
            }
        });
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            on_visible.as_ref().unchecked_ref(),
        );
        on_visible.forget();
    }
}

/// A local edit: validated by the core, then written with its outbox entry in one
/// transaction, shown in `guide`, and sent shortly. Returns the mutation it travels
/// in (an earlier unsent one of the same record if it was folded into that).
pub async fn edit(
    guide: Guide,
    kind: RecordKind,
    id: Uuid,
    data: Value,
) -> Result<Uuid, EditError> {
    let engine = engine().ok_or(EditError::NotStarted)?;
    let mutation = save_edit(&engine.store, guide, kind, id, data).await?;
    request_sync();
    Ok(mutation)
}

/// Saves a form's record `data` of `kind`/`id`, which the form opened as `opened`
/// (`None`: a new record), like [`edit`]. What a pull brought while the form was
/// open is merged in ([`FormSave::Queue`] names those fields); where both changed
/// the same field, or the record was removed meanwhile, the edit waits for the
/// author's decision ([`FormSave::Decide`]).
pub async fn save_form(
    guide: Guide,
    kind: RecordKind,
    id: Uuid,
    opened: Option<&Value>,
    data: Value,
) -> Result<FormSave, EditError> {
    let engine = engine().ok_or(EditError::NotStarted)?;
    let record = Record::parse(kind, &data).map_err(EditError::Invalid)?;
    if record.id() != id {
        return Err(EditError::WrongId);
    }
    let (_, outcome, change) = engine
        .store
        .save_form(RecordKey::new(kind, id), opened, data)
        .await?;
    guide.apply([change]);
    request_sync();
    Ok(outcome)
}

/// Unsent edits of the signed-in account, counted in the outbox itself (the
/// status line's count may be stale: while syncing, opening, or just after an edit).
pub async fn unsent() -> Result<usize, StoreError> {
    let engine = engine().ok_or_else(not_started)?;
    engine.waiting().await
}

/// Deletes a record `guide` shows, like [`edit`]; `None` if it shows no such record.
pub async fn delete(guide: Guide, kind: RecordKind, id: Uuid) -> Result<Option<Uuid>, EditError> {
    let engine = engine().ok_or(EditError::NotStarted)?;
    let mutation = save_delete(&engine.store, guide, kind, id).await?;
    request_sync();
    Ok(mutation)
}

/// Settings, "clear local data": drops the server copies and pulls again soon. The
/// outbox (unsent work) goes only if `drop_outbox`, after the user confirmed.
pub async fn clear(guide: Guide, drop_outbox: bool) -> Result<(), StoreError> {
    let engine = engine().ok_or_else(not_started)?;
    guide.apply(engine.store.clear(drop_outbox).await?);
    guide.set_arriving(engine.store.arriving().await?);
    request_sync();
    Ok(())
}

/// Where an edit the server has not accepted stands, for "waiting to send".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Waiting {
    /// Goes at the next sync.
    ToSend,
    /// Crossed another change: its author chooses per field.
    Clash,
    /// Refused by the server: its author fixes it or lets it go.
    Refused,
}

/// The records with edits not yet accepted by the server, and where each stands.
pub async fn waiting_edits() -> Result<HashMap<Uuid, Waiting>, StoreError> {
    let engine = engine().ok_or_else(not_started)?;
    Ok(engine
        .store
        .outbox()
        .await?
        .into_iter()
        .map(|entry| {
            let waiting = match entry.attention {
                None => Waiting::ToSend,
                Some(Attention::Conflict) => Waiting::Clash,
                Some(Attention::Rejected(_)) => Waiting::Refused,
            };
            (entry.key.id, waiting)
        })
        .collect())
}

/// An edit of the offering `id` that clashes with a newer version on the server:
/// what the edit started from, the edit, and the server's version.
pub struct Clash {
    pub base: Option<Value>,
    pub mine: Value,
    pub theirs: Value,
}

/// An edit of the offering `id` and a delete crossed: one side removed it while
/// the other changed it (or both removed it).
pub struct Crossed {
    /// What the edit started from.
    pub base: Option<Value>,
    /// This device's version; `None`: this device deleted it.
    pub mine: Option<Value>,
    /// The server's version; `None`: it was removed there.
    pub theirs: Option<Value>,
}

/// What the author of an offering's edit has to decide about.
pub enum Decision {
    Clash(Clash),
    Crossed(Crossed),
    /// The server's reasons for refusing the edit.
    Refused(Rejection),
}

/// The decision the edit of the offering `id` waits for, if any.
pub async fn decision(id: Uuid) -> Result<Option<Decision>, StoreError> {
    let engine = engine().ok_or_else(not_started)?;
    let key = RecordKey::new(RecordKind::Offering, id);
    let entry = engine
        .store
        .outbox()
        .await?
        .into_iter()
        .find(|e| e.key == key);
    let Some(entry) = entry else {
        return Ok(None);
    };
    match &entry.attention {
        None => Ok(None),
        Some(Attention::Rejected(rejection)) => Ok(Some(Decision::Refused(rejection.clone()))),
        Some(Attention::Conflict) => {
            let copy = engine.store.server_copy(key).await?;
            let theirs = copy.and_then(|t| t.live().cloned());
            let base = entry.base_data.clone();
            Ok(Some(match (entry.local().cloned(), theirs) {
                (Some(mine), Some(theirs)) => Decision::Clash(Clash { base, mine, theirs }),
                (mine, theirs) => Decision::Crossed(Crossed { base, mine, theirs }),
            }))
        }
    }
}

/// For a coordinator, the last version of the offering `id` residents saw, kept
/// on the device with the version waiting for their review (offline too).
pub async fn last_published(id: Uuid) -> Result<Option<Value>, StoreError> {
    let engine = engine().ok_or_else(not_started)?;
    let key = RecordKey::new(RecordKind::Offering, id);
    engine.store.last_published(key).await
}

/// The author's choice for an edit that needs attention; sent at the next sync.
pub async fn resolve(
    kind: RecordKind,
    id: Uuid,
    resolution: Resolution,
) -> Result<Option<Uuid>, EditError> {
    let engine = engine().ok_or(EditError::NotStarted)?;
    let sent = engine.resolve(kind, id, resolution).await?;
    request_sync();
    Ok(sent)
}

/// What the device holds, for the Settings screen.
pub async fn usage() -> Result<Usage, StoreError> {
    let engine = engine().ok_or_else(not_started)?;
    engine.store.usage().await
}

fn not_started() -> StoreError {
    StoreError::from(EditError::NotStarted.to_string())
}

async fn save_edit(
    store: &Store,
    guide: Guide,
    kind: RecordKind,
    id: Uuid,
    data: Value,
) -> Result<Uuid, EditError> {
    let record = Record::parse(kind, &data).map_err(EditError::Invalid)?;
    if record.id() != id {
        return Err(EditError::WrongId);
    }
    let saved = store
        .edit(RecordKey::new(kind, id), Op::Upsert, Some(data))
        .await?;
    let (mutation, change) = saved.ok_or(EditError::WrongId)?;
    guide.apply([change]);
    Ok(mutation)
}

async fn save_delete(
    store: &Store,
    guide: Guide,
    kind: RecordKind,
    id: Uuid,
) -> Result<Option<Uuid>, EditError> {
    let saved = store
        .edit(RecordKey::new(kind, id), Op::Delete, None)
        .await?;
    Ok(saved.map(|(mutation, change)| {
        guide.apply([change]);
        mutation
    }))
}
