// The end-to-end harness: headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
// against the page served by `cargo xtask test`, which sets DOWNHILL_URL and SCREENSHOT_DIR.
//
//   const browser = await launch();
//   const { page, problems } = await openPage(browser, "/", { width: 1280, height: 800 });
//   await screenshot(page, "home");
//
// Run the page tests with `cargo xtask test --only e2e`.

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";

/** The served repository root, always ending in "/". */
export const BASE_URL = withSlash(process.env.DOWNHILL_URL ?? "http://127.0.0.1:8000/");

/** Where screenshots go (`target/screenshots` when run by `cargo xtask test`). */
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? join(process.cwd(), "screenshots");

/** The browser binary: Debian's package, never one that Playwright downloads. */
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/** How long a page may take to say `data-state="ready"` (or "error"), in milliseconds. */
export const READY_TIMEOUT_MS = 30_000;

// Root needs --no-sandbox; the rest keep Chromium quiet on a machine with no outside network
// (otherwise it floods the log with refused connections to update and sync services).
// Playwright already gives each launch a fresh, temporary --user-data-dir.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Starts headless Chromium with the flags this machine needs; close it with `browser.close()`. */
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Opens `path` (relative to BASE_URL, e.g. "/" or "/?lesson=descent") in a fresh context of the
 * given size and colour scheme, and waits until the page sets
 * `document.documentElement.dataset.state` to "ready" or "error".
 *
 * Returns `{ page, context, problems, state }`: `problems` collects every console error and
 * warning and every uncaught page error as `{ type, text }` (it keeps growing while the page
 * lives); `state` is the data-state the page reached. Throws if neither state appears in time,
 * with the problems seen so far in the message.
 */
export async function openPage(browser, path = "/", { width = 1280, height = 800, colorScheme = "light" } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    const type = message.type();
    if (type === "error" || type === "warning") {
      const where = message.location();
      const at = where?.url ? ` (${where.url}:${where.lineNumber})` : "";
      problems.push({ type, text: `${message.text()}${at}` });
    }
  });
  page.on("pageerror", (error) => {
    problems.push({ type: "pageerror", text: String(error?.stack ?? error) });
  });
  page.on("requestfailed", (request) => {
    // net::ERR_ABORTED is the browser cancelling a request itself (a navigation or a closing page
    // leaves an image half-loaded), not a failure of the app.
    const reason = request.failure()?.errorText;
    if (reason === "net::ERR_ABORTED") return;
    problems.push({ type: "requestfailed", text: `${request.url()}: ${reason}` });
  });

  const url = new URL(path.replace(/^\/+/, ""), BASE_URL).href;
  const response = await page.goto(url, { waitUntil: "load" });
  if (!response || !response.ok()) {
    await context.close();
    throw new Error(`GET ${url} answered ${response ? response.status() : "nothing"}`);
  }
  try {
    await page.waitForFunction(
      () => ["ready", "error"].includes(document.documentElement.dataset.state),
      undefined,
      { timeout: READY_TIMEOUT_MS },
    );
  } catch (error) {
    const state = await page.evaluate(() => document.documentElement.dataset.state).catch(() => undefined);
    await context.close();
    throw new Error(
      `${url} never set data-state to "ready" or "error" within ${READY_TIMEOUT_MS} ms ` +
        `(it is ${JSON.stringify(state)}). Console and page errors:\n${describeProblems(problems)}`,
      { cause: error },
    );
  }
  const state = await page.evaluate(() => document.documentElement.dataset.state);
  return { page, context, problems, state };
}

/** Saves a full-viewport PNG as `SCREENSHOT_DIR/<name>.png` and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, "-")}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** The problems that are errors (console errors, page errors, failed requests), not warnings. */
export function errorsIn(problems) {
  return problems.filter((problem) => problem.type !== "warning");
}

/** One problem per line, for assertion messages. */
export function describeProblems(problems) {
  return problems.length === 0 ? "  (none)" : problems.map((p) => `  [${p.type}] ${p.text}`).join("\n");
}

function withSlash(url) {
  return url.endsWith("/") ? url : `${url}/`;
}
