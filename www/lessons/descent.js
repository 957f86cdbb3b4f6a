// Lesson 4: gradient descent on a landscape (the gradient). Keys set by the prompts: f, condition, x, y, lr, steps, field (descent view).

import { h } from "../dom.js";
import { math, display, mi, mo, mn, row, paren, partial, sub } from "./math.js";

/** The lesson's paragraphs, as DOM nodes. */
export function text() {
  const grad = () => row(mo("∇"), mi("f"));
  return [
    h("p", {}, "With two inputs, ", math(mi("f"), paren(mi("x"), mo(","), mi("y"))),
      " is a landscape: a height over every point of the plane. Its slope depends on the direction you face, but two slopes are enough to know all of them: ",
      math(partial("f", "x")), " (walking east) and ", math(partial("f", "y")), " (walking north), the partial derivatives of the previous lesson. Together they make the gradient:"),
    display(grad(), mo("="), paren(partial("f", "x"), mo(","), partial("f", "y"))),
    h("p", {}, "The gradient points uphill, in the direction where ", math(mi("f")),
      " grows fastest, and its length says how fast. It is always at right angles to the contour lines. So the fastest way down is the opposite direction, and gradient descent steps that way:"),
    display(sub(mi("p"), row(mi("k"), mo("+"), mn("1"))), mo("="), sub(mi("p"), mi("k")), mo("−"), mi("η"), grad(), paren(sub(mi("p"), mi("k")))),
    h("p", {}, "In a long narrow valley the gradient points mostly at the steep walls, not along the valley floor, so the path zigzags across it. And a point where ",
      math(grad(), mo("="), mn("0")), " need not be a minimum: on a saddle it is a pass between two hills."),
  ];
}

/** One-click experiments: URL keys the descent view reads. */
export const tryThis = [
  { id: "field", label: "Show the gradient field", set: { field: "1" },
    watch: "Arrows everywhere point uphill, across the contour lines; descent walks against them." },
  { id: "ravine", label: "A narrow valley: the bowl with κ = 100", set: { f: "bowl", condition: "100", lr: "0.0095", x: "-1.5", y: "1", steps: "0", view: null, expr: null },
    watch: "Press Play: the path zigzags across the steep y direction while it creeps along the gentle x direction." },
  { id: "ridge", label: "Drop the start on the saddle's ridge", set: { f: "saddle", x: "1.5", y: "0", lr: "0.05", steps: "400", view: null, expr: null },
    watch: "On y = 0 the gradient has no y part, so descent walks straight to the saddle point and stops there: ∇f = 0, yet it is no minimum. Now click the map just beside the ridge." },
];
