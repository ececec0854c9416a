//! An edit and a delete of one offering cross (SYNC.md, tests that must exist, 4):
//! the client's replica and the server's `decide` together, as the choice page
//! drives them. Bringing it back with my changes is written over the tombstone;
//! letting it go takes it off the device. And the reverse: my delete against their
//! edit, deleted anyway or their version kept.

use serde_json::Value;
use uuid::Uuid;
use wijkgids_core::access::Actor;
use wijkgids_core::sample::{SAMPLE_ORGANISATION_ID, sample_offering};
use wijkgids_core::sync::replica::{Answered, Resolution};
use wijkgids_core::sync::{Cursor, Decision, RecordKey, Replica, Stored, decide};
use wijkgids_core::vocab::{AccountRole, RecordKind};
use wijkgids_core::wire::{Change, ChangesPage, Mutation, MutationResult, Op, Outcome};

/// The server's history.
const EPOCH: &str = "e1";

/// The server's row for the offering: version, tombstone flag, data.
struct Server {
    version: u64,
    deleted: bool,
    data: String,
    seq: u64,
}

impl Server {
    fn new() -> Server {
        let mut offering = sample_offering();
        offering.version = 1;
        Server {
            version: 1,
            deleted: false,
            data: serde_json::to_string(&offering).unwrap(),
            seq: 1,
        }
    }

    fn change(&self) -> Change {
        Change {
            kind: RecordKind::Offering,
            id: sample_offering().id,
            version: self.version,
            seq: self.seq,
            deleted: self.deleted,
            data: (!self.deleted).then(|| serde_json::from_str(&self.data).unwrap()),
            last_published: None,
        }
    }

    /// Runs one mutation as the server's push does.
    fn push(&mut self, actor: &Actor, mutation: &Mutation) -> MutationResult {
        let stored = Stored {
            version: self.version,
            deleted: self.deleted,
            data: &self.data,
        };
        let outcome = match decide(actor, mutation, Some(stored), EPOCH) {
            Decision::Write(write) => {
                self.seq += 1;
                self.version = write.version;
                self.deleted = write.deleted;
                self.data = write.record.to_json().to_string();
                Outcome::Applied {
                    version: self.version,
                    seq: self.seq,
                }
            }
            Decision::Conflict => Outcome::Conflict {
                current: self.change(),
            },
            Decision::Reject(rejection) => Outcome::Rejected(rejection),
        };
        MutationResult {
            mutation_id: mutation.mutation_id,
            outcome,
        }
    }

    fn record(&self) -> Value {
        serde_json::from_str(&self.data).unwrap()
    }
}

fn actor(role: AccountRole) -> Actor {
    Actor {
        account_id: Uuid::from_u128(role as u128 + 1),
        role,
        organisation_id: (role == AccountRole::Publisher).then_some(SAMPLE_ORGANISATION_ID),
    }
}

