// End-to-end tests of the guided course: the home page, previous/next through every lesson, the
// "try this" prompts of every lesson, Copy link, embed mode and old links.

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

/** The course in order, as a learner reads it on the home page (written out here, not imported). */
const COURSE = [
  ["derivative", "Derivatives as rate of change"],
  ["descent1d", "Gradient descent in one dimension"],
  ["partials", "Partial derivatives"],
  ["descent", "Gradient descent on a loss landscape"],
  ["chain", "The chain rule"],
  ["race", "Optimizers race"],
  ["line", "Fitting a line to house prices"],
  ["network", "A neural network for house prices"],
  ["data", "Bring your own data"],
];

async function withPage(path, options, body) {
  const { page, context, problems, state } = await openPage(browser, path, options);
  try {
    assert.equal(state, "ready", `state ${state}:\n${describeProblems(problems)}`);
    await body(page, problems, context);
    const errors = errorsIn(problems);
    assert.equal(errors.length, 0, `console or page errors:\n${describeProblems(errors)}`);
  } finally {
    await context.close();
  }
}

const note = (page) => page.evaluate(() => (document.getElementById("note").hidden ? "" : document.getElementById("note").textContent));
const num = (text) => Number(String(text).replaceAll("−", "-"));

test("the home page lists the nine lessons in order, and each link opens its lesson", async () => {
  let links;
  await withPage("/", {}, async (page) => {
    const items = await page.$$eval(".home-list .home-link", (as) => as.map((a) => ({ href: a.getAttribute("href"), name: a.querySelector(".home-name").textContent, promise: a.querySelector(".home-promise").textContent })));
    assert.deepEqual(items.map((i) => i.name), COURSE.map(([, title]) => title));
    assert.deepEqual(items.map((i) => new URLSearchParams(i.href.split("?")[1]).get("lesson")), COURSE.map(([key]) => key));
    for (const item of items) assert.ok(item.promise.length > 30, `a one-line promise for ${item.name}`);
    assert.equal(await page.locator("#figure").count(), 0, "the home page shows no lesson");
    links = items.map((i) => i.href);
  });
  for (const [i, href] of links.entries()) {
    await withPage(`/${href}`, {}, async (page) => {
      assert.equal(await page.textContent(".course-num"), `Lesson ${i + 1} of 9`);
      assert.ok(await page.locator("#figure h1").count() === 1, `lesson ${href} mounted its view`);
      assert.ok(await page.locator(".course-text math").count() > 0, `lesson ${href} has MathML formulas`);
      assert.equal(await note(page), "");
    });
  }
});

test("Next walks the whole course from the first lesson to the last, and Previous walks back", async () => {
  await withPage(`/?lesson=${COURSE[0][0]}`, {}, async (page) => {
    for (let i = 0; i < COURSE.length; i++) {
      assert.equal(new URL(page.url()).searchParams.get("lesson"), COURSE[i][0]);
      assert.equal(await page.textContent(".course-num"), `Lesson ${i + 1} of 9`);
      assert.equal(await page.getAttribute(".lessons-wide a[aria-current='page']", "href"), `?lesson=${COURSE[i][0]}`);
      if (i === COURSE.length - 1) break;
      assert.equal(await page.textContent(".prevnext .next .pn-name"), COURSE[i + 1][1]);
      // Keyboard: the Next link is reachable and follows with Enter.
      await page.focus(".prevnext .next");
      await Promise.all([page.waitForURL((url) => url.searchParams.get("lesson") === COURSE[i + 1][0]), page.keyboard.press("Enter")]);
      await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
    }
    assert.equal(await page.textContent(".prevnext .next .pn-name"), "All lessons");
    for (let i = COURSE.length - 1; i > 0; i--) {
      await Promise.all([page.waitForURL((url) => url.searchParams.get("lesson") === COURSE[i - 1][0]), page.click(".prevnext .prev")]);
      await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
    }
    assert.equal(await page.textContent(".course-num"), "Lesson 1 of 9");
  });
});

/**
 * What each prompt changes, read off the page after the click (values derived by hand). Every
 * prompt of every lesson must have an entry here, so a new prompt needs a check.
 */
