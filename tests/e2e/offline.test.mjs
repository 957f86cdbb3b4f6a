// End-to-end tests of offline use: after one visit the service worker (www/sw.js) has a copy of
// the app, so a lesson reloads and works with the server stopped; a new build gets a new cache
// and the old one is deleted; without service workers the page works online and logs nothing.
//
// Each test serves its own copy of the site with a separate `xtask serve --dir` process (the
// binary from DOWNHILL_XTASK, set by `cargo xtask test`, else target/debug/xtask) and stops it
// for real by killing that process.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { describeProblems, errorsIn, launch, READY_TIMEOUT_MS, screenshot } from "./lib.mjs";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const XTASK = process.env.DOWNHILL_XTASK || join(REPO, "target", "debug", "xtask");
/** The shipped site the other tests see (minified, with its own manifest), set by `cargo xtask test`. */
const SITE = process.env.DOWNHILL_SITE || join(REPO, "target", "site");

let browser;
const cleanups = [];

before(async () => {
  browser = await launch();
});

after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await browser?.close();
});

/** A copy of the shipped site (index.html and www/, no hidden files) in a fresh temporary folder. */
function copySite() {
  const manifest = join(SITE, "www", "pkg", "build.js");
  assert.ok(existsSync(manifest), `${manifest} is missing: run \`cargo xtask test --only build\` first.`);
  const dir = mkdtempSync(join(tmpdir(), "downhill-offline-"));
  cpSync(join(SITE, "index.html"), join(dir, "index.html"));
  cpSync(join(SITE, "www"), join(dir, "www"), {
    recursive: true,
    filter: (source) => !source.split(/[\\/]/).pop().startsWith("."),
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The build identifier the copy's manifest names. */
function buildIdIn(dir) {
  const text = readFileSync(join(dir, "www", "pkg", "build.js"), "utf8");
  const match = text.match(/"id": "([0-9a-f]+)"/);
  assert.ok(match, `no build id in www/pkg/build.js:\n${text.slice(0, 400)}`);
  return match[1];
}

/** Starts `xtask serve --port 0 --dir DIR` and resolves to { url, stop } once it listens. */
function startServer(dir) {
  assert.ok(existsSync(XTASK), `${XTASK} is missing: run the tests with \`cargo xtask test --only e2e\`.`);
  const child = spawn(XTASK, ["serve", "--port", "0", "--dir", dir], { stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    child.kill("SIGKILL");
    await exited;
  };
  cleanups.push(stop);
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`xtask serve did not start:\n${output}`)), 20_000);
    const listen = (chunk) => {
      output += chunk;
      const found = output.match(/serving at (http:\/\/\S+)/);
      if (found) {
        clearTimeout(timer);
        resolve({ url: found[1], stop });
      }
    };
    child.stdout.on("data", listen);
    child.stderr.on("data", (chunk) => (output += chunk));
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`xtask serve exited (${code}):\n${output}`));
    });
  });
}

/**
 * A plain static server in this process, like a host that cannot set headers: GET and HEAD of
 * files under `dir`, with a Content-Type but no Service-Worker-Allowed. Resolves to { url }.
 */
function startPlainServer(dir) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".svg": "image/svg+xml", ".csv": "text/csv" };
  const server = createServer((request, response) => {
    let path = decodeURIComponent(new URL(request.url, "http://x").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = join(dir, normalize(path));
    if (path.includes("..") || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" });
    response.end(request.method === "HEAD" ? undefined : readFileSync(file));
  });
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

/** A fresh browser context and page that records console errors, page errors and failed requests. */
async function newPage({ initScript } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  cleanups.push(() => context.close().catch(() => {}));
  if (initScript) await context.addInitScript(initScript);
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (["error", "warning"].includes(message.type())) problems.push({ type: message.type(), text: message.text() });
  });
  page.on("pageerror", (error) => problems.push({ type: "pageerror", text: String(error?.stack ?? error) }));
  page.on("requestfailed", (request) =>
    problems.push({ type: "requestfailed", text: `${request.url()}: ${request.failure()?.errorText}` }),
  );
  return { context, page, problems };
}

