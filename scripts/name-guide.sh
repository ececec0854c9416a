#!/usr/bin/env bash
# Trunk post-build hook: names the guides' JS and WASM (the resident's guide and the
# one with the signed-in tools) after a hash of their content (trunk hashes only
# the main app's files) and writes each JS's name into its meta of index.html
# (`wijkgids-guide`, `wijkgids-tools`), where the first screen looks for it.
set -euo pipefail
cd "${TRUNK_STAGING_DIR:?run by trunk}"
for name in wijkgids-guide wijkgids-tools wijkgids-finder; do
    [ -f "$name.js" ] || continue
    hash=$(cat "$name.js" "${name}_bg.wasm" | sha256sum | cut -c1-16)
    sed -i "s/${name}_bg\.wasm/${name}-${hash}_bg.wasm/g" "$name.js"
    mv "$name.js" "$name-$hash.js"
    mv "${name}_bg.wasm" "${name}-${hash}_bg.wasm"
    sed -i "s|content=\"/$name\.js\"|content=\"/$name-$hash.js\"|" index.html
    grep -q "$name-$hash.js" index.html || { echo "name-guide: no $name meta in index.html" >&2; exit 1; }
done
