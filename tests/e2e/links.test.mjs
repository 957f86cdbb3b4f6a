// A link reproduces the exact moment. Eleven moments are made by using the page (stepping,
// dragging with the keyboard, training), each link is taken from the address bar, and opened
// in a fresh browser context (no shared storage): the lesson's text — every readout, message and
// label — and every canvas's pixels must equal the ones recorded when the link was made.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { launch, openPage, describeProblems } from "./lib.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const press = (selector, times) => async (page) => {
  for (let i = 0; i < times; i++) await page.click(selector);
};
const keys = (selector, key, times) => async (page) => {
  await page.focus(selector);
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
};
const untilText = (id, pattern) => (page) =>
  page.waitForFunction(([i, p]) => new RegExp(p).test(document.getElementById(i)?.textContent ?? ""), [id, pattern.source], { timeout: 60_000 });

/** [name, path to start from, what the learner does there]. */
const MOMENTS = [
  ["1-D descent zigzagging on x², 6 steps", "/?lesson=descent1d&f=square&x0=2&lr=0.9", press("#d1-step", 6)],
  ["descent on Rosenbrock, 12 steps", "/?lesson=descent&f=rosenbrock", press("#step", 12)],
  ["descent on a typed surface, 7 steps", "/?lesson=descent&f=custom&expr=sin(x)*cos(y)%2B0.1*(x%5E2%2By%5E2)", press("#step", 7)],
  ["descent diverging on the bowl", "/?lesson=descent&f=bowl&lr=0.3", press("#step", 40)],
  ["derivative point moved with the keyboard", "/?lesson=derivative&fx=sin(x)&h=0.01", keys("canvas[tabindex]", "ArrowRight", 9)],
  ["partial derivatives at a chosen point", "/?lesson=partials&x=-0.7&y=1.3", async () => {}],
  ["chain rule, three backward steps", "/?lesson=chain", press("#next", 3)],
  ["race of the default optimizers, 20 steps", "/?lesson=race", press("#step", 20)],
  ["line fit, 9 steps with momentum", "/?lesson=line&opt=momentum", press("#lf-step-once", 9)],
  ["network trained for 2 epochs", "/?lesson=network&epochs=2", async (page) => {
    await page.waitForFunction(() => (document.getElementById("m-ls-r2")?.textContent ?? "").length > 1, null, { timeout: 30_000 });
    await page.click("#play");
    await untilText("message", /^Trained for 2 epochs/)(page);
  }],
  ["network with tanh and momentum, 1 epoch", "/?lesson=network&epochs=1&act=tanh&opt=momentum&lr=0.01", async (page) => {
    await page.waitForFunction(() => (document.getElementById("m-ls-r2")?.textContent ?? "").length > 1, null, { timeout: 30_000 });
    await page.click("#play");
    await untilText("message", /^Trained for 1 epoch/)(page);
  }],
  ["network after 1 epoch and 5 single batches", "/?lesson=network&epochs=1", async (page) => {
    await page.waitForFunction(() => (document.getElementById("m-ls-r2")?.textContent ?? "").length > 1, null, { timeout: 30_000 });
    await page.click("#play");
    await untilText("message", /^Trained for 1 epoch/)(page);
    for (let i = 0; i < 5; i++) await page.click("#step-batch");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("batches") === "5");
  }],
];

/**
 * What the learner sees: the lesson's visible text and a hash of every canvas's pixels. The
 * network's status line is left out: it says how the moment was reached ("Trained for 2
 * epochs" when it was made, "Retrained to epoch 2, as the link says" when opened).
 */
async function moment(page) {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(600);
  const { text, canvases } = await page.evaluate(() => ({
    // The network's status line (#message beside #m-ls-r2) is left out, as said above.
    text: document.getElementById("app").innerText.replace(
      (document.getElementById("m-ls-r2") && document.getElementById("message")?.innerText) || "\u0000", ""),
    canvases: [...document.querySelectorAll("#app canvas")]
      .filter((c) => c.width > 0 && c.height > 0)
      .map((c) => `${c.width}x${c.height}:${c.toDataURL()}`),
  }));
  return { text, canvases: canvases.map((c) => createHash("sha256").update(c).digest("hex").slice(0, 16)) };
}

for (const [name, path, act] of MOMENTS) {
  test(`a link reproduces: ${name}`, async () => {
    let link;
    let made;
    {
      const { page, context, problems, state } = await openPage(browser, path);
      try {
        assert.equal(state, "ready", describeProblems(problems));
        await act(page);
        made = await moment(page);
        link = page.url();
        assert.deepEqual(problems, [], describeProblems(problems));
      } finally {
        await context.close();
      }
    }
    const { page, context, problems, state } = await openPage(browser, new URL(link).pathname + new URL(link).search);
    try {
      assert.equal(state, "ready", describeProblems(problems));
      if (name.startsWith("network")) await untilText("message", /Retrained|Restored|Trained/)(page);
      if (name.includes("single batches")) await untilText("message", /^Retrained to epoch 1 and 5 batches, as the link says/)(page);
      const opened = await moment(page);
      assert.equal(opened.text, made.text, `the text differs after opening ${link}`);
      assert.deepEqual(opened.canvases, made.canvases, `a canvas differs after opening ${link}`);
      assert.deepEqual(problems, [], describeProblems(problems));
    } finally {
      await context.close();
    }
  });
}
