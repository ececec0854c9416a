#!/usr/bin/env bash
# Trunk post-build hook: names the JS and WASM of the resident's guide, the one
# with the signed-in tools and the finder (trunk builds them as "workers", which it
# does not hash) after a hash of their content, and writes each WASM app's JS name
# (the first screen's too, which trunk hashed) into its meta of index.html, where
# the page and the apps look for it.
set -euo pipefail
cd "${TRUNK_STAGING_DIR:?run by trunk}"
for name in wijkgids-front wijkgids-guide wijkgids-tools wijkgids-finder; do
    if [ -f "$name.js" ]; then
        hash=$(cat "$name.js" "${name}_bg.wasm" | sha256sum | cut -c1-16)
        sed -i "s/${name}_bg\.wasm/${name}-${hash}_bg.wasm/g" "$name.js"
        mv "$name.js" "$name-$hash.js"
        mv "${name}_bg.wasm" "${name}-${hash}_bg.wasm"
    fi
    js=$(ls "$name"-*.js 2>/dev/null | head -n 1) || true
    [ -n "$js" ] || { echo "name-guide: no $name build" >&2; exit 1; }
    sed -i "s|content=\"/$name\.js\"|content=\"/$js\"|" index.html
    grep -q "content=\"/$js\"" index.html || { echo "name-guide: no $name meta in index.html" >&2; exit 1; }
done
