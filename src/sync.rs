//! The sync engine: loads the device's store into the [`Guide`] and keeps it in step
//! with the server.

use leptos::task::spawn_local;

use crate::guide::{DeviceChange, Guide, SyncStatus};
use crate::store::Store;
use wijkgids_core::record::Record;

/// Starts the engine for `guide`: reads the store into it, then syncs.
pub fn start(guide: Guide) {
    spawn_local(async move {
        match load(guide).await {
            Ok(()) => guide.set_status(SyncStatus::Offline { waiting: 0 }),
            Err(message) => guide.set_status(SyncStatus::Failed { message }),
        }
    });
}

async fn load(guide: Guide) -> Result<(), String> {
    let store = Store::open().await.map_err(|err| err.to_string())?;
    let offerings = store.offerings().await.map_err(|err| err.to_string())?;
    guide.apply(
        offerings
            .into_iter()
            .map(|o| DeviceChange::Upsert(Record::Offering(Box::new(o)))),
    );
    Ok(())
}
