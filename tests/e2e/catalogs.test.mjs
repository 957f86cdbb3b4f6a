// The catalogs live in the core, once: every picker a lesson shows is filled from them, so an
// optimizer, activation or landscape added in Rust appears in every lesson with no JavaScript
// edit. Each picker's options are compared with the catalog the page's own core returns.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, describeProblems } from "./lib.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** [lesson, picker, which catalog, extra option names the lesson adds (a typed function)]. */
const PICKERS = [
  ["descent", "#landscape", "landscapes", ["custom"]],
  ["partials", "#landscape", "landscapes", ["custom"]],
  ["race", "#landscape", "landscapes", []],
  ["race", "#r1-optimizer", "optimizers", []],
  ["race", "#sweep-lane", "lanes", []],
  ["line", "#lf-opt", "optimizers", []],
  ["network", "#optimizer", "optimizers", []],
  ["network", "#activation", "activations", []],
];

/** The catalogs as the page's core gives them: [{ name, title }] each. */
async function catalogs(page) {
  return page.evaluate(async () => {
    const core = await import(new URL("www/pkg/downhill.js", document.baseURI).href);
    await core.default();
    const pick = (list) => list.map(({ name, title }) => ({ name, title }));
    return {
      landscapes: pick(core.Landscape.catalog()),
      optimizers: pick(core.optimizerCatalog()),
      activations: pick(core.activationCatalog()),
    };
  });
}

for (const [lesson, selector, kind, extra] of PICKERS) {
  test(`${lesson}: ${selector} lists the core's ${kind}`, async () => {
    const { page, context, problems, state } = await openPage(browser, `/?lesson=${lesson}`);
    try {
      assert.equal(state, "ready", describeProblems(problems));
      await page.waitForSelector(selector, { timeout: 30_000 });
      const options = await page.$$eval(`${selector} option`, (els) => els.map((o) => ({ name: o.value, title: o.textContent })));
      const all = await catalogs(page);
      if (kind === "lanes") {
        // The explorer's lane picker names the race's lanes, each by the core's optimizer title.
        const titles = all.optimizers.map((o) => o.title);
        assert.ok(options.length > 0, "the explorer lists no lane");
        for (const o of options) assert.ok(titles.some((t) => o.title.replace(/^\d+\. /, "").startsWith(t)), `lane option ${o.title} names no optimizer of the catalog`);
        return;
      }
      const catalog = all[kind];
      assert.ok(catalog.length > 0, `the core's ${kind} catalog is empty`);
      assert.deepEqual(options.map((o) => o.name), [...catalog.map((c) => c.name), ...extra]);
      for (const c of catalog) {
        const shown = options.find((o) => o.name === c.name);
        assert.equal(shown.title, c.title, `${selector} shows ${c.name} as ${shown.title}, the catalog as ${c.title}`);
      }
    } finally {
      await context.close();
    }
  });
}
