//! `/hsds/`: the guide as Open Referral HSDS 3.0 for other systems to read (a
//! regional platform, an aggregator, a GP's referral tool). Public data only:
//! each record as an anonymous pull gets it, mapped by `wijkgids_core::hsds`.
//! Lists are pages; every filter given applies. `Access-Control-Allow-Origin: *`
//! on these answers only, so any web page may read them.

mod openapi;
pub mod params;
pub mod tabular;
pub mod transfer;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use chrono::Utc;
use serde::Serialize;
use serde_json::{Value, json};
use tower_http::set_header::SetResponseHeaderLayer;
use uuid::Uuid;
use wijkgids_core::hsds::{self, Page, Vocab};
use wijkgids_core::model::{Offering, Organisation};
use wijkgids_core::search::{Query as SearchQuery, SearchIndex, fold};
use wijkgids_core::validate::normalise_postcode;
use wijkgids_core::vocab::RecordKind;

use crate::AppState;
use crate::api::ApiError;
use crate::store::{Store, StoreError};
use params::{PLAIN_PARAMS, Query, SERVICE_PARAMS, TERM_PARAMS};

/// Where the Open Referral profile we follow is described.
pub const PROFILE: &str = "https://github.com/openreferral/uk-profile";

/// The routes under `/hsds` (with and without the trailing slash of its root);
/// merged, not nested, so that their layers stay on them.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/hsds", get(root))
        .route("/hsds/", get(root))
        .route("/hsds/openapi.json", get(openapi_document))
        .route("/hsds/services", get(services))
        .route("/hsds/services/{id}", get(service))
        .route("/hsds/service_at_locations", get(service_at_locations))
        .route("/hsds/service_at_locations/{id}", get(service_at_location))
        .route("/hsds/organizations", get(organizations))
        .route("/hsds/organizations/{id}", get(organization))
        .route("/hsds/taxonomies", get(taxonomies))
        .route("/hsds/taxonomies/{id}", get(taxonomy))
        .route("/hsds/taxonomy_terms", get(taxonomy_terms))
        .route("/hsds/taxonomy_terms/{id}", get(taxonomy_term))
        .route("/hsds/{*rest}", get(not_found_path))
        // Every answer under /hsds/ is JSON, a wrong method's and a long
        // address's too (walkthrough: 405 and 414 came with an empty body).
        .method_not_allowed_fallback(crate::api::method_not_allowed)
        .layer(axum::middleware::from_fn(uri_within_limit))
        .layer(Extension(Cache::default()))
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ))
}

/// The longest address (path and query) `/hsds/` reads: far above any list's
/// parameters; a longer one is a 414 in JSON. (Above hyper's own limit, 64 KiB,
/// hyper answers 414 itself, without a body.)
pub const URI_MAX: usize = 8 * 1024;

async fn uri_within_limit(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let length = request
        .uri()
        .path_and_query()
        .map_or(0, |p| p.as_str().len());
    if length > URI_MAX {
        return ApiError::new(
            axum::http::StatusCode::URI_TOO_LONG,
            "uri_too_long",
            format!("the address is longer than {URI_MAX} characters"),
        )
        .into_response();
    }
    next.run(request).await
}

/// The public offerings and organisations as of change `seq`, sorted as lists
/// show them, with the search index; built again after a change.
struct Snapshot {
    seq: u64,
    offerings: Vec<Offering>,
    /// Per offering: the taxonomy terms of its attributes.
    terms: Vec<Vec<(Vocab, Uuid)>>,
    by_id: HashMap<Uuid, usize>,
    /// service_at_location id → offering.
    places: HashMap<Uuid, usize>,
    organisations: Vec<Organisation>,
    organisation_by_id: HashMap<Uuid, usize>,
    index: SearchIndex,
}

#[derive(Clone, Default)]
struct Cache {
    latest: Arc<Mutex<Option<Arc<Snapshot>>>>,
    /// One build at a time.
    building: Arc<tokio::sync::Mutex<()>>,
}