fn key() -> RecordKey {
    RecordKey::new(RecordKind::Offering, sample_offering().id)
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// A publisher's device that pulled the offering, and the server.
fn device_and_server() -> (Replica, Server) {
    let server = Server::new();
    let mut replica = Replica::new();
    let page = ChangesPage {
        changes: vec![server.change()],
        cursor: Cursor::new(EPOCH, server.seq).to_string(),
        has_more: false,
    };
    let asked = replica.next_pull();
    replica.apply_page(&asked, &page).unwrap();
    (replica, server)
}

/// The coordinator changes the offering on the server: `f` on its data (`None`:
/// deletes it).
fn coordinator(server: &mut Server, f: Option<fn(&mut Value)>) {
    let mutation = Mutation {
        mutation_id: id(900),
        op: if f.is_some() { Op::Upsert } else { Op::Delete },
        kind: RecordKind::Offering,
        id: sample_offering().id,
        base_version: server.version,
        data: f.map(|f| {
            let mut data = server.record();
            f(&mut data);
            data
        }),
        epoch: None,
    };
    let result = server.push(&actor(AccountRole::Coordinator), &mutation);
    assert!(matches!(result.outcome, Outcome::Applied { .. }));
}

/// Pushes the device's outbox once; returns what the answers did.
fn sync(replica: &mut Replica, server: &mut Server) -> Vec<Answered> {
    let publisher = actor(AccountRole::Publisher);
    let results: Vec<MutationResult> = replica
        .push_batch(10)
        .iter()
        .map(|m| server.push(&publisher, m))
        .collect();
    replica
        .apply_results(&results)
        .into_iter()
        .map(|(_, answered)| answered)
        .collect()
}

/// The publisher's edit of the summary, offline, while the coordinator deletes.
fn edit_crosses_delete() -> (Replica, Server) {
    let (mut replica, mut server) = device_and_server();
    let mut mine = replica.view(&key()).unwrap().clone();
    mine["summary"] = "Ook in de regen.".into();
    replica.upsert(key(), mine, id(1));
    coordinator(&mut server, None);
    let answers = sync(&mut replica, &mut server);
    assert_eq!(answers, [Answered::NeedsAttention { folded: None }]);
    assert_eq!(
        replica.view(&key()).unwrap()["summary"],
        "Ook in de regen.",
        "the edit waits on the device"
    );
    assert!(replica.server_copy(&key()).unwrap().live().is_none());
    assert_eq!(replica.automatic_merge(&key()), None);
    (replica, server)
}

#[test]
fn an_edit_that_crossed_a_delete_can_be_brought_back() {
    let (mut replica, mut server) = edit_crosses_delete();
    assert!(
        replica
            .resolve(key(), Resolution::KeepMine, id(2))
            .is_some()
    );
    let answers = sync(&mut replica, &mut server);
    assert_eq!(answers, [Answered::Done { version: 3 }]);
    assert!(!server.deleted, "back on the server");
    assert_eq!(server.record()["summary"], "Ook in de regen.");
    assert_eq!(replica.outbox().count(), 0);
    assert_eq!(replica.view(&key()).unwrap()["summary"], "Ook in de regen.");
}

#[test]
fn letting_an_edit_go_that_crossed_a_delete_takes_the_offering_off_the_device() {
    let (mut replica, mut server) = edit_crosses_delete();
    assert_eq!(replica.resolve(key(), Resolution::TakeTheirs, id(2)), None);
    assert_eq!(replica.view(&key()), None);
    assert_eq!(replica.records().count(), 0);
    assert_eq!(replica.outbox().count(), 0);
    assert!(sync(&mut replica, &mut server).is_empty());
    assert!(server.deleted);
}

/// The publisher deletes offline while the coordinator changes the summary.
fn delete_crosses_edit() -> (Replica, Server) {
    let (mut replica, mut server) = device_and_server();
    replica.delete(key(), id(1)).unwrap();
    coordinator(
        &mut server,
        Some(|data| data["summary"] = "Nu op donderdag.".into()),
    );
    let answers = sync(&mut replica, &mut server);
    assert_eq!(answers, [Answered::NeedsAttention { folded: None }]);
    assert_eq!(
        replica.view(&key()),
        None,
        "deleted on the device meanwhile"
    );
    let theirs = replica.server_copy(&key()).unwrap().live().unwrap();
    assert_eq!(theirs["summary"], "Nu op donderdag.");
    (replica, server)
}

#[test]
fn a_delete_that_crossed_an_edit_can_still_be_done() {
    let (mut replica, mut server) = delete_crosses_edit();
    assert!(
        replica
            .resolve(key(), Resolution::KeepMine, id(2))
            .is_some()
    );
    assert_eq!(
        sync(&mut replica, &mut server),
        [Answered::Done { version: 3 }]
    );
    assert!(server.deleted);
    assert_eq!(replica.view(&key()), None);
}

#[test]
fn a_delete_that_crossed_an_edit_can_give_way_to_their_version() {
    let (mut replica, mut server) = delete_crosses_edit();
    assert_eq!(replica.resolve(key(), Resolution::TakeTheirs, id(2)), None);
    assert_eq!(
        replica.view(&key()).unwrap()["summary"],
        "Nu op donderdag.",
        "their version is back in view"
    );
    assert!(sync(&mut replica, &mut server).is_empty());
    assert!(!server.deleted);
}
