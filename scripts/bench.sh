#!/usr/bin/env bash
# Runs every benchmark and prints one table of figures beside their budgets
# (shared/design/QUALITY.md); writes them as JSON to $CARGO_TARGET_DIR/bench/report.json,
# with each benchmark's full output and the Lighthouse and axe reports beside it.
# Not part of scripts/test.sh: it takes ~30 minutes and its numbers vary with the load
# of the machine. Builds what it needs (quick after scripts/test.sh); installs the
# benchmarks' npm packages into bench/node_modules when missing.
#
# Every benchmark prints, besides its own table, one line per figure:
#   BENCH {"name":"search.wasm.keystroke.median_ms","value":0.41,"budget":"<= 2","unit":"ms"}
# Options: LIGHTHOUSE_RUNS (default 3, the median is taken), SYNC_LOAD_SECONDS.
# Exits non-zero when a benchmark failed to run, not when a figure is over budget.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
started=$SECONDS
# The machine is shared: its load says how far to trust the timings.
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

bash scripts/setup.sh --browser
# npm ls fails when a package of bench/package.json is missing or of another version.
if ! npm ls --prefix bench >/dev/null 2>&1; then
    say "Installing the benchmarks' npm packages into bench/node_modules"
    npm ci --prefix bench --no-audit --no-fund --silent
fi

say "Building the app (release) and the server"
trunk build --release
cargo build -p wijkgids-server

out="$CARGO_TARGET_DIR/bench"
rm -rf "$out"
mkdir -p "$out"
lines="$out/bench-lines.txt"
: >"$lines"
failed=()
steps=0
# Runs one benchmark, showing its output and keeping it in $out; collects its BENCH
# lines. A failing benchmark is noted and the others still run.
step() {
    local title="$1" status=0
    shift
    steps=$((steps + 1))
    say "$title"
    "$@" 2>&1 | tee "$out/step-$steps.log" || status=$?
    # A browser test's console lines may come indented: take the line from BENCH on.
    grep -o 'BENCH {.*}' "$out/step-$steps.log" >>"$lines" || true
    if [ "$status" -ne 0 ]; then
        failed+=("$title (exit $status)")
    fi
}

step "Size of the first screen and of the guide" bash scripts/size-budget.sh dist
# What weighs in the resident's guide, by crate and by function (issue 21): the
# cargo build trunk made, before wasm-bindgen and wasm-opt drop the names.
step "Size profile of the resident's guide (code by crate, largest functions)" \
    node bench/size_profile.mjs "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/wijkgids-guide.wasm" 25
step "Search, native (cargo bench)" cargo bench -p wijkgids-core --bench search
step "Search ranking against the judged query set (nDCG@5, P@3, MRR by class)" \
    cargo test -p wijkgids-core --test search_judged -- --nocapture
step "Sync server under load on loopback (cargo bench)" \
    cargo bench -p wijkgids-server --bench sync_load
# The same at 50,000 offerings: SQLite, then PostgreSQL (a throwaway cluster, as
# in scripts/test.sh) with one server and with two over one database.
start_test_postgres
for n in 1 2; do
    "$PG_BIN/psql" "$WIJKGIDS_TEST_POSTGRES dbname=postgres" -qc "CREATE DATABASE sync_load_$n"
done
step "Sync server at 50,000 offerings on SQLite (cargo bench)" \
    env SYNC_LOAD_OFFERINGS=50000 SYNC_LOAD_KEY=server.sqlite_50k \
    cargo bench -p wijkgids-server --bench sync_load
step "Sync server at 50,000 offerings on PostgreSQL, one server (cargo bench)" \
    env SYNC_LOAD_OFFERINGS=50000 SYNC_LOAD_DATABASE="$WIJKGIDS_TEST_POSTGRES dbname=sync_load_1" \
    cargo bench -p wijkgids-server --bench sync_load
step "Sync server at 50,000 offerings on PostgreSQL, two servers over one database (cargo bench)" \
    env SYNC_LOAD_OFFERINGS=50000 SYNC_LOAD_SERVERS=2 SYNC_LOAD_DATABASE="$WIJKGIDS_TEST_POSTGRES dbname=sync_load_2" \
    cargo bench -p wijkgids-server --bench sync_load