impl Cache {
    async fn current(&self, store: &Store) -> Result<Arc<Snapshot>, StoreError> {
        let seq = store.call(|s| s.latest_seq()).await?;
        if let Some(snapshot) = self.latest().filter(|s| s.seq == seq) {
            return Ok(snapshot);
        }
        // While another request builds, the previous snapshot answers (at
        // 50,000 offerings a build takes over a second).
        let _building = match (self.building.try_lock(), self.latest()) {
            (Ok(building), _) => building,
            (Err(_), Some(previous)) => return Ok(previous),
            (Err(_), None) => self.building.lock().await,
        };
        if let Some(snapshot) = self.latest().filter(|s| s.seq >= seq) {
            return Ok(snapshot);
        }
        let records = store.call(|s| s.live_records()).await?;
        let snapshot = tokio::task::spawn_blocking(move || {
            let mut offerings = Vec::new();
            let mut organisations = Vec::new();
            for record in &records {
                // What an anonymous pull gets, or nothing.
                let Some(json) = record.change_for(None).data else {
                    continue;
                };
                match record.kind {
                    RecordKind::Offering => offerings.extend(serde_json::from_str(json).ok()),
                    RecordKind::Organisation => {
                        organisations.extend(serde_json::from_str::<Organisation>(json).ok());
                    }
                    RecordKind::Professional => {}
                }
            }
            Arc::new(Snapshot::new(seq, offerings, organisations))
        })
        .await
        .map_err(|err| StoreError::Corrupt(err.to_string()))?;
        *self.latest.lock().unwrap_or_else(|p| p.into_inner()) = Some(Arc::clone(&snapshot));
        Ok(snapshot)
    }

    fn latest(&self) -> Option<Arc<Snapshot>> {
        self.latest
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl Snapshot {
    fn new(seq: u64, mut offerings: Vec<Offering>, mut organisations: Vec<Organisation>) -> Self {
        offerings.retain(|o| hsds::public_offering(o).is_some());
        offerings.sort_by_cached_key(|o| (fold(&o.title), o.id));
        organisations.sort_by_cached_key(|o| (fold(&o.name), o.id));
        let terms = offerings
            .iter()
            .map(|o| {
                hsds::attribute_terms(o)
                    .into_iter()
                    .map(|(vocab, code, _, _)| (vocab, vocab.term_id(code)))
                    .collect()
            })
            .collect();
        let by_id = offerings
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id, i))
            .collect();
        let places = offerings
            .iter()
            .enumerate()
            .flat_map(|(i, o)| {
                hsds::service_at_location_ids(o)
                    .into_iter()
                    .map(move |id| (id, i))
            })
            .collect();
        let organisation_by_id = organisations
            .iter()
            .enumerate()
            .map(|(i, o)| (o.id, i))
            .collect();
        let index = SearchIndex::from_offerings(&offerings, &organisations);
        Snapshot {
            seq,
            offerings,
            terms,
            by_id,
            places,
            organisations,
            organisation_by_id,
            index,
        }
    }

    fn organisation_of(&self, o: &Offering) -> Option<&Organisation> {
        o.organisation_id
            .and_then(|id| self.organisation_by_id.get(&id))
            .map(|&i| &self.organisations[i])
    }

    fn full_service(&self, i: usize) -> hsds::Service {
        let o = &self.offerings[i];
        hsds::service(o, self.organisation_of(o))
            .expect("only public offerings are kept")
            .0
    }

