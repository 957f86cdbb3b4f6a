// End-to-end tests of the descent view: a learner clicks, plays, steps, zooms, shares a link,
// and opens broken or hostile links. Each test reads the numbers the page shows.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { BASE_URL, describeProblems, errorsIn, launch, openPage, screenshot } from "./lib.mjs";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** The readout as the learner sees it. */
async function readout(page) {
  return page.evaluate(() => {
    const text = (id) => document.getElementById(id).textContent;
    return {
      step: Number(text("r-step")),
      xy: text("r-xy"),
      f: text("r-f"),
      grad: text("r-grad"),
      norm: text("r-norm"),
      message: text("message"),
      tone: document.getElementById("message").dataset.tone ?? "",
      note: document.getElementById("note").hidden ? "" : text("note"),
    };
  });
}

/** Parses the readout's "(x, y)" (the page writes − for minus). */
function parsePair(text) {
  const m = text.replaceAll("−", "-").match(/^\((.+), (.+)\)$/);
  assert.ok(m, `not a pair: ${text}`);
  return [Number(m[1]), Number(m[2])];
}

const num = (text) => Number(text.replaceAll("−", "-"));

/** Where the plot area is on screen, and the data window it shows, from the URL after load. */
async function plotBox(page) {
  return page.evaluate(() => {
    const r = document.getElementById("overlay").getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  });
}

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

test("the first view shows a landscape, a start point and its numbers, with no error message", async () => {
  await withPage("/?lesson=descent", {}, async (page) => {
    const r = await readout(page);
    assert.equal(r.step, 0);
    assert.deepEqual(parsePair(r.xy), [-1.5, 2]);
    // Rosenbrock at (−1.5, 2): (1 + 1.5)² + 100 (2 − 2.25)² = 6.25 + 6.25.
    assert.equal(num(r.f), 12.5);
    assert.notEqual(r.tone, "error", `error shown: ${r.message}`);
    // The heatmap really has colour in it: sample the map canvas.
    const colourful = await page.evaluate(() => {
      const c = document.getElementById("map");
      const d = c.getContext("2d").getImageData(c.width / 2, c.height / 2, 1, 1).data;
      return d[3] === 255 && d[0] + d[1] + d[2] > 0;
    });
    assert.ok(colourful, "the centre of the map is blank");
  });
});

test("a click on the map sets the start point shown in the readout and the URL", async () => {
  await withPage("/?f=bowl", {}, async (page) => {
    const box = await plotBox(page);
    // Margins of the plot inside the figure (see margins() in www/views/descent.js).
    const plot = { left: box.left + 46, top: box.top + 10, width: box.width - 46 - 74, height: box.height - 10 - 30 };
    await page.mouse.click(plot.left + plot.width / 2, plot.top + plot.height / 2);
    const r = await readout(page);
    const [x, y] = parsePair(r.xy);
    // The bowl's window is centred on the origin; one pixel is about 4/600 units.
    assert.ok(Math.abs(x) < 0.02 && Math.abs(y) < 0.02, `clicked the centre, got (${x}, ${y})`);
    await page.waitForFunction((want) => Number(new URL(location.href).searchParams.get("x")) === want, x);
    const url = new URL(page.url());
    assert.equal(Number(url.searchParams.get("x")), x);
    assert.equal(Number(url.searchParams.get("y")), y);
    // Click three quarters right and a quarter down: x > 0, y > 0.
    await page.mouse.click(plot.left + 0.75 * plot.width, plot.top + 0.25 * plot.height);
    const [x2, y2] = parsePair((await readout(page)).xy);
    assert.ok(x2 > 0.5 && y2 > 0.5, `got (${x2}, ${y2})`);
  });
});

test("Play moves the point downhill on the bowl, and Pause stops it", async () => {
  await withPage("/?f=bowl&x=-1.5&y=1&lr=0.01&speed=300", {}, async (page) => {
    const before = await readout(page);
    await page.click("#play");
    await page.waitForFunction(() => Number(document.getElementById("r-step").textContent) > 60);
    await page.click("#play");
    const paused = await readout(page);
    assert.ok(num(paused.f) < num(before.f) / 2, `loss ${before.f} → ${paused.f}`);
    await page.waitForTimeout(300);
    assert.equal((await readout(page)).step, paused.step, "still moving after Pause");
    await screenshot(page, "descent-bowl-played-1280x800");
  });
});

