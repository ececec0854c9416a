//! A search link (`/zoeken?q=wandel&free=1`, e.g. from a municipality's website)
//! opened on a device that has never run the guide: the page arrives with the
//! results in it, found by the core's search over the public offerings, so they
//! show before the guide's WASM has come and pulled the neighbourhood. The guide
//! then starts from the same records and searches on its own.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;
use uuid::Uuid;
use wijkgids_core::Offering;
use wijkgids_core::markup::escape;
use wijkgids_core::model::{Cost, Organisation};
use wijkgids_core::search::limits::{TEXT_MAX, clip};
use wijkgids_core::search::{Filters, Hit, Query, SearchIndex};
use wijkgids_core::vocab::RecordKind;

use super::page_fill::{Fill, fill};
use crate::store::{Store, StoreError};

/// Cards on the page: the first screenful and more; the guide shows the rest.
const SHOWN: usize = 20;

/// Searches run at once for search pages; another request gets the plain page
/// (the guide then searches in the browser), so a flood of searches takes at
/// most this many blocking threads and never the async ones.
pub const SEARCHES_AT_ONCE: usize = 2;

/// The public offerings and their index, as of change `seq`; built again after
/// any change (a few milliseconds for a neighbourhood, about half a second for
/// 50,000 offerings), one build at a time: meanwhile, searches use the index
/// before the change rather than each building their own.
#[derive(Clone)]
pub struct SearchCache {
    latest: Arc<Mutex<Option<Arc<Indexed>>>>,
    searching: Arc<Semaphore>,
    building: Arc<tokio::sync::Mutex<()>>,
    /// Builds so far, for tests.
    builds: Arc<AtomicUsize>,
}

impl Default for SearchCache {
    fn default() -> Self {
        SearchCache {
            latest: Default::default(),
            searching: Arc::new(Semaphore::new(SEARCHES_AT_ONCE)),
            building: Default::default(),
            builds: Default::default(),
        }
    }
}

struct Indexed {
    seq: u64,
    index: SearchIndex,
    /// Each public offering with its public JSON, as the API sends it.
    offerings: HashMap<Uuid, (Offering, String)>,
}

impl SearchCache {
    async fn current(&self, store: &Store) -> Result<Arc<Indexed>, StoreError> {
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
                        organisations.extend(serde_json::from_str::<Organisation>(json).ok());
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

/// `index` with the results of the search in `query_string` (the URL's query).
pub async fn render(
    index: &str,
    cache: &SearchCache,
    store: &Store,
    query_string: &str,
) -> Option<String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query_string).ok()?;
    // As much as the search reads is shown back, no more.
    let text = pairs
        .iter()
        .find(|(key, _)| key == "q")
        .map(|(_, value)| clip(value, TEXT_MAX).to_string())
        .unwrap_or_default();
    let mut query = Query::new(text.clone(), chrono::Utc::now());
    query.filters = Filters::from_query_pairs(pairs.iter().map(|(k, v)| (k, v)));
    query.limit = SHOWN;
    // Busy: the plain page, at once.
    let permit = Arc::clone(&cache.searching).try_acquire_owned().ok()?;
    let indexed = cache.current(store).await.ok()?;
    let (indexed, results) = tokio::task::spawn_blocking(move || {
        let results = indexed.index.search(&query);
        drop(permit);
        (indexed, results)
    })
    .await
    .ok()?;
    let records = |hits: &[Hit]| -> Vec<&(Offering, String)> {
        hits.iter()
            .filter_map(|hit| indexed.offerings.get(&hit.id))
            .collect()
    };
    let shown = records(&results.hits);
    let cards: String = shown.iter().map(|(offering, _)| card(offering)).collect();
    // As the app shows them: others on the same subject, under their own heading.
    let related = records(&results.related);
    let related_cards = if related.is_empty() {
        String::new()
    } else {
        format!(
            "<section class=\"related\" aria-labelledby=\"related-heading\" data-testid=\"related\">\
             <h2 id=\"related-heading\">Ook over dit onderwerp</h2><ul class=\"cards\">{}</ul></section>",
            related
                .iter()
                .map(|(offering, _)| card(offering))
                .collect::<String>()
        )
    };
    let json: Vec<&str> = shown
        .iter()
        .chain(&related)
        .map(|(_, json)| json.as_str())
        .collect();
    // As the app says it: the list holds what matches some of the words only.
    let partly = if results.total > 0 && !results.all_words_matched {
        "<p class=\"notice\" data-testid=\"results-partly\">Niets past bij alle woorden. \
         Dit past bij een deel ervan.</p>"
    } else {
        ""
    };
    let title = if text.trim().is_empty() {
        "Zoeken".to_string()
    } else {
        format!("Zoeken: {}", text.trim())
    };
    let main = format!(
        "<main id=\"main\" class=\"page\"><h1 class=\"visually-hidden\">Zoekresultaten</h1>\
         <form role=\"search\" class=\"search\" action=\"/zoeken\" method=\"get\">\
         <label for=\"q\">Zoek in de wijkgids</label><div class=\"search-row\">\
         <input id=\"q\" name=\"q\" type=\"search\" autocomplete=\"off\" value=\"{}\">\
         <button type=\"submit\" class=\"button\">Zoeken</button></div></form>\
         <p class=\"count\" data-testid=\"result-count\">{} gevonden</p>{partly}\
         <ul class=\"cards\" data-testid=\"results\">{cards}</ul>{related_cards}</main>",
        escape(&text),
        results.total,
    );
    fill(
        index,
        &Fill {
            title: &title,
            description: "Wat er te doen is in de wijk, en bij wie je terecht kunt.",
            main,
            records_json: format!("[{}]", json.join(",")),
        },
    )
}

/// One result, in the markup of the guide's cards.
fn card(o: &Offering) -> String {
    let free = matches!(o.cost, Cost::Free)
        .then_some("<span class=\"badge\">Gratis</span>")
        .unwrap_or_default();
    let place = o
        .location
        .as_ref()
        .map(|l| format!("<span>{}</span>", escape(&l.name)))
        .unwrap_or_default();
    format!(
        "<li class=\"card\" data-testid=\"card\"><h3 class=\"card-title\">\
         <a href=\"/aanbod/{}\">{}</a></h3><p class=\"card-summary\">{}</p>\
         <p class=\"card-facts\">{free}{place}</p></li>",
        o.id,
        escape(&o.title),
        escape(&o.summary),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use wijkgids_core::record::Record;
    use wijkgids_core::sample::sample_organisation;

    /// Searches at once after a change: one builds the index, the others answer
    /// from the one before (issue 20: each used to build its own).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn one_build_at_a_time_and_the_others_use_the_previous_index() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::serve_sqlite(&dir.path().join("wijkgids.sqlite")).unwrap();
        let demo = wijkgids_core::demo::neighbourhood().unwrap();
        store
            .call(move |s| crate::seed::seed_if_new(s, &demo))
            .await
            .unwrap();
        let cache = SearchCache::default();
        let at_once = |cache: &SearchCache| {
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
}
