//! The whole guide, loaded by the first screen (`src/front.rs`).

fn main() {
    wijkgids::start();
}
