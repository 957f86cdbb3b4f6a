// End-to-end tests of the line-fit lesson: the page loads the Ames sales, draws the scatter and
// the (w, b) landscape, and Play converges to the least-squares line, which this file computes
// on its own from the CSV (its own split, its own closed form). Links reproduce the readout;
// hostile links fall back with notes.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";
import { describeProblems, errorsIn, launch, openPage, screenshot } from "./lib.mjs";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

// ---- the independent oracle: the CSV read here, split here, fitted by the closed form --------

const AMES = readFileSync(new URL("../../www/data/ames.csv", import.meta.url), "utf8");

/** Column `name` of the Ames file as numbers (the file has no quotes and no gaps). */
function column(name) {
  const lines = AMES.trim().split("\n");
  const idx = lines[0].split(",").indexOf(name);
  assert.ok(idx >= 0, `no column ${name}`);
  return lines.slice(1).map((line) => Number(line.split(",")[idx]));
}

/** SplitMix64 as WORKLOADS.md defines it, in BigInt: derive(seed, purpose), uniform, Fisher–Yates. */
function splitmix(seed, purpose) {
  const M = (1n << 64n) - 1n;
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(purpose)) {
    h ^= BigInt(byte);
    h = (h * 0x100000001b3n) & M;
  }
  let state = 0n;
  const next = () => {
    state = (state + 0x9e3779b97f4a7c15n) & M;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M;
    return z ^ (z >> 31n);
  };
  state = (BigInt(seed) ^ h) & M;
  state = next();
  return {
    uniform: () => Number(next() >> 11n) * 2 ** -53,
  };
}

/** The training rows of an 80/20 split with seed 1: the last ⌈0.2 n⌉.. of a seeded shuffle. */
function trainingRows(n) {
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = splitmix(1, "split");
  for (let i = n - 1; i >= 1; i--) {
    const j = Math.min(Math.floor(rng.uniform() * (i + 1)), i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(Math.ceil(0.2 * n));
}

/** Least squares in dollars on the training rows: slope, intercept and training RMSE. */
function closedForm(feature) {
  const xs = column(feature);
  const ys = column("Sale_Price");
  const rows = trainingRows(xs.length);
  const n = rows.length;
  const mx = rows.reduce((s, i) => s + xs[i], 0) / n;
  const my = rows.reduce((s, i) => s + ys[i], 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const i of rows) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const mse = rows.reduce((s, i) => s + (slope * xs[i] + intercept - ys[i]) ** 2, 0) / n;
  return { slope, intercept, atMean: my, rmse: Math.sqrt(mse), nTrain: n };
}

// ---- reading the page ---------------------------------------------------------------------

/** "$109.06 per sq ft" → 109.06; "−$3,120" → −3120. */
function dollars(text) {
  const m = text.replaceAll("−", "-").replaceAll(",", "").match(/(-?)\$(\d+(?:\.\d+)?)/);
  assert.ok(m, `no dollar amount in ${JSON.stringify(text)}`);
  return Number(`${m[1]}${m[2]}`);
}

async function readout(page) {
  return page.evaluate(() => {
    const text = (id) => document.getElementById(id).textContent;
    return {
      step: Number(text("lf-r-step")),
      slope: text("lf-r-slope"),
      intercept: text("lf-r-intercept"),
      b: text("lf-r-b"),
      mse: text("lf-r-mse"),
      rmse: text("lf-r-rmse"),
      test: text("lf-r-test"),
      equation: text("lf-equation"),
      message: text("lf-message"),
      tone: document.getElementById("lf-message").dataset.tone ?? "",
      note: document.getElementById("note").hidden ? "" : text("note"),
    };
  });
}

async function withLesson(query, options, body) {
  const { page, context, problems, state } = await openPage(browser, `/?lesson=line${query}`, options);
  try {
    assert.equal(state, "ready", `state ${state}:\n${describeProblems(problems)}`);
    await page.waitForSelector(".lf[data-ready]", { timeout: 20000 });
    await body(page, problems);
    const errors = errorsIn(problems);
    assert.equal(errors.length, 0, `console or page errors:\n${describeProblems(errors)}`);
  } finally {
    await context.close();
  }
}

/** True when the canvas has some opaque, non-white pixels in its middle rows. */
async function painted(page, id) {
  return page.evaluate((id) => {
    const c = document.getElementById(id);
    const d = c.getContext("2d").getImageData(0, Math.floor(c.height * 0.3), c.width, Math.floor(c.height * 0.4)).data;
    let count = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] + d[i + 1] + d[i + 2] < 700) count += 1;
    return count;
  }, id);
}

