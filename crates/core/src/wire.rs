//! The JSON documents of `/api/v1/`, shared by the server that writes them and the
//! client that reads them, so the two cannot drift apart.

use serde::{Deserialize, Serialize};

/// `GET /api/v1/health`: the server answers, and with which version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Health {
    /// "ok" when the server and its database work.
    pub status: String,
    /// [`crate::VERSION`] of the server.
    pub version: String,
    /// Offerings stored on the server (any status).
    pub offerings: u64,
}
