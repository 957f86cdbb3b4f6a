// In-page figures in headless Chromium (playwright-core from tests/e2e, Debian's /usr/bin/chromium),
// against the page served by `cargo xtask bench` (DOWNHILL_URL). Prints figures; asserts no time.
//
// 1. bench/page.html: re-rendering a 512 × 512 landscape with contours, and 10,000 descent steps.
// 2. Frames: for each lesson in LESSONS, main-thread work per animation frame while it plays at
//    full speed. Every requestAnimationFrame callback is wrapped (before the page's own scripts
//    run) in performance marks; a frame's work is the sum of its callbacks' durations.
//    Measured: the descent view, the optimizer race (six optimizers) and the house-price network
//    while it trains; a lesson that arrives later is one more LESSONS entry.
//
//   DOWNHILL_URL=http://127.0.0.1:8000/ node bench/browser.mjs

import { BASE_URL, describeProblems, errorsIn, launch, openPage, READY_TIMEOUT_MS } from "../tests/e2e/lib.mjs";

const FRAME_BUDGET_MS = 1000 / 60;
const PLAY_MS = 4000;

/**
 * The lessons whose frames are measured: where to open them and how to set them playing at
 * full speed. `selector` must exist on the page (a lesson not merged yet is reported, not failed).
 */
const LESSONS = [
  {
    key: "descent",
    title: "The gradient (descent view), 5,000 steps/s",
    path: "?lesson=descent&f=rosenbrock&speed=5000",
    selector: "#play",
    start: (page) => page.click("#play"),
  },
  {
    key: "race",
    title: "The optimizer race, six optimizers at 20,000 steps/s (100,000 steps take 5 s)",
    path:
      "?lesson=race&f=rosenbrock&r1=sgd,lr,0.001&r2=momentum,lr,0.0002&r3=nesterov,lr,0.0002" +
      "&r4=adagrad,lr,0.05&r5=rmsprop,lr,0.001&r6=adam,lr,0.01&speed=20000",
    selector: "#play",
    start: (page) => page.click("#play"),
  },
  {
    key: "network",
    title: "Training the house-price network (Ames, default network, 1,000 epochs asked)",
    path: "?lesson=network&epochs=1000",
    selector: "#play",
    start: (page) => page.click("#play"),
  },
];

/** Runs before any of the page's scripts: times every requestAnimationFrame callback. */
function instrumentFrames() {
  const raf = window.requestAnimationFrame.bind(window);
  const calls = [];
  window.__benchFrames = calls;
  window.requestAnimationFrame = (callback) =>
    raf((timestamp) => {
      const start = performance.now();
      try {
        callback(timestamp);
      } finally {
        const end = performance.now();
        performance.measure("downhill:frame-work", { start, end });
        calls.push([timestamp, end - start]);
      }
    });
}

const quantile = (values, q) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const ms = (v, digits = 2) => (Number.isFinite(v) ? `${v.toFixed(digits)} ms` : "—");

async function pageFigures(browser) {
  const { page, context, problems, state } = await openPage(browser, "bench/page.html");
  try {
    const results = await page.evaluate(() => window.benchResults);
    if (state !== "ready" || !results || results.error) {
      throw new Error(`bench/page.html could not measure: ${results?.error ?? state}\n${describeProblems(problems)}`);
    }
    const { render, descent } = results;
    console.log(
      `Re-render ${render.side}×${render.side} Rosenbrock, ${render.levels} contour levels (${render.segments} segments): ` +
        `${ms(render.medianMs)} median, ${ms(render.fastestMs)} fastest of ${render.n} ` +
        `(wasm render alone ${ms(render.wasmMedianMs)}); ` +
        `${render.medianMs <= FRAME_BUDGET_MS ? "within" : "OVER"} one 60 Hz frame (${ms(FRAME_BUDGET_MS, 1)})`,
    );
    if (descent.steps !== 10_000) {
      throw new Error(`the descent stopped after ${descent.steps} steps (${descent.status}), not 10,000`);
    }
    console.log(
      `10,000 descent steps (SGD on Rosenbrock): ${ms(descent.medianMs)} median, ${ms(descent.fastestMs)} fastest of ${descent.n}`,
    );
    const errors = errorsIn(problems);
    if (errors.length > 0) throw new Error(`bench/page.html logged errors:\n${describeProblems(errors)}`);
  } finally {
    await context.close();
  }
}

async function frameFigures(browser, lesson) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(instrumentFrames);
  const page = await context.newPage();
  try {
    await page.goto(new URL(lesson.path, BASE_URL).href, { waitUntil: "load" });
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready", undefined, { timeout: READY_TIMEOUT_MS });
    if ((await page.$(lesson.selector)) === null) {
      console.log(`${lesson.title}: not on this page yet (no ${lesson.selector}); skipped`);
      return;
    }
    await page.waitForTimeout(500); // let the first picture settle
    await page.evaluate(() => { window.__benchFrames.length = 0; });
    await lesson.start(page);
    await page.waitForTimeout(PLAY_MS);
    const calls = await page.evaluate(() => window.__benchFrames.slice());
    // Callbacks sharing a timestamp ran in the same frame.
    const perFrame = new Map();
    for (const [timestamp, duration] of calls) perFrame.set(timestamp, (perFrame.get(timestamp) ?? 0) + duration);
    const work = [...perFrame.values()];
    const stamps = [...perFrame.keys()].sort((a, b) => a - b);
    const intervals = stamps.slice(1).map((t, i) => t - stamps[i]);
    const p95 = quantile(work, 0.95);
    console.log(
      `${lesson.title}: ${work.length} frames in ${(PLAY_MS / 1000).toFixed(0)} s; main-thread work per frame ` +
        `${ms(quantile(work, 0.5))} median, ${ms(p95)} p95, ${ms(Math.max(...work))} max ` +
        `(${p95 <= FRAME_BUDGET_MS ? "p95 within" : "p95 OVER"} the 16.7 ms frame); ` +
        `frame interval ${ms(quantile(intervals, 0.5), 1)} median, ${ms(quantile(intervals, 0.95), 1)} p95`,
    );
  } finally {
    await context.close();
  }
}

const browser = await launch();
try {
  await pageFigures(browser);
  for (const lesson of LESSONS) await frameFigures(browser, lesson);
} finally {
  await browser.close();
}
