// Lesson 1: derivatives as rate of change. Keys set by the prompts: fx, px, h (derivative view).

import { h } from "../dom.js";
import { math, display, mi, mo, mn, row, frac, sup, under, paren, prime } from "./math.js";

const fOf = (...arg) => row(mi("f"), paren(...arg));

/** The lesson's paragraphs, as DOM nodes. */
export function text() {
  return [
    h("p", {}, "How steep is a curve at one point? Take a second point a little to the right, at ",
      math(mi("x"), mo("+"), mi("h")), ", and draw the straight line through both: the ", h("em", { text: "secant" }),
      ". Its slope is rise over run:"),
    display(frac(row(fOf(mi("x"), mo("+"), mi("h")), mo("−"), fOf(mi("x"))), mi("h"))),
    h("p", {}, "Now let ", math(mi("h")), " shrink. The second point slides towards the first and the secant turns into the ",
      h("em", { text: "tangent" }), ", the line that just touches the curve. The slope it settles on is the derivative:"),
    display(prime(), paren(mi("x")), mo("="),
      under(mo("lim"), row(mi("h"), mo("→"), mn("0"))),
      frac(row(fOf(mi("x"), mo("+"), mi("h")), mo("−"), fOf(mi("x"))), mi("h"))),
    h("p", {}, "It is a rate of change: how fast ", math(mi("f")), " grows per unit of ", math(mi("x")), ". For ",
      math(sup(mi("x"), mn("2"))), " it is ", math(mn("2"), mi("x")), ". Its sign says which way is uphill, its size how steep — exactly what the next lessons use to walk downhill."),
    h("p", {}, "A computer cannot take the limit: it must pick a real ", math(mi("h")),
      ". Too large and the secant misses the curve's bend; too small and ", math(fOf(mi("x"), mo("+"), mi("h")), mo("−"), fOf(mi("x"))),
      " is lost in rounding (a double keeps about 16 digits). The lower chart shows both errors, and the central slope ",
      math(frac(row(fOf(mi("x"), mo("+"), mi("h")), mo("−"), fOf(mi("x"), mo("−"), mi("h"))), row(mn("2"), mi("h")))),
      ", which is far more accurate for the same ", math(mi("h")), "."),
  ];
}

/** One-click experiments: URL keys the derivative view reads. */
export const tryThis = [
  {
    id: "close-h", label: "Shrink h to 0.001",
    set: { h: "0.001" },
    watch: "The secant and the tangent are now on top of each other: their slopes agree to about three digits.",
  },
  {
    id: "tiny-h", label: "Shrink h to 10⁻¹² and watch rounding take over",
    set: { h: "1e-12" },
    watch: "Smaller h is not better any more: the forward slope's error has grown again, because f(x + h) − f(x) has lost most of its digits.",
  },
  {
    id: "error", label: "The squared error (p − 1)² at p = 2.5",
    set: { fx: "(x - 1)^2", px: "2.5" },
    watch: "The slope is 2(p − a) = 3: positive, so lowering the prediction p lowers the error.",
  },
];