/** The plot box of the map overlay (margins as in linefit.js: left 62 or 56, right 66, top 10, bottom 42). */
async function mapPlot(page) {
  const r = await page.evaluate(() => {
    const b = document.getElementById("lf-overlay").getBoundingClientRect();
    return { left: b.left, top: b.top, width: b.width, height: b.height };
  });
  const left = r.width < 360 ? 56 : 62;
  return { left: r.left + left, top: r.top + 10, width: r.width - left - 66, height: r.height - 10 - 42 };
}

// ---- tests ----------------------------------------------------------------------------------

test("the lesson loads Ames and shows the scatter, the landscape and the zero line", async () => {
  await withLesson("", {}, async (page) => {
    const r = await readout(page);
    assert.equal(r.step, 0);
    assert.equal(dollars(r.slope), 0);
    assert.equal(dollars(r.intercept), 0);
    assert.match(r.equation, /^price ≈ \$0\.00 per sq ft × living area \+ \$0$/);
    assert.notEqual(r.tone, "error", r.message);
    // The zero line's error is the root mean square price of the training sales.
    const ys = column("Sale_Price");
    const rows = trainingRows(ys.length);
    const rms = Math.sqrt(rows.reduce((s, i) => s + ys[i] ** 2, 0) / rows.length);
    assert.ok(Math.abs(dollars(r.rmse) - rms) <= 1, `RMSE ${r.rmse} vs ${rms}`);
    assert.ok((await painted(page, "lf-points")) > 500, "the scatter has few points drawn");
    assert.ok((await painted(page, "lf-map")) > 5000, "the landscape is blank");
    const best = await page.textContent("#lf-best");
    assert.match(best, /2,344 sales; 586 held out/);
    const features = await page.$$eval("#lf-feature option", (os) => os.map((o) => o.value));
    assert.equal(features.length, 32);
    assert.ok(features.includes("Gr_Liv_Area") && !features.includes("Sale_Price"));
    await screenshot(page, "line-start-1280x800-light");
  });
});

test("Play converges to the least-squares line computed independently, and the link reproduces it", async () => {
  const want = closedForm("Gr_Liv_Area");
  assert.equal(want.nTrain, 2344);
  let link;
  let seen;
  await withLesson("&speed=1000", {}, async (page) => {
    await page.click("#lf-play");
    await page.waitForFunction(() => /converged/.test(document.getElementById("lf-message").textContent), undefined, { timeout: 20000 });
    seen = await readout(page);
    assert.equal(seen.tone, "success");
    const rel = (got, exp) => Math.abs(got - exp) / Math.abs(exp);
    assert.ok(rel(dollars(seen.slope), want.slope) < 1e-3, `slope ${seen.slope} vs ${want.slope}`);
    assert.ok(rel(dollars(seen.intercept), want.intercept) < 1e-3, `intercept ${seen.intercept} vs ${want.intercept}`);
    assert.ok(rel(dollars(seen.rmse), want.rmse) < 1e-3, `RMSE ${seen.rmse} vs ${want.rmse}`);
    // b is the price at the mean area, the map's vertical axis: for least squares, the mean price.
    assert.ok(rel(dollars(seen.b), want.atMean) < 1e-3, `b ${seen.b} vs ${want.atMean}`);
    // The sentence under the scatter says the same in words.
    assert.ok(seen.equation.includes(`${seen.slope} × living area + ${seen.intercept}`), seen.equation);
    await page.waitForFunction((k) => new URL(location.href).searchParams.get("steps") === String(k), seen.step);
    link = new URL(page.url());
    await screenshot(page, "line-converged-1280x800-light");
  });
  assert.equal(link.searchParams.get("feature"), "Gr_Liv_Area");
  await withLesson(link.search.replace("?", "&").replace(/&?lesson=line/, ""), {}, async (page) => {
    const again = await readout(page);
    for (const key of ["step", "slope", "b", "intercept", "mse", "rmse", "test", "equation"]) {
      assert.equal(again[key], seen[key], `${key} differs after reopening the link`);
    }
  });
});

