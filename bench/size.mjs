// The playground's download as a static host sends it: the shipped site (`target/site/`, made
// by `cargo xtask build` stages and `cargo xtask serve`; the same as `cargo xtask dist`), each
// file gzipped at level 9. Data files (www/data/) and images are fetched only by the lessons
// that show them and are listed apart.
//
//   node bench/size.mjs [SITE_DIR]      (default target/site; `cargo xtask bench` runs it)
//
// Three figures against the issues' budgets: the wasm with its JavaScript glue; the wasm and
// all JavaScript (the performance issue's "wasm + JS", 150 KB); the whole app, wasm + JS + CSS
// + HTML (the lessons issue's 250 KB). And what the first lesson needs on a cold load: the
// page's JavaScript, the first lesson's stylesheets, the wasm.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SITE = resolve(process.argv[2] ?? join(ROOT, "target", "site"));
const KB = 1000; // the issues' budgets are in KB; figures print in both

const BUDGETS = [
  { name: "wasm + all JavaScript (performance issue)", limit: 150 * KB, pick: (f) => /\.(wasm|m?js)$/.test(f) },
  { name: "whole app: wasm + JS + CSS + HTML (lessons issue)", limit: 250 * KB, pick: () => true },
];

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const gz = (path) => gzipSync(readFileSync(path), { level: 9 }).length;
const sizes = (n) => `${(n / 1024).toFixed(1).padStart(6)} KiB = ${(n / KB).toFixed(1).padStart(6)} KB`;
const rel = (p) => relative(SITE, p).split("\\").join("/");

const wasm = join(SITE, "www/pkg/downhill_bg.wasm");
const glue = join(SITE, "www/pkg/downhill.js");
if (!existsSync(wasm) || !existsSync(glue) || !existsSync(join(SITE, "index.html"))) {
  console.error(`${SITE} holds no built site: run \`cargo xtask dist --out ${SITE}\` or \`cargo xtask bench\` first`);
  process.exit(1);
}
const isLazy = (p) => /^www\/(data|img)\//.test(rel(p));
const app = [join(SITE, "index.html"), ...walk(join(SITE, "www")).filter(
  (p) => /\.(wasm|m?js|css|html|svg)$/.test(p) && !isLazy(p),
)];
const gzOf = new Map(app.map((p) => [p, gz(p)]));
const sum = (files) => files.reduce((total, p) => total + gzOf.get(p), 0);

const rows = [
  ["wasm", [wasm]],
  ["wasm-bindgen glue (JS)", [glue]],
  ["page JavaScript", app.filter((p) => /\.m?js$/.test(p) && p !== glue)],
  ["page CSS, HTML, icon", app.filter((p) => /\.(css|html|svg)$/.test(p))],
];
console.log(`The shipped site in ${SITE} (the page's modules bundled, JavaScript and CSS minified), gzip -9 file by file:`);
for (const [name, files] of rows) {
  console.log(`  ${name.padEnd(28)} ${String(files.length).padStart(3)} files ${sizes(sum(files))}`);
}
for (const { name, limit, pick } of BUDGETS) {
  const total = sum(app.filter(pick));
  const verdict = total <= limit ? "within" : `OVER by ${((total - limit) / KB).toFixed(1)} KB`;
  console.log(`  ${name.padEnd(52)} ${sizes(total)}: ${verdict} the ${limit / KB} KB budget`);
}

// The first lesson's cold load: index.html and its stylesheet, the page's JavaScript (in the
// shipped site one bundle, www/main.js; in a site of plain modules, main.js's static module
// graph plus the first lesson's view and text, which lessons.js imports on demand), the
// stylesheets that view asks for (in the shipped site they are part of www/style.css, which
// holds every view's rules, and have no file of their own), the glue and the wasm. The module
// graph is read from the source tree, www/, whose files the site's bundle was made from.
const staticImports = (path) => {
  const code = readFileSync(path, "utf8");
  const found = [...code.matchAll(/(?:^|[;}\s])(?:import|export)\s*(?:[^"';]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g)].map(
    (m) => resolve(dirname(path), m[1]),
  );
  return found.filter((p) => existsSync(p));
};
const graph = (entries) => {
  const seen = new Set();
  const visit = (p) => {
    if (seen.has(p)) return;
    seen.add(p);
    if (p.endsWith(".js")) staticImports(p).forEach(visit);
  };
  entries.forEach(visit);
  return seen;
};
const SOURCE = join(ROOT, "www");
const lessonsSource = readFileSync(join(SOURCE, "lessons.js"), "utf8");
const firstLesson = [...lessonsSource.matchAll(/import\(["'](\.\/[^"']+)["']\)/g)].slice(0, 2).map((m) => resolve(SOURCE, m[1]));
const modules = graph([join(SOURCE, "main.js"), ...firstLesson]);
const cssOf = (files) => [...files].flatMap((p) => {
  const code = readFileSync(p, "utf8");
  return [...code.matchAll(/["'](\.{1,2}\/[^"']+\.css)["']/g)].map((m) => resolve(dirname(p), m[1]));
});
const inSite = (p) => join(SITE, "www", relative(SOURCE, p));
const bundled = !existsSync(join(SITE, "www/lessons.js"));
const first = new Set(bundled ? [join(SITE, "www/main.js")] : [...modules].map(inSite));
for (const css of [join(SOURCE, "style.css"), ...cssOf(modules)]) first.add(inSite(css));
first.add(join(SITE, "index.html"));
first.add(glue);
first.add(wasm);
const firstFiles = [...first].filter((p) => gzOf.has(p));
console.log(`  first lesson, cold load (${firstFiles.length} files: page JavaScript, lesson 1's stylesheets, wasm)    ${sizes(sum(firstFiles))}`);

const lazy = walk(join(SITE, "www")).filter(isLazy);
if (lazy.length > 0) {
  console.log(`  (fetched only where shown: ${lazy.length} data and image files, ${sizes(lazy.reduce((s, p) => s + gz(p), 0)).trim()})`);
}
