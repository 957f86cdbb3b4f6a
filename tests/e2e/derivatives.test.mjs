// End-to-end tests of the four derivative lessons: each loads from a URL and shows the right
// numbers; typing a bad function underlines the mistake at its column and keeps the last good
// picture; typing a good one updates the picture and the URL; hostile text in a link is only
// ever shown as text; screenshots of every view at desktop and phone sizes, light and dark.

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
    page.on("dialog", (dialog) => {
      throw new Error(`a dialog opened: ${dialog.message()}`);
    });
    await body(page, problems);
    const errors = errorsIn(problems);
    assert.equal(errors.length, 0, `console or page errors:\n${describeProblems(errors)}`);
  } finally {
    await context.close();
  }
}

const num = (text) => Number(String(text).replaceAll("−", "-"));
const SUPERSCRIPT = { "⁻": "-", "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9" };
/** A number as the page writes it: "−", thousands separators and "3.72 × 10⁻⁶" (or a bare "10⁻⁸"). */
const parseShown = (text) => {
  const t = String(text).trim().replaceAll("−", "-").replaceAll(",", "").replace(/[\u202f\u00a0 ]/g, "");
  const m = t.match(/^(-?[\d.]*?)(?:×?10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))?$/);
  if (!m) return NaN;
  const exp = m[2] ? Number([...m[2]].map((c) => SUPERSCRIPT[c]).join("")) : 0;
  const mantissa = m[1] === "" ? 1 : m[1] === "-" ? -1 : Number(m[1]);
  return mantissa * 10 ** exp;
};
const text = (page, selector) => page.textContent(selector);
const param = (page, key) => new URL(page.url()).searchParams.get(key);
const waitParam = (page, key, value) =>
  page.waitForFunction(([k, v]) => new URL(location.href).searchParams.get(k) === v, [key, value]);

/**
 * Replaces the text of an input in one input event, as a paste does (typing it key by key would
 * pass through valid prefixes such as "x^2" on the way to "x^2 + 3)").
 */
async function retype(page, selector, value) {
  await page.fill(selector, value);
}

/** The expression field's error state: the underlined character, its column, the message. */
async function exprError(page, id) {
  return page.evaluate((fieldId) => {
    const input = document.getElementById(fieldId);
    const field = input.closest(".expr-field");
    const bad = field.querySelector(".expr-bad");
    return {
      column: field.dataset.column === undefined ? null : Number(field.dataset.column),
      underlined: bad ? bad.textContent : null,
      message: document.getElementById(`${fieldId}-msg`).textContent,
      invalid: input.getAttribute("aria-invalid") === "true",
    };
  }, id);
}

/** A hash of a canvas's pixels, to tell whether the picture changed. */
const canvasHash = (page, id) =>
  page.evaluate((canvasId) => {
    const c = document.getElementById(canvasId);
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let hash = 0;
    for (let i = 0; i < d.length; i += 97) hash = (hash * 31 + d[i]) | 0;
    return hash;
  }, id);

// ---- 1. the derivative ----------------------------------------------------------------------------

test("derivative: a link shows f, the secant, central and exact slopes and their errors", async () => {
  // f = x² at x = 1, h = 1/2: secant (2.25 − 1)/0.5 = 2.5, central (2.25 − 0.25)/1 = 2, f′ = 2.
  await withPage("/?lesson=derivative&fx=x^2&px=1&h=0.5", {}, async (page) => {
    assert.equal(num(await text(page, "#d-fx")), 1);
    assert.equal(num(await text(page, "#d-secant")), 2.5);
    assert.equal(num(await text(page, "#d-central")), 2);
    assert.equal(num(await text(page, "#d-exact")), 2);
    // Relative errors are fractions in the page's number format, like the error chart's axis.
    assert.equal(await text(page, "#d-secant-err"), "0.25");
    assert.equal(await text(page, "#d-central-err"), "0 (exact)");
    assert.equal(await page.inputValue("#fx"), "x^2");
    assert.equal(await page.inputValue("#preset"), "x^2");
    await waitParam(page, "fx", "x^2");
    assert.equal(param(page, "px"), "1");
    assert.equal(param(page, "h"), "0.5");
    await screenshot(page, "derivative-x2-1280x800");
  });
});