    /// The offerings `q` asks for, in list order.
    fn matching(&self, q: &Query) -> Result<Vec<usize>, ApiError> {
        let candidates: Vec<usize> = match &q.search {
            Some(text) => {
                let mut query = SearchQuery::new(text.clone(), Utc::now());
                // Without other filters only the hits up to this page are needed.
                query.limit = if q.filters_beyond_search() {
                    usize::MAX
                } else {
                    usize::try_from(q.page.saturating_mul(q.per_page)).unwrap_or(usize::MAX)
                };
                let results = self.index.search(&query);
                let mut hits: Vec<usize> = results
                    .hits
                    .iter()
                    .filter_map(|h| self.by_id.get(&h.id).copied())
                    .collect();
                if !q.filters_beyond_search() {
                    // The rest only counts: padded so that the totals are right.
                    hits.resize(results.total.max(hits.len()), usize::MAX);
                }
                hits
            }
            None => (0..self.offerings.len()).collect(),
        };
        let centre = match (&q.postcode, q.proximity) {
            (Some(postcode), Some(_)) => Some(self.centre_of(postcode).ok_or_else(|| {
                ApiError::bad_request(
                    "postcode",
                    "unknown_postcode",
                    "no place in the guide has this postcode, so its position is unknown",
                )
            })?),
            _ => None,
        };
        Ok(candidates
            .into_iter()
            .filter(|&i| i == usize::MAX || self.keeps(i, q, centre))
            .collect())
    }

    fn keeps(&self, i: usize, q: &Query, centre: Option<(f64, f64)>) -> bool {
        let o = &self.offerings[i];
        let terms = &self.terms[i];
        let times_match = (q.day.is_none() && q.start_time.is_none() && q.end_time.is_none())
            || o.schedules.iter().any(|s| {
                q.day.is_none_or(|d| s.byday.iter().any(|b| b.weekday == d))
                    && q.start_time
                        .is_none_or(|t| s.opens_at.is_some_and(|at| at >= t))
                    && q.end_time
                        .is_none_or(|t| s.closes_at.is_some_and(|at| at <= t))
            });
        q.taxonomy_term_id
            .is_none_or(|t| terms.iter().any(|(_, id)| *id == t))
            && q.taxonomy_id.is_none_or(|t| {
                hsds::vocab_by_id(t).is_some_and(|v| terms.iter().any(|(vocab, _)| *vocab == v))
            })
            && q.organization_id
                .is_none_or(|id| o.organisation_id == Some(id))
            && q.modified_after
                .is_none_or(|t| o.updated_at.is_some_and(|at| at >= t))
            && q.minimum_age
                .is_none_or(|n| o.min_age.is_some_and(|a| f64::from(a) >= n))
            && q.maximum_age
                .is_none_or(|n| o.max_age.is_some_and(|a| f64::from(a) <= n))
            && times_match
            && q.postcode.as_deref().is_none_or(|p| match centre {
                Some(centre) => coordinates(o)
                    .is_some_and(|at| metres(at, centre) <= q.proximity.unwrap_or(0.0)),
                None => at_postcode(o, p),
            })
    }

    /// The middle of the places the guide knows at `postcode`.
    fn centre_of(&self, postcode: &str) -> Option<(f64, f64)> {
        let points: Vec<(f64, f64)> = self
            .offerings
            .iter()
            .filter(|o| at_postcode(o, postcode))
            .filter_map(coordinates)
            .collect();
        let n = points.len() as f64;
        (!points.is_empty()).then(|| {
            let (lat, lon) = points
                .iter()
                .fold((0.0, 0.0), |(a, b), (lat, lon)| (a + lat, b + lon));
            (lat / n, lon / n)
        })
    }
}

fn coordinates(o: &Offering) -> Option<(f64, f64)> {
    let place = o.location.as_ref()?;
    Some((place.latitude?, place.longitude?))
}

/// At the postcode "1234 AB", or in the area "1234".
fn at_postcode(o: &Offering, postcode: &str) -> bool {
    let Some(theirs) = o
        .location
        .as_ref()
        .and_then(|l| normalise_postcode(&l.postcode))
    else {
        return false;
    };
    if postcode.len() == 4 {
        theirs.starts_with(postcode)
    } else {
        theirs == postcode
    }
}

