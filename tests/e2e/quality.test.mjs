// Every lesson, as a newcomer meets it: at a laptop's 1280×800 and a phone's 390×844, in light
// and dark mode — it starts with no console error or warning, never scrolls sideways, passes an
// axe-core audit with no serious or critical violation, and leaves a screenshot for review
// (`target/screenshots/lesson-<key>-<w>x<h>-<scheme>.png`).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, openPage, screenshot, describeProblems } from "./lib.mjs";
import { LESSONS } from "../../www/lessons.js";

// axe-core is injected through the DevTools protocol, which the page's CSP does not govern.
const AXE = readFileSync(new URL("./node_modules/axe-core/axe.min.js", import.meta.url), "utf8");

/** The pages to audit: the home page, then every lesson in the course's order. */
const PAGES = [{ key: "home", path: "/" }, ...LESSONS.map((l) => ({ key: l.key, path: `/?lesson=${l.key}` }))];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The axe violations of impact serious or critical, one line each ("rule: selector, …"). */
async function seriousViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

for (const { key, path } of PAGES) {
  for (const [width, height] of [[1280, 800], [390, 844]]) {
    for (const colorScheme of ["light", "dark"]) {
      test(`${key} at ${width}×${height}, ${colorScheme}: no console problems, no sideways scroll, no serious axe violations`, async () => {
        const { page, context, problems, state } = await openPage(browser, path, { width, height, colorScheme });
        try {
          assert.equal(state, "ready", describeProblems(problems));
          if (width === 1280 && colorScheme === "light") {
            // A cold load (fresh browser context, no cache) on localhost, reported, not asserted.
            const ms = await page.evaluate(() => performance.getEntriesByName("downhill-ready")[0]?.startTime);
            console.log(`${key}: ready for input ${Math.round(ms)} ms after navigation (cold load)`);
          }
          // Let lazy work (fetching data, retraining from the link, first frames) settle.
          await page.waitForLoadState("networkidle");
          await page.waitForTimeout(400);
          await screenshot(page, `lesson-${key}-${width}x${height}-${colorScheme}`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
          assert.deepEqual(await seriousViolations(page), []);
          assert.deepEqual(problems, [], describeProblems(problems));
        } finally {
          await context.close();
        }
      });
    }
  }
}
