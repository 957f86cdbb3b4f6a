// Keeps the API reference honest: every ```js block in docs/api.md runs, unchanged,
// as an ES module in Node 20 against the built www/pkg/downhill.js. A block that throws fails,
// and so does a reference without such a block.
//
// The blocks are written for the browser (`import init from "./www/pkg/downhill.js"`,
// `await init()`, `fetch("www/data/x.csv")`); api_examples.mjs supplies the shims that let them run
// here. Build first: `cargo xtask test --only node` does (or `cargo xtask build`).

import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { ROOT, absolutiseImports, fetchFromDisk, jsBlocksInSections } from "./api_examples.mjs";

const API_DOC = join(ROOT, "docs", "api.md");
const PKG = join(ROOT, "www", "pkg", "downhill.js");
const BLOCK_DIR = join(ROOT, "target", "api-blocks");

globalThis.fetch = fetchFromDisk();

const doc = existsSync(API_DOC) ? readFileSync(API_DOC, "utf8") : "";
const blocks = jsBlocksInSections(doc);

test("docs/api.md has ```js examples and www/pkg is built", () => {
  assert.ok(doc.length > 0, `docs/api.md is missing at ${API_DOC}`);
  assert.ok(blocks.length >= 5, `docs/api.md has ${blocks.length} \`\`\`js blocks; expected one per section`);
  assert.ok(existsSync(PKG), `${PKG} is missing: run \`cargo xtask build\` first`);
});

for (const [block_idx, block] of blocks.entries()) {
  test(`docs/api.md line ${block.line}: \`\`\`js block ${block_idx + 1} runs`, async () => {
    mkdirSync(BLOCK_DIR, { recursive: true });
    const file = join(BLOCK_DIR, `block-${block_idx + 1}-line-${block.line}.mjs`);
    writeFileSync(file, `${absolutiseImports(block.code)}\n`);
    // A fresh query string makes Node evaluate the block anew even if this process saw it before.
    await import(`${pathToFileURL(file).href}?run=${Date.now()}`);
  });
}
