// The API examples harness itself: block extraction, import rewriting and the fetch shim, on samples
// whose right answers are written out by hand.

import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { absolutiseImports, fetchFromDisk, jsBlocksInSection, jsBlocksInSections } from "./api_examples.mjs";

const SAMPLE = [
  "# Title", //                                   line 1
  "```js", //                                     line 2: not in the section
  "outside();",
  "```",
  "## JavaScript API", //                         line 5
  "Some prose.",
  "```js", //                                     line 7
  "first();",
  "```",
  "```sh", //                                     line 10: not js
  "cargo xtask serve",
  "```",
  "````javascript", //                            line 13: longer fence holding a ``` line
  "second();",
  "```",
  "still();",
  "````",
  "### A subsection stays inside", //             line 18
  "```js",
  "third();",
  "```",
  "## Next section",
  "```js",
  "after();",
  "```",
].join("\n");

test("only the section's js blocks are taken, with their fence lines", () => {
  assert.deepEqual(jsBlocksInSection(SAMPLE, "## JavaScript API"), [
    { line: 7, code: "first();" },
    { line: 13, code: "second();\n```\nstill();" },
    { line: 19, code: "third();" },
  ]);
});

test("a README without the section yields no blocks", () => {
  assert.deepEqual(jsBlocksInSection("# Title\n```js\nx();\n```\n", "## JavaScript API"), []);
});

test("relative imports become file URLs under the root; others stay", () => {
  const root = "file:///repo/";
  const code = [
    'import init, { version } from "./www/pkg/downhill.js";',
    "import './side.js';",
    'const m = await import("./www/pkg/downhill.js");',
    'import fs from "node:fs";',
    'fetch("./www/data/x.csv");',
  ].join("\n");
  assert.equal(
    absolutiseImports(code, root),
    [
      'import init, { version } from "file:///repo/www/pkg/downhill.js";',
      "import 'file:///repo/side.js';",
      'const m = await import("file:///repo/www/pkg/downhill.js");',
      'import fs from "node:fs";',
      'fetch("./www/data/x.csv");',
    ].join("\n"),
  );
});

test("the fetch shim reads files relative to the root, with browser-like answers", async () => {
  const dir = mkdtempSync(join(tmpdir(), "downhill-fetch-"));
  writeFileSync(join(dir, "a.csv"), "x,y\n1,2\n");
  writeFileSync(join(dir, "m.wasm"), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  const rootUrl = `${pathToFileURL(dir).href}/`;
  const fetch = fetchFromDisk(rootUrl, () => {
    throw new Error("fallback used");
  });

  const csv = await fetch("a.csv?v=1");
  assert.equal(csv.status, 200);
  assert.equal(csv.headers.get("content-type"), "text/csv");
  assert.equal(await csv.text(), "x,y\n1,2\n");

  const wasm = await fetch(new URL("m.wasm", rootUrl));
  assert.equal(wasm.headers.get("content-type"), "application/wasm");
  assert.ok(WebAssembly.validate(new Uint8Array(await wasm.arrayBuffer())));

  assert.equal((await fetch("./missing.csv")).status, 404);
  assert.equal((await fetch("../outside.csv")).status, 403);
  await assert.rejects(fetch("https://example.invalid/x"), /fallback used/);
});

test("jsBlocksInSections collects the js blocks of every level-2 section, in order", () => {
  const md = ["# Title", "```js", "top();", "```", "## One", "```js", "one();", "```", "```sh", "not js", "```", "## Two", "```javascript", "two();", "```"].join("\n");
  assert.deepEqual(jsBlocksInSections(md).map((b) => b.code), ["one();", "two();"]);
});
