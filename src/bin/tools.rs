//! The guide with the signed-in tools (`src/tools.rs`), loaded by the first screen
//! for someone signed in or on a tool's page.

fn main() {
    wijkgids::start();
}
