// The link corpus's number parser on the texts the page shows today and the ones a later
// formatter may show (thousands separators, "−", k/M suffixes, × 10ⁿ): value and resolution.
// Runs without a browser: `node --test tests/e2e/corpus/numbers.test.mjs`.

import { test } from "node:test";
import assert from "node:assert/strict";
import { parseNumbers, sameNumber, toJson, fromJson } from "./numbers.mjs";

/** [value, resolution] pairs of a text. */
const pairs = (text) => parseNumbers(text).map((n) => [n.value, n.resolution]);

/** Equal within 1e-12 relative (the values come from decimal text, as Number() reads it). */
function close(actual, expected, text) {
  assert.equal(actual.length, expected.length, `${JSON.stringify(text)} gave ${JSON.stringify(actual)}`);
  actual.forEach(([v, r], i) => {
    const [ev, er] = expected[i];
    const near = (a, b) => a === b || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
    assert.ok(near(v, ev), `${JSON.stringify(text)}: number ${i} is ${v}, expected ${ev}`);
    assert.ok(near(r, er), `${JSON.stringify(text)}: resolution ${i} is ${r}, expected ${er}`);
  });
}

const CASES = [
  // The texts of the brief.
  ["−3.7202e−6", [[-3.7202e-6, 1e-10]]],
  ["$17,404", [[17404, 1]]],
  ["43.9 %", [[43.9, 0.1]]],
  ["1.0e−3", [[1e-3, 1e-4]]],
  ["3.863 × 10¹⁰", [[3.863e10, 1e7]]],
  ["6.7470", [[6.747, 1e-4]]],
  // What the page shows today.
  ["(−1.1, 0.4)", [[-1.1, 0.1], [0.4, 0.1]]],
  ["3.081 × 10⁹ $²", [[3.081e9, 1e6]]],
  ["−$3,120", [[-3120, 1]]],
  ["$109.06 per sq ft", [[109.06, 0.01]]],
  ["price ≈ $109.06 per sq ft × area − $17,404", [[109.06, 0.01], [17404, 1]]],
  ["2.5000e+6", [[2.5e6, 100]]],
  ["1.2346e-7", [[1.2346e-7, 1e-11]]],
  ["10⁻²", [[0.01, 0.01]]],
  ["5·10⁻¹", [[0.5, 0.1]]],
  ["10⁻¹⁶", [[1e-16, 1e-16]]],
  ["1 : 3e−2", [[1, 1], [0.03, 0.01]]],
  ["Step 3 of 17", [[3, 1], [17, 1]]],
  ["2,930 training rows, 586 test rows (seed 1)", [[2930, 1], [586, 1], [1, 1]]],
  ["0.812", [[0.812, 0.001]]],
  ["−0.045", [[-0.045, 0.001]]],
  ["∞", [[Infinity, 0]]],
  ["−∞", [[-Infinity, 0]]],
  ["2.4e−4", [[2.4e-4, 1e-5]]],
  ["200 steps/s", [[200, 1]]],
  // A later formatter's texts.
  ["12k", [[12000, 1000]]],
  ["1.5M", [[1.5e6, 1e5]]],
  ["−2.35k", [[-2350, 10]]],
  ["1,234.5", [[1234.5, 0.1]]],
  ["3.1 × 10⁻⁴", [[3.1e-4, 1e-5]]],
  ["32,32", [[32, 1], [32, 1]]],
  // Not numbers: names with digits, lone superscripts and subscripts, words, spaced operators.
  ["L2 penalty, r1, Gr_Liv_Area2, R², x₀", []],
  ["undefined here", []],
  ["—", []],
  ["f(x) = x − 1", [[1, 1]]],
  ["∂f/∂v₃ = 1 · (−2) = −2", [[1, 1], [-2, 1], [-2, 1]]],
  ["3 kg", [[3, 1]]],
  ["4kg", [[4, 1]]],
];

for (const [text, expected] of CASES) {
  test(`parses ${JSON.stringify(text)}`, () => close(pairs(text), expected, text));
}

test("keeps the text and unit of each number", () => {
  const [a, b, c] = parseNumbers("−$3,120 and 43.9 % and 7");
  assert.deepEqual([a.text, a.unit], ["−$3,120", "$"]);
  assert.deepEqual([b.text, b.unit], ["43.9 %", "%"]);
  assert.deepEqual([c.text, c.unit], ["7", ""]);
});

