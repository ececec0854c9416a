//! The HTTP connections: how long a client may take and how many may be open, so
//! that slow or idle clients cannot hold the server (each connection is a file
//! descriptor and a task).
//!
//! - headers: [`Limits::header_timeout`] to send a request's headers, counted
//!   from when the server waits for them, so it is also how long an idle
//!   keep-alive connection stays open;
//! - body: [`Limits::body_timeout`] between two parts of a request body;
//! - request: [`Limits::request_timeout`] for the whole of one (body read and
//!   answer made), 408 after it;
//! - sending: at least 16 KB of an answer in every [`Limits::send_window`] while
//!   it waits for the client (`send_floor`), or the connection is cut;
//! - at most [`Limits::max_connections`] open; more wait in the kernel's queue;
//! - at most [`Limits::max_connections_per_address`] open from one client address
//!   (an IPv6 client by its /64, which one host usually holds whole); more are
//!   closed at once, so one address cannot take every connection. A trusted proxy
//!   (`--trusted-proxy`) is exempt: every client behind it shares its address, so
//!   it has the total cap only (the proxy itself should cap per client).

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;

use crate::api::ApiError;

/// How long clients may take and how many may be connected; see the module docs.
#[derive(Debug, Clone, clap::Args)]
pub struct Limits {
    /// Seconds a client may take to send a request's headers, and to start the
    /// next request on an open connection.
    #[arg(long = "header-timeout", value_parser = seconds, default_value = "10", global = true,
          env = "WIJKGIDS_HEADER_TIMEOUT")]
    pub header_timeout: Duration,
    /// Seconds a client may pause while sending a request body.
    #[arg(long = "body-timeout", value_parser = seconds, default_value = "10", global = true,
          env = "WIJKGIDS_BODY_TIMEOUT")]
    pub body_timeout: Duration,
    /// Seconds one request may take in all (408 after).
    #[arg(long = "request-timeout", value_parser = seconds, default_value = "30", global = true,
          env = "WIJKGIDS_REQUEST_TIMEOUT")]
    pub request_timeout: Duration,
    /// Seconds in which a client must take at least 16 KB of an answer that
    /// waits for it (`send_floor`); slower ones are cut off.
    #[arg(long = "send-window", value_parser = seconds, default_value = "20", global = true,
          env = "WIJKGIDS_SEND_WINDOW")]
    pub send_window: Duration,
    /// Connections open at once; more wait until one closes.
    #[arg(
        long,
        default_value_t = 512,
        global = true,
        env = "WIJKGIDS_MAX_CONNECTIONS"
    )]
    pub max_connections: usize,
    /// Connections open at once from one client address (IPv6: one /64); more
    /// are closed at once. A trusted proxy has the total cap only.
    #[arg(
        long,
        default_value_t = 32,
        global = true,
        env = "WIJKGIDS_MAX_CONNECTIONS_PER_ADDRESS"
    )]
    pub max_connections_per_address: usize,
}

fn seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| "a number of seconds".to_string())?;
    Duration::try_from_secs_f64(seconds).map_err(|e| e.to_string())
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            send_window: Duration::from_secs(20),
            max_connections: 512,
            max_connections_per_address: 32,
        }
    }
}

/// `router` with the body and request timeouts.
pub fn with_timeouts(router: Router, limits: &Limits) -> Router {
    router
        .layer(axum::middleware::from_fn_with_state(
            limits.request_timeout,
            request_timeout,
        ))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            limits.body_timeout,
        ))
}

async fn request_timeout(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => timed_out().into_response(),
    }
}

/// 408: the client took too long (a request, or a pause in its body).
pub fn timed_out() -> ApiError {
    ApiError::new(
        StatusCode::REQUEST_TIMEOUT,
        "request_timeout",
        "the request took too long; send it again",
    )
}

/// The connections open per client address (see [`address_key`]).
#[derive(Default)]
struct PerAddress {
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// Counts one connection of `key` while it lives.
struct AddressSlot {
    table: Arc<PerAddress>,
    key: IpAddr,
}

impl PerAddress {
    /// A slot for one more connection from `key`, unless it holds `cap` already.
    fn take(table: &Arc<PerAddress>, key: IpAddr, cap: usize) -> Option<AddressSlot> {
        let mut open = table.open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(key).or_insert(0);
        if *count >= cap {
            return None;
        }
        *count += 1;
        Some(AddressSlot {
            table: Arc::clone(table),
            key,
        })
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut open = self.table.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.key);
            }
        }
    }
}

