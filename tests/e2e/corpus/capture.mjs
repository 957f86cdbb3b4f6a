// Captures the link corpus: opens every link below in headless Chromium against a served site
// and records the numbers each lesson's readouts show, into links.json beside this file, which
// tests/e2e/corpus.test.mjs then checks against every later version of the page. Run by hand,
// never by the test suite, and only when the numbers a link shows are *meant* to change (a new
// link, a fixed bug in the mathematics) — never to make a failing corpus test pass after a
// change of formatting or layout: that is what the test is there to catch.
//
//   cargo xtask build                                  # www/pkg for the working tree
//   cargo xtask serve --dir . --port 8123 &            # or any server of the site
//   cd tests/e2e && npm ci && cd ../..
//   DOWNHILL_URL=http://127.0.0.1:8123/ node tests/e2e/corpus/capture.mjs [--out FILE] [--only TEXT]
//
// Each link is opened twice, each time in a fresh browser context, and must show the same text
// both times (a moment that is still moving is refused), with data-state "ready", no console or
// page errors and no note about an ignored value (a typo in a link below). `--only TEXT`
// captures only the links whose name contains TEXT and writes them to --out (default: links.json
// here, which it then replaces whole — use --out for a trial).
//
// The fixture: [{ name, url, numbers: { selector: [n, …] }, resolutions: { selector: [r, …] },
// texts: { selector: "the text shown" } }]. `resolutions` holds the step of each number's last
// displayed digit (www "6.7470" → 1e-4, "43.9 %" → 0.1, in the number's own units); `texts`
// is for people reading a failure. Infinities are written "Infinity" / "-Infinity".

import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch, openPage, describeProblems, errorsIn, BASE_URL } from "../lib.mjs";
import { SELECTORS, lessonOf, settle, numbersOf } from "./page.mjs";
import { toJson } from "./numbers.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));

/** [name, path]: about four moments per lesson. Keep network training to a few epochs. */
export const LINKS = [
  // Derivatives
  ["derivative: defaults", "/?lesson=derivative"],
  ["derivative: sin x at 0.7, h = 0.01 (v=1)", "/?v=1&lesson=derivative&fx=sin(x)&px=0.7&h=0.01"],
  ["derivative: exp(−x²), h = 1e−9 (rounding)", "/?lesson=derivative&fx=exp(-x%5E2)&px=-1.25&h=1e-9"],
  ["derivative: squared error at its minimum (flat tangent)", "/?lesson=derivative&fx=(x%20-%201)%5E2&px=1&h=0.1"],
  ["derivative: ln x where it is undefined", "/?lesson=derivative&fx=ln(x)&px=-1"],
  // Gradient descent in one dimension
  ["descent1d: defaults", "/?lesson=descent1d"],
  ["descent1d: x² zigzagging, η = 0.9, 6 steps", "/?lesson=descent1d&f=square&x0=2&lr=0.9&steps=6"],
  ["descent1d: x² diverging, η = 1.1", "/?lesson=descent1d&f=square&x0=2&lr=1.1&steps=400"],
  ["descent1d: typed quartic, 25 steps", "/?lesson=descent1d&f=custom&expr=x%5E4%20-%203*x%5E2%20%2B%20x&x0=-0.3&lr=0.05&steps=25"],
  ["descent1d: |x| bouncing at its kink", "/?lesson=descent1d&f=abs&x0=2.3&lr=0.3&steps=15"],
  // The gradient
  ["descent: defaults (Rosenbrock)", "/?lesson=descent"],
  ["descent: Rosenbrock, 500 steps", "/?lesson=descent&f=rosenbrock&steps=500"],
  ["descent: bowl diverging, η = 0.3", "/?lesson=descent&f=bowl&lr=0.3&steps=60"],
  ["descent: typed surface, 30 steps", "/?lesson=descent&f=custom&expr=sin(x)*cos(y)%2B0.1*(x%5E2%2By%5E2)&x=1.5&y=-0.5&lr=0.05&steps=30"],
  ["descent: old link without v or lesson (Himmelblau)", "/?f=himmelblau&x=-1&y=1&lr=0.01&steps=50"],
  ["descent: saddle, f keeps falling (v=1)", "/?v=1&lesson=descent&f=saddle&steps=300"],
  // Partial derivatives
  ["partials: defaults", "/?lesson=partials"],
  ["partials: default surface at (−0.7, 1.3)", "/?lesson=partials&x=-0.7&y=1.3"],
  ["partials: Himmelblau at (1, 2)", "/?lesson=partials&f=himmelblau&x=1&y=2"],
  ["partials: typed x²y + e^−y", "/?lesson=partials&f=custom&expr=x%5E2*y%20%2B%20exp(-y)&x=1.5&y=-0.25"],
  // The chain rule
  ["chain: defaults (forward pass only)", "/?lesson=chain"],
  ["chain: three backward steps", "/?lesson=chain&k=3"],
  ["chain: typed sigmoid, every step", "/?lesson=chain&expr=sigmoid(2*x%20%2B%20y)*x&x=0.3&y=-1&k=100"],
  ["chain: x·y + sin x, two steps", "/?lesson=chain&expr=x*y%20%2B%20sin(x)&x=1.2&y=-0.7&k=2"],
  // Optimizers race
  ["race: defaults", "/?lesson=race"],
  ["race: default lanes, 200 steps", "/?lesson=race&steps=200"],
  ["race: custom runners with seeded noise", "/?lesson=race&f=rosenbrock&r1=sgd,lr,0.001&r2=nesterov,lr,0.001,momentum,0.9&r3=adam,lr,0.02,beta1,0.8&r4=adagrad,lr,0.5&noise=0.5&seed=7&steps=300"],
  ["race: Himmelblau from the origin, explorer on lane 2", "/?lesson=race&f=himmelblau&x=0&y=0&r1=momentum,lr,0.01&r2=rmsprop,lr,0.01&r3=adamw,lr,0.05,weightDecay,0.01&steps=150&sweep=2&sweepSteps=100"],
  ["race: a diverging lane on the bowl", "/?lesson=race&f=bowl&r1=sgd,lr,0.5&r2=adam,lr,0.1&steps=100"],
  // Fitting a line
  ["line: defaults", "/?lesson=line"],
  ["line: 9 steps with momentum", "/?lesson=line&opt=momentum&steps=9"],
  ["line: year built with Adam, 200 steps", "/?lesson=line&feature=Year_Built&opt=adam&lr=0.1&steps=200"],
  ["line: basement area from a chosen start line", "/?lesson=line&feature=Total_Bsmt_SF&slope=50&intercept=100000&lr=0.05&steps=12"],
  // A neural network
  ["network: defaults (untrained)", "/?lesson=network"],
  ["network: trained for 2 epochs", "/?v=1&lesson=network&epochs=2&trained=2"],
  ["network: 1 epoch and 5 batches", "/?lesson=network&epochs=1&trained=1&batches=5"],
  ["network: tanh, momentum, one layer of 16, seed 3", "/?lesson=network&hidden=16&act=tanh&opt=momentum&lr=0.01&seed=3&epochs=1&trained=1"],
  ["network: linear model, SGD, L2, batch 64", "/?lesson=network&hidden=none&opt=sgd&lr=0.01&batch=64&l2=0.001&epochs=2&trained=2"],
  // Your own data (with the shipped Ames file)
  ["data: Ames, defaults", "/?lesson=data&data=ames"],
  ["data: Ames, three features, 2 epochs", "/?lesson=data&data=ames&target=Sale_Price&features=Gr_Liv_Area,Year_Built,Garage_Cars&hidden=8&epochs=2&trained=2"],
];

