//! The first screen (`src/front.rs`), started by `index.html` on every device but
//! a new visitor's (whose first screen is the finder's, `src/finder.rs`).

fn main() {
    wijkgids::front::start();
}
