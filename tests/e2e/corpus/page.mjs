// What the link corpus reads on a page, shared by the capture script (capture.mjs) and the test
// (../corpus.test.mjs) so that both open, wait and read in exactly the same way.
//
// SELECTORS names, per lesson, the elements whose numbers a link must keep showing: readouts,
// table cells, messages. A page restructure must keep these ids (or update the fixture's
// selectors together with the page, never its numbers). `optional` ones (status messages,
// whose wording may change) are recorded only when they showed a number at capture.

import { parseNumbers } from "./numbers.mjs";

const ids = (...names) => names.map((n) => `#${n}`);

/** Per lesson: `always` (recorded even when they show no number) and `optional` selectors. */
export const SELECTORS = {
  derivative: {
    always: ids("d-fx", "d-secant", "d-secant-err", "d-central", "d-central-err", "d-exact", "h-out"),
    optional: ids("message"),
  },
  descent1d: {
    always: ids("d1-k", "d1-x", "d1-f", "d1-slope", "d1-step-size", "d1-lr-out"),
    optional: ids("d1-message"),
  },
  descent: {
    always: ids("r-step", "r-xy", "r-f", "r-grad", "r-norm", "lr-out"),
    optional: ids("message"),
  },
  partials: {
    always: ids("p-xy", "p-f", "p-slope-x", "p-slope-y", "p-dfdx", "p-dfdy", "p-grad"),
    optional: ids("message"),
  },
  chain: {
    always: ["#c-progress", "#c-step", "#c-log li", "#c-adj-x", "#c-adj-y", "#c-grad", "#c-verdict"],
    optional: ids("message"),
  },
  race: {
    // The leaderboard in rank order (rank, lane number, η, loss, first step near a minimum, the
    // step it stopped at), each lane's inner state and learning rate, and the explorer's summary.
    always: [
      "#board-step",
      ...[1, 2, 3, 4, 5, 6, 7].map((k) => `#leaderboard tbody tr:nth-child(${k})`),
      ...[1, 2, 3, 4, 5, 6, 7].flatMap((k) => [`#r${k}-inner`, `#r${k}-lr-out`]),
      "#sweep-summary",
    ],
    optional: ids("message", "noise-out"),
  },
  line: {
    always: ids("lf-r-step", "lf-r-slope", "lf-r-intercept", "lf-r-mse", "lf-r-rmse", "lf-r-test", "lf-equation", "lf-best"),
    optional: ids("lf-message"),
  },
  network: networkSelectors(),
  data: networkSelectors(),
};

function networkSelectors() {
  return {
    always: [
      ...ids("epoch", "epoch-goal"),
      ...["net", "ls", "mean"].flatMap((row) => ["rmse", "mae", "r2"].map((col) => `#m-${row}-${col}`)),
      ...ids("split-note", "data-title", "scatter-note", "price", "house-note"),
      "#sensitivities tbody tr",
      ...ids("check-w", "check-backprop", "check-numeric", "check-relative"),
    ],
    optional: ids("message", "data-message"),
  };
}

/** The lesson a link opens, as www/main.js routes it (no `lesson` but other keys: "descent"). */
export function lessonOf(url) {
  const params = new URL(url, "http://x/").searchParams;
  const asked = params.get("lesson");
  if (asked && SELECTORS[asked]) return asked;
  return "descent";
}

/** Every selector's text (the matched elements' innerText, one per line), or null when none matches. */
export async function readTexts(page, selectors) {
  return page.evaluate((list) => {
    const out = {};
    for (const sel of list) {
      const found = [...document.querySelectorAll(sel)];
      out[sel] = found.length === 0 ? null : found.map((e) => e.innerText).join("\n");
    }
    return out;
  }, selectors);
}

/** The numbers of each text (null stays null: a missing element). */
export function numbersOf(texts) {
  const out = {};
  for (const [sel, text] of Object.entries(texts)) out[sel] = text === null ? null : parseNumbers(text);
  return out;
}

/**
 * Waits until the lesson opened by `url` shows its link's moment: the data loaded (line,
 * network), a network retrained to the link's epoch and batch, the race's explorer computed;
 * then until the selectors' texts stop changing (two reads 300 ms apart agree).
 */
export async function settle(page, url, selectors, { timeout = 120_000 } = {}) {
  const lesson = lessonOf(url);
  const params = new URL(url, "http://x/").searchParams;
  const opts = { timeout, polling: 100 };
  // Predicates are functions, not strings: the page's Content-Security-Policy forbids eval.
  const until = (predicate, arg) => page.waitForFunction(predicate, arg, opts);
  if (lesson === "line") {
    // The readouts stay empty until the CSV has loaded and the fit is built.
    await until(() => (document.getElementById("lf-r-step")?.textContent ?? "").length > 0);
  } else if (lesson === "network" || lesson === "data") {
    await until(() => (document.getElementById("m-ls-r2")?.textContent ?? "").length > 1);
    // A link with trained epochs or batches retrains (or restores) to them, then says so:
    // "Retrained to epoch 2 and 5 batches, as the link says." The message is empty until the
    // retraining starts and reads "Retraining to …" while it runs. Should that wording change,
    // the end is also seen as: training stopped (#play not pressed) at the link's epoch, with a
    // message that is not the "Retraining" one.
    const trained = Number(params.get("trained") ?? 0);
    if (trained > 0 || Number(params.get("batches") ?? 0) > 0) {
      await until((epochs) => {
        const said = document.getElementById("message")?.textContent ?? "";
        if (/^(Retrained|Restored)/.test(said)) return true;
        const stopped = document.getElementById("play")?.getAttribute("aria-pressed") === "false";
        const epoch = Number(document.getElementById("epoch")?.textContent);
        return stopped && epoch === epochs && said.length > 0 && !/Retraining/.test(said);
      }, trained).catch(async (error) => {
        const said = await page.evaluate(() => document.getElementById("message")?.textContent);
        throw new Error(`${url}: the network never said it was retrained (its message: ${JSON.stringify(said)})`, { cause: error });
      });
    }
  } else if (lesson === "race") {
    await until(() => {
      const summary = document.getElementById("sweep-summary")?.textContent ?? "";
      return summary.length > 0 && !summary.includes("Computing");
    });
  }
  await page.waitForLoadState("networkidle");
  const deadline = Date.now() + 15_000;
  let last = JSON.stringify(await readTexts(page, selectors));
  for (;;) {
    await page.waitForTimeout(300);
    const now = JSON.stringify(await readTexts(page, selectors));
    if (now === last || Date.now() > deadline) return JSON.parse(now);
    last = now;
  }
}
