// A size profile of a WASM built by cargo (before wasm-bindgen and wasm-opt, which
// drop the function names): the bytes of code each function takes, summed by the
// crate its name starts with, and the largest functions. Data (strings, tables) is
// counted apart. Raw bytes, not gzip: what shrinks here shrinks the download
// roughly in proportion.
//
//   node bench/size_profile.mjs PATH.wasm [TOP]
import { readFileSync } from "node:fs";

const [path, topArg] = process.argv.slice(2);
if (!path) {
  console.error("usage: node bench/size_profile.mjs PATH.wasm [TOP]");
  process.exit(2);
}
const top = Number(topArg ?? 25);
const bytes = readFileSync(path);

function leb(at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

// Sections: imports (to number functions), code (body sizes), data, names.
let importedFunctions = 0;
const bodies = [];
const names = new Map();
let dataBytes = 0;
let at = 8;
while (at < bytes.length) {
  const id = bytes[at++];
  let size;
  [size, at] = leb(at);
  const end = at + size;
  if (id === 2) {
    let count, p;
    [count, p] = leb(at);
    for (let i = 0; i < count; i++) {
      for (let s = 0; s < 2; s++) {
        let len;
        [len, p] = leb(p);
        p += len;
      }
      const kind = bytes[p++];
      if (kind === 0) {
        importedFunctions++;
        [, p] = leb(p);
      } else if (kind === 1) {
        p++;
        const flags = bytes[p++];
        [, p] = leb(p);
        if (flags & 1) [, p] = leb(p);
      } else if (kind === 2) {
        const flags = bytes[p++];
        [, p] = leb(p);
        if (flags & 1) [, p] = leb(p);
      } else if (kind === 3) {
        p += 2;
      }
    }
  } else if (id === 10) {
    let count, p;
    [count, p] = leb(at);
    for (let i = 0; i < count; i++) {
      let len;
      [len, p] = leb(p);
      bodies.push(len);
      p += len;
    }
  } else if (id === 11) {
    dataBytes = size;
  } else if (id === 0) {
    let len, p;
    [len, p] = leb(at);
    const name = bytes.subarray(p, p + len).toString();
    p += len;
    if (name === "name") {
      while (p < end) {
        const sub = bytes[p++];
        let subSize;
        [subSize, p] = leb(p);
        const subEnd = p + subSize;
        if (sub === 1) {
          let count, q;
          [count, q] = leb(p);
          for (let i = 0; i < count; i++) {
            let index, nameLen;
            [index, q] = leb(q);
            [nameLen, q] = leb(q);
            names.set(index, bytes.subarray(q, q + nameLen).toString());
            q += nameLen;
          }
        }
        p = subEnd;
      }
    }
  }
  at = end;
}

// Rust's legacy mangling: _ZN 3foo 3bar 17h<hash> E -> foo::bar.
function demangle(name) {
  if (!name.startsWith("_ZN")) return name;
  const parts = [];
  let p = 3;
  while (p < name.length && name[p] !== "E") {
    const digits = /^\d+/.exec(name.slice(p));
    if (!digits) break;
    p += digits[0].length;
    const len = Number(digits[0]);
    parts.push(name.slice(p, p + len));
    p += len;
  }
  if (parts.length && /^h[0-9a-f]{16}$/.test(parts[parts.length - 1])) parts.pop();
  return parts
    .join("::")
    .replace(/\$LT\$/g, "<")
    .replace(/\$GT\$/g, ">")
    .replace(/\$u20\$/g, " ")
    .replace(/\$RF\$/g, "&")
    .replace(/\$C\$/g, ",")
    .replace(/\$u7b\$/g, "{")
    .replace(/\$u7d\$/g, "}")
    .replace(/\$BP\$/g, "*")
    .replace(/\.\./g, "::");
}

// The crate a function belongs to: for a trait impl `<a::T as b::Tr>::f`, the
// type's crate (that is where the code comes from, generics aside).
function crateOf(name) {
  // Rust's v0 mangling (a few symbols): the first crate named in it.
  const v0 = /^_R.*?C[sn]?[0-9A-Za-z]*_(\d+)([A-Za-z_][A-Za-z0-9_]*)/.exec(name);
  if (v0) return v0[2].slice(0, Number(v0[1]));
  const path = name
    .replace(/^_?[<&*\s]+/, "")
    .replace(/^(mut|dyn|const)\s+/, "")
    .replace(/^\[/, "");
  const first = /^[A-Za-z_][A-Za-z0-9_]*/.exec(path);
  return first ? first[0] : "(other)";
}

const total = bodies.reduce((a, b) => a + b, 0);
const byCrate = new Map();
const functions = bodies.map((size, i) => {
  const name = demangle(names.get(importedFunctions + i) ?? `#${importedFunctions + i}`);
  const crate = crateOf(name);
  byCrate.set(crate, (byCrate.get(crate) ?? 0) + size);
  return { name, size };
});
const kb = (n) => (n / 1024).toFixed(1).padStart(8);
const share = (n) => `${((100 * n) / total).toFixed(1).padStart(5)}%`;
console.log(`${path}: ${bodies.length} functions, code ${kb(total)} KB, data ${kb(dataBytes)} KB`);
console.log("\nby crate (code)");
[...byCrate.entries()]
  .sort((a, b) => b[1] - a[1])
  .slice(0, top)
  .forEach(([crate, size]) => console.log(`${kb(size)} KB ${share(size)}  ${crate}`));
console.log(`\nlargest functions`);
functions
  .sort((a, b) => b.size - a.size)
  .slice(0, top)
  .forEach(({ name, size }) => console.log(`${kb(size)} KB ${share(size)}  ${name.slice(0, 150)}`));