/// What connections are counted by: an IPv4 address (also when mapped into
/// IPv6), an IPv6 address's /64.
fn address_key(peer: IpAddr) -> IpAddr {
    match peer {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(u128::from(v6) & (u128::MAX << 64))),
        },
        v4 => v4,
    }
}

/// Serves `app` on `listener` until `stop`, then lets open requests finish.
/// Connections from `exempt` (the trusted proxies) have no per-address cap.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: &Limits,
    exempt: &[ipnet::IpNet],
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let per_address = Arc::new(PerAddress::default());
    let per_address_cap = limits.max_connections_per_address.max(1);
    // Closed when serving stops: each connection then finishes gracefully.
    let (stopping, stopped) = watch::channel(false);
    let mut stop = std::pin::pin!(stop);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&open).acquire_owned() => permit.expect("never closed"),
            () = &mut stop => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors, or a connection reset before it was
                // taken: wait a moment rather than spin.
                Err(err) => {
                    tracing::warn!("accepting a connection failed: {err}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let slot = if exempt.iter().any(|net| net.contains(&peer.ip())) {
            None
        } else {
            match PerAddress::take(&per_address, address_key(peer.ip()), per_address_cap) {
                Some(slot) => Some(slot),
                // Over its address's cap: closed at once (the permit goes back).
                None => {
                    tracing::debug!("closed a connection from {peer}: too many open");
                    drop(stream);
                    continue;
                }
            }
        };
        let _ = stream.set_nodelay(true);
        let service = app.clone().map_request(move |mut request: Request<_>| {
            request
                .extensions_mut()
                .insert(axum::extract::ConnectInfo(peer));
            request.map(axum::body::Body::new)
        });
        let service = TowerToHyperService::new(service);
        let header_timeout = limits.header_timeout;
        let stream = crate::send_floor::SendFloor::new(stream, limits.send_window);
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection.with_upgrades());
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stopped.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            drop(slot);
            drop(permit);
        });
    }
    drop(listener);
    let _ = stopping.send(true);
    // Every connection holds a permit until it is done.
    let _ = open
        .acquire_many(limits.max_connections.max(1) as u32)
        .await;
    Ok(())
}

/// Lets the process open as many files as the system allows it (the soft limit
/// is often 1,024, far below the hard one): every connection is one.
#[cfg(unix)]
pub fn raise_open_files_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write the struct passed.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                tracing::debug!("open files limit raised to {}", limit.rlim_max);
            }
        }
    }
}

#[cfg(not(unix))]
pub fn raise_open_files_limit() {}

#[cfg(test)]
mod address_tests {
    use super::*;

    #[test]
    fn connections_are_counted_per_ipv4_address_and_ipv6_slash_64() {
        let key = |text: &str| address_key(text.parse().unwrap());
        assert_eq!(key("127.0.0.30"), key("::ffff:127.0.0.30"));
        assert_ne!(key("127.0.0.30"), key("127.0.0.31"));
        assert_eq!(key("2001:db8:1:2::1"), key("2001:db8:1:2:ffff::9"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
    }

    #[test]
    fn an_address_gets_its_cap_and_its_slots_back() {
        let table = Arc::new(PerAddress::default());
        let a: IpAddr = "127.0.0.30".parse().unwrap();
        let slots: Vec<_> = (0..3).map(|_| PerAddress::take(&table, a, 3)).collect();
        assert!(slots.iter().all(Option::is_some));
        assert!(PerAddress::take(&table, a, 3).is_none());
        assert!(PerAddress::take(&table, "127.0.0.31".parse().unwrap(), 3).is_some());
        drop(slots);
        assert!(PerAddress::take(&table, a, 3).is_some());
    }
}

#[cfg(all(test, unix))]
mod tests {
    /// The soft limit goes up to the hard one (here from a lowered soft limit,
    /// put back as it was afterwards).
    #[test]
    fn the_open_files_limit_is_raised_to_the_hard_one() {
        let read = || {
            let mut limit = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            // SAFETY: getrlimit writes only the struct passed.
            assert_eq!(
                unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) },
                0
            );
            limit
        };
        let before = read();
        let lowered = libc::rlimit {
            rlim_cur: before.rlim_cur.min(before.rlim_max / 2).max(256),
            rlim_max: before.rlim_max,
        };
        // SAFETY: setrlimit reads only the struct passed.
        unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &lowered) };
        super::raise_open_files_limit();
        let after = read();
        // SAFETY: as above.
        unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &before) };
        assert_eq!(after.rlim_cur, before.rlim_max);
    }
}
