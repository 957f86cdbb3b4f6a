// Minifies a built site's JavaScript and CSS in place, file by file (no bundling: every module
// keeps its name and its imports, so the page loads the same files): comments, whitespace and
// long local names go, behaviour stays. Run by `cargo xtask` (xtask/src/site.rs):
//
//   node xtask/npm/minify.mjs TOOLS_DIR SITE_DIR/www
//
// TOOLS_DIR is the folder where `npm ci` installed xtask/npm/package.json (it holds esbuild).
// Prints one line: files, bytes before and after.

import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { extname, join, relative } from "node:path";

const [toolsDir, wwwDir] = process.argv.slice(2);
if (!toolsDir || !wwwDir) {
  console.error("usage: node minify.mjs TOOLS_DIR SITE_DIR/www");
  process.exit(2);
}
const esbuild = createRequire(join(toolsDir, "package.json"))("esbuild");

/** Folders under www/ that hold no page code (data sets, README images). */
const SKIP = new Set(["data", "img"]);
const LOADERS = { ".js": "js", ".mjs": "js", ".css": "css" };

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIP.has(name) && dir === wwwDir ? [] : walk(path);
    return [path];
  });
}

let before = 0;
let after = 0;
let n = 0;
for (const path of walk(wwwDir)) {
  const loader = LOADERS[extname(path)];
  if (!loader) continue;
  const source = readFileSync(path, "utf8");
  let code;
  try {
    // charset utf8: keep η, ∂, − as they are (shorter than \u escapes, and readable).
    ({ code } = esbuild.transformSync(source, { loader, minify: true, charset: "utf8", legalComments: "none" }));
  } catch (error) {
    console.error(`cannot minify ${relative(wwwDir, path)}: ${error.message}`);
    process.exit(1);
  }
  writeFileSync(path, code);
  before += Buffer.byteLength(source);
  after += Buffer.byteLength(code);
  n += 1;
}
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`minified ${n} JavaScript and CSS files: ${kib(before)} -> ${kib(after)}`);
