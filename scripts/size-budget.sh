#!/usr/bin/env bash
# Fails when what the first screen needs (HTML, CSS, JS glue, WASM), gzipped, is
# over the budget in shared/design/QUALITY.md. Prints brotli sizes beside them
# (what browsers get from the server when they accept br), measured with Node's
# built-in brotli, so nothing extra is installed.
set -euo pipefail
dist="${1:-dist}"
budget_kb="${SIZE_BUDGET_KB:-200}"
brotli_size() {
    node -e 'const z=require("zlib");const d=require("fs").readFileSync(process.argv[1]);
             process.stdout.write(String(z.brotliCompressSync(d,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length))' "$1"
}
total=0
total_br=0
printf '%10s %10s  %s\n' "gzip B" "brotli B" "file"
for file in "$dist"/index.html "$dist"/*.css "$dist"/*.js "$dist"/*.wasm; do
    [ -f "$file" ] || continue
    size=$(gzip -9 -c "$file" | wc -c)
    size_br=$(brotli_size "$file")
    printf '%10d %10d  %s\n' "$size" "$size_br" "$(basename "$file")"
    total=$((total + size))
    total_br=$((total_br + size_br))
done
printf '%10d %10d  first screen in all (budget %d KB gzip)\n' "$total" "$total_br" "$budget_kb"
if [ "$total" -gt $((budget_kb * 1024)) ]; then
    echo "size budget exceeded: $total B > ${budget_kb} KB" >&2
    exit 1
fi
