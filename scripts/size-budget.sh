#!/usr/bin/env bash
# Fails when what the first screen needs (HTML, CSS, JS glue, WASM), gzipped, is
# over the budget in shared/design/QUALITY.md.
set -euo pipefail
dist="${1:-dist}"
budget_kb="${SIZE_BUDGET_KB:-200}"
total=0
for file in "$dist"/index.html "$dist"/*.css "$dist"/*.js "$dist"/*.wasm; do
    [ -f "$file" ] || continue
    size=$(gzip -9 -c "$file" | wc -c)
    printf '%8d B gzip  %s\n' "$size" "$(basename "$file")"
    total=$((total + size))
done
printf '%8d B gzip  first screen in all (budget %d KB)\n' "$total" "$budget_kb"
if [ "$total" -gt $((budget_kb * 1024)) ]; then
    echo "size budget exceeded: $total B > ${budget_kb} KB" >&2
    exit 1
fi
