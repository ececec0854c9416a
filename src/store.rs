//! The guide on this device: IndexedDB, one object store per record kind.
//!
//! Every store is created up front in version 1 (see SYNC.md: the upgrade callback
//! cannot reach the running transaction, so later data migrations run after open,
//! tracked by `SCHEMA` in the meta store).

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use wijkgids_core::Offering;

const DB_VERSION: u32 = 1;
/// Offerings, keyed by `id`.
pub const OFFERINGS: &str = "offerings";
/// Organisations, keyed by `id`.
pub const ORGANISATIONS: &str = "organisations";
/// Professionals (professional-only), keyed by `id`.
pub const PROFESSIONALS: &str = "professionals";
/// Queued local edits, keyed by `mutation_id`.
pub const OUTBOX: &str = "outbox";
/// Small key/value facts: the pull cursor, the schema number.
pub const META: &str = "meta";

/// Why a store operation failed, in words a log can carry.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct StoreError(String);

impl From<indexed_db_futures::error::Error> for StoreError {
    fn from(err: indexed_db_futures::error::Error) -> Self {
        StoreError(err.to_string())
    }
}

impl From<indexed_db_futures::error::OpenDbError> for StoreError {
    fn from(err: indexed_db_futures::error::OpenDbError) -> Self {
        StoreError(err.to_string())
    }
}

/// An open guide database.
#[derive(Debug, Clone)]
pub struct Store {
    db: Database,
}

impl Store {
    /// The device's guide database.
    pub async fn open() -> Result<Store, StoreError> {
        Store::open_named("wijkgids").await
    }

    /// A database of another name: tests use their own so they never touch real data.
    pub async fn open_named(name: &str) -> Result<Store, StoreError> {
        let db = Database::open(name)
            .with_version(DB_VERSION)
            .with_on_upgrade_needed(|event, db| {
                if event.old_version() < 1.0 {
                    for store in [OFFERINGS, ORGANISATIONS, PROFESSIONALS] {
                        db.create_object_store(store)
                            .with_key_path("id".into())
                            .build()?;
                    }
                    db.create_object_store(OUTBOX)
                        .with_key_path("mutation_id".into())
                        .build()?;
                    db.create_object_store(META).build()?;
                }
                Ok(())
            })
            .await?;
        Ok(Store { db })
    }

    /// Writes offerings in one transaction: all land or none do.
    pub async fn put_offerings(&self, offerings: &[Offering]) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(OFFERINGS)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(OFFERINGS)?;
        for offering in offerings {
            store.put(offering).serde()?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// One offering by id, if this device has it.
    pub async fn offering(&self, id: uuid::Uuid) -> Result<Option<Offering>, StoreError> {
        let tx = self.db.transaction(OFFERINGS).build()?;
        let store = tx.object_store(OFFERINGS)?;
        Ok(store.get(id.to_string()).serde()?.await?)
    }

    /// Every offering on this device (one `getAll`: the fastest read, see QUALITY.md).
    pub async fn offerings(&self) -> Result<Vec<Offering>, StoreError> {
        let tx = self.db.transaction(OFFERINGS).build()?;
        let store = tx.object_store(OFFERINGS)?;
        let records = store.get_all().serde()?.await?;
        Ok(records.collect::<Result<Vec<Offering>, _>>()?)
    }

    /// How many offerings this device holds.
    pub async fn offering_count(&self) -> Result<u32, StoreError> {
        let tx = self.db.transaction(OFFERINGS).build()?;
        let store = tx.object_store(OFFERINGS)?;
        Ok(store.count().await?)
    }

    /// Closes this connection; others stay open.
    pub fn close(self) {
        self.db.close();
    }

    /// Closes the connection and deletes the database (tests, "forget this device").
    /// Waits until every other connection to it is closed.
    pub async fn delete(self) -> Result<(), StoreError> {
        self.db.delete()?.await?;
        Ok(())
    }
}