test("a click on the map sets the start line, shown in real units in the readout and the URL", async () => {
  await withLesson("", {}, async (page) => {
    const plot = await mapPlot(page);
    // Up and to the right of the centre: a positive slope and a price above the mean.
    await page.mouse.click(plot.left + 0.75 * plot.width, plot.top + 0.25 * plot.height);
    // The link is written a moment after a change: wait until it holds the new start line.
    await page.waitForFunction(() => !["0", null].includes(new URL(location.href).searchParams.get("slope")));
    const url = new URL(page.url());
    const slope = Number(url.searchParams.get("slope"));
    const intercept = Number(url.searchParams.get("intercept"));
    const r = await readout(page);
    assert.equal(r.step, 0);
    assert.ok(slope > 100, `slope ${slope}`);
    assert.ok(Math.abs(dollars(r.slope) - slope) <= 0.01 * Math.abs(slope), `${r.slope} vs ${slope}`);
    assert.equal(dollars(r.intercept), Math.round(intercept));
    assert.equal(await page.inputValue("#lf-start-slope"), String(slope));
    // Typing a start line works too (keyboard users cannot click the map).
    await page.fill("#lf-start-slope", "50");
    await page.fill("#lf-start-intercept", "100000");
    await page.press("#lf-start-intercept", "Enter");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("intercept") === "100000");
    const typed = await readout(page);
    assert.equal(typed.equation, "price ≈ $50.00 per sq ft × living area + $100,000");
  });
});

test("keyboard: Right arrow steps, Space plays and pauses, R resets", async () => {
  await withLesson("&speed=50", {}, async (page) => {
    await page.focus("#lf-overlay");
    await page.keyboard.press("ArrowRight");
    assert.equal((await readout(page)).step, 1);
    await page.keyboard.press(" ");
    await page.waitForFunction(() => Number(document.getElementById("lf-r-step").textContent) > 5);
    await page.keyboard.press(" ");
    const paused = (await readout(page)).step;
    await page.waitForTimeout(250);
    assert.equal((await readout(page)).step, paused);
    await page.keyboard.press("r");
    assert.equal((await readout(page)).step, 0);
  });
});

test("another feature: Year_Built converges to its own least-squares line in dollars per year", async () => {
  const want = closedForm("Year_Built");
  await withLesson("&speed=1000", {}, async (page) => {
    await page.selectOption("#lf-feature", "Year_Built");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("feature") === "Year_Built");
    let r = await readout(page);
    assert.match(r.slope, /per year$/);
    assert.equal(r.step, 0);
    await page.click("#lf-play");
    await page.waitForFunction(() => /converged/.test(document.getElementById("lf-message").textContent), undefined, { timeout: 20000 });
    r = await readout(page);
    assert.ok(Math.abs(dollars(r.slope) - want.slope) < 1e-3 * Math.abs(want.slope), `${r.slope} vs ${want.slope}`);
    assert.ok(Math.abs(dollars(r.intercept) - want.intercept) < 1e-3 * Math.abs(want.intercept), `${r.intercept} vs ${want.intercept}`);
  });
});