async function waitReady(page, problems) {
  await page
    .waitForFunction(() => ["ready", "error"].includes(document.documentElement.dataset.state), undefined, {
      timeout: READY_TIMEOUT_MS,
    })
    .catch((error) => {
      throw new Error(`the page never became ready. Problems:\n${describeProblems(problems)}`, { cause: error });
    });
  const state = await page.evaluate(() => document.documentElement.dataset.state);
  assert.equal(state, "ready", `data-state="${state}". Problems:\n${describeProblems(problems)}`);
}

/** Waits until the service worker controls the page, and returns the names of the app's caches. */
async function waitControlled(page) {
  await page.waitForFunction(() => document.documentElement.dataset.offline !== undefined, undefined, { timeout: 15_000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.offline), "registered");
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
  return page.evaluate(() => caches.keys());
}

/** Evaluates `read` in the page until `done(value)` holds (or 30 s pass); returns the last value. */
async function poll(page, read, done) {
  const deadline = Date.now() + 30_000;
  let value = await page.evaluate(read);
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await page.evaluate(read);
  }
  return value;
}

/** Whether the server at `url` still answers. */
async function answers(url) {
  try {
    await fetch(url);
    return true;
  } catch {
    return false;
  }
}

test("after one visit, a lesson reloads and works with the server stopped", async () => {
  const dir = copySite();
  const id = buildIdIn(dir);
  const server = await startServer(dir);
  const { page, problems } = await newPage();
  await page.goto(`${server.url}?lesson=descent`);
  await waitReady(page, problems);
  assert.deepEqual(await waitControlled(page), [`downhill-${id}`]);

  // The cache holds the page and every file of the app, found here by walking the copy.
  const cached = await page.evaluate(async (name) => {
    const cache = await caches.open(name);
    return (await cache.keys()).map((request) => new URL(request.url).pathname);
  }, `downhill-${id}`);
  // The shipped site bundles the page's modules into www/main.js and its stylesheets into
  // www/style.css; whatever else the copy holds (but the manifest, notes and README images) is
  // cached too.
  const wanted = ["/index.html", "/www/main.js", "/www/style.css", "/www/pkg/downhill.js", "/www/pkg/downhill_bg.wasm", "/www/data/ames.csv", "/www/icon.svg"];
  const walk = (folder) => readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
  for (const path of walk(join(dir, "www"))) {
    const url = "/" + relative(dir, path).split(sep).join("/");
    if (!/^\/www\/(pkg\/build\.js|img\/)|\.md$/.test(url) && !wanted.includes(url)) wanted.push(url);
  }
  assert.ok(!existsSync(join(dir, "www", "views")), "the shipped site still has view files in www/views/");
  for (const path of wanted) assert.ok(cached.includes(path), `${path} is not in the cache: ${cached.join(", ")}`);
  assert.ok(!cached.includes("/www/pkg/build.js") && !cached.includes("/www/data/README.md"));

  await server.stop();
  assert.equal(await answers(server.url), false, "the server still answers after being stopped");

  const responses = [];
  page.on("response", (response) => responses.push(response));
  const reloaded = await page.reload();
  assert.ok(reloaded && reloaded.ok(), `the reload answered ${reloaded?.status()}`);
  assert.ok(reloaded.fromServiceWorker(), "the page itself did not come from the service worker");
  await waitReady(page, problems);
  const fromSite = responses.filter((response) => response.url().startsWith(server.url));
  assert.ok(fromSite.some((response) => response.url().endsWith("/www/pkg/downhill_bg.wasm")), "the wasm was not loaded");
  for (const response of fromSite) {
    assert.ok(response.fromServiceWorker(), `${response.url()} did not come from the service worker`);
  }

  // The lesson works: one Step moves the point once.
  assert.equal(await page.textContent("#r-step"), "0");
  await page.click("#step");
  await page.waitForFunction(() => document.getElementById("r-step").textContent === "1");
  await screenshot(page, "offline-descent-1280x800");
  // The view's own sheet is in www/style.css already: it links nothing more.
  const sheets = await page.evaluate(() => [...document.querySelectorAll('link[rel="stylesheet"]')].map((link) => link.href));
  assert.deepEqual(sheets, [new URL("www/style.css", server.url).href]);

  // Requests the worker could not answer show up here (failed loads, console errors).
  const errors = errorsIn(problems);
  assert.equal(errors.length, 0, `errors while offline:\n${describeProblems(errors)}`);

  // A trap re-imports the core under a new query string (pkg/downhill.js?instance=2): the worker
  // serves it from the cache too, and the page recovers offline.
  await page.evaluate(() => window.downhill.trap());
  await page.waitForFunction(() => document.documentElement.dataset.state === "ready" && document.getElementById("r-step"));
  assert.ok(
    responses.some((response) => response.url().includes("downhill.js?instance=2") && response.fromServiceWorker()),
    "the re-imported core did not come from the service worker",
  );
});

