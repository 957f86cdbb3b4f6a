// Helpers for api_examples.test.mjs: find docs/api.md's ```js examples and let browser-style code run
// in Node (relative imports become file URLs; fetch reads files from the repository).

import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository root as a directory path ending in a separator, and as a file URL ending in "/". */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const ROOT_URL = pathToFileURL(ROOT).href.replace(/\/?$/, "/");

const CONTENT_TYPES = {
  ".wasm": "application/wasm",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".json": "application/json",
  ".csv": "text/csv",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".html": "text/html",
  ".css": "text/css",
};

/**
 * The fenced ```js (or ```javascript) blocks of the Markdown section whose heading line is exactly
 * `heading`, up to the next level-2 heading, as `{ line, code }` with 1-based opening-fence lines.
 */
export function jsBlocksInSection(markdown, heading) {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) return [];
  const blocks = [];
  let open = null; // the fence being read: { fence, lang, line, text }
  for (let line_idx = start + 1; line_idx < lines.length; line_idx++) {
    const line = lines[line_idx];
    if (open === null) {
      if (/^## /.test(line)) break;
      const fence = line.match(/^\s*(`{3,}|~{3,})\s*([^\s`]*)/);
      if (fence) open = { fence: fence[1], lang: fence[2].toLowerCase(), line: line_idx + 1, text: [] };
    } else if (isClosingFence(line, open.fence)) {
      if (open.lang === "js" || open.lang === "javascript") blocks.push({ line: open.line, code: open.text.join("\n") });
      open = null;
    } else {
      open.text.push(line);
    }
  }
  return blocks;
}

/** Every fenced ```js block under the level-2 headings of `markdown`, in order. */
export function jsBlocksInSections(markdown) {
  const headings = markdown.split(/\r?\n/).filter((line) => /^## /.test(line));
  return [...new Set(headings)].flatMap((heading) => jsBlocksInSection(markdown, heading.trim()));
}

function isClosingFence(line, fence) {
  const trimmed = line.trim();
  return trimmed.startsWith(fence) && [...trimmed].every((char) => char === fence[0]);
}

/** Rewrites relative import specifiers ("./www/pkg/downhill.js") to file URLs under `rootUrl`. */
export function absolutiseImports(code, rootUrl = ROOT_URL) {
  return code.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']*)\2/g,
    (_, before, quote, specifier) => `${before}${quote}${new URL(specifier, rootUrl).href}${quote}`,
  );
}

/**
 * A `fetch` that answers paths relative to `rootUrl` and file: URLs from disk, as the browser
 * would answer them from the static server (404 for a missing file), and hands every other URL
 * to `fallback`. Files outside the root get 403.
 */
export function fetchFromDisk(rootUrl = ROOT_URL, fallback = globalThis.fetch) {
  const rootPath = fileURLToPath(rootUrl);
  return async function fetch(input, init) {
    const href = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const url = new URL(href, rootUrl);
    if (url.protocol !== "file:") return fallback(input, init);
    url.search = "";
    url.hash = "";
    const path = fileURLToPath(url);
    if (!path.startsWith(rootPath)) {
      return new Response(`outside the repository: ${href}`, { status: 403, statusText: "Forbidden" });
    }
    let body;
    try {
      body = await readFile(path);
    } catch {
      return new Response(`not found: ${href}`, { status: 404, statusText: "Not Found" });
    }
    const type = CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
    const response = new Response(body, { status: 200, headers: { "content-type": type } });
    // A Response made by hand has url ""; give it the one a browser would report.
    Object.defineProperty(response, "url", { value: url.href });
    return response;
  };
}
