#!/usr/bin/env bash
# Installs what is missing to build and test Wijkgids; quick when all is there.
# See shared/design/TOOLCHAIN.md for why each tool is installed this way.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

need_browser="${1:-}"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "Installing the wasm32 target"
    rustup target add wasm32-unknown-unknown
fi

# trunk 0.22 needs a newer rustc than this machine's; 0.21 works.
if ! trunk --version 2>/dev/null | grep -q '^trunk 0\.21\.'; then
    say "Installing trunk 0.21 (about 10 minutes, once)"
    cargo install trunk --version '^0.21' --locked
fi

wbg="$(wasm_bindgen_version)"
# Trunk.toml cannot read the lockfile; catch a pin that drifted from it.
if ! grep -q "^wasm_bindgen = \"$wbg\"" Trunk.toml; then
    echo "Trunk.toml pins another wasm-bindgen than Cargo.lock ($wbg): update [tools]" >&2
    exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wbg" ] \
    || ! command -v wasm-bindgen-test-runner >/dev/null; then
    say "Installing wasm-bindgen-cli $wbg (about 5 minutes, once)"
    # --locked fails for this crate (a locked dependency is gone from the registry).
    cargo install wasm-bindgen-cli --version "$wbg" --force
fi

# Debian's binaryen (108) produces WASM that crashes in Chromium; use 132 from npm.
if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "132" ]; then
    say "Installing wasm-opt (binaryen 132) into tools/"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund --silent binaryen@132
fi

if [ "$need_browser" = "--browser" ] \
    && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
    say "Installing Chromium and chromedriver from Debian"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver >/dev/null
fi
