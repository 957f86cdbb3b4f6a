// The playground's download, as a static host would send it (gzip -9, file by file): the wasm,
// its JavaScript glue, and the page's own HTML, JavaScript and CSS. Data files (www/data/) and
// images are fetched only by the lessons that show them and are listed apart.
//
//   node bench/size.mjs        (after `cargo xtask build`; `cargo xtask bench` runs it)

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TARGET_NOW = 200 * 1024;
const TARGET_LATER = 150 * 1024;

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const gz = (path) => gzipSync(readFileSync(path), { level: 9 }).length;
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

const wasm = join(ROOT, "www/pkg/downhill_bg.wasm");
const glue = join(ROOT, "www/pkg/downhill.js");
if (!existsSync(wasm) || !existsSync(glue)) {
  console.error("www/pkg is not built: run `cargo xtask build` first");
  process.exit(1);
}
const page = [join(ROOT, "index.html"), ...walk(join(ROOT, "www")).filter((p) => {
  const rel = relative(join(ROOT, "www"), p);
  return /\.(js|mjs|css)$/.test(p) && !rel.startsWith("pkg") && !rel.startsWith("data");
})];
const lazy = walk(join(ROOT, "www")).filter((p) => /^(data|img)[/\\]/.test(relative(join(ROOT, "www"), p)));

const wasmGz = gz(wasm);
const glueGz = gz(glue);
const pageGz = page.reduce((sum, p) => sum + gz(p), 0);
const total = wasmGz + glueGz + pageGz;
console.log(`wasm                          ${kib(statSync(wasm).size).padStart(10)} raw, ${kib(wasmGz).padStart(10)} gzipped`);
console.log(`wasm-bindgen glue (JS)        ${kib(statSync(glue).size).padStart(10)} raw, ${kib(glueGz).padStart(10)} gzipped`);
console.log(`page: HTML, JS, CSS (${String(page.length).padStart(2)} files) ${kib(page.reduce((s, p) => s + statSync(p).size, 0)).padStart(10)} raw, ${kib(pageGz).padStart(10)} gzipped`);
console.log(
  `total (wasm + JS + page)                     ${kib(total).padStart(10)} gzipped: ` +
    `${total <= TARGET_NOW ? "within" : "OVER"} the 200 KiB target, ` +
    `${total <= TARGET_LATER ? "within" : "over"} the later 150 KiB one`,
);
if (lazy.length > 0) {
  const lazyGz = lazy.reduce((sum, p) => sum + gz(p), 0);
  console.log(`(fetched only where shown: ${lazy.length} data and image files, ${kib(lazyGz)} gzipped)`);
}
