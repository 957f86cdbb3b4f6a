// Lesson 5: the chain rule. Keys set by the prompts: expr, x, y, k (chain view).

import { h } from "../dom.js";
import { math, display, mi, mo, mn, row, frac, sup, paren, prime } from "./math.js";

/** The lesson's paragraphs, as DOM nodes. */
export function text() {
  const gx = () => row(mi("g"), paren(mi("x")));
  return [
    h("p", {}, "Most formulas are functions inside functions. In ", math(mi("sin"), paren(sup(mi("x"), mn("2")))),
      " the inside ", math(mi("g"), paren(mi("x")), mo("="), sup(mi("x"), mn("2"))), " feeds the outside ",
      math(mi("f"), paren(mi("u")), mo("="), mi("sin"), mi("u")), ". The chain rule says slopes multiply along the chain:"),
    display(frac(mi("d"), row(mi("d"), mi("x"))), mi("f"), paren(gx()), mo("="), prime("f"), paren(gx()), mo("·"), prime("g"), paren(mi("x"))),
    h("p", {}, "If the inside grows 3 times as fast as ", math(mi("x")), " and the outside 2 times as fast as its input, the whole grows 6 times as fast. For ",
      math(mi("sin"), paren(sup(mi("x"), mn("2")))), " that is ", math(mi("cos"), paren(sup(mi("x"), mn("2"))), mo("·"), mn("2"), mi("x")), "."),
    h("p", {}, "A computer does this on the formula's computation graph. The forward pass computes every node's value. The backward pass starts at the top with slope 1 and walks down, multiplying by each node's local slope and adding up where paths meet. When it reaches ",
      math(mi("x")), " and ", math(mi("y")), ", it has the whole gradient at the cost of about one more pass. That is reverse-mode automatic differentiation; a neural network's ",
      h("em", { text: "backpropagation" }), " is the same walk, layer by layer."),
  ];
}

/** One-click experiments: URL keys the chain view reads. */
export const tryThis = [
  { id: "sin-square", label: "sin(x²) at x = 1, all steps", set: { expr: "sin(x^2)", x: "1", y: "0", k: "100" },
    watch: "The backward pass multiplies cos(x²) = cos 1 by 2x = 2: ∂f/∂x = 2 cos 1 ≈ 1.0806." },
  { id: "product", label: "x·y + sin(x): two paths meet", set: { expr: "x*y + sin(x)", x: "0", y: "3", k: "0" },
    watch: "Press Backward step until x is reached: x feeds both x·y and sin(x), so its two contributions y + cos x = 3 + 1 add up to 4." },
];
