#!/usr/bin/env bash
# Trunk post-build hook, last: writes gzip (-9) and brotli (quality 11) copies
# beside each content-hashed asset (JS, WASM, CSS), which the server sends to
# browsers that accept them instead of compressing on the fly (the guide's WASM:
# ~18% fewer bytes than on-the-fly gzip). index.html and sw.js are left alone: they
# change in place, and a stale compressed copy would be served instead.
set -euo pipefail
cd "${TRUNK_STAGING_DIR:?run by trunk}"
mapfile -t files < <(find . -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' \) ! -name sw.js)
[ "${#files[@]}" -gt 0 ] || exit 0
for file in "${files[@]}"; do
    gzip -9 -n -k -f "$file"
done
node -e '
const zlib = require("zlib"), fs = require("fs");
for (const file of process.argv.slice(1)) {
    const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
                     [zlib.constants.BROTLI_PARAM_SIZE_HINT]: fs.statSync(file).size };
    fs.writeFileSync(file + ".br", zlib.brotliCompressSync(fs.readFileSync(file), { params }));
}' "${files[@]}"
