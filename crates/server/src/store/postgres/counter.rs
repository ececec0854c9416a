//! The change counter's lock, taken as late as it can be (see the module above).
//!
//! A write that hands out change numbers reads what it decides on (the epoch,
//! the remembered mutation ids, the records it writes) before it locks the
//! counter, while other writers hold it, and notes what it found. It locks the
//! counter just before it draws a number or writes anything, and in the same
//! round trip reads those rows again under the lock: if any changed meanwhile
//! (another writer wrote the record, remembered the mutation id or gave the
//! history a new epoch), the transaction is run again from its start with the
//! counter locked first, as every write was before. So what it decided on is
//! what it would have read under the lock, and only the last round trip and the
//! commit are made one writer at a time.

use uuid::Uuid;
use wijkgids_core::vocab::{RecordKind, Vocabulary};

use super::client::{Tx, Value};
use super::rows::{big, max_seq};
use crate::store::StoreError;

/// Where a transaction stands to the change counter.
pub(super) enum Counter {
    /// It hands out no change numbers.
    Unused,
    /// Not locked yet: what was read so far, to check once it is.
    Later(Seen),
    /// Locked: the last change number committed, and the epoch, under the lock.
    Held { seq: u64, epoch: String },
    /// What was read before the lock had changed when it was taken: the
    /// transaction is run again, with the counter locked first.
    Stale,
}

/// What a transaction read before it locked the counter.
#[derive(Default)]
pub(super) struct Seen {
    /// `None`: nothing was read (the counter is locked first).
    epoch: Option<String>,
    /// The epoch was not read but guessed (the last one this process saw):
    /// checked under the lock even if nothing else makes the transaction take it.
    guessed: bool,
    /// Records by kind and id, and their change number (`None`: none).
    records: Vec<(&'static str, Uuid, Option<i64>)>,
    /// Mutation ids, and whether they were remembered.
    mutations: Vec<(Uuid, bool)>,
}

const LOCK: &str = "SELECT seq FROM change_counter FOR UPDATE";

/// After [`LOCK`], so in a snapshot taken under it: the epoch, and how many of
/// the rows read before differ now.
const CHECK: &str = "SELECT (SELECT value FROM meta WHERE key = 'epoch'),
    (SELECT count(*) FROM unnest($1::text[], $2::uuid[], $3::int8[]) AS seen (kind, id, seq)
     WHERE (SELECT r.seq FROM records r WHERE r.kind = seen.kind AND r.id = seen.id)
         IS DISTINCT FROM seen.seq)
    + (SELECT count(*) FROM unnest($4::uuid[], $5::bool[]) AS seen (id, known)
       WHERE EXISTS (SELECT 1 FROM mutations m WHERE m.mutation_id = seen.id) <> seen.known)";

fn stale() -> StoreError {
    StoreError::Busy("rows read before the change counter's lock changed; run again".into())
}

impl Counter {
    /// An error once the transaction is stale: nothing more is run in it.
    pub(super) fn usable(&self) -> Result<(), StoreError> {
        match self {
            Counter::Stale => Err(stale()),
            _ => Ok(()),
        }
    }
}

impl Tx<'_> {
    /// Starts a write that hands out change numbers, reading ahead of the
    /// counter's lock: the epoch (sent with the `BEGIN`).
    pub(super) fn changes_ahead(&mut self) -> Result<String, StoreError> {
        self.counter = Counter::Later(Seen::default());
        let row = self.query_ahead("SELECT value FROM meta WHERE key = 'epoch'", &[])?;
        let epoch: String = match row.first() {
            Some(row) => row.try_get(0)?,
            None => return Err(StoreError::Corrupt("the database has no epoch".into())),
        };
        if let Counter::Later(seen) = &mut self.counter {
            seen.epoch = Some(epoch.clone());
        }
        Ok(epoch)
    }

    /// Starts a write that hands out change numbers, reading ahead of the
    /// counter's lock, with `epoch` (the last this process saw) taken for the
    /// epoch without reading it: checked under the lock.
    pub(super) fn changes_guessed(&mut self, epoch: String) -> String {
        self.counter = Counter::Later(Seen {
            epoch: Some(epoch.clone()),
            guessed: true,
            ..Seen::default()
        });
        epoch
    }

