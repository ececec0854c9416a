#!/usr/bin/env bash
# Runs every check and test: formatting, lints (native and wasm32), the size budget,
# native tests (core, server over loopback), browser unit tests in headless Chromium,
# and end-to-end tests against the real server with the built app.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
started=$SECONDS

bash scripts/setup.sh --browser

say "Formatting"
cargo fmt --all --check

say "Lints (native)"
cargo clippy --workspace --all-targets -- -D warnings
say "Lints (wasm32)"
cargo clippy --target wasm32-unknown-unknown -p wijkgids --all-targets -- -D warnings
# The resident's guide, without the signed-in tools (src/tools.rs).
cargo clippy --target wasm32-unknown-unknown -p wijkgids --lib --bins --no-default-features -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p wijkgids-core --lib -- -D warnings

say "Building the app (release)"
trunk build --release
bash scripts/size-budget.sh dist

say "Building the server"
cargo build -p wijkgids-server

say "Native tests, end-to-end tests included"
WIJKGIDS_SERVER_BIN="$CARGO_TARGET_DIR/debug/wijkgids-server" \
WIJKGIDS_APP_DIR="$ROOT/dist" \
    cargo test --workspace

say "Browser unit tests (headless Chromium)"
WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}" \
    cargo test --target wasm32-unknown-unknown -p wijkgids

say "All checks and tests passed in $((SECONDS - started)) s"
