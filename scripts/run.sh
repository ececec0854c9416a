#!/usr/bin/env bash
# Builds the app and starts the server with its database (demo data on first start).
# Usage: scripts/run.sh [--port N] [--data-dir DIR]   (also WIJKGIDS_PORT, WIJKGIDS_DATA_DIR)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash scripts/setup.sh
say "Building the app"
trunk build --release
say "Building the server"
cargo build --release -p wijkgids-server
# The demo neighbourhood in a new database, unless WIJKGIDS_DEMO says otherwise.
WIJKGIDS_DEMO="${WIJKGIDS_DEMO:-true}" \
    exec "$CARGO_TARGET_DIR/release/wijkgids-server" --app-dir "$ROOT/dist" "$@"