test("keyboard: Right arrow steps, Space plays and pauses, R resets", async () => {
  await withPage("/?f=himmelblau", {}, async (page) => {
    await page.focus("#overlay");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    assert.equal((await readout(page)).step, 2);
    await page.keyboard.press(" ");
    await page.waitForFunction(() => Number(document.getElementById("r-step").textContent) > 10);
    await page.keyboard.press(" ");
    const k = (await readout(page)).step;
    await page.waitForTimeout(200);
    assert.equal((await readout(page)).step, k);
    await page.keyboard.press("r");
    assert.equal((await readout(page)).step, 0);
  });
});

test("a link with state reproduces the same readout after reload and in a fresh browser", async () => {
  const link = "/?f=rosenbrock&x=-1.2&y=1.5&lr=0.0008&steps=777";
  let first;
  await withPage(link, {}, async (page) => {
    first = await readout(page);
    assert.equal(first.step, 777);
    await page.waitForLoadState("networkidle");
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
    assert.deepEqual(await readout(page), first);
  });
  await withPage(link, { width: 390, height: 844 }, async (page) => {
    assert.deepEqual(await readout(page), first);
  });
});

test("the URL follows the controls: landscape, parameter, learning rate, steps", async () => {
  await withPage("/?lesson=descent", {}, async (page) => {
    await page.selectOption("#landscape", "bowl");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("f") === "bowl");
    await page.$eval("#param-condition", (el) => {
      el.value = "2"; // log10: κ = 100
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await page.click("#step");
    await page.waitForFunction(() => {
      const q = new URL(location.href).searchParams;
      return q.get("condition") === "100" && q.get("steps") === "1";
    });
    const formula = await page.textContent("#formula");
    assert.match(formula, /κ = 100/);
  });
});

test("too large a learning rate stops with a divergence message instead of freezing", async () => {
  await withPage("/?f=bowl&x=1&y=1&lr=0.5&speed=1000", {}, async (page) => {
    await page.click("#play");
    await page.waitForFunction(() => document.getElementById("message").textContent.length > 0, null, { timeout: 10000 });
    const r = await readout(page);
    assert.match(r.message, /^diverged at step \d+: the learning rate is too large for this landscape$/);
    assert.equal(await page.textContent("#play"), "Play");
    await screenshot(page, "descent-diverged-1280x800");
  });
});

test("on the saddle the page says f keeps falling, not a word about the learning rate", async () => {
  await withPage("/?f=saddle&x=1&y=0.1&lr=0.1&speed=1000", {}, async (page) => {
    await page.click("#play");
    await page.waitForFunction(() => document.getElementById("message").textContent.length > 0, null, { timeout: 10000 });
    const r = await readout(page);
    assert.match(r.message, /^no minimum in this direction: f keeps falling/);
    assert.doesNotMatch(r.message, /learning rate/);
  });
});

const hostile = [
  ["lr=abc", "lr"],
  ["lr=-1", "lr"],
  ["x=1e400", "x"],
  ["f=<script>window.__pwned=1</script>", "f"],
  ["f=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E", "f"],
  ["view=1,0,0,1", "view"],
  ["steps=99999999999", "steps"],
  ["condition=1e9&f=bowl", "condition"],
  ["lesson=%3Cb%3Ebold%3C%2Fb%3E", "lesson"],
];

for (const [query, key] of hostile) {
  test(`a bad link (${query}) falls back to defaults with a visible note and runs nothing`, async () => {
    await withPage(`/?${query}`, {}, async (page) => {
      page.on("dialog", (dialog) => {
        throw new Error(`a dialog opened: ${dialog.message()}`);
      });
      const r = await readout(page);
      assert.match(r.note, new RegExp(`Ignored ${key}=`), `note: ${r.note}`);
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      assert.equal(await page.locator("#note img, #note script, #note b").count(), 0, "markup from the URL was inserted");
      assert.notEqual(r.tone, "error", r.message);
      assert.ok(Number.isFinite(parsePair(r.xy)[0]));
    });
  });
}

test("wheel zoom changes the view in the URL; Reset view restores the landscape's window", async () => {
  await withPage("/?f=himmelblau", {}, async (page) => {
    const box = await plotBox(page);
    await page.mouse.move(box.left + box.width / 2, box.top + box.height / 2);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction(() => new URL(location.href).searchParams.has("view"));
    const view = new URL(page.url()).searchParams.get("view").split(",").map(Number);
    assert.ok(view[1] - view[0] < 10, `zoomed in: ${view}`);
    await page.click("#reset-view");
    await page.waitForFunction(() => !new URL(location.href).searchParams.has("view"));
  });
});

test("a trap in the core is survived: the page restarts it and restores from the URL", async () => {
  await withPage("/?f=beale&steps=40", {}, async (page, problems) => {
    const before = await readout(page);
    await page.evaluate(() => window.downhill.trap());
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
    await page.waitForFunction(() => !document.getElementById("note").hidden);
    const after = await readout(page);
    assert.match(after.note, /restarted/);
    assert.equal(after.step, before.step);
    assert.equal(after.xy, before.xy);
    // The trap itself is reported on the console by the panic-free `unreachable`; nothing else.
    problems.splice(0, problems.length);
  });
});

test("when the WebAssembly cannot be downloaded the page says so instead of a blank canvas", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route("**/downhill_bg.wasm*", (route) => route.abort());
  await page.goto(new URL("/", BASE_URL).href);
  await page.waitForFunction(() => document.documentElement.dataset.state === "error");
  const text = await page.textContent("#fallback-text");
  assert.match(text, /Could not load the WebAssembly core/);
  assert.ok(await page.isVisible("#fallback"));
  await context.close();
});

