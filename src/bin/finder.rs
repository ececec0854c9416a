//! The finder: a new visitor's search while the guide loads (`src/finder.rs`).

fn main() {
    wijkgids::finder::start();
}