const CHECKS = {
  "derivative/close-h": async (page) => assert.equal(num(await page.inputValue("#h")), -3),
  "derivative/tiny-h": async (page) => assert.equal(num(await page.inputValue("#h")), -12),
  "derivative/error": async (page) => {
    assert.equal(await page.inputValue("#fx"), "(x - 1)^2");
    assert.equal(num(await page.inputValue("#px")), 2.5);
  },
  "descent1d/creep": async (page) => assert.equal(await page.textContent("#d1-lr-out"), "0.1"),
  "descent1d/zigzag": async (page) => {
    assert.equal(await page.textContent("#d1-lr-out"), "0.9");
    // x₀ = 2 on x²: the next step is −0.9 · 2 · 2 = −3.6.
    assert.equal(num(await page.textContent("#d1-step-size")), -3.6);
  },
  "descent1d/bounce": async (page) => assert.equal(num(await page.textContent("#d1-step-size")), -4),
  "descent1d/diverge": async (page) => assert.equal(num(await page.textContent("#d1-step-size")), -4.4),
  "descent1d/valleys": async (page) => {
    assert.equal(await page.inputValue("#d1-preset"), "wiggly");
    assert.equal(await page.inputValue("#d1-x0"), "0.3");
    // f′(0.3) = 4·0.027 − 6·0.3 + 1 = −0.692: the slope is negative, so the first step goes right.
    assert.ok(Math.abs(num(await page.textContent("#d1-slope")) + 0.692) < 1e-9);
  },
  "descent/field": async (page) => assert.ok(await page.isChecked("#field")),
  "descent/ravine": async (page) => assert.match(await page.textContent("#formula"), /κ = 100/),
  "descent/ridge": async (page) => {
    assert.equal(await page.inputValue("#landscape"), "saddle");
    // It stops at the saddle point (0, 0), where ∇f = (2x, −2y) = 0: "converged", yet no minimum.
    assert.match(await page.textContent("#message"), /^converged/);
    // On y = 0 the saddle's gradient (2x, −2y) has no y part: y stays exactly 0.
    assert.match(await page.textContent("#r-xy"), /, 0\)$/);
  },
  "partials/minimum": async (page) => assert.equal(await page.textContent("#p-grad"), "(0, 0)"),
  "partials/crossed": async (page) => {
    // f = x·y at (1, 2): ∂f/∂x = y = 2, ∂f/∂y = x = 1.
    assert.equal(await page.textContent("#p-grad"), "(2, 1)");
  },
  "chain/sin-square": async (page) => {
    const got = num(await page.textContent("#c-adj-x"));
    assert.ok(Math.abs(got - 2 * Math.cos(1)) < 5e-4, `∂f/∂x = ${got}, expected 2 cos 1 (shown to 4 digits)`);
  },
  "chain/product": async (page) => assert.equal(await page.inputValue("#expr"), "x*y + sin(x)"),
  "race/sgd-big": async (page) => assert.match(await page.textContent("#leaderboard"), /SGD, η = 0\.05/),
  "race/noise": async (page) => assert.ok(await page.isChecked("#noise-on")),
  "race/himmelblau": async (page) => assert.equal(await page.inputValue("#landscape"), "himmelblau"),
  "line/adam": async (page) => assert.equal(await page.inputValue("#lf-opt"), "adam"),
  "line/flat": async (page) => assert.equal(num(await page.inputValue("#lf-start-intercept")), 180000),
  "line/year": async (page) => assert.equal(await page.inputValue("#lf-feature"), "Year_Built"),
  "network/linear": async (page) => assert.equal(await page.inputValue("#layers"), "0"),
  "network/tanh": async (page) => assert.equal(await page.inputValue("#activation"), "tanh"),
  "network/sgd": async (page) => assert.equal(await page.inputValue("#optimizer"), "sgd"),
  "data/one-column": async (page) => assert.equal(new URL(page.url()).searchParams.get("features"), "Gr_Liv_Area"),
  "data/year": async (page) => assert.equal(await page.inputValue("#target"), "Year_Built"),
};

for (const [key] of COURSE) {
  test(`every "try this" prompt of ${key} is accepted by the view and changes what it says`, async () => {
    await withPage(`/?lesson=${key}`, {}, async (page) => {
      const prompts = await page.$$eval(".try-button", (bs) => bs.map((b) => ({ id: b.dataset.try, set: b.dataset.set, label: b.textContent })));
      assert.ok(prompts.length >= 2, `${key} has ${prompts.length} prompts`);
      for (const prompt of prompts) {
        const check = CHECKS[`${key}/${prompt.id}`];
        assert.ok(check, `no check written for the prompt ${key}/${prompt.id}`);
        const before = await page.evaluate(() => history.length);
        await page.click(`.try-button[data-try="${prompt.id}"]`);
        // The view has been mounted again from the URL; let it publish its state.
        await page.waitForTimeout(250);
        assert.equal(await note(page), "", `${prompt.label}: a key was ignored`);
        const url = new URL(page.url()).searchParams;
        for (const [k, v] of new URLSearchParams(prompt.set)) {
          // A step count is "up to": a run that stops earlier (converged) or a walk that has
          // fewer steps writes what it reached.
          if (k === "steps" || k === "k") assert.ok(Number(url.get(k)) <= Number(v), `${prompt.label}: ${k} in the URL`);
          else assert.equal(url.get(k), v, `${prompt.label}: ${k} in the URL`);
        }
        assert.equal(url.get("lesson"), key);
        assert.equal(await page.evaluate(() => history.length), before + 1, "a prompt is one history entry");
        const focused = await page.evaluate(() => document.getElementById("figure").contains(document.activeElement));
        assert.ok(focused, `${prompt.label}: the figure has the focus`);
        await check(page);
      }
      // Back undoes the last prompt: the page is rebuilt from the previous URL.
      const last = new URL(page.url()).search;
      await page.goBack();
      await page.waitForFunction((s) => location.search !== s, last);
      await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
    });
  });
}

