//! A client that reads its answer slower than a floor is cut off: while an
//! answer waits for the client to take it, the client must take at least
//! [`SEND_FLOOR_BYTES`] in every [`crate::serving::Limits::send_window`]. A
//! phone on the slowest line takes kilobytes a second; a break-it run read
//! pages at 200 bytes a second from 22 addresses and held every connection
//! slot, and the pages waiting for them (1.85 GB), for as long as it liked:
//! the request timeout ends when the answer is made, not when it is sent.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};

/// Bytes a client must take in each window while an answer waits for it:
/// 16 KB in the default 20 s, 800 bytes a second.
pub const SEND_FLOOR_BYTES: usize = 16 * 1024;

/// A connection's stream, cut off when its client takes too little of what
/// waits for it.
pub struct SendFloor {
    inner: TcpStream,
    window: Duration,
    /// Since when an answer waits for the client, what it took since, and the
    /// window's end as a timer (so a client that takes nothing at all is
    /// noticed too). `None` while nothing waits.
    waiting: Option<Waiting>,
}

struct Waiting {
    started: Instant,
    taken: usize,
    ends: Pin<Box<Sleep>>,
}

impl SendFloor {
    pub fn new(inner: TcpStream, window: Duration) -> SendFloor {
        SendFloor {
            inner,
            window,
            waiting: None,
        }
    }

    /// At a window's end: a new window if the client took enough, an error if
    /// not.
    fn window_ended(&mut self) -> io::Result<()> {
        let Some(waiting) = &mut self.waiting else {
            return Ok(());
        };
        if waiting.taken < SEND_FLOOR_BYTES {
            // What the kernel still holds for it goes too: closed with a reset,
            // not sent on at the client's pace.
            let _ = self.inner.set_zero_linger();
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client reads its answer too slowly",
            ));
        }
        waiting.started = Instant::now();
        waiting.taken = 0;
        waiting.ends.as_mut().reset(waiting.started + self.window);
        Ok(())
    }
}

impl AsyncRead for SendFloor {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for SendFloor {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_write(cx, buf) {
            Poll::Ready(Ok(written)) => {
                if let Some(waiting) = &mut this.waiting {
                    waiting.taken += written;
                    if waiting.ends.is_elapsed() {
                        this.window_ended()?;
                    }
                }
                Poll::Ready(Ok(written))
            }
            Poll::Pending => {
                let window = this.window;
                let waiting = this.waiting.get_or_insert_with(|| Waiting {
                    started: Instant::now(),
                    taken: 0,
                    ends: Box::pin(tokio::time::sleep(window)),
                });
                if waiting.ends.as_mut().poll(cx).is_ready() {
                    this.window_ended()?;
                    // The new window's timer, registered for this task.
                    if let Some(waiting) = &mut this.waiting {
                        let _ = waiting.ends.as_mut().poll(cx);
                    }
                }
                Poll::Pending
            }
            other => other,
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let flushed = Pin::new(&mut self.inner).poll_flush(cx);
        // Handed over whole (an answer, or a part of one): nothing waits for
        // the client any more, unless it took it slower than the floor; such a
        // client stays watched into the next part.
        if let Poll::Ready(Ok(())) = flushed
            && let Some(waiting) = &self.waiting
        {
            let due = SEND_FLOOR_BYTES as f64 * waiting.started.elapsed().as_secs_f64()
                / self.window.as_secs_f64();
            if waiting.taken as f64 >= due {
                self.waiting = None;
            }
        }
        flushed
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
