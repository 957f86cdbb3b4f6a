// The page kit's pure parts, in Node: reading a link against a property table (hostile values
// fall back with a note in words, never "undefined"), writing it back, and the number formats.

import assert from "node:assert/strict";
import { test } from "node:test";
import { readState, writeState, number, integer, oneOf, windowOf } from "../../www/kit/state.js";
import * as format from "../../www/kit/format.js";

const PROPS = [
  { key: "f", kind: oneOf(() => ["bowl", "rosenbrock"]), fallback: () => "rosenbrock" },
  { key: "x", kind: number(-1e6, 1e6), fallback: () => undefined },
  { key: "lr", kind: number(1e-4, 1), fallback: () => 0.001 },
  { key: "steps", kind: integer(0, 100000), fallback: () => 0 },
  { key: "view", kind: windowOf(1e6), fallback: () => undefined, show: () => "the usual window" },
];

test("a link's values are read by the table; missing keys take their defaults", () => {
  const { state, notes } = readState("?v=1&f=bowl&x=-0.5&lr=0.05&steps=12", PROPS);
  assert.deepEqual(state, { f: "bowl", x: -0.5, lr: 0.05, steps: 12, view: undefined });
  assert.deepEqual(notes, []);
});

test("a hostile or out-of-range value falls back with a note that names the key and the default", () => {
  const { state, notes } = readState("?f=%3Cscript%3E&x=1e308&lr=NaN&steps=-3&view=1,0,0,1", PROPS);
  assert.deepEqual(state, { f: "rosenbrock", x: undefined, lr: 0.001, steps: 0, view: undefined });
  assert.equal(notes.length, 5);
  assert.match(notes[0], /^Ignored f="<script>" from the link: it is not one of bowl, rosenbrock\. Using rosenbrock\.$/);
  // A key whose default is computed later (here the landscape's start) says so in words.
  assert.match(notes[1], /^Ignored x="1e308" from the link: it is outside -1000000 … 1000000\. Using the default\.$/);
  assert.match(notes[2], /lr="NaN" .* is not a number\. Using 0\.001\.$/);
  assert.match(notes[3], /steps="-3" .* is not a whole number/);
  assert.match(notes[4], /view="1,0,0,1" .* needs xmin < xmax and ymin < ymax\. Using the usual window\.$/);
  for (const note of notes) assert.doesNotMatch(note, /undefined/);
});

test("a long value is shortened in its note", () => {
  const { notes } = readState(`?f=${"a".repeat(500)}`, PROPS);
  assert.ok(notes[0].length < 200, notes[0]);
  assert.match(notes[0], /a…"/);
});

test("a newer format version is noted", () => {
  const { notes } = readState("?v=7", PROPS);
  assert.match(notes[0], /newer Downhill \(format "7"\)/);
});

test("writing the state reads back to the same state", () => {
  const state = { f: "bowl", x: 0.1 + 0.2, lr: 1e-4, steps: 3, view: [-1.5, 2, -0.5, 3] };
  const query = writeState(state, PROPS);
  assert.match(query, /^v=1&f=bowl&x=0\.30000000000000004&lr=0\.0001&steps=3&view=-1\.5,2,-0\.5,3$/);
  assert.deepEqual(readState(query, PROPS).state, state);
});

test("numbers are written one way: 4 significant digits, separators, powers of ten, a true minus", () => {
  const NB = "\u202f";
  assert.equal(format.value(-0.000012346), `−1.235${NB}×${NB}10⁻⁵`);
  assert.equal(format.value(1234.56789), "1,235");
  assert.equal(format.value(0.0123456), "0.01235");
  assert.equal(format.value(1.137752, 6), "1.13775");
  assert.equal(format.value(2.5e7), `2.5${NB}×${NB}10⁷`);
  assert.equal(format.value(1e-8), "10⁻⁸");
  assert.equal(format.value(NaN), "undefined");
  assert.equal(format.value(-Infinity), "−∞");
  assert.equal(format.valueHere(NaN), "undefined here");
  assert.equal(format.point(1, -2), "(1, −2)");
  assert.equal(format.rate(0.05), "0.05");
  assert.equal(format.rate(0.001), "0.001");
  assert.equal(format.rate(0.000015), "0.000015");
  assert.equal(format.power(1e-4), "10⁻⁴");
  assert.equal(format.power(0.5), "0.5");
  assert.equal(format.power(2.5e-6), `2.5${NB}×${NB}10⁻⁶`);
  assert.equal(format.money(17404.4), "$17,404");
  assert.equal(format.money(-3120), "−$3,120");
  assert.equal(format.moneySig(109.0612), "$109.06");
  assert.equal(format.scientific(3.0812e9), `3.081${NB}×${NB}10⁹`);
  assert.equal(format.count(2930), "2,930");
  assert.equal(format.compact(182000, true), "$182k");
  // No number the page writes has a place to break: no plain space, no hyphen.
  for (const v of [-1.5e-9, 3.3e12, -0.5, 123456]) assert.doesNotMatch(format.value(v), /[ -]/);
});
