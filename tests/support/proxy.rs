//! A loopback TCP proxy in front of the real server that can be made to misbehave
//! as a bad phone network does: answer nothing, answer half, or hang up. The app is
//! loaded through it, so every request it makes passes here.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the proxy does with what passes through it from now on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Mode {
    /// Forwards both ways.
    Pass,
    /// Reads what the browser sends and never answers (nor forwards it).
    Stall,
    /// Forwards the request, then the answer's headers and half of the body that
    /// came with them, then nothing more.
    StallBody,
    /// Closes every connection as soon as the browser sends on it (or opens it).
    Drop,
    /// Forwards the request, then the answer's headers and half of the body that
    /// came with them, then closes the connection.
    Cut,
}

impl Mode {
    fn from_u8(value: u8) -> Mode {
        [
            Mode::Pass,
            Mode::Stall,
            Mode::StallBody,
            Mode::Drop,
            Mode::Cut,
        ]
        .into_iter()
        .find(|m| *m as u8 == value)
        .unwrap_or(Mode::Pass)
    }
}

/// The proxy, listening on loopback until dropped. Connections it has stalled stay
/// stalled (as a dead connection does) until the browser gives them up.
pub struct Proxy {
    /// `http://127.0.0.1:port`: the app's origin when loaded through the proxy.
    pub url: String,
    mode: Arc<AtomicU8>,
    accepting: JoinHandle<()>,
}

impl Proxy {
    /// A proxy to the server at `upstream` (its URL, `http://127.0.0.1:port`).
    pub async fn start(upstream: &str) -> Proxy {
        let upstream: SocketAddr = upstream
            .trim_start_matches("http://")
            .parse()
            .expect("the server listens on a loopback address");
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the proxy");
        let url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let mode = Arc::new(AtomicU8::new(Mode::Pass as u8));
        let shared = mode.clone();
        let accepting = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(connection(client, upstream, shared.clone()));
            }
        });
        Proxy {
            url,
            mode,
            accepting,
        }
    }

    pub fn set(&self, mode: Mode) {
        self.mode.store(mode as u8, Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

/// How much of the first piece of an answer to let through: its headers and half
/// of the body that came with them (half of the piece when the headers go on).
fn headers_and_half(piece: &[u8]) -> usize {
    match piece.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(end) => {
            let head = end + 4;
            head + (piece.len() - head) / 2
        }
        None => piece.len() / 2,
    }
}

/// One browser connection: forwarded or misbehaving as the mode says at each piece.
async fn connection(client: TcpStream, upstream: SocketAddr, mode: Arc<AtomicU8>) {
    let now = || Mode::from_u8(mode.load(Ordering::SeqCst));
    if now() == Mode::Drop {
        return;
    }
    let Ok(server) = TcpStream::connect(upstream).await else {
        return;
    };
    let (mut from_client, mut to_client) = client.into_split();
    let (mut from_server, mut to_server) = server.into_split();
    // Once stalled, the connection never carries anything again.
    let stalled = AtomicBool::new(false);
    let up = async {
        let mut buf = vec![0; 64 * 1024];
        loop {
            let n = match from_client.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            match now() {
                Mode::Drop => return,
                Mode::Stall => stalled.store(true, Ordering::SeqCst),
                _ => {}
            }
            if stalled.load(Ordering::SeqCst) {
                continue;
            }
            if to_server.write_all(&buf[..n]).await.is_err() {
                return;
            }
        }
    };
    let down = async {
        let mut buf = vec![0; 64 * 1024];
        loop {
            let n = match from_server.read(&mut buf).await {
                Ok(n) if n > 0 => n,
                // The server hung up: so does the proxy, unless this connection
                // is stalled (then only the browser ends it).
                _ if stalled.load(Ordering::SeqCst) => std::future::pending().await,
                _ => return,
            };
            if stalled.load(Ordering::SeqCst) {
                continue;
            }
            let piece = &buf[..n];
            let sent = match now() {
                Mode::Pass | Mode::Stall => to_client.write_all(piece).await,
                Mode::Drop => return,
                Mode::StallBody => {
                    stalled.store(true, Ordering::SeqCst);
                    to_client.write_all(&piece[..headers_and_half(piece)]).await
                }
                Mode::Cut => {
                    let _ = to_client.write_all(&piece[..headers_and_half(piece)]).await;
                    return;
                }
            };
            if sent.is_err() {
                return;
            }
        }
    };
    // Either side ending ends the connection (both halves are dropped).
    tokio::select! {
        _ = up => {}
        _ = down => {}
    }
}
