// Lesson 3: partial derivatives. Keys set by the prompts: f, expr, x, y (partials view).

import { h } from "../dom.js";
import { math, display, mi, mo, mn, row, frac, paren, partial, sup } from "./math.js";

/** The lesson's paragraphs, as DOM nodes. */
export function text() {
  return [
    h("p", {}, "A partial derivative is an ordinary derivative taken while everything else stands still. To get ",
      math(partial("f", "x")), ", hold ", math(mi("y")), " fixed, slice the surface along ", math(mi("x")),
      ", and take the slope of that curve. For ", math(partial("f", "y")), ", hold ", math(mi("x")), " and slice along ", math(mi("y")), "."),
    h("p", {}, "For example, with ", math(mi("f"), mo("="), sup(mi("x"), mn("2")), mo("+"), mi("x"), mi("y"), mo("+"),
      frac(mn("1"), mn("2")), sup(mi("y"), mn("2"))), ", treating the other letter as a constant number:"),
    display(partial("f", "x"), mo("="), mn("2"), mi("x"), mo("+"), mi("y"), mo(","), mspace(), partial("f", "y"), mo("="), mi("x"), mo("+"), mi("y")),
    h("p", {}, "The two slice plots are those curves through the point; their tangent slopes are the two numbers. Put side by side they make a vector, the ",
      h("em", { text: "gradient" }), " ",
      math(row(mo("∇"), mi("f")), mo("="), paren(partial("f", "x"), mo(","), partial("f", "y"))),
      ", drawn on the map as the arrow: it points uphill, and the next lesson walks the other way. At a minimum both slices are flat at once, and the gradient is zero."),
  ];
}

function mspace() {
  const node = document.createElementNS("http://www.w3.org/1998/Math/MathML", "mspace");
  node.setAttribute("width", "1em");
  return node;
}

/** One-click experiments: URL keys the partials view reads. */
export const tryThis = [
  { id: "minimum", label: "Move the point to the minimum (0, 0)", set: { f: "custom", expr: "x^2 + x*y + 0.5*y^2", x: "0", y: "0" },
    watch: "Both slices are flat: ∂f/∂x = 2x + y = 0 and ∂f/∂y = x + y = 0." },
  { id: "crossed", label: "f = x·y at (1, 2)", set: { f: "custom", expr: "x*y", x: "1", y: "2" },
    watch: "Along x the slice is the line 2x, slope ∂f/∂x = y = 2; along y it is 1·y, slope ∂f/∂y = x = 1." },
];