/// Great-circle distance in metres.
fn metres((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    const EARTH: f64 = 6_371_000.0;
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH * a.sqrt().asin()
}

type Answer = Result<Response, ApiError>;

fn ok(value: &impl Serialize) -> Answer {
    Ok(Json(value).into_response())
}

fn not_found(what: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("no {what} with this id"),
    )
}

async fn not_found_path() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint")
}

/// The id in the path; one that is not a UUID names nothing we serve.
fn id_of(text: &str, what: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(text).map_err(|_| not_found(what))
}

/// This server's address as the caller used it, for absolute URLs.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .is_some_and(|p| p.eq_ignore_ascii_case("https"));
    format!("{}://{host}", if https { "https" } else { "http" })
}

async fn root(headers: HeaderMap) -> Answer {
    ok(&json!({
        "version": hsds::HSDS_VERSION,
        "profile": PROFILE,
        "openapi_url": format!("{}/hsds/openapi.json", base_url(&headers)),
    }))
}

async fn openapi_document(headers: HeaderMap) -> Answer {
    ok(&openapi::document(&base_url(&headers)))
}

async fn snapshot(state: &AppState, cache: &Cache) -> Result<Arc<Snapshot>, ApiError> {
    Ok(cache.current(&state.store).await?)
}

/// The snapshot, and where the `what` named by `text` is in it (`index` picks
/// the snapshot's table of them); a JSON 404 for an id it does not hold.
async fn find_in_snapshot(
    state: &AppState,
    cache: &Cache,
    text: &str,
    what: &str,
    index: fn(&Snapshot) -> &HashMap<Uuid, usize>,
) -> Result<(Arc<Snapshot>, Uuid, usize), ApiError> {
    let id = id_of(text, what)?;
    let snap = snapshot(state, cache).await?;
    let i = *index(&snap).get(&id).ok_or_else(|| not_found(what))?;
    Ok((snap, id, i))
}

async fn services(
    State(state): State<AppState>,
    Extension(cache): Extension<Cache>,
    RawQuery(query): RawQuery,
) -> Answer {
    let q = params::parse(query.as_deref().unwrap_or(""), SERVICE_PARAMS)?;
    let snap = snapshot(&state, &cache).await?;
    let page = Page::of(snap.matching(&q)?, q.page, q.per_page);
    ok(&page.map(|i| {
        let o = &snap.offerings[i];
        hsds::service(o, None)
            .expect("only public offerings are kept")
            .0
            .list_item()
    }))
}

async fn service(
    State(state): State<AppState>,
    Extension(cache): Extension<Cache>,
    Path(id): Path<String>,
) -> Answer {
    let (snap, _, i) = find_in_snapshot(&state, &cache, &id, "service", |s| &s.by_id).await?;
    ok(&snap.full_service(i))
}

async fn service_at_locations(
    State(state): State<AppState>,
    Extension(cache): Extension<Cache>,
    RawQuery(query): RawQuery,
) -> Answer {
    let q = params::parse(query.as_deref().unwrap_or(""), SERVICE_PARAMS)?;
    let snap = snapshot(&state, &cache).await?;
    // Every place of every matching service, in the services' order.
    let items: Vec<(usize, Uuid)> = snap
        .matching(&Query {
            // The search's hits are needed to list their places.
            page: 1,
            per_page: u64::MAX,
            ..q.clone()
        })?
        .into_iter()
        .filter(|&i| i != usize::MAX)
        .flat_map(|i| {
            hsds::service_at_location_ids(&snap.offerings[i])
                .into_iter()
                .map(move |id| (i, id))
        })
        .collect();
    let page = Page::of(items, q.page, q.per_page);
    ok(&page.map(|(i, id)| {
        let mut place = place_of(&snap.full_service(i), id);
        if let Some(location) = &mut place.location {
            // The list form: one-to-one fields only.
            location.addresses.clear();
            location.accessibility.clear();
        }
        place
    }))
}

fn place_of(service: &hsds::Service, id: Uuid) -> hsds::ServiceAtLocation {
    service
        .service_at_locations
        .iter()
        .find(|p| p.id == id)
        .cloned()
        .expect("the ids are the service's own")
}

