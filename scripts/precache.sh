#!/usr/bin/env bash
# Trunk post-build hook, after name-guide.sh: writes the app shell that the
# service worker keeps on the device (every file the build wrote but sw.js,
# robots.txt, the guide with the signed-in tools and the finder, which only a
# device that never held the guide uses, online) into sw.js as SHELL, the
# tools' files as TOOLS (kept only on devices that used them, see sw.js), with a
# version made from all their content, and that version into index.html's
# `wijkgids-build` meta, so the app can show it.
set -euo pipefail
cd "${TRUNK_STAGING_DIR:?run by trunk}"
[ -f sw.js ] || exit 0
all=$(find . -type f ! -name sw.js ! -name robots.txt | sed 's|^\./|/|' | LC_ALL=C sort)
shell=$(printf '%s\n' $all | grep -v '^/wijkgids-tools-\|^/wijkgids-finder-' || true)
tools=$(printf '%s\n' $all | grep '^/wijkgids-tools-' || true)
version=$(for f in $all; do cat ".$f"; done | sha256sum | cut -c1-16)
quoted() { [ -n "$1" ] && printf '"%s",' $1; }
shell_list=$(quoted "$shell")
tools_list=$(quoted "$tools" || true)
sed -i -e "s|^const VERSION = .*|const VERSION = \"$version\";|" \
       -e "s|^const SHELL = .*|const SHELL = [${shell_list%,}];|" \
       -e "s|^const TOOLS = .*|const TOOLS = [${tools_list%,}];|" sw.js
sed -i "s|<meta name=\"wijkgids-build\" content=\"[^\"]*\">|<meta name=\"wijkgids-build\" content=\"$version\">|" index.html
grep -q "content=\"$version\"" index.html || { echo "precache: no wijkgids-build meta in index.html" >&2; exit 1; }
grep -q "^const TOOLS = " sw.js || { echo "precache: no TOOLS in sw.js" >&2; exit 1; }
