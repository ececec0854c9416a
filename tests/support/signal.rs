//! One browser's own network: an HTTP proxy on loopback that every request of
//! that browser goes through (Chromium's `--proxy-server`). Switched off, it hangs
//! up on every connection, open or new, as a phone that lost its signal reaches
//! nothing. DevTools' offline emulation alone is not enough for that: now and then
//! a page that was loading while offline sent requests before the emulation held.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub struct Signal {
    /// The proxy's port on 127.0.0.1.
    pub port: u16,
    on: watch::Sender<bool>,
    accepting: JoinHandle<()>,
}

impl Signal {
    pub async fn start() -> Signal {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the browser's proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let (on, watching) = watch::channel(true);
        let accepting = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                tokio::spawn(connection(client, watching.clone()));
            }
        });
        Signal {
            port,
            on,
            accepting,
        }
    }

    /// `false` hangs up every open connection and every new one until `true`.
    pub fn set(&self, on: bool) {
        self.on.send_replace(on);
    }
}

impl Drop for Signal {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

/// Forwards one connection to the loopback server its first request names
/// (`GET http://127.0.0.1:port/path HTTP/1.1`), while the signal is on.
async fn connection(mut client: TcpStream, mut on: watch::Receiver<bool>) {
    if !*on.borrow_and_update() {
        return;
    }
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    let target = loop {
        let n = match client.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = head.windows(2).position(|w| w == b"\r\n") {
            match target_of(&head[..end]) {
                Some(target) => break target,
                None => return,
            }
        }
        if head.len() > 64 * 1024 {
            return;
        }
    };
    let Ok(mut server) = TcpStream::connect(&target).await else {
        return;
    };
    if server.write_all(&head).await.is_err() {
        return;
    }
    // Signal lost: both ends are dropped, so the browser sees the connection die.
    tokio::select! {
        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
        _ = on.wait_for(|on| !on) => {}
    }
}

/// `127.0.0.1:port` from an absolute-form request line; only loopback targets
/// (the tests reach nothing else).
fn target_of(line: &[u8]) -> Option<String> {
    let line = std::str::from_utf8(line).ok()?;
    let url = line.split(' ').nth(1)?;
    let authority = url.strip_prefix("http://")?.split('/').next()?;
    authority
        .starts_with("127.0.0.1:")
        .then(|| authority.to_string())
}
