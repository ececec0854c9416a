//! Wijkgids server: the sync endpoint and the built app, over one SQLite file.

pub mod api;
pub mod config;
pub mod db;
pub mod seed;

use std::path::Path;

use axum::Router;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

pub use config::Config;
pub use db::Db;

/// What every request handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
}

/// The whole HTTP surface: `/api/v1/...` and the app, with unknown paths served
/// the app's `index.html` so that client-side routes survive a reload.
pub fn router(state: AppState, app_dir: &Path) -> Router {
    let app = ServeDir::new(app_dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(app_dir.join("index.html")));
    Router::new()
        .nest("/api/v1", api::routes())
        .fallback_service(app)
        .layer(CompressionLayer::new())
        .with_state(state)
}

/// Opens the database and serves until the listener fails or the task is dropped.
pub async fn serve(
    listener: TcpListener,
    config: &Config,
) -> Result<(), Box<dyn std::error::Error>> {
    let db = Db::open(&config.database_path())?;
    if config.demo {
        let demo = wijkgids_core::demo::neighbourhood()?;
        let seeded = db
            .call(move |conn| Ok(seed::seed_if_new(conn, &demo)))
            .await??;
        if let seed::Seeded::Loaded { records } = seeded {
            tracing::info!("new database: loaded the demo neighbourhood ({records} records)");
        }
    }
    let app = router(AppState { db }, &config.app_dir);
    axum::serve(listener, app).await?;
    Ok(())
}
