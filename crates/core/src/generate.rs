//! Deterministic generator of realistic organisations and offerings, for benchmarks
//! and scale tests (search over 50,000 offerings, sync, IndexedDB load).
//!
//! The same `(n, seed)` gives the same records on every platform, native and
//! wasm32: all randomness comes from a seeded ChaCha8 stream, ids included. The
//! records are set in the fictional town of Eschveld, as of 1 November 2026, with
//! Dutch text built from word pools and an English translation on about half.
//! Versions are 0: the server assigns them when the records are stored.
//!
//! Generation is sequential, so a shorter run is a prefix of a longer one with the
//! same seed and organisations.

mod dice;
mod offering;
mod organisation;
mod place;
mod text;
mod when;
mod words;

use crate::model::{Offering, Organisation};

use dice::{Dice, Stream};

/// About one organisation per this many offerings in [`dataset`].
const OFFERINGS_PER_ORGANISATION: usize = 20;

/// `count` organisations of every kind.
pub fn organisations(count: usize, seed: u64) -> Vec<Organisation> {
    let mut dice = Dice::new(seed, Stream::Organisations);
    (0..count)
        .map(|_| organisation::organisation(&mut dice))
        .collect()
}

/// `n` offerings, each run by one of `organisations` (a few by none). With no
/// organisations, no offering has one.
pub fn offerings(n: usize, seed: u64, organisations: &[Organisation]) -> Vec<Offering> {
    let mut maker = offering::OfferingMaker::new(seed, organisations);
    (0..n).map(|_| maker.offering()).collect()
}

/// What people type into the search box, letter by letter: single words, several
/// words and typos. The search benchmarks (native and in the browser) and the
/// slowest-keystroke example type these over a generated guide.
pub const TYPED_QUERIES: [&str; 12] = [
    "wandelgroep",
    "mantelzorgcafe",
    "schuldhulpmaatje",
    "yoga",
    "koffie ochtend",
    "wandelen ouderen",
    "hulp bij schulden",
    "taalcafe nieuwkomers",
    "samen eten",
    "kofie",
    "eensaam",
    "huiswerkbegleiding",
];

/// `n` offerings with about `n / 20` organisations that run them.
pub fn dataset(n: usize, seed: u64) -> (Vec<Organisation>, Vec<Offering>) {
    let organisations = organisations(n.div_ceil(OFFERINGS_PER_ORGANISATION), seed);
    let offerings = offerings(n, seed, &organisations);
    (organisations, offerings)
}
