//! Wijkgids server: the sync endpoint and the built app, over one SQLite file.

pub mod api;
pub mod auth;
pub mod cli;
pub mod config;
pub mod cursor_key;
pub mod hsds;
pub mod seed;
pub mod send_floor;
pub mod serving;
pub mod store;
pub mod transfer;
pub mod web;

use std::path::Path;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;

pub use config::Config;
pub use store::Store;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// Signs and checks known-device proofs, with the database's secret.
    pub devices: std::sync::Arc<auth::DeviceProofs>,
    /// Bounds the password hashes computed at once.
    pub hashing: std::sync::Arc<auth::HashGate>,
    /// How long a sign-in lasts.
    pub session_ttl: chrono::Duration,
    /// Timeouts and the connection cap.
    pub limits: serving::Limits,
    /// Whose word is taken for a client's address.
    pub proxies: std::sync::Arc<auth::Proxies>,
    /// Signs the pull cursors handed out.
    pub cursor_key: std::sync::Arc<cursor_key::CursorKey>,
    /// Bounds the rows pulls hold at once.
    pub pulls: std::sync::Arc<api::PullGate>,
    /// Writes pushes that wait behind one another together.
    pub pushes: std::sync::Arc<api::PushQueue>,
    /// The public offerings' search index, for search pages and the public
    /// guide's snapshot.
    pub public: web::PublicIndex,
}

/// The whole HTTP surface: `/api/v1/...` and the app (see [`web`]), every
/// response with the security headers, compressed when the client accepts it.
pub fn router(state: AppState, app_dir: &Path) -> Router {
    let app =
        web::App::load(app_dir).with_offerings_from(state.store.clone(), state.public.clone());
    let limits = state.limits.clone();
    let router = Router::new()
        .nest("/api/v1", api::routes())
        .merge(hsds::routes())
        .fallback_service(app.files())
        .layer(axum::middleware::map_response_with_state(
            app.security_headers(),
            web::add_security_headers,
        ))
        .layer(CompressionLayer::new())
        .with_state(state);
    serving::with_timeouts(router, &limits)
}

/// Opens (and on first start fills) the database: everything a server needs
/// before it accepts a connection. The data folder stays locked (see
/// [`store::DataLock`]) until the last handle to the store is dropped.
pub async fn prepare(config: &Config) -> Result<AppState, Box<dyn std::error::Error>> {
    let store = match &config.database {
        // Off the async threads: the synchronous client runs its own runtime.
        Some(url) => {
            let (url, connections) = (url.clone(), config.database_connections);
            tokio::task::spawn_blocking(move || Store::open_postgres(&url, connections)).await??
        }
        None => Store::serve_sqlite(&config.database_path())?,
    };
    if config.demo {
        let demo = wijkgids_core::demo::neighbourhood()?;
        let seeded = store.call(move |s| seed::seed_if_new(s, &demo)).await?;
        if let Some(records) = seeded {
            tracing::info!("new database: loaded the demo neighbourhood ({records} records)");
        }
    }
    // Beside the database, not in it: see `cursor_key`.
    let (key, created) = cursor_key::CursorKey::load_or_create(&config.data_dir)?;
    if created {
        tracing::info!("made a new key for pull cursors ({})", cursor_key::KEY_FILE);
    }
    let fingerprint = key.fingerprint();
    let new_history = config.new_history;
    store
        .call(move |s| s.cursor_key_in_use(&fingerprint, new_history))
        .await?;
    let device_key = store.call(|s| s.device_key()).await?;
    Ok(AppState {
        cursor_key: std::sync::Arc::new(key),
        pulls: Default::default(),
        pushes: Default::default(),
        public: Default::default(),
        store,
        devices: std::sync::Arc::new(auth::DeviceProofs::new(device_key)),
        hashing: Default::default(),
        session_ttl: chrono::Duration::hours(config.session_hours.into()),
        limits: config.limits.clone(),
        proxies: std::sync::Arc::new(auth::Proxies {
            trusted: config.trusted_proxy.clone(),
            header: config.proxy_header,
        }),
    })
}

/// Serves on `listener` until it fails or the task is dropped.
pub async fn run(listener: TcpListener, state: AppState, app_dir: &Path) -> std::io::Result<()> {
    run_until(listener, state, app_dir, std::future::pending()).await
}

/// Serves on `listener` until `stop` completes, then finishes the requests under
/// way and returns; the database closes once the last handle to `state` is gone.
pub async fn run_until(
    listener: TcpListener,
    state: AppState,
    app_dir: &Path,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.limits.clone();
    let proxies = state.proxies.trusted.clone();
    serving::serve(listener, router(state, app_dir), &limits, &proxies, stop).await
}

/// [`prepare`] and [`run`] in one.
pub async fn serve(
    listener: TcpListener,
    config: &Config,
) -> Result<(), Box<dyn std::error::Error>> {
    let state = prepare(config).await?;
    run(listener, state, &config.app_dir).await?;
    Ok(())
}
