//! Pushes that arrive while another is being written wait for it and are then
//! written together, in one transaction (`Storage::push_together`), where the
//! backend gains by it (`Storage::writes_together`). On SQLite writers take
//! turns anyway and a push is durable when acknowledged, so each transaction
//! waits for a disk flush: one push per transaction caps pushes at about one
//! flush each. A push that finds nobody writing is written at once, alone:
//! waiting only happens behind a write already under way.
//!
//! The writing is a task of its own, not the request's: a client that hangs up
//! while its push waits (a phone losing its signal) neither leaves the push
//! unwritten nor stalls the pushes behind it (an attack review found both).
//! What waits is bounded ([`WAITING_MAX`]): beyond it a push is answered 503
//! at once, so that pushes sent and abandoned cannot fill the memory.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;
use wijkgids_core::access::Actor;
use wijkgids_core::sync::PUSH_MAX;
use wijkgids_core::wire::{Mutation, MutationResult};

use crate::store::{Storage, Store, StoreError};

/// What a push is answered: the epoch the answers come from, and the answers.
type Answer = Result<(String, Vec<MutationResult>), StoreError>;

/// Mutations written in one transaction at most, so that a transaction (and
/// the wait behind it) stays as short as one full push.
const TOGETHER_MAX: usize = PUSH_MAX;

/// Mutations waiting to be written at most: 20 full pushes, some 80 MB of
/// requests at their largest, written in well under the request timeout.
pub const WAITING_MAX: usize = 20 * PUSH_MAX;

#[derive(Default)]
pub struct PushQueue {
    waiting: Mutex<Queue>,
    /// Held by the one caller writing; the others queue behind it in order.
    turn: tokio::sync::Mutex<()>,
    /// The most pushes written in one transaction so far, for tests.
    most: AtomicUsize,
}

#[derive(Default)]
struct Queue {
    pushes: VecDeque<Waiting>,
    /// The mutations in `pushes`.
    mutations: usize,
}

struct Waiting {
    actor: Actor,
    mutations: Vec<Mutation>,
    answer: oneshot::Sender<Answer>,
}

impl PushQueue {
    /// Writes `mutations` for `actor`, together with whatever else waits.
    pub async fn push(
        self: &Arc<Self>,
        store: &Store,
        actor: Actor,
        mutations: Vec<Mutation>,
    ) -> Answer {
        if !store.blocking().writes_together() {
            return store.call(move |s| s.push(&actor, &mutations)).await;
        }
        let (answer, answered) = oneshot::channel();
        {
            let mut queue = self.lock();
            if queue.mutations > 0 && queue.mutations + mutations.len() > WAITING_MAX {
                return Err(StoreError::Busy(
                    "too many pushes are waiting to be written; send it again".into(),
                ));
            }
            queue.mutations += mutations.len();
            queue.pushes.push_back(Waiting {
                actor,
                mutations,
                answer,
            });
        }
        let (queue, store) = (Arc::clone(self), store.clone());
        tokio::spawn(async move { queue.write_waiting(&store).await });
        answered.await.unwrap_or_else(|_| {
            Err(StoreError::Busy(
                "the push was not written; send it again".into(),
            ))
        })
    }

    /// Writes what waits, batch after batch, one writer at a time, until
    /// nothing does.
    async fn write_waiting(&self, store: &Store) {
        loop {
            let _turn = self.turn.lock().await;
            let batch = self.take();
            if batch.is_empty() {
                return;
            }
            // The answers are sent from the writing thread.
            match store.call(move |s| Ok(write(s, batch))).await {
                Ok(together) => {
                    self.most.fetch_max(together, Ordering::Relaxed);
                }
                // The batch's callers see their answers dropped: "send it again".
                Err(error) => tracing::warn!("pushes could not be written: {error}"),
            }
        }
    }

    /// The most pushes written in one transaction so far, for tests.
    pub fn most_together(&self) -> usize {
        self.most.load(Ordering::Relaxed)
    }

    /// The oldest waiting pushes, up to [`TOGETHER_MAX`] mutations (the first
    /// one whatever its size).
    fn take(&self) -> Vec<Waiting> {
        let mut queue = self.lock();
        let mut batch = Vec::new();
        let mut mutations = 0;
        while let Some(next) = queue.pushes.front() {
            if !batch.is_empty() && mutations + next.mutations.len() > TOGETHER_MAX {
                break;
            }
            mutations += next.mutations.len();
            batch.extend(queue.pushes.pop_front());
        }
        queue.mutations -= mutations;
        batch
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        // A panic while holding it cannot leave the queue half changed.
        self.waiting.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Writes `batch` and answers each caller; how many were written in one
/// transaction. If it fails, every push is tried alone, so one that cannot be
/// written fails only itself.
fn write(storage: &dyn Storage, batch: Vec<Waiting>) -> usize {
    let alone = |w: &Waiting| storage.push(&w.actor, &w.mutations);
    if batch.len() == 1 {
        answer_each(batch, alone);
        return 1;
    }
    let pushes: Vec<_> = batch
        .iter()
        .map(|w| (&w.actor, w.mutations.as_slice()))
        .collect();
    match storage.push_together(&pushes) {
        Ok((epoch, results)) => {
            let together = batch.len();
            let mut results = results.into_iter();
            answer_each(batch, |_| {
                Ok((epoch.clone(), results.next().unwrap_or_default()))
            });
            together
        }
        Err(error) => {
            tracing::warn!("pushes written together failed, each is tried alone: {error}");
            answer_each(batch, alone);
            1
        }
    }
}

fn answer_each(batch: Vec<Waiting>, mut answer: impl FnMut(&Waiting) -> Answer) {
    for waiting in batch {
        let answer = answer(&waiting);
        // A caller that went away is not waiting for it.
        let _ = waiting.answer.send(answer);
    }
}
