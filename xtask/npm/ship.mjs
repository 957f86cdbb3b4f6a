// Turns a copy of the site into the form it ships in. Run by `cargo xtask` (xtask/src/site.rs):
//
//   node xtask/npm/ship.mjs TOOLS_DIR SITE_DIR/www
//
// 1. The page's modules, everything www/main.js reaches (lessons.js's import() of a view or a
//    lesson text included), become one minified module written over www/main.js; the files it
//    was made from are deleted. One file compresses better than forty (gzip learns the shared
//    names once) and takes one request. The source tree stays plain ES modules, served as they
//    are by `cargo xtask serve --dir .`.
//    A module's `import.meta.url` is where its own file was, which views use to find their
//    stylesheets and data ("./race.css", "../data/ames.csv"); in the bundle every module shares
//    main.js's URL, so each occurrence is rewritten to the module's original address, computed
//    from the bundle's: new URL("./views/race.js", import.meta.url).href.
//    esbuild's minified bundle then goes through terser's compressor and mangler once more: terser
//    names variables by how often their letters occur, which gzip rewards (3 KB less gzipped
//    for 1 % fewer bytes).
//    The bundle is built with globalThis.DOWNHILL_ONE_STYLESHEET defined as true: there the
//    views' useStylesheet() (www/kit/stylesheet.js) adds nothing, as step 2 put their rules in place.
// 2. The views' stylesheets (every .css under www/views/, by name) are appended to www/style.css,
//    which index.html links in its head, and deleted: one minified file, one request, and gzip
//    learns the shared property names once (about 3 KB less than eight sheets gzipped apart).
//    The cascade is the source tree's: there each view's <link> is added after style.css, and
//    the views' rules are scoped by their own class names (.race-, .nn-, .lf-, .calc-, ...), so
//    a rule always present styles only the view it was written for (where two sheets share a
//    selector, .visually-hidden or a legend's .key-train, they agree). Every stylesheet a bundled
//    module names ("./race.css") must be among those appended, or the build stops: the bundle
//    would never load it.
// 3. What stays a file of its own (the service worker, wasm-bindgen's glue) is minified file by
//    file.
//
// TOOLS_DIR is the folder where `npm ci` installed xtask/npm/package.json (esbuild, terser).
// Prints one line: files bundled, stylesheets joined, files minified, bytes before and after.

import { existsSync, readdirSync, readFileSync, rmdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join, relative, resolve, sep } from "node:path";

const [toolsDir, wwwArg] = process.argv.slice(2);
if (!toolsDir || !wwwArg) {
  console.error("usage: node ship.mjs TOOLS_DIR SITE_DIR/www");
  process.exit(2);
}
const wwwDir = resolve(wwwArg);
const tool = createRequire(join(resolve(toolsDir), "package.json"));
const esbuild = tool("esbuild");
const terser = tool("terser");
const entry = join(wwwDir, "main.js");
const styleCss = join(wwwDir, "style.css");
const viewsDir = join(wwwDir, "views");

/** Folders under www/ that hold no page code (data sets, README images). */
const SKIP = new Set(["data", "img"]);
const LOADERS = { ".js": "js", ".mjs": "js", ".css": "css" };
// charset utf8: keep η, ∂, − as they are (shorter than \u escapes, and readable).
const MINIFY = { minify: true, charset: "utf8", legalComments: "none" };

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIP.has(name) && dir === wwwDir ? [] : walk(path);
    return [path];
  });
}

function fail(what, error) {
  console.error(`cannot ${what}: ${error.message}`);
  process.exit(1);
}

/** The stylesheets the bundled modules name, as absolute paths. */
const sheetsNamed = new Set();

/** Gives every bundled module the `import.meta.url` of the file it came from. */
const ownUrl = {
  name: "own-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.m?js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      for (const [, name] of source.matchAll(/["'](\.{1,2}\/[^"']+\.css)["']/g)) {
        sheetsNamed.add(resolve(dirname(args.path), name));
      }
      const fromBundle = "./" + relative(wwwDir, args.path).split(sep).join("/");
      const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`;
      return { contents: source.replaceAll("import.meta.url", url), loader: "js" };
    });
  },
};

let before = 0;
let after = 0;
let bundled;
try {
  const result = await esbuild.build({
    ...MINIFY,
    entryPoints: [entry],
    bundle: true,
    format: "esm",
    target: "es2022",
    write: false,
    metafile: true,
    outfile: entry,
    allowOverwrite: true,
    plugins: [ownUrl],
    define: { "globalThis.DOWNHILL_ONE_STYLESHEET": "true" },
    logLevel: "silent",
  });
  bundled = Object.keys(result.metafile.inputs).map((input) => resolve(input));
  for (const input of bundled) before += statSync(input).size;
  const squeezed = await terser.minify(result.outputFiles[0].text, {
    module: true,
    ecma: 2022,
    compress: true,
    mangle: true,
    format: { comments: false },
  });
  const code = Buffer.from(squeezed.code);
  for (const input of bundled) unlinkSync(input);
  writeFileSync(entry, code);
  after += code.length;
} catch (error) {
  fail(`bundle ${relative(wwwDir, entry)}`, error);
}

// www/style.css with the views' sheets after it, in one file. Each sheet is minified on its own
// (an unclosed block stays in its sheet, as in the browser) and the results are joined in order.
const viewSheets = existsSync(viewsDir) ? walk(viewsDir).filter((p) => extname(p) === ".css").sort() : [];
for (const named of sheetsNamed) {
  if (named !== styleCss && !viewSheets.includes(named)) {
    fail("join the stylesheets", new Error(`a module asks for ${relative(wwwDir, named)}, which is not under views/`));
  }
}
const sheets = [styleCss, ...viewSheets];
const joined = sheets.map((sheet) => {
  const source = readFileSync(sheet, "utf8");
  before += Buffer.byteLength(source);
  try {
    return esbuild.transformSync(source, { loader: "css", ...MINIFY }).code.trimEnd();
  } catch (error) {
    fail(`minify ${relative(wwwDir, sheet)}`, error);
  }
}).join("\n") + "\n";
for (const sheet of viewSheets) unlinkSync(sheet);
writeFileSync(styleCss, joined);
after += Buffer.byteLength(joined);

// Folders the bundle and the joining emptied (lessons/, views/) go too.
for (const dir of new Set([...bundled, ...viewSheets].map(dirname))) {
  if (dir !== wwwDir && readdirSync(dir).length === 0) rmdirSync(dir);
}

let n = 0;
for (const path of walk(wwwDir)) {
  const loader = LOADERS[extname(path)];
  if (!loader || path === entry || path === styleCss) continue;
  const source = readFileSync(path, "utf8");
  let code;
  try {
    ({ code } = esbuild.transformSync(source, { loader, ...MINIFY }));
  } catch (error) {
    fail(`minify ${relative(wwwDir, path)}`, error);
  }
  writeFileSync(path, code);
  before += Buffer.byteLength(source);
  after += Buffer.byteLength(code);
  n += 1;
}
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`bundled ${bundled.length} modules into www/main.js, joined ${sheets.length} stylesheets into www/style.css and minified ${n} other JavaScript and CSS files: ${kib(before)} -> ${kib(after)}`);