test("compares within the coarser of two displayed precisions", () => {
  const one = (t) => parseNumbers(t)[0];
  // The same number, shown with 6 and with 4 significant digits.
  assert.ok(sameNumber(one("1.23457"), one("1.235")));
  assert.ok(sameNumber(one("$17,404"), one("$17.4k")));
  assert.ok(sameNumber(one("3.0812e9"), one("3.081 × 10⁹")));
  assert.ok(sameNumber(one("−0.0012346"), one("−1.235e−3")));
  // Half a unit of the coarser text is the limit: 1.235 covers [1.2345, 1.2355].
  assert.ok(sameNumber(one("1.2345"), one("1.235")));
  assert.ok(!sameNumber(one("1.2344"), one("1.235")));
  assert.ok(!sameNumber(one("1.23457"), one("1.236")));
  assert.ok(!sameNumber(one("$17,404"), one("$17,406")));
  assert.ok(!sameNumber(one("2"), one("−2")));
  assert.ok(sameNumber(one("∞"), one("∞")));
  assert.ok(!sameNumber(one("∞"), one("−∞")));
  assert.ok(!sameNumber(one("∞"), one("1e308")));
});

test("infinities survive JSON", () => {
  for (const v of [Infinity, -Infinity, 1.5, 0]) assert.equal(fromJson(JSON.parse(JSON.stringify(toJson(v)))), v);
});

// The formatter the page is expected to move to: 4 significant digits, thousands separators,
// "−", k/M suffixes, × 10ⁿ for the very large and very small.
const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
function future(v) {
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (v === 0) return "0";
  const a = Math.abs(v);
  let body;
  if (a >= 1e9 || a < 1e-3) {
    const [m, e] = a.toExponential(3).split("e");
    body = `${m} × 10${String(Number(e)).replace(/./g, (c) => SUPERSCRIPT[c])}`;
  } else if (a >= 1e6) body = `${Number((a / 1e6).toPrecision(4))}M`;
  else if (a >= 1e4) body = `${Number((a / 1e3).toPrecision(4))}k`;
  else body = Number(a.toPrecision(4)).toLocaleString("en-US", { maximumFractionDigits: 20 });
  return `${v < 0 ? "−" : ""}${body}`;
}

/** `text` with every number written by `future`, keeping "$" and "%". */
function reformat(text) {
  let out = "";
  let at = 0;
  for (const n of parseNumbers(text)) {
    const written = future(n.value);
    const money = n.unit === "$" ? written.replace(/^(−?)/, "$1$") : written;
    out += text.slice(at, n.index) + money + (n.unit === "%" ? " %" : "");
    at = n.index + n.text.length;
  }
  return out + text.slice(at);
}

test("reformats as the page may (4 digits, separators, −, k/M, × 10ⁿ) without losing a number", () => {
  assert.equal(reformat("(−1.11287, 1.24637)"), "(−1.113, 1.246)");
  assert.equal(reformat("$196,538 and −$2,703,550, 3.863 × 10¹⁰ $²"), "$196.5k and −$2.704M, 3.863 × 10¹⁰ $²");
  assert.equal(reformat("43.9 % at 1.6667e−5"), "43.9 % at 1.667 × 10⁻⁵");
});

test("every number of the link corpus survives that reformatting", async () => {
  const { readFileSync } = await import("node:fs");
  const corpus = JSON.parse(readFileSync(new URL("./links.json", import.meta.url), "utf8"));
  let checked = 0;
  for (const link of corpus) {
    for (const [sel, text] of Object.entries(link.texts)) {
      const again = parseNumbers(reformat(text));
      const recorded = link.numbers[sel];
      assert.equal(again.length, recorded.length, `${link.name} ${sel}: ${JSON.stringify(reformat(text))} from ${JSON.stringify(text)}`);
      recorded.forEach((v, i) => {
        const was = { value: fromJson(v), resolution: link.resolutions[sel][i] };
        assert.ok(sameNumber(was, again[i]), `${link.name} ${sel}: ${again[i].text} against ${v} (from ${JSON.stringify(text)})`);
        checked += 1;
      });
    }
  }
  assert.ok(checked > 500, `only ${checked} numbers in the corpus`);
});