test("a new build installs into a new cache and the old cache is deleted", async () => {
  const dir = copySite();
  const oldId = buildIdIn(dir);
  const server = await startServer(dir);
  const { page, problems } = await newPage();
  await page.goto(`${server.url}?lesson=descent`);
  await waitReady(page, problems);
  assert.deepEqual(await waitControlled(page), [`downhill-${oldId}`]);

  // A new build: only the identifier changes, so every file still matches its digest.
  const newId = oldId.split("").reverse().join("") === oldId ? "0123456789abcdef" : oldId.split("").reverse().join("");
  const manifest = join(dir, "www", "pkg", "build.js");
  writeFileSync(manifest, readFileSync(manifest, "utf8").replace(`"id": "${oldId}"`, `"id": "${newId}"`));
  assert.equal(buildIdIn(dir), newId);

  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration.update();
  });
  const names = await poll(page, () => caches.keys(), (names) => names.length === 1 && names[0] === `downhill-${newId}`);
  assert.deepEqual(names, [`downhill-${newId}`], "the caches after the update");
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === "activated");

  // The new build's copy serves the page offline too.
  await server.stop();
  const reloaded = await page.reload();
  assert.ok(reloaded && reloaded.ok() && reloaded.fromServiceWorker());
  await waitReady(page, problems);
  assert.deepEqual(await page.evaluate(() => caches.keys()), [`downhill-${newId}`]);
  const errors = errorsIn(problems);
  assert.equal(errors.length, 0, `errors:\n${describeProblems(errors)}`);
});

test("a static host that sends no Service-Worker-Allowed: the page works online and logs nothing", async () => {
  const server = await startPlainServer(copySite());
  const { page, problems } = await newPage();
  await page.goto(`${server.url}?lesson=descent`);
  await waitReady(page, problems);
  await page.waitForFunction(() => document.documentElement.dataset.offline !== undefined);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.offline), "unavailable");
  assert.equal(await page.evaluate(() => navigator.serviceWorker.getRegistration()), undefined);
  assert.equal(problems.length, 0, `console output:\n${describeProblems(problems)}`);
});

for (const [what, initScript] of [
  ["a browser without service workers", () => delete Navigator.prototype.serviceWorker],
  [
    "a refused registration (a host that does not allow the site-wide scope)",
    () => {
      ServiceWorkerContainer.prototype.register = () => Promise.reject(new DOMException("The path of the provided scope is not under the max scope allowed.", "SecurityError"));
    },
  ],
]) {
  test(`${what}: the page works online and logs nothing`, async () => {
    const server = await startServer(copySite());
    const { page, problems } = await newPage({ initScript });
    await page.goto(`${server.url}?lesson=descent`);
    await waitReady(page, problems);
    await page.waitForFunction(() => document.documentElement.dataset.offline !== undefined);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.offline), "unavailable");
    assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null);
    await page.click("#step");
    await page.waitForFunction(() => document.getElementById("r-step").textContent === "1");
    assert.equal(problems.length, 0, `console output:\n${describeProblems(problems)}`);
    await server.stop();
  });
}
