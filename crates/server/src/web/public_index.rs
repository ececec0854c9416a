//! The public offerings and their search index, kept by the server for the pages
//! of shared searches (`search_page`) and for the public guide that a new
//! device's first screen searches while the guide loads (`api/public_guide.rs`).
//! Built from the anonymous projection of each record: nothing in it is for
//! professionals only.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;
use uuid::Uuid;
use wijkgids_core::Offering;
use wijkgids_core::model::Organisation;
use wijkgids_core::search::SearchIndex;
use wijkgids_core::vocab::RecordKind;

use crate::store::{Store, StoreError};

/// Searches run at once for search pages; another request gets the plain page
/// (the guide then searches in the browser), so a flood of searches takes at
/// most this many blocking threads and never the async ones.
pub const SEARCHES_AT_ONCE: usize = 2;

/// The public offerings and their index, as of change `seq`; built again after
/// any change (a few milliseconds for a neighbourhood, about half a second for
/// 50,000 offerings), one build at a time: meanwhile, searches use the index
/// before the change rather than each building their own.
#[derive(Clone)]
pub struct PublicIndex {
    latest: Arc<Mutex<Option<Arc<Indexed>>>>,
    /// The public guide as of a change number.
    public_guide: Arc<Mutex<Option<(u64, MadePublicGuide)>>>,
    /// One public guide made at a time.
    making_public_guide: Arc<tokio::sync::Mutex<()>>,
    pub(super) searching: Arc<Semaphore>,
    building: Arc<tokio::sync::Mutex<()>>,
    /// Builds so far, for tests.
    builds: Arc<AtomicUsize>,
    /// [`PUBLIC_GUIDE_MOST_OFFERINGS`], lower in tests.
    most_offerings: u64,
}

impl Default for PublicIndex {
    fn default() -> Self {
        PublicIndex {
            latest: Default::default(),
            public_guide: Default::default(),
            making_public_guide: Default::default(),
            searching: Arc::new(Semaphore::new(SEARCHES_AT_ONCE)),
            building: Default::default(),
            builds: Default::default(),
            most_offerings: PUBLIC_GUIDE_MOST_OFFERINGS,
        }
    }
}

pub(super) struct Indexed {
    seq: u64,
    pub(super) index: SearchIndex,
    /// Each public offering with its public JSON, as the API sends it.
    pub(super) offerings: HashMap<Uuid, (Offering, String)>,
}

/// A public guide made: `None` when too large to send.
type MadePublicGuide = Option<Arc<PublicGuideBody>>;

/// The public guide (`core::wire::PublicGuide`) as JSON, gzip-compressed once, to
/// be sent as it is.
pub struct PublicGuideBody {
    pub gzip: Vec<u8>,
    /// The same, brotli-compressed, for browsers that take it.
    pub brotli: Vec<u8>,
    /// Names the content: the same on every server process over one database.
    pub etag: String,
}

/// The largest public guide handed out, compressed: a first screen on a slow line
/// (1.6 Mbps) takes 2.5 s for this much, after which waiting for the guide is as
/// quick. About 2,000 offerings fit (the demo's 164 with their organisations
/// take 62 KB).
pub const PUBLIC_GUIDE_MAX: usize = 512 * 1024;

/// More offerings than this cannot fit in [`PUBLIC_GUIDE_MAX`]: none compresses
/// below about 52 bytes (its id alone is 16 random bytes; an ordinary one takes
/// 350), so a guide of more is refused from a count, in milliseconds, instead of
/// after reading every row (half a second at 50,000, which a new visitor's first
/// screen waited for before loading the guide).
pub const PUBLIC_GUIDE_MOST_OFFERINGS: u64 = 10_000;