stop_test_postgres
step "HSDS: /hsds/services in pages of 50 at 50,000 offerings; an import of 10,000 services (cargo bench)" \
    cargo bench -p wijkgids-server --bench hsds

# The real server with the built app and the demo neighbourhood, on loopback only.
data="$(mktemp -d)"
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
"$CARGO_TARGET_DIR/debug/wijkgids-server" --host=127.0.0.1 --port="$port" --demo true \
    --data-dir "$data" --app-dir "$ROOT/dist" serve >"$out/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 100); do
    grep -q "Wijkgids is running at" "$out/server.log" && break
    kill -0 "$server" 2>/dev/null || { cat "$out/server.log" >&2; exit 1; }
    sleep 0.2
done
# A demo offering for the offering page: the first one the server hands out.
offering="$(curl -sf "$base/api/v1/changes?limit=500" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () =>
        console.log(JSON.parse(s).changes.find((c) => c.kind === "offering").id))')"

step "Lighthouse, mobile preset (home, results, offering)" \
    node bench/lighthouse.mjs --out "$out/lighthouse" "$base" \
    home=/ "results=/zoeken?q=wandel" "offering=/aanbod/$offering"
step "A new visitor on a slow phone: first paint and typed results (real throttling)" \
    node bench/cold_start.mjs "$base" wandel
# The signed-in screens too, as a coordinator (who has every tool).
coordinator="coordinator@bench.example.org"
password="bench-wachtwoord-$RANDOM$RANDOM"
printf '%s\n' "$password" | "$CARGO_TARGET_DIR/debug/wijkgids-server" --data-dir "$data" \
    user add "$coordinator" --role coordinator >/dev/null
step "axe-core on every route (WCAG 2.2 AA)" \
    node bench/axe.mjs --out "$out/axe.json" "$base" \
    / /zoeken "/zoeken?q=wandel" "/aanbod/$offering" /agenda /favorieten \
    /instellingen /toegankelijkheid /inloggen /aanmelden /nieuw-wachtwoord \
    "/verwijzing?id=$offering" \
    /bestaat-niet "@$coordinator:$password" /account /professionals /verwijzen \
    /mijn-aanbod /mijn-aanbod/nieuw "/mijn-aanbod/$offering" /beheer

# ---------------------------------------------------------------------------------
# In-browser benchmarks (tests/bench_*.rs, built only with the `bench` feature):
# search per keystroke over 50,000 offerings against MiniSearch (from
# bench/node_modules), first sync of 10,000 and 50,000 offerings into IndexedDB
# and the reopen, and where that time goes. Add more as `step "title" command ...`;
# each must print BENCH lines (see the top of this file).
# ---------------------------------------------------------------------------------
step "Building the server (release) for the sync benchmark" \
    cargo build --release -p wijkgids-server
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-900}"
step "Search per keystroke in Chromium: the core as WASM against MiniSearch" \
    cargo test --target wasm32-unknown-unknown --profile wasm-release --features bench \
    --test bench_search -- --nocapture
step "First sync into IndexedDB and reopen, real app and server" \
    env WIJKGIDS_SERVER_BIN="$CARGO_TARGET_DIR/release/wijkgids-server" \
    WIJKGIDS_APP_DIR="$ROOT/dist" cargo test --release --features bench \
    --test bench_sync -- --nocapture
step "Where the first sync and the reopen spend their time" \
    cargo test --target wasm32-unknown-unknown --profile wasm-release --features bench \
    --test bench_sync_parts -- --nocapture

say "All figures ($((SECONDS - started)) s; numbers vary with the machine's load)"
commit="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' with uncommitted changes')"
node bench/report.mjs "$lines" "$out/report.json" \
    "commit=$commit" \
    "machine=$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr), load average $load_before at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end" \
    "chromium=$(/usr/bin/chromium --version 2>/dev/null)" \
    "failed=${failed[*]:-}"
if [ "${#failed[@]}" -gt 0 ]; then
    printf 'failed to run: %s\n' "${failed[@]}" >&2
    exit 1
fi
