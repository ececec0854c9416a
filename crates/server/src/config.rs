//! Where the server listens, keeps its data and finds the built app.

use std::net::SocketAddr;
use std::path::PathBuf;

/// How `serve` runs: where it listens, keeps its data and finds the built app.
/// Global, so they may come before or after the command.
#[derive(Debug, Clone, clap::Args)]
pub struct Config {
    /// Address to listen on (loopback by default).
    #[arg(
        long,
        global = true,
        env = "WIJKGIDS_HOST",
        default_value = "127.0.0.1"
    )]
    pub host: std::net::IpAddr,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, global = true, env = "WIJKGIDS_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Folder for the SQLite database; created if missing.
    #[arg(long, env = "WIJKGIDS_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
    /// A PostgreSQL database to keep the guide in (`postgres://user:password@host/db`)
    /// instead of SQLite in the data folder: several server processes may share it.
    /// The pull cursors' key file is still read from the data folder: give every
    /// process the same one.
    #[arg(long, global = true, env = "WIJKGIDS_DATABASE_URL")]
    pub database: Option<String>,
    /// Connections to PostgreSQL this process keeps open at most; a request that
    /// finds them all in use for 2 s is answered 503 (`storage_unavailable`,
    /// `Retry-After`). Keep the sum over every process below the database's
    /// `max_connections`.
    #[arg(long, global = true, env = "WIJKGIDS_DATABASE_CONNECTIONS",
          default_value_t = crate::store::POSTGRES_CONNECTIONS)]
    pub database_connections: usize,
    /// On PostgreSQL: start even though the database's history was signed with
    /// another cursor key than this data folder's `wijkgids.cursor-key`, giving
    /// the guide a new history (every device downloads it again). Without it
    /// such a process refuses to start: copy the key file instead.
    #[arg(
        long,
        global = true,
        env = "WIJKGIDS_NEW_HISTORY",
        default_value_t = false
    )]
    pub new_history: bool,
    /// Folder with the built app (trunk's dist/).
    #[arg(long, global = true, env = "WIJKGIDS_APP_DIR", default_value = "dist")]
    pub app_dir: PathBuf,
    /// Fill a new, empty database with the demo neighbourhood (fake organisations:
    /// off by default, so a production guide starts empty; scripts/run.sh sets it).
    #[arg(long, global = true, env = "WIJKGIDS_DEMO", default_value_t = false, action = clap::ArgAction::Set)]
    pub demo: bool,
    /// Hours a sign-in lasts before the user signs in again.
    #[arg(long, global = true, env = "WIJKGIDS_SESSION_HOURS", default_value_t = 24 * 14)]
    pub session_hours: u32,
    #[command(flatten)]
    pub limits: crate::serving::Limits,
    /// A reverse proxy (address or network) whose word is taken for the client's
    /// address; repeat for several. Only connections from it are read so.
    #[arg(long, global = true, env = "WIJKGIDS_TRUSTED_PROXY", value_delimiter = ',',
          value_parser = crate::auth::address::parse_network)]
    pub trusted_proxy: Vec<ipnet::IpNet>,
    /// The header a trusted proxy writes the client's address into.
    #[arg(
        long,
        global = true,
        env = "WIJKGIDS_PROXY_HEADER",
        value_enum,
        default_value = "x-forwarded-for"
    )]
    pub proxy_header: crate::auth::address::ProxyHeader,
}

impl Config {
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::new(self.host, self.port)
    }

    /// Opens the store this configuration names, for a command beside a server
    /// (SQLite: without the data folder's lock).
    pub fn open_store(&self) -> Result<crate::store::Store, crate::store::StoreError> {
        match &self.database {
            Some(url) => crate::store::Store::open_postgres(url, self.database_connections),
            None => crate::store::Store::open_sqlite(&self.database_path()),
        }
    }

    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("wijkgids.sqlite")
    }

    /// Serving from `data_dir` on a free loopback port, with the demo data: what
    /// tests and benchmarks start.
    pub fn loopback(data_dir: PathBuf, app_dir: PathBuf) -> Config {
        Config {
            host: std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
            port: 0,
            data_dir,
            database: None,
            database_connections: crate::store::POSTGRES_CONNECTIONS,
            new_history: false,
            app_dir,
            demo: true,
            session_hours: 24 * 14,
            // Every test client connects from 127.0.0.1, and each keeps its idle
            // connections open: the total cap only (tests of the per-address cap
            // set it).
            limits: crate::serving::Limits {
                max_connections_per_address: usize::MAX,
                ..Default::default()
            },
            trusted_proxy: Vec::new(),
            proxy_header: crate::auth::address::ProxyHeader::XForwardedFor,
        }
    }
}
