// Smoke test: the playground loads its wasm, draws its first picture and logs no errors.

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

test("/ reaches data-state=ready with no console errors", async (t) => {
  const { page, context, problems, state } = await openPage(browser, "/", { width: 1280, height: 800 });
  try {
    const file = await screenshot(page, "smoke-1280x800");
    t.diagnostic(`screenshot: ${file}`);
    const warnings = problems.filter((problem) => problem.type === "warning");
    if (warnings.length > 0) t.diagnostic(`console warnings:\n${describeProblems(warnings)}`);

    assert.equal(state, "ready", `the page reported data-state="${state}". Problems:\n${describeProblems(problems)}`);
    const errors = errorsIn(problems);
    assert.equal(errors.length, 0, `console or page errors:\n${describeProblems(errors)}`);
  } finally {
    await context.close();
  }
});
