//! A search link (`/zoeken?q=wandel&free=1`, e.g. from a municipality's website)
//! opened on a device that has never run the guide: the page arrives with the
//! results in it, found by the core's search over the public offerings, so they
//! show before the guide's WASM has come and pulled the neighbourhood. The guide
//! then starts from the same records and searches on its own.

use std::collections::HashMap;
use std::sync::Arc;

use uuid::Uuid;

use wijkgids_core::Lang;
use wijkgids_core::Offering;
use wijkgids_core::card::CardText;
use wijkgids_core::markup::escape;
use wijkgids_core::search::limits::{TEXT_MAX, clip};
use wijkgids_core::search::{Filters, Hit, Query};

use super::page_fill::{Fill, fill};
use super::public_index::PublicIndex;
use crate::store::Store;

/// Cards on the page: the first screenful and more; the guide shows the rest.
const SHOWN: usize = 20;

/// `index` with the results of the search in `query_string` (the URL's query).
pub async fn render(
    index: &str,
    cache: &PublicIndex,
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
    let shown = records(&results.hits, &indexed.offerings);
    let cards: String = shown.iter().map(card).collect();
    // As the app shows them: others on the same subject, under their own heading.
    let related = records(&results.related, &indexed.offerings);
    let related_cards = if related.is_empty() {
        String::new()
    } else {
        format!(
            "<section class=\"related\" aria-labelledby=\"related-heading\" data-testid=\"related\">\
             <h2 id=\"related-heading\">Ook over dit onderwerp</h2><ul class=\"cards\">{}</ul></section>",
            related.iter().map(card).collect::<String>()
        )
    };
    let json: Vec<&str> = shown
        .iter()
        .chain(&related)
        .map(|(_, (_, json))| json.as_str())
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

/// Each hit with its offering and the offering's public JSON.
fn records<'a>(
    hits: &'a [Hit],
    offerings: &'a HashMap<Uuid, (Offering, String)>,
) -> Vec<(&'a Hit, &'a (Offering, String))> {
    hits.iter()
        .filter_map(|hit| Some((hit, offerings.get(&hit.id)?)))
        .collect()
}

/// One result, as the guide draws it.
fn card((hit, (offering, _)): &(&Hit, &(Offering, String))) -> String {
    CardText::timeless(Lang::Nl, offering, &hit.reasons).html(Lang::Nl)
}
