//! Wijkgids core: the pure logic of the neighbourhood guide. No browser, no server,
//! no I/O: the client (WASM) and the server (native) are thin shells around this.

pub mod access;
pub mod card;
pub mod closures;
pub mod demo;
pub mod directory;
pub mod field_diff;
pub mod generate;
pub mod guide_snapshot;
pub mod hsds;
pub mod ical;
pub mod lifecycle;
pub mod markup;
pub mod model;
pub mod money;
pub mod neighbourhoods;
pub mod phrases;
pub mod qr;
pub mod record;
pub mod record_dates;
pub mod refer;
pub mod review;
pub mod sample;
pub mod schedule;
pub mod schedule_form;
pub mod search;
pub mod sync;
pub mod validate;
pub mod vocab;
pub mod wire;

/// The version of the guide's software and sync protocol, shown by `/api/v1/health`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub use model::{Contact, Cost, Location, Offering, Organisation, Professional, Referral};
pub use vocab::{Lang, Vocabulary};