test("derivative: shrinking h makes the secant's error fall like h/2", async () => {
  await withPage("/?lesson=derivative&fx=x^2&px=1&h=0.5", {}, async (page) => {
    await page.$eval("#h", (el) => {
      el.value = "-4";
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await waitParam(page, "h", "0.0001");
    // (x + h)² − x² over h at x = 1 is 2 + h: relative error h/2 (up to rounding), shown to
    // 4 significant digits ("5 × 10⁻⁵"), so it agrees within half a unit of the 4th digit.
    const err = parseShown(await text(page, "#d-secant-err"));
    assert.equal(await text(page, "#d-secant-err"), "5\u202f×\u202f10⁻⁵");
    assert.ok(Math.abs(err / 5e-5 - 1) < 5e-4, `error ${err}`);
    // The slopes keep 10 digits in this lesson: the secant is 2 + h = 2.0001.
    assert.ok(Math.abs(parseShown(await text(page, "#d-secant")) - 2.0001) < 1e-9);
    // A hundred times larger h, a hundred times larger error.
    await page.$eval("#h", (el) => {
      el.value = "-2";
      el.dispatchEvent(new Event("input", { bubbles: true }));
    });
    await waitParam(page, "h", "0.01");
    const err2 = parseShown(await text(page, "#d-secant-err"));
    assert.ok(Math.abs(err2 / 5e-3 - 1) < 5e-4, `error ${err2}`);
  });
});

test("derivative: a bad function is underlined at its column and the last good picture stays", async () => {
  await withPage("/?lesson=derivative&fx=sin(x)&px=1&h=0.5", {}, async (page) => {
    const exact = await text(page, "#d-exact");
    // This lesson shows slopes to 10 significant digits.
    assert.equal(num(exact), Number(Math.cos(1).toPrecision(10)));
    const picture = await canvasHash(page, "f-plot");
    await retype(page, "#fx", "x^2 + 3)");
    const err = await exprError(page, "fx");
    assert.equal(err.column, 7);
    assert.equal(err.underlined, ")");
    assert.match(err.message, /column 7/);
    assert.ok(err.invalid);
    assert.equal(await text(page, "#d-exact"), exact, "the numbers changed after a bad function");
    await page.waitForTimeout(200);
    assert.equal(await canvasHash(page, "f-plot"), picture, "the picture changed after a bad function");
    assert.equal(param(page, "fx"), "sin(x)");
    await screenshot(page, "derivative-bad-expression-1280x800");
    // y is not allowed in a function of x: the y is underlined.
    await retype(page, "#fx", "x + y");
    const yErr = await exprError(page, "fx");
    assert.equal(yErr.column, 4);
    assert.equal(yErr.underlined, "y");
    assert.match(yErr.message, /only x/);
    // A good function replaces the picture, the numbers and the URL.
    await retype(page, "#fx", "x^3 - 3*x");
    await waitParam(page, "fx", "x^3 - 3*x");
    const fixed = await exprError(page, "fx");
    assert.equal(fixed.column, null);
    assert.equal(fixed.invalid, false);
    assert.equal(num(await text(page, "#d-exact")), 0); // 3·1² − 3
    assert.notEqual(await canvasHash(page, "f-plot"), picture);
  });
});

test("derivative: where f is undefined the page says so and nothing breaks", async () => {
  await withPage("/?lesson=derivative&fx=ln(x)&px=-1", {}, async (page) => {
    assert.equal(await text(page, "#d-fx"), "undefined here");
    assert.equal(await text(page, "#d-secant"), "undefined here");
    assert.equal(await text(page, "#d-exact"), "undefined here");
    assert.match(await text(page, "#message"), /undefined here/);
  });
});

test("derivative: dragging on the curve moves the point, and the URL follows", async () => {
  await withPage("/?lesson=derivative&fx=x^2&px=1&h=0.5", {}, async (page) => {
    const box = await page.locator("#f-plot").boundingBox();
    // The plot spans x ∈ [−3, 3] between the margins (54 px left, 16 px right at this width).
    const at = (x) => box.x + 54 + ((x + 3) / 6) * (box.width - 70);
    await page.mouse.move(at(1), box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(at(0), box.y + box.height / 2, { steps: 5 });
    await page.mouse.move(at(-1.5), box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => Number(new URL(location.href).searchParams.get("px")) < -1.4);
    const px = Number(param(page, "px"));
    assert.ok(Math.abs(px + 1.5) < 0.03, `dragged to −1.5, got ${px}`);
    // f′(x) = 2x there.
    assert.ok(Math.abs(num(await text(page, "#d-exact")) - 2 * px) < 1e-9);
  });
});

// ---- 2. the gradient (the descent view with typed surfaces) ---------------------------------------

const readout = (page) =>
  page.evaluate(() => ({
    xy: document.getElementById("r-xy").textContent,
    f: document.getElementById("r-f").textContent,
    grad: document.getElementById("r-grad").textContent,
    step: document.getElementById("r-step").textContent,
  }));

test("gradient: a typed surface from a link, its gradient, and typing a new one", async () => {
  await withPage("/?lesson=descent&f=custom&expr=x^2%2B3*y^2&x=1&y=1", {}, async (page) => {
    let r = await readout(page);
    assert.equal(r.xy, "(1, 1)");
    assert.equal(num(r.f), 4);
    assert.equal(r.grad, "(2, 6)");
    assert.equal(await page.inputValue("#landscape"), "custom");
    assert.equal(await page.inputValue("#expr"), "x^2+3*y^2");
    const picture = await canvasHash(page, "map");
    await retype(page, "#expr", "x^2 + 3*y^2 + ln(");
    const err = await exprError(page, "expr");
    // "expected ')' to close '(' at column 16": the unclosed parenthesis is underlined.
    assert.equal(err.column, 16);
    assert.equal(err.underlined, "(");
    assert.match(err.message, /column 16/);
    assert.equal((await readout(page)).grad, "(2, 6)");
    await page.waitForTimeout(200);
    assert.equal(await canvasHash(page, "map"), picture, "the picture changed after a bad function");
    assert.equal(param(page, "expr"), "x^2+3*y^2");
    await retype(page, "#expr", "x*y");
    await waitParam(page, "expr", "x*y");
    r = await readout(page);
    assert.equal(num(r.f), 1);
    assert.equal(r.grad, "(1, 1)");
    assert.match(await text(page, "#formula"), /x\*y/);
    assert.notEqual(await canvasHash(page, "map"), picture);
    // Descent runs on a typed surface like on a built-in one.
    await page.click("#step");
    assert.equal((await readout(page)).step, "1");
  });
});

test("gradient: the gradient field toggle draws arrows and is in the URL", async () => {
  await withPage("/?lesson=descent&f=himmelblau", {}, async (page) => {
    const blank = await canvasHash(page, "field-layer");
    await page.check("#field");
    await waitParam(page, "field", "1");
    await page.waitForTimeout(100);
    assert.notEqual(await canvasHash(page, "field-layer"), blank, "no arrows drawn");
    await screenshot(page, "gradient-field-1280x800");
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
    assert.ok(await page.isChecked("#field"));
  });
});

test("gradient: dragging the start marker moves the start live; dragging elsewhere pans", async () => {
  await withPage("/?lesson=descent&f=bowl&x=1&y=1", {}, async (page) => {
    const box = await page.locator("#overlay").boundingBox();
    // The bowl's window is [−2, 2]²; the plot is square inside the margins (46, 74, 10, 30).
    const plot = { left: box.x + 46, top: box.y + 10, width: box.width - 120, height: box.height - 40 };
    const scale = Math.max(4 / plot.width, 4 / plot.height);
    const sx = (x) => plot.left + plot.width / 2 + x / scale;
    const sy = (y) => plot.top + plot.height / 2 - y / scale;
    await page.mouse.move(sx(1), sy(1));
    await page.mouse.down();
    await page.mouse.move(sx(0.5), sy(0), { steps: 4 });
    // Live: the readout follows before the button is released.
    const during = await readout(page);
    assert.notEqual(during.xy, "(1, 1)");
    await page.mouse.move(sx(-1), sy(-0.5), { steps: 4 });
    await page.mouse.up();
    const r = await readout(page);
    const [x, y] = r.xy.replaceAll("−", "-").slice(1, -1).split(", ").map(Number);
    assert.ok(Math.abs(x + 1) < 0.03 && Math.abs(y + 0.5) < 0.03, `dragged to (−1, −0.5), got ${r.xy}`);
    assert.equal(r.step, "0");
    assert.equal(param(page, "view"), null, "dragging the marker must not pan");
    // Dragging away from the marker pans the view as before.
    await page.mouse.move(sx(1.5), sy(1.5));
    await page.mouse.down();
    await page.mouse.move(sx(1.2), sy(1.2), { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(() => new URL(location.href).searchParams.has("view"));
    assert.equal((await readout(page)).xy, r.xy);
  });
});

test("gradient: where a typed surface is undefined the map is grey and the start moves", async () => {
  await withPage("/?lesson=descent&f=custom&expr=ln(x)%2By^2&x=-1&y=1", {}, async (page) => {
    assert.match(await text(page, "#message"), /undefined here/);
    const r = await readout(page);
    assert.ok(Number.isFinite(num(r.f)), r.f);
  });
});

for (const [query, key] of [
  ["lesson=descent&f=custom&expr=%3Cimg%20src%3Dx%20onerror%3D%22window.__pwned%3D1%22%3E", "expr"],
  ["lesson=derivative&fx=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E", "fx"],
  ["lesson=partials&f=custom&expr=%3Cb%3Ebold%3C%2Fb%3E", "expr"],
  ["lesson=chain&expr=%3Cimg%20src%3Dx%3E&k=abc", "expr"],
]) {
  test(`a hostile link (${query.slice(0, 40)}…) is shown only as text, with a note`, async () => {
    await withPage(`/?${query}`, {}, async (page) => {
      const note = await text(page, "#note");
      assert.match(note, new RegExp(`Ignored ${key}=`), note);
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      assert.equal(await page.locator("main img, main script, main b, #note img, #note b").count(), 0, "markup from the URL was inserted");
    });
  });
}

// ---- 3. partial derivatives -----------------------------------------------------------------------

test("partials: the slices' slopes equal ∂f/∂x and ∂f/∂y, side by side with ∇f", async () => {
  // f = x² + xy + y²/2 at (1, 0.5): ∂f/∂x = 2x + y = 2.5, ∂f/∂y = x + y = 1.5.
  await withPage("/?lesson=partials&f=custom&expr=x^2%2Bx*y%2B0.5*y^2&x=1&y=0.5", {}, async (page) => {
    assert.equal(await text(page, "#p-xy"), "(1, 0.5)");
    assert.equal(num(await text(page, "#p-f")), 1.625);
    assert.equal(num(await text(page, "#p-dfdx")), 2.5);
    assert.equal(num(await text(page, "#p-dfdy")), 1.5);
    assert.ok(Math.abs(num(await text(page, "#p-slope-x")) - 2.5) < 1e-5);
    assert.ok(Math.abs(num(await text(page, "#p-slope-y")) - 1.5) < 1e-5);
    assert.equal(await text(page, "#p-grad"), "(2.5, 1.5)");
    await screenshot(page, "partials-1280x800");
    // Moving the point with the keyboard updates everything and the URL.
    await page.focus("#overlay");
    await page.keyboard.press("ArrowRight");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("x") !== "1");
    const x = Number(param(page, "x"));
    assert.ok(x > 1);
    assert.ok(Math.abs(num(await text(page, "#p-dfdx")) - (2 * x + 0.5)) < 1e-9);
  });
});

test("partials: built-in surfaces work too, and a bad typed one keeps the last good picture", async () => {
  await withPage("/?lesson=partials&f=bowl&x=1&y=1", {}, async (page) => {
    // The bowl x² + 10y²: ∇f = (2, 20).
    assert.equal(await text(page, "#p-grad"), "(2, 20)");
    await page.selectOption("#landscape", "custom");
    await waitParam(page, "f", "custom");
    await page.waitForTimeout(200);
    const picture = await canvasHash(page, "map");
    await retype(page, "#expr", "x^^2");
    const err = await exprError(page, "expr");
    assert.equal(err.column, 1);
    await page.waitForTimeout(200);
    assert.equal(await canvasHash(page, "map"), picture);
  });
});

// ---- 4. the chain rule -----------------------------------------------------------------------------

test("chain rule: stepping backwards writes out each product; the adjoints end as the gradient", async () => {
  // f = sin(xy) + x² at (0.5, 2): ∂f/∂x = y cos(xy) + 2x = 2 cos 1 + 1, ∂f/∂y = x cos(xy) = cos(1)/2.
  await withPage("/?lesson=chain&expr=sin(x*y)%2Bx^2&x=0.5&y=2", {}, async (page) => {
    assert.equal(await page.locator("svg.chain-svg g.node").count(), 7);
    assert.match(await text(page, "#c-progress"), /^Step 0 of 6$/);
    assert.match(await text(page, "#c-step"), /∂f\/∂f = 1/);
    await page.click("#next");
    assert.match(await text(page, "#c-progress"), /^Step 1 of 6$/);
    // From the output, the local slope is written with what f computes (f = v₂ + v₃), not ∂f/∂v₂ again.
    assert.match(await text(page, "#c-step"), /^∂f\/∂(v\S+) = ∂f\/∂f · ∂\(v\S+ \+ v\S+\)\/∂\1 = 1 · 1 = 1$/);
    // Nodes are named by what they compute.
    const heads = await page.locator("svg.chain-svg g.node text.op").allTextContents();
    for (const want of ["v₁ = x·y", "v₂ = sin(v₁)", "v₃ = x²", "f = v₂ + v₃"]) assert.ok(heads.includes(want), heads.join(" | "));
    await waitParam(page, "k", "1");
    await page.click("#all");
    assert.match(await text(page, "#c-progress"), /^Step 6 of 6$/);
    const gx = 2 * Math.cos(1) + 1;
    const gy = Math.cos(1) / 2;
    assert.ok(Math.abs(num(await text(page, "#c-adj-x")) - gx) < 1e-3);
    assert.ok(Math.abs(num(await text(page, "#c-adj-y")) - gy) < 1e-3);
    assert.match(await text(page, "#c-verdict"), /adjoints of x and y are the gradient/);
    assert.equal(await page.locator("#c-log li").count(), 6);
    // x is used twice: its adjoint is a sum of two paths, written as such.
    const log = await page.locator("#c-log li").allTextContents();
    assert.ok(log.some((line) => /^∂f\/∂x = \S+ \+ ∂f\/∂v\S+ · ∂v\S+\/∂x = /.test(line)), log.join("\n"));
    await screenshot(page, "chain-1280x800");
  });
});

test("chain rule: a link restores the step; typing a new function restarts the pass", async () => {
  await withPage("/?lesson=chain&expr=x*y%2Bx&x=3&y=-2&k=2", {}, async (page) => {
    assert.match(await text(page, "#c-progress"), /^Step 2 of \d+$/);
    await retype(page, "#expr", "x*y + ");
    // "nothing after '+' at column 4".
    assert.equal((await exprError(page, "expr")).column, 4);
    assert.match(await text(page, "#c-progress"), /^Step 2 of/);
    await retype(page, "#expr", "exp(x) * y");
    await waitParam(page, "expr", "exp(x) * y");
    assert.match(await text(page, "#c-progress"), /^Step 0 of 3$/);
    await page.keyboard.press("Tab");
    await page.click("#all");
    // ∂/∂x (eˣ y) = eˣ y, ∂/∂y = eˣ.
    assert.ok(Math.abs(num(await text(page, "#c-adj-x")) / (Math.exp(3) * -2) - 1) < 1e-3);
    assert.ok(Math.abs(num(await text(page, "#c-adj-y")) / Math.exp(3) - 1) < 1e-3);
  });
});

// ---- screenshots of every view, and no horizontal scroll on a phone ---------------------------------

const views = [
  ["derivative", "/?lesson=derivative&fx=sin(x)&px=0.8&h=0.3"],
  ["gradient", "/?lesson=descent&f=custom&expr=0.1*(x^2%2By^2)%2Bsin(x)*cos(y)&field=1&steps=120"],
  ["partials", "/?lesson=partials"],
  ["chain", "/?lesson=chain&k=4"],
];
for (const [name, path] of views) {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    for (const colorScheme of ["light", "dark"]) {
      test(`screenshot ${name} ${width}x${height} ${colorScheme}: no horizontal scroll`, async () => {
        await withPage(path, { width, height, colorScheme }, async (page) => {
          await page.waitForTimeout(150);
          await screenshot(page, `${name}-${width}x${height}-${colorScheme}`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `horizontal scroll of ${overflow}px`);
        });
      });
    }
  }
}
