#!/usr/bin/env bash
# Fails when what the first screen needs (HTML, CSS, JS glue, WASM, and the JS
# snippets the glue imports), gzipped, is over the budget in
# shared/design/QUALITY.md. The resident's guide (wijkgids-guide-*), which the
# first screen loads once it runs, is printed below it with its target (issue 21:
# 400 KB gzip), and the guide with the signed-in tools (wijkgids-tools-*), loaded
# instead for someone signed in, below that; neither fails the run. Brotli sizes are
# printed beside gzip (what browsers get from the server when they accept br),
# measured with Node's built-in brotli, so nothing extra is installed.
# Below the tables, one `BENCH {json}` line per figure for scripts/bench.sh.
set -euo pipefail
dist="${1:-dist}"
budget_kb="${SIZE_BUDGET_KB:-200}"
brotli_size() {
    node -e 'const z=require("zlib");const d=require("fs").readFileSync(process.argv[1]);
             process.stdout.write(String(z.brotliCompressSync(d,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length))' "$1"
}
# Prints each file's sizes and then their sum under `label`; the sums are left
# in $total (gzip) and $total_br (brotli).
measure() {
    local label="$1"
    shift
    local size size_br
    total=0
    total_br=0
    for file in "$@"; do
        [ -f "$file" ] || continue
        size=$(gzip -9 -c "$file" | wc -c)
        size_br=$(brotli_size "$file")
        printf '%10d %10d  %s\n' "$size" "$size_br" "${file#"$dist"/}"
        total=$((total + size))
        total_br=$((total_br + size_br))
    done
    printf '%10d %10d  %s\n' "$total" "$total_br" "$label"
}
shopt -s nullglob
first=()
for file in "$dist"/index.html "$dist"/*.css "$dist"/*.js "$dist"/*.wasm "$dist"/snippets/*/*.js; do
    case "$(basename "$file")" in wijkgids-guide-* | wijkgids-tools-* | wijkgids-finder-*) ;; *) first+=("$file") ;; esac
done
printf '%10s %10s  %s\n' "gzip B" "brotli B" "file"
measure "first screen in all (budget $budget_kb KB gzip)" "${first[@]}"
first_total=$total
first_total_br=$total_br
echo
guide_kb="${GUIDE_TARGET_KB:-400}"
measure "the resident's guide, loaded by the first screen once it runs (target $guide_kb KB gzip)" \
    "$dist"/wijkgids-guide-*.js "$dist"/wijkgids-guide-*.wasm
guide_total=$total
guide_total_br=$total_br
echo
measure "the guide with the signed-in tools, loaded instead for someone signed in" \
    "$dist"/wijkgids-tools-*.js "$dist"/wijkgids-tools-*.wasm
tools_total=$total
tools_total_br=$total_br
echo
measure "the finder, loaded beside the first screen on a device that never held the guide" \
    "$dist"/wijkgids-finder-*.js "$dist"/wijkgids-finder-*.wasm
finder_total=$total
finder_total_br=$total_br
echo
# A device that never held the guide starts the finder instead of the first
# screen's app: the same budget holds for what it needs before it works.
measure "a new visitor's first screen: the page, CSS and the finder (budget $budget_kb KB gzip)" \
    "$dist"/index.html "$dist"/*.css "$dist"/wijkgids-finder-*.js "$dist"/wijkgids-finder-*.wasm "$dist"/snippets/*/*.js
new_visitor_total=$total
new_visitor_total_br=$total_br
# Figures in KB (1024 B) with one decimal, in the bench contract's format.
bench() {
    printf 'BENCH {"name":"%s","value":%s,"budget":"%s","unit":"KB"}\n' \
        "$1" "$(awk -v b="$2" 'BEGIN { printf "%.1f", b / 1024 }')" "$3"
}
echo
bench size.first_screen.gzip_kb "$first_total" "<= $budget_kb"
bench size.first_screen.brotli_kb "$first_total_br" ""
bench size.guide.gzip_kb "$guide_total" "<= $guide_kb"
bench size.guide.brotli_kb "$guide_total_br" ""
bench size.tools.gzip_kb "$tools_total" ""
bench size.tools.brotli_kb "$tools_total_br" ""
bench size.finder.gzip_kb "$finder_total" ""
bench size.finder.brotli_kb "$finder_total_br" ""
bench size.new_visitor_first_screen.gzip_kb "$new_visitor_total" "<= $budget_kb"
bench size.new_visitor_first_screen.brotli_kb "$new_visitor_total_br" ""
for total in "$first_total" "$new_visitor_total"; do
    if [ "$total" -gt $((budget_kb * 1024)) ]; then
        echo "size budget exceeded: $total B > ${budget_kb} KB" >&2
        exit 1
    fi
done
