#!/usr/bin/env bash
# Trunk post-build hook: names the guide's JS and WASM after a hash of their content
# (trunk hashes only the main app's files) and writes the JS's name into the
# `wijkgids-guide` meta of index.html, where the first screen looks for it.
set -euo pipefail
cd "${TRUNK_STAGING_DIR:?run by trunk}"
[ -f wijkgids-guide.js ] || exit 0
hash=$(cat wijkgids-guide.js wijkgids-guide_bg.wasm | sha256sum | cut -c1-16)
sed -i "s/wijkgids-guide_bg\.wasm/wijkgids-guide-${hash}_bg.wasm/g" wijkgids-guide.js
mv wijkgids-guide.js "wijkgids-guide-$hash.js"
mv wijkgids-guide_bg.wasm "wijkgids-guide-${hash}_bg.wasm"
sed -i "s|content=\"/wijkgids-guide\.js\"|content=\"/wijkgids-guide-$hash.js\"|" index.html
grep -q "wijkgids-guide-$hash.js" index.html || { echo "name-guide: no wijkgids-guide meta in index.html" >&2; exit 1; }