async fn service_at_location(
    State(state): State<AppState>,
    Extension(cache): Extension<Cache>,
    Path(id): Path<String>,
) -> Answer {
    let (snap, id, i) =
        find_in_snapshot(&state, &cache, &id, "service_at_location", |s| &s.places).await?;
    let service = snap.full_service(i);
    let mut place = place_of(&service, id);
    place.service = Some(Box::new(service.list_item()));
    ok(&place)
}

/// Whether `search` (folded) is in any of `texts`; no search keeps everything.
fn found(search: Option<&str>, texts: &[&str]) -> bool {
    search.is_none_or(|s| {
        let s = fold(s);
        texts.iter().any(|t| fold(t).contains(&s))
    })
}

async fn organizations(
    State(state): State<AppState>,
    Extension(cache): Extension<Cache>,
    RawQuery(query): RawQuery,
) -> Answer {
    let q = params::parse(query.as_deref().unwrap_or(""), PLAIN_PARAMS)?;
    let snap = snapshot(&state, &cache).await?;
    let items: Vec<&Organisation> = snap
        .organisations
        .iter()
        .filter(|o| found(q.search.as_deref(), &[&o.name, &o.description]))
        .collect();
    let page = Page::of(items, q.page, q.per_page);
    ok(&page.map(|o| hsds::organization(o).list_item()))
}

async fn organization(
    State(state): State<AppState>,
    Extension(cache): Extension<Cache>,
    Path(id): Path<String>,
) -> Answer {
    let (snap, id, i) = find_in_snapshot(&state, &cache, &id, "organization", |s| {
        &s.organisation_by_id
    })
    .await?;
    let mut organization = hsds::organization(&snap.organisations[i]);
    organization.services = snap
        .offerings
        .iter()
        .filter(|o| o.organisation_id == Some(id))
        .filter_map(|o| hsds::service(o, None).map(|(s, _)| s.list_item()))
        .take(ORGANIZATION_SERVICES)
        .collect();
    ok(&organization)
}

/// How many of its services an organization carries; all of them are pages of
/// `/hsds/services?organization_id=` (attack review: an organisation with 2,260
/// services took a second of the workers' time per request, unpaged).
pub const ORGANIZATION_SERVICES: usize = 50;

async fn taxonomies(RawQuery(query): RawQuery) -> Answer {
    let q = params::parse(query.as_deref().unwrap_or(""), PLAIN_PARAMS)?;
    let items: Vec<Value> = hsds::taxonomies()
        .into_iter()
        .filter(|t| found(q.search.as_deref(), &[&t.name, &t.description]))
        .map(|t| serde_json::to_value(t).expect("plain data"))
        .collect();
    ok(&Page::of(items, q.page, q.per_page))
}

async fn taxonomy(Path(id): Path<String>) -> Answer {
    let id = id_of(&id, "taxonomy")?;
    let vocab = hsds::vocab_by_id(id).ok_or_else(|| not_found("taxonomy"))?;
    ok(&vocab.taxonomy())
}

async fn taxonomy_terms(RawQuery(query): RawQuery) -> Answer {
    let q = params::parse(query.as_deref().unwrap_or(""), TERM_PARAMS)?;
    let items: Vec<Value> = hsds::taxonomy_terms()
        .into_iter()
        .filter(|t| q.taxonomy_id.is_none_or(|id| t.taxonomy_id == Some(id)))
        .filter(|t| found(q.search.as_deref(), &[&t.name, &t.description]))
        .map(|t| serde_json::to_value(t).expect("plain data"))
        .collect();
    ok(&Page::of(items, q.page, q.per_page))
}

async fn taxonomy_term(Path(id): Path<String>) -> Answer {
    let id = id_of(&id, "taxonomy_term")?;
    let (vocab, code) = hsds::term_by_id(id).ok_or_else(|| not_found("taxonomy_term"))?;
    ok(&vocab.term(code))
}