    /// Starts a write that hands out change numbers with the counter locked
    /// first: the epoch.
    pub(super) fn changes_locked(&mut self) -> Result<String, StoreError> {
        self.counter = Counter::Later(Seen::default());
        self.hold()?;
        match &self.counter {
            Counter::Held { epoch, .. } => Ok(epoch.clone()),
            _ => Err(stale()),
        }
    }

    pub(super) fn is_stale(&self) -> bool {
        matches!(self.counter, Counter::Stale)
    }

    /// Notes a record read ahead of the lock (its change number, or `None`).
    pub(super) fn saw_record(&mut self, kind: RecordKind, id: Uuid, seq: Option<u64>) {
        if let Counter::Later(seen) = &mut self.counter {
            seen.records.push((kind.code(), id, seq.map(big)));
        }
    }

    /// Notes a mutation id read ahead of the lock, and whether it was remembered.
    pub(super) fn saw_mutation(&mut self, id: Uuid, known: bool) {
        if let Counter::Later(seen) = &mut self.counter {
            seen.mutations.push((id, known));
        }
    }

    /// Before any statement but a read ahead: the counter locked if this
    /// transaction hands out numbers.
    pub(super) fn settle(&mut self) -> Result<(), StoreError> {
        match self.counter {
            Counter::Later(_) => self.hold().map(drop),
            _ => self.counter.usable(),
        }
    }

    /// The last change number committed, with the counter locked until the
    /// transaction ends (locked now, and what was read ahead checked, if it was
    /// not yet); in a transaction that hands out none, the last one committed.
    pub(super) fn hold(&mut self) -> Result<u64, StoreError> {
        let seen = match std::mem::replace(&mut self.counter, Counter::Stale) {
            Counter::Later(seen) => seen,
            Counter::Held { seq, epoch } => {
                self.counter = Counter::Held { seq, epoch };
                return Ok(seq);
            }
            Counter::Unused => {
                self.counter = Counter::Unused;
                return max_seq(self);
            }
            Counter::Stale => return Err(stale()),
        };
        let kinds: Vec<&str> = seen.records.iter().map(|r| r.0).collect();
        let ids: Vec<Uuid> = seen.records.iter().map(|r| r.1).collect();
        let seqs: Vec<Option<i64>> = seen.records.iter().map(|r| r.2).collect();
        let mutations: Vec<Uuid> = seen.mutations.iter().map(|m| m.0).collect();
        let known: Vec<bool> = seen.mutations.iter().map(|m| m.1).collect();
        // One round trip: the check is run once the lock is granted.
        let values: [Value<'_>; 5] = [&kinds, &ids, &seqs, &mutations, &known];
        let (lock, check) = self.send_pair((LOCK, &[]), (CHECK, &values))?;
        let (Some(lock), Some(check)) = (lock.first(), check.first()) else {
            return Err(StoreError::Corrupt("no change counter".into()));
        };
        let seq: i64 = lock.try_get(0)?;
        let epoch: Option<String> = check.try_get(0)?;
        let changed: i64 = check.try_get(1)?;
        let epoch = epoch.ok_or_else(|| StoreError::Corrupt("the database has no epoch".into()))?;
        if changed > 0 || seen.epoch.is_some_and(|before| before != epoch) {
            return Err(stale());
        }
        let seq = u64::try_from(seq).map_err(|_| StoreError::Corrupt(format!("change {seq}")))?;
        self.counter = Counter::Held { seq, epoch };
        Ok(seq)
    }

    /// Ends a write that hands out change numbers, `seq` the last it handed
    /// out (or 0): the counter set to it, `before_commit` run, and the commit,
    /// in one round trip when there is no `before_commit`.
    pub(super) fn commit_changes(
        &mut self,
        seq: u64,
        before_commit: Option<&(dyn Fn() + Send + Sync)>,
    ) -> Result<(), StoreError> {
        let guessed = matches!(&self.counter, Counter::Later(seen) if seen.guessed);
        if seq > 0 || guessed {
            let last = self.hold()?;
            if seq > last {
                self.later(
                    "UPDATE change_counter SET seq = $1",
                    vec![Box::new(big(seq))],
                )?;
            }
        }
        if let Some(hook) = before_commit {
            self.flush()?;
            hook();
        }
        self.commit()
    }
}
