#!/usr/bin/env bash
# Runs every check and test: formatting, lints (native and wasm32), the size budget,
# native tests (core, server over loopback; the server's storage tests on SQLite and
# again on a throwaway PostgreSQL cluster), browser unit tests in headless Chromium,
# and end-to-end tests against the real server with the built app.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# The test command builds our crates once per run: incremental caches would only
# grow the shared target (18 GB of them filled this machine's disk in a session).
export CARGO_INCREMENTAL=0
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
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

say "Starting a throwaway PostgreSQL cluster"
start_test_postgres

say "Native tests, end-to-end tests included (the server's on SQLite)"
WIJKGIDS_SERVER_BIN="$CARGO_TARGET_DIR/debug/wijkgids-server" \
WIJKGIDS_APP_DIR="$ROOT/dist" \
    cargo test --workspace

say "The server's storage tests again, on PostgreSQL"
# Every test of the server that starts a server through tests/common (or the sync
# model's), now over a fresh schema of the test cluster each. Fewer sync model
# schedules than on SQLite: each makes and drops a schema.
WIJKGIDS_TEST_BACKEND=postgres SYNC_MODEL_SCHEDULES="${SYNC_MODEL_SCHEDULES_POSTGRES:-500}" \
    cargo test -p wijkgids-server --test sync_model --test sync_push --test sync_pull \
    --test concurrency --test accounts --test password_reset --test initiatives \
    --test review --test hardening --test health --test web --test hsds_api \
    --test hsds_import_api --test public_guide
stop_test_postgres

say "Browser unit tests (headless Chromium)"
WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}" \
    cargo test --target wasm32-unknown-unknown -p wijkgids

say "All checks and tests passed in $((SECONDS - started)) s"