for (const [width, height] of [[1280, 800], [390, 844]]) {
  for (const colorScheme of ["light", "dark"]) {
    test(`screenshot ${width}x${height} ${colorScheme}: no horizontal scroll`, async () => {
      await withPage("/?f=rosenbrock&steps=3000", { width, height, colorScheme }, async (page) => {
        await page.waitForTimeout(100);
        await screenshot(page, `descent-${width}x${height}-${colorScheme}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `horizontal scroll of ${overflow}px`);
      });
    });
  }
}

/** The view's last sentence of narration, kept on its root (the frame may also speak it). */
const narration = (page) => page.evaluate(() => document.querySelector("[data-narration]")?.dataset.narration ?? "");

test("narration: each Step, a pause and a divergence are said in words on the view's root", async () => {
  await withPage("/?f=bowl&x=-1.5&y=1&lr=0.01&speed=300", {}, async (page) => {
    assert.equal(await narration(page), "", "nothing is said before the learner acts");
    await page.click("#step");
    await page.click("#step");
    const r = await readout(page);
    const said = await narration(page);
    const m = said.match(/^step (\d+): loss (\S+), gradient (\(.+\))$/);
    assert.ok(m, `narration: ${said}`);
    // The sentence says what the readout shows.
    assert.equal(Number(m[1]), 2);
    assert.equal(m[2], r.f);
    assert.equal(m[3], r.grad);
    // The course frame speaks the same sentence in its polite live region.
    await page.waitForFunction((text) => document.getElementById("announce").textContent === text, said);
    assert.equal(await page.getAttribute("#announce", "aria-live"), "polite");
    await page.click("#play");
    await page.waitForFunction(() => Number(document.getElementById("r-step").textContent) > 20);
    await page.click("#play");
    assert.match(await narration(page), /^paused at step \d+: loss /);
  });
  // The bowl with condition 10 at η = 0.5: its steep direction is multiplied by |1 − 0.5·2·10| = 9 a step.
  await withPage("/?f=bowl&lr=0.5&speed=300", {}, async (page) => {
    await page.click("#play");
    await page.waitForFunction(() => /diverged/.test(document.getElementById("message").textContent), null, { timeout: 10000 });
    assert.match(await narration(page), /^diverged at step \d+: the learning rate is too large/);
  });
});

test("reduced motion: Play moves in jumps of at least 100 steps drawn once each, and Step still takes one step", async () => {
  await withPage("/?f=bowl&x=-1.5&y=1&lr=0.001&speed=20", {}, async (page) => {
    await page.emulateMedia({ reducedMotion: "reduce" });
    await page.click("#play");
    // Watch the step counter every animation frame for 1.5 s: with motion it would count up by
    // one or two at a time (20 steps/s); reduced, it jumps.
    const seen = await page.evaluate(() => new Promise((resolve) => {
      const values = [];
      const t0 = performance.now();
      const watch = () => {
        values.push(Number(document.getElementById("r-step").textContent));
        if (performance.now() - t0 < 1500) requestAnimationFrame(watch);
        else resolve(values);
      };
      watch();
    }));
    await page.click("#play");
    const distinct = [...new Set(seen)];
    assert.ok(distinct.length >= 2, `Play did not move: ${distinct}`);
    for (let k = 1; k < distinct.length; k++) {
      assert.ok(distinct[k] - distinct[k - 1] >= 100, `a jump of ${distinct[k] - distinct[k - 1]} steps: ${distinct}`);
    }
    const before = (await readout(page)).step;
    await page.click("#step");
    assert.equal((await readout(page)).step, before + 1);
  });
});
