//! The sync rules of `shared/design/SYNC.md` that do not depend on where records are
//! stored: the pull cursor, and what the server does with one pushed mutation.

mod cursor;
mod decide;
pub mod holder;
pub mod layers;
pub mod merge;
pub mod replica;

pub use cursor::{Cursor, CursorError};
pub use decide::{Decision, Stored, Write, decide, rejection, stamp};
pub use replica::{RecordKey, Replica};

/// Records per pull page when the client does not ask for a size.
pub const PAGE_DEFAULT: usize = 500;
/// The largest pull page a server hands out.
pub const PAGE_MAX: usize = 2000;
/// The most mutations in one push.
pub const PUSH_MAX: usize = 500;
