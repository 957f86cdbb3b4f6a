// How every lesson reads, checked at a laptop's 1280×800 and a phone's 390×844, light and dark:
// - the view's primary control and its figure (the kit knows both: data-primary, data-figure on
//   the view's root) are on screen together: the control whole, and most of the figure;
// - no number's text spans two line boxes (every number on the page, found in the text);
// - no label, table cell, button or readout text overflows its box;
// - in the Ames lessons, no raw column name with underscores is visible (friendly names only).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, describeProblems } from "./lib.mjs";
import { LESSONS } from "../../www/lessons.js";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const AMES_LESSONS = new Set(["line", "network", "data"]);

/** Waits for the view to settle: data loaded, first frames drawn. */
async function settle(page) {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(300);
}

/**
 * Scrolls so the figure's top is near the top of the window (as a learner reading the figure
 * would), then measures: the primary control whole inside the window, and the share of the
 * figure's height inside it.
 */
async function oneGlance(page) {
  return page.evaluate(() => {
    const root = document.querySelector("[data-primary]");
    const primary = root && document.querySelector(root.dataset.primary);
    const figure = root && document.querySelector(root.dataset.figure);
    if (!primary || !figure) return { missing: `primary ${root?.dataset.primary} or figure ${root?.dataset.figure} not found` };
    const h = window.innerHeight;
    const doc = (el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
    };
    const p = doc(primary);
    const f = doc(figure);
    // The best window: the one that shows the whole control and as much of the figure as can be.
    let best = 0;
    for (let y = Math.max(0, p.bottom - h); y <= p.top; y += 4) {
      const shown = Math.max(0, Math.min(f.bottom, y + h) - Math.max(f.top, y));
      best = Math.max(best, shown / Math.min(f.bottom - f.top, h));
    }
    return { share: best, control: p, figure: f, height: h };
  });
}

/** Every number in the visible text that the browser laid out over more than one line. */
async function brokenNumbers(page) {
  return page.evaluate(() => {
    const NUMBER = /[−-]?\$?\d[\d,]*(\.\d+)?(e[−-]?\d+)?( × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?/g;
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("[hidden], script, style, .visually-hidden, option")) continue;
      for (const m of node.data.matchAll(NUMBER)) {
        if (m[0].length < 2) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (tops.size > 1) out.push(`"${m[0]}" in <${parent.tagName.toLowerCase()}${parent.id ? `#${parent.id}` : ""}>`);
      }
    }
    return out;
  });
}

/** Labels, cells, buttons and readouts whose text is wider than their box. */
async function overflowing(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll("label, th, td, button, dt, dd, output, summary, .message, h1, h2, legend, caption")) {
      if (el.closest("[hidden]") || el.getClientRects().length === 0) continue;
      const style = getComputedStyle(el);
      if (style.overflowX === "auto" || style.overflowX === "scroll") continue;
      if (el.scrollWidth > el.clientWidth + 1) out.push(`<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}> "${el.textContent.trim().slice(0, 40)}" by ${el.scrollWidth - el.clientWidth}px`);
    }
    return out;
  });
}

for (const { key } of LESSONS) {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    const colorScheme = width === 1280 ? "light" : "dark";
    test(`${key} at ${width}×${height} ${colorScheme}: figure and control in one glance, numbers whole, text inside its boxes`, async () => {
      const { page, context, problems, state } = await openPage(browser, `/?lesson=${key}`, { width, height, colorScheme });
      try {
        assert.equal(state, "ready", describeProblems(problems));
        await settle(page);
        const glance = await oneGlance(page);
        assert.equal(glance.missing, undefined, glance.missing);
        assert.ok(glance.share >= 0.5, `with the primary control on screen, only ${Math.round(100 * glance.share)}% of the figure is: ${JSON.stringify(glance)}`);
        assert.deepEqual(await brokenNumbers(page), []);
        assert.deepEqual(await overflowing(page), []);
        if (AMES_LESSONS.has(key)) {
          const raw = await page.evaluate(() => document.body.innerText.match(/\b[A-Z][A-Za-z]*_[A-Za-z_]+\b/g) ?? []);
          assert.deepEqual([...new Set(raw)], [], "raw column names are visible");
        }
      } finally {
        await context.close();
      }
    });
  }
}
