// Keeps the README honest: every ```js block in its "## JavaScript API" section runs, unchanged,
// as an ES module in Node 20 against the built www/pkg/downhill.js. A block that throws fails,
// and so does a README without such a block.
//
// The blocks are written for the browser (`import init from "./www/pkg/downhill.js"`,
// `await init()`, `fetch("www/data/x.csv")`); readme.mjs supplies the shims that let them run
// here. Build first: `cargo xtask test --only node` does (or `cargo xtask build`).

import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { ROOT, absolutiseImports, fetchFromDisk, jsBlocksInSection } from "./readme.mjs";

const README = join(ROOT, "README.md");
const SECTION = "## JavaScript API";
const PKG = join(ROOT, "www", "pkg", "downhill.js");
const BLOCK_DIR = join(ROOT, "target", "readme-blocks");

globalThis.fetch = fetchFromDisk();

const readme = existsSync(README) ? readFileSync(README, "utf8") : "";
const blocks = jsBlocksInSection(readme, SECTION);

test(`README.md has \`\`\`js examples under "${SECTION}" and www/pkg is built`, () => {
  assert.ok(readme.length > 0, `README.md is missing at ${README}`);
  assert.ok(blocks.length > 0, `README.md has no \`\`\`js block in its "${SECTION}" section`);
  assert.ok(existsSync(PKG), `${PKG} is missing: run \`cargo xtask build\` first`);
});

for (const [block_idx, block] of blocks.entries()) {
  test(`README.md line ${block.line}: \`\`\`js block ${block_idx + 1} runs`, async () => {
    mkdirSync(BLOCK_DIR, { recursive: true });
    const file = join(BLOCK_DIR, `block-${block_idx + 1}-line-${block.line}.mjs`);
    writeFileSync(file, `${absolutiseImports(block.code)}\n`);
    // A fresh query string makes Node evaluate the block anew even if this process saw it before.
    await import(`${pathToFileURL(file).href}?run=${Date.now()}`);
  });
}
