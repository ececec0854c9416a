#!/usr/bin/env bash
# Draws the app's PNG icons from their SVG sources in public/icons with headless
# Chromium (installed for the tests). Run after changing an SVG; the PNGs are kept
# in git so a build needs no drawing tool.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="$ROOT/public/icons"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
draw() { # source.svg size out.png
    printf '<html><body style="margin:0"><img src="%s" style="width:100vw;height:100vh;display:block">' \
        "file://$dir/$1" >"$work/page.html"
    chromium --headless=new --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update \
        --user-data-dir="$work/profile" --hide-scrollbars \
        --default-background-color=00000000 --force-device-scale-factor=1 \
        --window-size="$2,$2" --screenshot="$dir/$3" "file://$work/page.html" 2>/dev/null
    say "$3 ($2 px)"
}
draw wijkgids.svg 192 wijkgids-192.png
draw wijkgids.svg 512 wijkgids-512.png
draw wijkgids-maskable.svg 512 wijkgids-maskable-512.png
draw wijkgids-maskable.svg 180 apple-touch-icon.png