impl PublicIndex {
    /// The public guide as of the latest change; `None` when it is larger than
    /// [`PUBLIC_GUIDE_MAX`]. Made from the records' stored public JSON, without
    /// the search index: a new visitor's first screen waits for this answer
    /// before it loads the guide, and at 50,000 offerings building the index
    /// first took a second.
    pub async fn public_guide(
        &self,
        store: &Store,
    ) -> Result<Option<Arc<PublicGuideBody>>, StoreError> {
        let seq = store.call(|s| s.latest_seq()).await?;
        let made = |this: &Self| {
            this.public_guide
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clone()
                .filter(|(made_at, _)| *made_at >= seq)
                .map(|(_, body)| body)
        };
        if let Some(body) = made(self) {
            return Ok(body);
        }
        let _making = self.making_public_guide.lock().await;
        if let Some(body) = made(self) {
            return Ok(body);
        }
        let offerings = store.call(|s| s.count_live(RecordKind::Offering)).await?;
        if offerings > self.most_offerings {
            *self.public_guide.lock().unwrap_or_else(|p| p.into_inner()) = Some((seq, None));
            return Ok(None);
        }
        let records = store.call(|s| s.live_records()).await?;
        let body = tokio::task::spawn_blocking(move || {
            let mut offerings = Vec::new();
            let mut organisations = Vec::new();
            for record in &records {
                let Some(json) = record.change_for(None).data else {
                    continue;
                };
                match record.kind {
                    RecordKind::Offering => offerings.push((record.id, json)),
                    RecordKind::Organisation => organisations.push(json),
                    RecordKind::Professional => {}
                }
            }
            PublicGuideBody::of(offerings, organisations).map(Arc::new)
        })
        .await
        .map_err(|err| StoreError::Corrupt(err.to_string()))?;
        *self.public_guide.lock().unwrap_or_else(|p| p.into_inner()) = Some((seq, body.clone()));
        Ok(body)
    }

    pub(super) async fn current(&self, store: &Store) -> Result<Arc<Indexed>, StoreError> {
        let seq = store.call(|s| s.latest_seq()).await?;
        let latest = self.latest();
        if let Some(indexed) = &latest
            && indexed.seq == seq
        {
            return Ok(Arc::clone(indexed));
        }
        let _building = match (self.building.try_lock(), latest) {
            (Ok(building), _) => building,
            (Err(_), Some(previous)) => return Ok(previous),
            // No index yet: wait for the one being built.
            (Err(_), None) => self.building.lock().await,
        };
        if let Some(indexed) = self.latest()
            && indexed.seq >= seq
        {
            return Ok(indexed);
        }
        self.builds.fetch_add(1, Ordering::Relaxed);
        let records = store.call(|s| s.live_records()).await?;
        let indexed = tokio::task::spawn_blocking(move || {
            let mut offerings = HashMap::new();
            let mut organisations = Vec::new();
            for record in &records {
                let Some(json) = record.change_for(None).data else {
                    continue;
                };
                match record.kind {
                    RecordKind::Offering => {
                        if let Ok(offering) = serde_json::from_str::<Offering>(json) {
                            offerings.insert(offering.id, (offering, json.to_owned()));
                        }
                    }
                    RecordKind::Organisation => {
                        if let Ok(organisation) = serde_json::from_str::<Organisation>(json) {
                            organisations.push(organisation);
                        }
                    }
                    RecordKind::Professional => {}
                }
            }
            let index = SearchIndex::from_offerings(
                offerings.values().map(|(o, _)| o),
                organisations.iter(),
            );
            Arc::new(Indexed {
                seq,
                index,
                offerings,
            })
        })
        .await
        .map_err(|err| StoreError::Corrupt(err.to_string()))?;
        *self.latest.lock().unwrap_or_else(|p| p.into_inner()) = Some(Arc::clone(&indexed));
        Ok(indexed)
    }

