use clap::Parser;
use tokio::net::TcpListener;
use wijkgids_server::Config;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "wijkgids_server=info".into()),
        )
        .init();
    let config = Config::parse();
    if !config.app_dir.join("index.html").exists() {
        tracing::warn!(
            "no built app in {} (build it with trunk); only the API is served",
            config.app_dir.display()
        );
    }
    let listener = match TcpListener::bind(config.addr()).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("wijkgids: cannot listen on {}: {err}", config.addr());
            std::process::exit(1);
        }
    };
    let addr = listener.local_addr().unwrap_or(config.addr());
    // Tests and scripts read this line to learn the port.
    println!("Wijkgids is running at http://{addr}/");
    if let Err(err) = wijkgids_server::serve(listener, &config).await {
        eprintln!("wijkgids: {err}");
        std::process::exit(1);
    }
}