/** Opens `path` once and reads its selectors' texts; throws on anything but a clean moment. */
async function visit(browser, path) {
  const { page, context, problems, state } = await openPage(browser, path);
  try {
    if (state !== "ready") throw new Error(`${path} reached data-state ${state}:\n${describeProblems(problems)}`);
    const { always, optional } = SELECTORS[lessonOf(path)];
    const texts = await settle(page, path, [...always, ...optional]);
    const note = await page.evaluate(() => document.getElementById("note")?.innerText ?? "");
    if (note.trim()) throw new Error(`${path} shows a note (a typo in the link?): ${note}`);
    if (errorsIn(problems).length) throw new Error(`${path} logged errors:\n${describeProblems(errorsIn(problems))}`);
    return { texts, always, optional };
  } finally {
    await context.close();
  }
}

async function main() {
  const args = process.argv.slice(2);
  const flag = (name) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const out = flag("--out") ?? join(HERE, "links.json");
  const only = flag("--only");
  const chosen = LINKS.filter(([name]) => !only || name.includes(only));
  console.log(`Capturing ${chosen.length} links from ${BASE_URL} into ${out}`);
  const browser = await launch();
  const corpus = [];
  try {
    for (const [name, path] of chosen) {
      const t0 = Date.now();
      const first = await visit(browser, path);
      const second = await visit(browser, path);
      if (JSON.stringify(first.texts) !== JSON.stringify(second.texts)) {
        throw new Error(`${name}: two openings of ${path} showed different text:\n${JSON.stringify(first.texts, null, 1)}\n${JSON.stringify(second.texts, null, 1)}`);
      }
      const numbers = {};
      const resolutions = {};
      const texts = {};
      const parsed = numbersOf(first.texts);
      for (const sel of [...first.always, ...first.optional]) {
        const list = parsed[sel];
        if (list === null) continue; // not on this page (a race with fewer lanes)
        if (first.optional.includes(sel) && list.length === 0) continue;
        numbers[sel] = list.map((n) => toJson(n.value));
        resolutions[sel] = list.map((n) => n.resolution);
        texts[sel] = first.texts[sel];
      }
      corpus.push({ name, url: path, numbers, resolutions, texts });
      const count = Object.values(numbers).reduce((s, l) => s + l.length, 0);
      console.log(`  ${name}: ${Object.keys(numbers).length} selectors, ${count} numbers (${Date.now() - t0} ms)`);
    }
  } finally {
    await browser.close();
  }
  writeFileSync(out, `${JSON.stringify(corpus, null, 1)}\n`);
  console.log(`Wrote ${corpus.length} links to ${out}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
