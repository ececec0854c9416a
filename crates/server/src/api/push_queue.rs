//! Pushes that arrive while another is being written wait for it and are then
//! written together, in one transaction (`Storage::push_together`), where the
//! backend gains by it (`Storage::writes_together`). On SQLite writers take
//! turns anyway and a push is durable when acknowledged, so each transaction
//! waits for a disk flush: one push per transaction caps pushes at about one
//! flush each. A push that finds nobody writing is written at once, alone:
//! waiting only happens behind a write already under way.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

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

#[derive(Default)]
pub struct PushQueue {
    waiting: Mutex<VecDeque<Waiting>>,
    /// Held by the one caller writing; the others queue behind it in order.
    turn: tokio::sync::Mutex<()>,
    /// The most pushes written in one transaction so far, for tests.
    most: AtomicUsize,
}

struct Waiting {
    actor: Actor,
    mutations: Vec<Mutation>,
    answer: oneshot::Sender<Answer>,
}

impl PushQueue {
    /// Writes `mutations` for `actor`, together with whatever else waits.
    pub async fn push(&self, store: &Store, actor: Actor, mutations: Vec<Mutation>) -> Answer {
        if !store.blocking().writes_together() {
            return store.call(move |s| s.push(&actor, &mutations)).await;
        }
        let (answer, answered) = oneshot::channel();
        self.lock().push_back(Waiting {
            actor,
            mutations,
            answer,
        });
        {
            let _turn = self.turn.lock().await;
            // Another caller may have written this push already, with its own.
            let batch = self.take();
            if !batch.is_empty() {
                // The answers are sent from the writing thread, so that callers
                // in the batch get theirs even if this caller goes away.
                let together = store.call(move |s| Ok(write(s, batch))).await?;
                self.most.fetch_max(together, Ordering::Relaxed);
            }
        }
        answered.await.unwrap_or_else(|_| {
            Err(StoreError::Busy(
                "the push was not written; send it again".into(),
            ))
        })
    }

    /// The most pushes written in one transaction so far, for tests.
    pub fn most_together(&self) -> usize {
        self.most.load(Ordering::Relaxed)
    }

    /// The oldest waiting pushes, up to [`TOGETHER_MAX`] mutations (the first
    /// one whatever its size).
    fn take(&self) -> Vec<Waiting> {
        let mut waiting = self.lock();
        let mut batch = Vec::new();
        let mut mutations = 0;
        while let Some(next) = waiting.front() {
            mutations += next.mutations.len();
            if !batch.is_empty() && mutations > TOGETHER_MAX {
                break;
            }
            batch.extend(waiting.pop_front());
        }
        batch
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Waiting>> {
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
