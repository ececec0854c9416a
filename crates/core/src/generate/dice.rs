//! The seeded random source. Every draw goes through `u32` ranges so that the stream
//! of records is the same on 32-bit wasm and 64-bit native targets.

use rand::rngs::ChaCha8Rng;
use rand::{Rng, RngExt, SeedableRng};
use uuid::Uuid;

/// Independent ChaCha streams per kind of record, so that organisations and
/// offerings from one seed do not shift each other's draws.
#[derive(Debug, Clone, Copy)]
pub(super) enum Stream {
    Organisations = 1,
    Offerings = 2,
    Venues = 3,
}

pub(super) struct Dice(ChaCha8Rng);

impl Dice {
    pub fn new(seed: u64, stream: Stream) -> Dice {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream as u64);
        Dice(rng)
    }

    /// A number in `0..n`; 0 when `n` is 0.
    pub fn below(&mut self, n: usize) -> usize {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        if n == 0 {
            return 0;
        }
        self.0.random_range(0..n) as usize
    }

    /// A number in `low..=high`; `low` when the range is empty.
    pub fn between(&mut self, low: u32, high: u32) -> u32 {
        if high <= low {
            return low;
        }
        self.0.random_range(low..=high)
    }

    /// True in `percent` out of 100 draws.
    pub fn percent(&mut self, percent: u32) -> bool {
        self.0.random_range(0..100u32) < percent
    }

    /// One element of a pool that the compiler knows is not empty.
    pub fn pick<'a, T, const N: usize>(&mut self, pool: &'a [T; N]) -> &'a T {
        const { assert!(N > 0, "a word pool must not be empty") };
        &pool[self.below(N)]
    }

    /// One element of a slice, `None` if it is empty.
    pub fn pick_from<'a, T>(&mut self, pool: &'a [T]) -> Option<&'a T> {
        pool.get(self.below(pool.len()))
    }

    /// One value of a table of `(value, weight)`.
    pub fn weighted<T: Copy, const N: usize>(&mut self, table: &[(T, u32); N]) -> T {
        const { assert!(N > 0, "a weight table must not be empty") };
        let total: u32 = table.iter().map(|(_, w)| w).sum();
        let mut draw = self.between(0, total.saturating_sub(1));
        for &(value, weight) in table {
            if draw < weight {
                return value;
            }
            draw -= weight;
        }
        table[0].0
    }

    /// Up to `count` distinct elements of `pool`, in random order.
    pub fn distinct<T: Copy>(&mut self, pool: &[T], count: usize) -> Vec<T> {
        let mut items = pool.to_vec();
        let count = count.min(items.len());
        for i in 0..count {
            let j = i + self.below(items.len() - i);
            items.swap(i, j);
        }
        items.truncate(count);
        items
    }

    /// A version-4 UUID from the seeded stream, so ids are reproducible.
    pub fn uuid(&mut self) -> Uuid {
        let mut bytes = [0u8; 16];
        self.0.fill_bytes(&mut bytes);
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }
}