test("too large a learning rate diverges in words; the optimizer picker changes the path", async () => {
  await withLesson("&lr=1.5&speed=1000", {}, async (page) => {
    await page.click("#lf-play");
    await page.waitForFunction(() => /diverged/.test(document.getElementById("lf-message").textContent), undefined, { timeout: 20000 });
    assert.equal((await readout(page)).tone, "warning");
  });
  await withLesson("&opt=momentum&steps=5", {}, async (page) => {
    const momentum = await readout(page);
    assert.equal(await page.inputValue("#lf-opt"), "momentum");
    await page.selectOption("#lf-opt", "sgd");
    await page.keyboard.press("Escape");
    await page.focus("#lf-overlay");
    for (let k = 0; k < 5; k++) await page.keyboard.press("ArrowRight");
    const sgd = await readout(page);
    assert.equal(sgd.step, 5);
    assert.notEqual(sgd.slope, momentum.slope);
  });
});

test("a hostile or broken link falls back to defaults with notes, never as markup", async () => {
  const query = "&feature=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&opt=evil&lr=abc&slope=1e400&intercept=-&steps=-4&speed=0";
  await withLesson(query, {}, async (page) => {
    const r = await readout(page);
    assert.equal(r.step, 0);
    assert.equal(dollars(r.slope), 0);
    for (const key of ["feature", "opt", "lr", "slope", "steps", "speed"]) {
      assert.ok(r.note.includes(`Ignored ${key}=`), `no note for ${key}: ${r.note}`);
    }
    assert.equal(await page.$$eval("#note img, #app img", (els) => els.length), 0);
    assert.equal(await page.inputValue("#lf-feature"), "Gr_Liv_Area");
  });
});

test("the page survives a trap and restores the lesson from the link", async () => {
  await withLesson("&steps=12&opt=adam&lr=0.05", {}, async (page) => {
    const before = await readout(page);
    await page.evaluate(() => window.downhill.trap());
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready" && document.querySelector(".lf[data-ready]"));
    const after = await readout(page);
    assert.equal(after.step, 12);
    assert.equal(after.slope, before.slope);
    assert.match(after.note, /restarted/);
  });
});

const AXE = readFileSync(new URL("./node_modules/axe-core/axe.min.js", import.meta.url), "utf8");

for (const [width, height] of [[1280, 800], [390, 844]]) {
  for (const scheme of ["light", "dark"]) {
    test(`screenshot ${width}×${height} ${scheme}: no horizontal scroll, no axe violations`, async () => {
      await withLesson("&steps=25&opt=momentum", { width, height, colorScheme: scheme }, async (page) => {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px`);
        await screenshot(page, `line-${width}x${height}-${scheme}`);
        // axe-core (labels, contrast, roles) over the lesson; evaluated through the DevTools
        // protocol, which the page's CSP does not govern.
        await page.evaluate(AXE);
        const violations = await page.evaluate(async () => {
          const result = await window.axe.run(document.getElementById("app"));
          return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        });
        assert.deepEqual(violations, []);
      });
    });
  }
}

test("narration and reduced motion: a Step is said in dollars; reduced, Play jumps at least 100 steps", async () => {
  await withLesson("&speed=20", {}, async (page) => {
    await page.click("#lf-step-once");
    const r = await readout(page);
    const said = await page.evaluate(() => document.querySelector("[data-narration]")?.dataset.narration ?? "");
    const m = said.match(/^step 1: loss (.+) dollars², slope (\S+) per sq ft, price at the mean (\S+), intercept (\S+)$/);
    assert.ok(m, `narration: ${said}`);
    // The same line as the readout (b, the price at the mean, and the intercept).
    const close = (a, b) => Math.abs(a - b) <= 0.01 * Math.max(Math.abs(b), 1);
    assert.ok(close(dollars(m[2]), dollars(r.slope)), `${m[2]} vs ${r.slope}`);
    assert.ok(close(dollars(m[3]), dollars(r.b)), `${m[3]} vs ${r.b}`);
    assert.ok(close(dollars(m[4]), dollars(r.intercept)), `${m[4]} vs ${r.intercept}`);
    await page.emulateMedia({ reducedMotion: "reduce" });
    await page.click("#lf-play");
    await page.waitForFunction(() => Number(document.getElementById("lf-r-step").textContent) > 1, null, { timeout: 5000 });
    await page.click("#lf-play");
    assert.ok((await readout(page)).step >= 101, "the first jump is at least 100 steps");
  });
});
