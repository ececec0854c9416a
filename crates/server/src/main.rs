use clap::Parser;
use tokio::net::TcpListener;
use wijkgids_server::cli::{Cli, Command};

#[tokio::main]
async fn main() {
    // Before anything allocates much: hash memory goes back after each hash.
    wijkgids_server::auth::hashing::return_freed_memory();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "wijkgids_server=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    wijkgids_server::serving::raise_open_files_limit();
    let config = cli.config;
    match cli.command {
        None | Some(Command::Serve) => {}
        Some(command) => {
            // On a thread of its own, outside the async runtime: the
            // PostgreSQL client blocks on a runtime of its own.
            let done = std::thread::scope(|scope| {
                scope
                    .spawn(|| wijkgids_server::cli::run(&config, command))
                    .join()
            });
            let done = done.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            if let Err(message) = done {
                fail(message);
            }
            return;
        }
    }
    if !config.app_dir.join("index.html").exists() {
        tracing::warn!(
            "no built app in {} (build it with trunk); only the API is served",
            config.app_dir.display()
        );
    }
    let state = match wijkgids_server::prepare(&config).await {
        Ok(state) => state,
        Err(err) if config.database.is_some() => {
            fail(format!("cannot open the PostgreSQL database: {err}"))
        }
        Err(err) => fail(format!(
            "cannot open the database in {}: {err}",
            config.data_dir.display()
        )),
    };
    let listener = match TcpListener::bind(config.addr()).await {
        Ok(listener) => listener,
        Err(err) => fail(format!("cannot listen on {}: {err}", config.addr())),
    };
    let addr = listener.local_addr().unwrap_or(config.addr());
    // Tests and scripts read this line to learn the port.
    println!("Wijkgids is running at http://{addr}/");
    // SIGTERM (systemd, `kill`) or Ctrl-C: finish the requests under way and close
    // the database cleanly (its WAL folded back into the file).
    let stop = async {
        tokio::select! {
            _ = terminated() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
        tracing::info!("stopping");
    };
    if let Err(err) = wijkgids_server::run_until(listener, state, &config.app_dir, stop).await {
        fail(err.to_string());
    }
}

#[cfg(unix)]
async fn terminated() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            term.recv().await;
        }
        Err(_) => std::future::pending().await,
    }
}

#[cfg(not(unix))]
async fn terminated() {
    std::future::pending().await
}

fn fail(message: String) -> ! {
    eprintln!("wijkgids: {message}");
    std::process::exit(1);
}
