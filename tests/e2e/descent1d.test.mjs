// End-to-end tests of the 1-D descent lesson: Step, Play, Reset and keys, divergence and
// "no minimum" messages from the core, links that reproduce a moment, hostile links, narration
// and reduced motion. Expected numbers are worked out by hand from x ← x − η f′(x).

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { describeProblems, errorsIn, launch, openPage, screenshot } from "./lib.mjs";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function withPage(path, options, body) {
  const { page, context, problems, state } = await openPage(browser, path, options);
  try {
    assert.equal(state, "ready", `state ${state}:\n${describeProblems(problems)}`);
    await body(page, problems);
    const errors = errorsIn(problems);
    assert.equal(errors.length, 0, `console or page errors:\n${describeProblems(errors)}`);
  } finally {
    await context.close();
  }
}

const num = (text) => Number(String(text).replaceAll("−", "-"));
/**
 * Whether the text the page shows ("0.9956", "−1.28", "3.72 × 10⁻⁶") is `exact` rounded to the
 * digits shown: within half a unit of its last digit (plus rounding in the arithmetic).
 */
const SUPERSCRIPT = { "⁻": "-", "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9" };
function shows(text, exact) {
  const t = String(text).trim().replaceAll("−", "-").replaceAll(",", "").replace(/[\u202f\u00a0 ]/g, "");
  const m = t.match(/^(-?\d*(?:\.(\d+))?)(?:×?10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))?$/);
  if (!m) return false;
  const exp = m[3] ? Number([...m[3]].map((c) => SUPERSCRIPT[c]).join("")) : 0;
  const mantissa = m[1] === "" ? 1 : m[1] === "-" ? -1 : Number(m[1]);
  const unit = 10 ** (exp - (m[2] ?? "").length);
  return Math.abs(mantissa * 10 ** exp - exact) <= 0.5 * unit + 1e-12 * Math.abs(exact);
}

/** The readout as the learner sees it. */
async function readout(page) {
  return page.evaluate(() => {
    const text = (id) => document.getElementById(id).textContent;
    return {
      k: text("d1-k"), x: text("d1-x"), f: text("d1-f"), slope: text("d1-slope"), step: text("d1-step-size"),
      message: text("d1-message"),
      note: document.getElementById("note").hidden ? "" : text("note"),
    };
  });
}

const L = "/?lesson=descent1d";

test("x² with η = 0.5 reaches the minimum 0 in one step", async () => {
  await withPage(`${L}&f=square&x0=2&lr=0.5`, {}, async (page) => {
    const r0 = await readout(page);
    assert.equal(r0.k, "0");
    // f(2) = 4, f′(2) = 4, the next step −0.5 · 4 = −2.
    assert.deepEqual([num(r0.x), num(r0.f), num(r0.slope), num(r0.step)], [2, 4, 4, -2]);
    await page.click("#d1-step");
    const r1 = await readout(page);
    // x₁ = x₀ − 0.5 · 2x₀ = 0, where f = 0 and f′ = 0.
    assert.equal(r1.k, "1");
    assert.equal(num(r1.x), 0);
    assert.equal(num(r1.f), 0);
    assert.equal(num(r1.slope), 0);
    await page.waitForFunction(() => new URL(location.href).searchParams.get("steps") === "1");
    assert.match(await page.textContent("#announce"), /step 1: x = 0/);
    // The core calls it converged once a step no longer moves x: the next one, of size 0.
    await page.click("#d1-step");
    assert.match((await readout(page)).message, /^converged at step 2/);
    assert.equal(num((await readout(page)).x), 0);
  });
});

test("x² with η = 1.1 diverges and the core says so", async () => {
  await withPage(`${L}&f=square&x0=2&lr=1.1&speed=1000`, {}, async (page) => {
    await page.click("#d1-step");
    // x₁ = 2 − 1.1 · 4 = −2.4: 1.2 times farther out, on the other side.
    assert.ok(Math.abs(num((await readout(page)).x) + 2.4) < 1e-12);
    await page.click("#d1-play");
    await page.waitForFunction(() => document.getElementById("d1-message").textContent.length > 0, null, { timeout: 15000 });
    const r = await readout(page);
    assert.match(r.message, /^diverged at step \d+: the learning rate is too large/);
    assert.equal(await page.textContent("#d1-play"), "Play");
    await screenshot(page, "descent1d-diverged-1280x800");
  });
});

test("η = 1 on x² bounces between x₀ and −x₀", async () => {
  await withPage(`${L}&f=square&x0=1.5&lr=1&steps=7`, {}, async (page) => {
    // x_k = (1 − 2η)^k x₀ = (−1)^7 · 1.5.
    const r = await readout(page);
    assert.equal(r.k, "7");
    assert.equal(num(r.x), -1.5);
    assert.equal(r.message, "");
  });
});

test("a falling typed f stops with the core's 'no minimum' message", async () => {
  await withPage(`${L}&f=custom&expr=-x%5E3&x0=1&lr=0.1&speed=1000`, {}, async (page) => {
    await page.click("#d1-play");
    await page.waitForFunction(() => document.getElementById("d1-message").textContent.length > 0, null, { timeout: 15000 });
    assert.match((await readout(page)).message, /no minimum in this direction: f keeps falling/);
  });
});

