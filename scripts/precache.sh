#!/usr/bin/env bash
# Trunk post-build hook, after name-guide.sh: writes the app shell that the
# service worker keeps on the device (every file the build wrote but sw.js and
# robots.txt) into sw.js, with a version made from their content, and that
# version into index.html's `wijkgids-build` meta, so the app can show it.
set -euo pipefail
cd "${TRUNK_STAGING_DIR:?run by trunk}"
[ -f sw.js ] || exit 0
files=$(find . -type f ! -name sw.js ! -name robots.txt | sed 's|^\./|/|' | LC_ALL=C sort)
version=$(for f in $files; do cat ".$f"; done | sha256sum | cut -c1-16)
list=$(printf '"%s",' $files)
sed -i -e "s|^const VERSION = .*|const VERSION = \"$version\";|" \
       -e "s|^const SHELL = .*|const SHELL = [${list%,}];|" sw.js
sed -i "s|<meta name=\"wijkgids-build\" content=\"[^\"]*\">|<meta name=\"wijkgids-build\" content=\"$version\">|" index.html
grep -q "content=\"$version\"" index.html || { echo "precache: no wijkgids-build meta in index.html" >&2; exit 1; }