    fn latest(&self) -> Option<Arc<Indexed>> {
        self.latest
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl PublicGuideBody {
    /// `core::wire::PublicGuide` written from the records' public JSON as stored
    /// (not parsed and written again), in a fixed order so that every server
    /// process names the same content alike; `None` when it is larger than
    /// [`PUBLIC_GUIDE_MAX`] compressed. The compressing stops as soon as it is:
    /// 50,000 offerings (82 MB of JSON) took seconds to compress in full, and a
    /// new visitor's first screen waited for the answer before loading the guide.
    fn of(
        mut offerings: Vec<(Uuid, &str)>,
        mut organisations: Vec<&str>,
    ) -> Option<PublicGuideBody> {
        use sha2::Digest;
        use std::io::Write;
        offerings.sort_unstable_by_key(|(id, _)| *id);
        organisations.sort_unstable();
        let mut json = Vec::new();
        let mut gzip =
            flate2::write::GzEncoder::new(Capped(Vec::new()), flate2::Compression::best());
        let mut write = |part: &[u8]| {
            json.extend_from_slice(part);
            gzip.write_all(part)
        };
        let mut list = |name: &[u8], jsons: &mut dyn Iterator<Item = &str>| {
            write(name)?;
            for (n, item) in jsons.enumerate() {
                if n > 0 {
                    write(b",")?;
                }
                write(item.as_bytes())?;
            }
            write(b"]")
        };
        list(
            b"{\"offerings\":[",
            &mut offerings.into_iter().map(|(_, json)| json),
        )
        .ok()?;
        list(b",\"organisations\":[", &mut organisations.into_iter()).ok()?;
        write(b"}").ok()?;
        let gzip = gzip.finish().ok()?.0;
        // Quality 9: 50 KB for the demo against 46 KB at 11, made 12 times faster.
        let mut brotli = brotli::CompressorWriter::new(Vec::new(), 64 * 1024, 9, 22);
        brotli.write_all(&json).expect("writing to memory");
        let brotli = brotli.into_inner();
        let digest = sha2::Sha256::digest(&json);
        let etag = format!("\"{}\"", crate::auth::hex(&digest[..12]));
        Some(PublicGuideBody { gzip, brotli, etag })
    }
}

/// Compressed bytes that refuse to grow past [`PUBLIC_GUIDE_MAX`].
struct Capped(Vec<u8>);

impl std::io::Write for Capped {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + bytes.len() > PUBLIC_GUIDE_MAX {
            return Err(std::io::Error::other("larger than the public guide may be"));
        }
        self.0.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wijkgids_core::record::Record;
    use wijkgids_core::sample::sample_organisation;

    /// A store of the demo neighbourhood in a folder of its own (kept while
    /// the folder is).
    async fn demo_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::serve_sqlite(&dir.path().join("wijkgids.sqlite")).unwrap();
        let demo = wijkgids_core::demo::neighbourhood().unwrap();
        store
            .call(move |s| crate::seed::seed_if_new(s, &demo))
            .await
            .unwrap();
        (dir, store)
    }

    /// Searches at once after a change: one builds the index, the others answer
    /// from the one before (issue 20: each used to build its own).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_build_at_a_time_and_the_others_use_the_previous_index() {
        let (_dir, store) = demo_store().await;
        let cache = PublicIndex::default();
        let at_once = |cache: &PublicIndex| {
            let tasks: Vec<_> = (0..8)
                .map(|_| {
                    let (cache, store) = (cache.clone(), store.clone());
                    tokio::spawn(async move { cache.current(&store).await.unwrap().seq })
                })
                .collect();
            async move {
                let mut seqs = Vec::new();
                for task in tasks {
                    seqs.push(task.await.unwrap());
                }
                seqs
            }
        };
        let first = at_once(&cache).await;
        assert_eq!(
            cache.builds.load(Ordering::Relaxed),
            1,
            "the first: built once"
        );
        assert!(first.windows(2).all(|w| w[0] == w[1]));
        let organisation = Record::Organisation(sample_organisation());
        store
            .call(move |s| s.put_records(&[organisation], None))
            .await
            .unwrap();
        let after = at_once(&cache).await;
        assert_eq!(
            cache.builds.load(Ordering::Relaxed),
            2,
            "after a change: once more"
        );
        assert!(after.iter().all(|seq| *seq >= first[0]));
        let now = cache.current(&store).await.unwrap().seq;
        assert!(now > first[0]);
    }

    /// A guide of more offerings than could fit is refused from their count: the
    /// demo's 164 fit in 62 KB, yet with a bound of 100 they are not sent.
    #[tokio::test]
    async fn more_offerings_than_could_fit_are_refused_from_their_count() {
        let (_dir, store) = demo_store().await;
        let bounded = PublicIndex {
            most_offerings: 100,
            ..PublicIndex::default()
        };
        assert!(bounded.public_guide(&store).await.unwrap().is_none());
        let unbounded = PublicIndex::default();
        assert!(unbounded.public_guide(&store).await.unwrap().is_some());
    }
}
