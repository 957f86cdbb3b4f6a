// Links people shared keep opening to the same numbers. tests/e2e/corpus/links.json holds about
// forty links, every lesson in several states, with the numbers the page showed when they were
// captured (tests/e2e/corpus/capture.mjs, run by hand). Each link is opened in a fresh browser
// context and every recorded readout is read and parsed again: the formatting may change (digits,
// separators, "−", k/M suffixes, × 10ⁿ), the numbers may not — each must agree with the recorded
// one within half a unit of the last digit of the less precise of the two texts.
//
// The selectors are the page's contract with this test: a restructured page keeps these ids
// (tests/e2e/corpus/page.mjs lists them per lesson). A selector that matches nothing, or shows
// a different count of numbers, fails with the link and the selector named.
//
// CORPUS_FIXTURE=path runs another fixture (a trial capture, or a deliberately perturbed copy).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { launch, openPage, describeProblems, errorsIn } from "./lib.mjs";
import { settle, numbersOf } from "./corpus/page.mjs";
import { fromJson, sameNumber, parseNumbers } from "./corpus/numbers.mjs";

const FIXTURE = process.env.CORPUS_FIXTURE ?? new URL("./corpus/links.json", import.meta.url);
const CORPUS = JSON.parse(readFileSync(FIXTURE, "utf8"));

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Every disagreement between the recorded numbers of `link` and the texts shown now. */
function differences(link, shown) {
  const parsed = numbersOf(shown);
  const found = [];
  for (const [sel, values] of Object.entries(link.numbers)) {
    const was = `${JSON.stringify(link.texts?.[sel] ?? "")}`;
    const now = parsed[sel];
    if (now === null || now === undefined) {
      found.push(`${sel}: no element matches it any more (it showed ${was})`);
      continue;
    }
    if (now.length !== values.length) {
      found.push(`${sel}: shows ${now.length} numbers, ${values.length} recorded — now ${JSON.stringify(shown[sel])}, was ${was}`);
      continue;
    }
    // A share once written in percent ("43.9 %") and now as a fraction ("0.439") is the same
    // number: the recorded text says which unit it had.
    const units = parseNumbers(link.texts?.[sel] ?? "").map((n) => n.unit);
    values.forEach((v, i) => {
      const scale = units[i] === "%" && now[i].unit !== "%" ? 0.01 : units[i] !== "%" && now[i].unit === "%" ? 100 : 1;
      const recorded = { value: fromJson(v) * scale, resolution: link.resolutions[sel][i] * scale };
      if (!sameNumber(recorded, now[i])) {
        found.push(`${sel}: number ${i + 1} is ${now[i].text} (${now[i].value} ± ${now[i].resolution / 2}), recorded ${recorded.value} ± ${recorded.resolution / 2} — now ${JSON.stringify(shown[sel])}, was ${was}`);
      }
    });
  }
  return found;
}

for (const link of CORPUS) {
  test(`a shared link still shows its numbers: ${link.name}`, async () => {
    const { page, context, problems, state } = await openPage(browser, link.url);
    try {
      assert.equal(state, "ready", `${link.url} did not get ready:\n${describeProblems(problems)}`);
      const shown = await settle(page, link.url, Object.keys(link.numbers));
      const found = differences(link, shown);
      assert.deepEqual(found, [], `${link.name} (${link.url}):\n  ${found.join("\n  ")}`);
      assert.deepEqual(errorsIn(problems), [], describeProblems(problems));
    } finally {
      await context.close();
    }
  });
}