test("Copy link puts the address on the clipboard, and opening it shows the same readout", async () => {
  const path = "/?lesson=descent1d&f=wiggly&x0=0.3&lr=0.02";
  const { page, context, problems } = await openPage(browser, path, {});
  try {
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(BASE_URL).origin });
    await page.click("#d1-step");
    await page.click("#d1-step");
    await page.click("#d1-step");
    const shown = await page.textContent("#d1-x");
    await page.click("#copy-link");
    await page.waitForFunction(() => document.querySelector(".copy-status").textContent === "Link copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, await page.evaluate(() => location.href));
    assert.equal(new URL(copied).searchParams.get("steps"), "3");
    assert.equal(errorsIn(problems).length, 0, describeProblems(problems));
    await withPage(`/${copied.slice(copied.indexOf("?"))}`, {}, async (again) => {
      assert.equal(await again.textContent("#d1-x"), shown);
      assert.equal(await again.textContent("#d1-k"), "3");
    });
  } finally {
    await context.close();
  }
});

test("without a clipboard, Copy link shows the link selected in a read-only field", async () => {
  await withPage("/?lesson=derivative", {}, async (page) => {
    await page.evaluate(() => Object.defineProperty(navigator, "clipboard", { value: undefined }));
    await page.click("#copy-link");
    await page.waitForFunction(() => !document.querySelector(".copy-field").hidden);
    const field = await page.evaluate(() => {
      const f = document.querySelector(".copy-field");
      return { value: f.value, readOnly: f.readOnly, selected: f.selectionEnd - f.selectionStart, focused: document.activeElement === f };
    });
    assert.equal(field.value, await page.evaluate(() => location.href));
    assert.ok(field.readOnly && field.focused && field.selected === field.value.length);
  });
});

test("embed=1 shows only the figure and its controls, which still work, and an Open link", async () => {
  await withPage("/?lesson=descent1d&embed=1&f=square&x0=2&lr=0.5", { width: 390, height: 700 }, async (page) => {
    for (const selector of [".top", ".foot", ".course", ".prevnext", ".course-bar", ".lesson-intro"]) {
      assert.equal(await page.isVisible(selector), false, `${selector} is hidden`);
    }
    assert.ok(await page.isVisible("#d1-plot"));
    await page.click("#d1-step");
    assert.equal(await page.textContent("#d1-k"), "1");
    // x₁ = 2 − 0.5 · 2 · 2 = 0.
    assert.equal(num(await page.textContent("#d1-x")), 0);
    const open = page.locator("#open-full");
    assert.ok(await open.isVisible());
    await open.hover();
    const href = await open.getAttribute("href");
    const params = new URL(href, page.url()).searchParams;
    assert.equal(params.get("embed"), null);
    assert.equal(params.get("lesson"), "descent1d");
    assert.equal(await open.getAttribute("target"), "_blank");
    await screenshot(page, "course-embed-390");
    // The view rewrote the address after the step; it stays embedded through a reload.
    await page.waitForFunction(() => new URL(location.href).searchParams.get("steps") === "1");
    assert.equal(new URL(page.url()).searchParams.get("embed"), "1");
    await page.reload();
    await page.waitForFunction(() => document.documentElement.dataset.state === "ready");
    assert.equal(await page.isVisible(".top"), false, "the header stays hidden after a reload");
    assert.equal(await page.textContent("#d1-k"), "1");
  });
});

test("an old link without lesson= but with state opens the gradient lesson; an empty one the home page", async () => {
  await withPage("/?f=bowl&x=1&y=1", {}, async (page) => {
    assert.equal(await page.inputValue("#landscape"), "bowl");
    assert.equal(await page.textContent(".course-num"), "Lesson 4 of 9");
  });
  await withPage("/?v=1", {}, async (page) => {
    assert.equal(await page.locator(".home-list li").count(), 9);
  });
});

for (const [width, height] of [[1280, 800], [390, 844]]) {
  for (const colorScheme of ["light", "dark"]) {
    test(`home and a lesson at ${width}x${height} ${colorScheme}: no horizontal scroll`, async () => {
      for (const [path, name] of [["/", "home"], ["/?lesson=chain", "lesson-chain"]]) {
        await withPage(path, { width, height, colorScheme }, async (page) => {
          await page.waitForTimeout(100);
          await screenshot(page, `course-${name}-${width}x${height}-${colorScheme}`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `horizontal scroll of ${overflow}px`);
          if (width < 500) {
            assert.ok(await page.isVisible(".lessons-narrow summary"), "the compact lesson menu");
            await page.click(".lessons-narrow summary");
            assert.equal(await page.locator(".lessons-narrow a").count(), 9);
            assert.ok(await page.isVisible(".lessons-narrow a >> nth=8"));
          }
        });
      }
    });
  }
}
