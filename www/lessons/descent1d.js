// Lesson 2: gradient descent in one dimension. Keys set by the prompts: f, x0, lr, steps
// (descent1d view).

import { h } from "../dom.js";
import { math, display, mi, mo, mn, row, sub, sup, paren, prime } from "./math.js";

/** The lesson's paragraphs, as DOM nodes. */
export function text() {
  const xk = () => sub(mi("x"), mi("k"));
  return [
    h("p", {}, "You stand on a curve in fog and want to reach the bottom. The derivative ",
      math(prime(), paren(mi("x"))), " tells you which way is uphill: if it is positive, ",
      math(mi("f")), " grows to the right, so step left; if negative, step right. Gradient descent does exactly that, again and again:"),
    display(sub(mi("x"), row(mi("k"), mo("+"), mn("1"))), mo("="), xk(), mo("−"), mi("η"), prime(), paren(xk())),
    h("p", {}, "The learning rate ", math(mi("η")), " (eta) scales the step. Where the curve is steep the step is long; near the bottom ",
      math(prime(), paren(mi("x"))), " shrinks towards 0 and so do the steps, so the point settles by itself."),
    h("p", {}, "How large may ", math(mi("η")), " be? For ", math(row(mi("f"), paren(mi("x")), mo("="), sup(mi("x"), mn("2")))),
      " the slope is ", math(mn("2"), mi("x")), ", so one step gives ",
      math(sub(mi("x"), row(mi("k"), mo("+"), mn("1"))), mo("="), paren(mn("1"), mo("−"), mn("2"), mi("η")), xk()),
      ". With ", math(mi("η"), mo("="), mn("0.5")), " the factor is 0: one step lands on the minimum. Below 0.5 it creeps, between 0.5 and 1 it overshoots and zigzags in, at exactly 1 the factor is −1 and it bounces for ever, and above 1 every step overshoots by more than the last: it diverges."),
    h("p", {}, "On a curve with two valleys the start decides which valley you reach: descent only ever sees the slope where it stands, never the whole curve."),
  ];
}

/** One-click experiments: URL keys the descent1d view reads. */
export const tryThis = [
  { id: "creep", label: "η = 0.1 on x²: it creeps", set: { f: "square", lr: "0.1", steps: "0", expr: null },
    watch: "Press Play: each step covers 20 % of the way to 0, so the steps shrink and it takes many of them." },
  { id: "zigzag", label: "η = 0.9: it zigzags", set: { f: "square", lr: "0.9", steps: "0", expr: null },
    watch: "Each step jumps over the minimum, to −0.8 times where it was: the dots alternate sides and close in." },
  { id: "bounce", label: "η = 1: it bounces for ever", set: { f: "square", lr: "1", steps: "0", expr: null },
    watch: "x jumps to −x and back: f never falls below its start." },
  { id: "diverge", label: "η = 1.1: watch it diverge", set: { f: "square", lr: "1.1", steps: "0", expr: null },
    watch: "Each step lands 1.2 times farther away than it started. Play, and the core stops the run with a message." },
  { id: "valleys", label: "Two valleys: start at x₀ = 0.3", set: { f: "wiggly", x0: "0.3", lr: "0.02", steps: "0", expr: null },
    watch: "It rolls into the right-hand valley, a local minimum. Then try x₀ = 0.1: a tiny move of the start and it finds the deeper valley on the left." },
];