test("a link with steps=N reproduces the readout after a reload, and matches the hand iteration", async () => {
  const link = `${L}&f=wiggly&x0=0.3&lr=0.02&steps=25`;
  await withPage(link, {}, async (page) => {
    const first = await readout(page);
    assert.equal(first.k, "25");
    // f = x⁴ − 3x² + x, f′ = 4x³ − 6x + 1, iterated here by hand.
    let x = 0.3;
    for (let k = 0; k < 25; k++) x -= 0.02 * (4 * x ** 3 - 6 * x + 1);
    assert.ok(shows(first.x, x), `x₂₅ = ${first.x}, by hand ${x}`);
    assert.ok(x > 0.169, "this start rolls into the right-hand valley");
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
    assert.deepEqual(await readout(page), first);
  });
});

test("Space plays and pauses, the Right arrow steps, R resets; dragging the plot moves x₀", async () => {
  await withPage(`${L}&f=square&x0=2&lr=0.1&speed=4`, {}, async (page) => {
    await page.focus("#d1-plot");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    // x₂ = 0.8² · 2 = 1.28.
    assert.equal(num((await readout(page)).x), 1.28);
    await page.keyboard.press("Space");
    assert.equal(await page.getAttribute("#d1-play", "aria-pressed"), "true");
    await page.waitForFunction(() => Number(document.getElementById("d1-k").textContent) >= 3);
    await page.keyboard.press("Space");
    assert.equal(await page.getAttribute("#d1-play", "aria-pressed"), "false");
    await page.keyboard.press("r");
    assert.equal((await readout(page)).k, "0");
    const box = await page.locator("#d1-plot").boundingBox();
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2, { steps: 3 });
    await page.mouse.up();
    const x0 = num(await page.inputValue("#d1-x0"));
    assert.ok(x0 < 0 && x0 > -3, `x₀ = ${x0} left of centre`);
    await page.waitForFunction((v) => new URL(location.href).searchParams.get("x0") === String(v), x0);
  });
});

test("with reduced motion, Play jumps ahead without animating, and Step still works", async () => {
  const context = await browser.newContext({ reducedMotion: "reduce" });
  const page = await context.newPage();
  try {
    const { BASE_URL } = await import("./lib.mjs");
    await page.goto(new URL(`${L.slice(1)}&f=square&x0=2&lr=0.01`, BASE_URL).href);
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
    await page.click("#d1-play");
    assert.equal(await page.getAttribute("#d1-play", "aria-pressed"), "false");
    assert.equal((await readout(page)).k, "50");
    await page.click("#d1-step");
    assert.equal((await readout(page)).k, "51");
    // x₅₁ = 0.98⁵¹ · 2.
    assert.ok(shows((await readout(page)).x, 2 * 0.98 ** 51), `x₅₁ = ${(await readout(page)).x}`);
  } finally {
    await context.close();
  }
});

const hostile = [
  ["lr=abc", "lr"],
  ["lr=5", "lr"],
  ["x0=1e400", "x0"],
  ["steps=-3", "steps"],
  ["f=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E", "f"],
  ["f=custom&expr=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E", "expr"],
];

for (const [query, key] of hostile) {
  test(`a bad link (${query}) falls back with a visible note`, async () => {
    await withPage(`${L}&${query}`, {}, async (page) => {
      const r = await readout(page);
      assert.match(r.note, new RegExp(`Ignored ${key}=`), `note: ${r.note}`);
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      assert.equal(await page.locator("#note img, #note script").count(), 0, "markup from the URL was inserted");
      assert.ok(Number.isFinite(num(r.x)), r.x);
    });
  });
}

for (const [width, height] of [[1280, 800], [390, 844]]) {
  for (const colorScheme of ["light", "dark"]) {
    test(`screenshot ${width}x${height} ${colorScheme}: no horizontal scroll`, async () => {
      await withPage(`${L}&f=square&x0=2.5&lr=0.9&steps=6`, { width, height, colorScheme }, async (page) => {
        await page.waitForTimeout(100);
        await screenshot(page, `descent1d-${width}x${height}-${colorScheme}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `horizontal scroll of ${overflow}px`);
      });
    });
  }
}

test("the default pace shows each step without dragging, and the step to come is written out", async () => {
  await withPage(`${L}&f=square&x0=2&lr=0.1`, {}, async (page) => {
    // 10 steps a second unless the link or the slider says otherwise.
    assert.equal(await page.textContent("#d1-speed-out"), "10 steps/s");
    assert.equal(await page.textContent("#d1-formula"), "Next: x₁ = x₀ − η f′(x₀) = 2 − 0.1 · 4 = 1.6");
    await page.click("#d1-step");
    // x₁ = 1.6, f′(1.6) = 3.2: x₂ = 1.6 − 0.1 · 3.2 = 1.28.
    assert.equal(await page.textContent("#d1-formula"), "Next: x₂ = x₁ − η f′(x₁) = 1.6 − 0.1 · 3.2 = 1.28");
    // Playing at the default pace: five more steps take about half a second (never much less,
    // however fast the machine; a busy one may take longer), each one drawn.
    const started = Date.now();
    await page.click("#d1-play");
    await page.waitForFunction(() => Number(document.getElementById("d1-k").textContent) >= 6, null, { timeout: 10000 });
    const took = Date.now() - started;
    await page.click("#d1-play");
    assert.ok(took >= 350, `five steps at 10 steps/s took only ${took} ms`);
  });
});
