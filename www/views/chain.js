// The chain-rule lesson: a typed expression as its computation graph — each node with its
// operation and forward value, each edge with its local derivative — and the backward pass
// walked one chain-rule step at a time, each node's adjoint ∂f/∂v filled in as the upstream
// adjoint times the local derivative, with the arithmetic written out. The adjoints of x and y
// at the end are the gradient. The core computes the record (Landscape.chainRule); the graph is
// drawn by chain-graph.js; this file declares the view's link, controls and steps on the kit.

import { number, integer } from "../kit/state.js";
import { defineView } from "../kit/view.js";
import { listenKeys } from "../kit/player.js";
import * as format from "../kit/format.js";
import { h } from "../dom.js";
import { expressionField, expressionKind, parseInto } from "../expr-field.js";
import { nameNodes, formulas, drawGraph, markStep } from "./chain-graph.js";
import { term } from "../kit/glossary.js";

const DEFAULT_EXPR = "sin(x*y) + x^2";
const MAX_STEPS = 100000; // the most backward steps a link can name

/** The table of URL properties for this view. */
function properties(engine) {
  return [
    { key: "expr", kind: expressionKind((t) => engine.Landscape.parse(t).free()), fallback: () => DEFAULT_EXPR, show: (v) => JSON.stringify(v) },
    { key: "x", kind: number(-1e6, 1e6), fallback: () => 0.5 },
    { key: "y", kind: number(-1e6, 1e6), fallback: () => 2 },
    { key: "k", kind: integer(0, MAX_STEPS), fallback: () => 0 },
  ];
}

/** The view's markup, built as DOM (no HTML strings); returns the elements the view uses. */
function build(kit) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  el.expr = expressionField({ id: "expr", label: "f(x, y) =", value: "", hint: "Any expression in x and y: x*y + sin(x), exp(-x^2)*cos(y), sigmoid(2*x + y) …" });
  kit.root.replaceChildren(
    h("section", { class: "lesson-intro" },
      h("h1", { text: "The chain rule, one node at a time" }),
      h("p", {},
        "A computer differentiates ", h("var", { text: "f" }), " by splitting it into simple operations — the graph, each node named by what it computes and showing its value — and knowing the derivative of each one, its ",
        term(kit, "local slope", "local slope"), " (the numbers on the edges). The ",
        term(kit, "reverse mode", "backward pass"), " starts at the output with ∂f/∂f = 1 and walks down, multiplying as it goes: ",
        h("em", { text: "∂f/∂child = ∂f/∂parent · ∂parent/∂child" }), ". Each node's ", term(kit, "adjoint", "adjoint"),
        " ", term(kit, "∂", "∂f/∂v"), " is how much f changes per unit change of that node. Where a value is used twice, the two paths add up. Press ",
        h("strong", { text: "Backward step" }), "."),
    ),
    h("div", { class: "chain-controls panel" },
      h("div", { class: "chain-expr" }, el.expr.field),
      h("div", { class: "chain-point" },
        h("div", { class: "field" }, h("label", { for: "cx", text: "x =" }), keep("x", h("input", { id: "cx", type: "number", step: "any", class: "chain-num" }))),
        h("div", { class: "field" }, h("label", { for: "cy", text: "y =" }), keep("y", h("input", { id: "cy", type: "number", step: "any", class: "chain-num" })))),
      h("div", { class: "chain-buttons" },
        keep("next", h("button", { id: "next", type: "button", class: "primary", title: "One chain-rule step (Right arrow)", text: "Backward step" })),
        keep("prev", h("button", { id: "prev", type: "button", title: "Undo one step (Left arrow)", text: "Back" })),
        keep("all", h("button", { id: "all", type: "button", title: "Finish the backward pass", text: "All steps" })),
        keep("reset", h("button", { id: "reset", type: "button", title: "Back to the forward pass only", text: "Reset" }))),
    ),
    h("div", { class: "chain-status" },
      keep("progress", h("p", { id: "c-progress", class: "chain-progress" })),
      keep("arith", h("p", { id: "c-step", class: "chain-arith", "aria-live": "polite" })),
      kit.messageLine()),
    keep("graphBox", h("div", { class: "chain-graph", tabindex: "0", role: "group", "aria-label": "The computation graph; scroll if it is wider than the screen" })),
    h("div", { class: "chain-result" },
      h("dl", { class: "readout", "aria-label": "Gradient" },
        h("dt", {}, "∂f/∂x from the backward pass: the ", term(kit, "adjoint", "adjoint"), " of x"), keep("adjX", h("dd", { id: "c-adj-x" })),
        h("dt", {}, "∂f/∂y from the backward pass: the ", term(kit, "adjoint", "adjoint"), " of y"), keep("adjY", h("dd", { id: "c-adj-y" })),
        h("dt", {}, term(kit, "∇f", "∇f"), " = f.gradient(x, y), computed in one go"), keep("grad", h("dd", { id: "c-grad" }))),
      keep("verdict", h("p", { id: "c-verdict", class: "chain-verdict" }))),
    h("section", { class: "chart-wrap chain-log-wrap" },
      h("h2", { text: "The steps so far" }),
      keep("log", h("ol", { id: "c-log", class: "chain-log" }))),
  );
  return el;
}

/** Builds the view in `kit.root` and wires it to the core, the link and the frame loop. */
function setup(kit) {
  const { engine, state } = kit;
  const el = build(kit);
  let landscape = null;
  let info = null; // the forward and backward record at the point
  let names = [];
  let computes = []; // what each node computes, in its inputs' names ("v₂ + v₃")
  let graph = null; // the drawn graph's elements, or null when it is too big to draw

  /** Recomputes the record at (x, y) and redraws the graph. */
  function rebuild() {
    info = landscape.chainRule(state.x, state.y);
    names = nameNodes(info);
    computes = formulas(info, names);
    state.k = Math.min(state.k, info.steps.length);
    graph = drawGraph(el.graphBox, info, names);
    showStep();
  }

  /** Reads `text` as f; on a mistake underlines it and keeps the last good f (returns false). */
  function setLandscape(text) {
    const next = parseInto(el.expr, (t) => engine.Landscape.parse(t), text);
    if (!next) return false;
    landscape = kit.replace(landscape, next);
    state.expr = text;
    el.expr.clearError();
    return true;
  }

  // ---- the backward pass, step by step -----------------------------------------------------

  /** The adjoints known after `k` steps: the root's 1, then each step's running sum. */
  function adjointsAfter(k) {
    const adj = new Map();
    if (info.nodes[info.root].needsGrad) adj.set(info.root, 1);
    for (let i = 0; i < k; i++) adj.set(info.steps[i].child, info.steps[i].childAdjoint);
    return adj;
  }

  /**
   * The arithmetic of step i, written out: ∂f/∂child = ∂f/∂parent · ∂parent/∂child with the
   * nodes' names. From the output f itself the local slope is written with what f computes,
   * ∂(v₂ + v₃)/∂v₂, so the line never reads ∂f/∂v₂ = … · ∂f/∂v₂.
   */
  function arithmetic(i) {
    const st = info.steps[i];
    const P = names[st.parent];
    const C = names[st.child];
    const before = info.steps.slice(0, i).some((o) => o.child === st.child);
    const prior = st.childAdjoint - st.contribution;
    const local = st.parent === info.root ? `∂(${computes[st.parent]})/∂${C}` : `∂${P}/∂${C}`;
    const product = `∂f/∂${P} · ${local}`;
    const v = format.value;
    // A negative factor goes in parentheses: 2 · (−0.5), not 2 · −0.5.
    const factor = (x) => (x < 0 ? `(${v(x)})` : v(x));
    const numbers = `${v(st.parentAdjoint)} · ${factor(st.local)}`;
    return before
      ? `∂f/∂${C} = ${v(prior)} + ${product} = ${v(prior)} + ${numbers} = ${v(st.childAdjoint)}`
      : `∂f/∂${C} = ${product} = ${numbers} = ${v(st.childAdjoint)}`;
  }

  function showStep() {
    const k = state.k;
    const total = info.steps.length;
    const adj = adjointsAfter(k);
    const remaining = new Set(info.steps.slice(k).map((st) => st.child));
    if (graph) markStep(graph, info, names, { k, adj, remaining });
    el.progress.textContent = total === 0
      ? "f does not depend on x or y: there is nothing to pass backwards."
      : `Step ${k} of ${total}`;
    el.arith.textContent = k === 0
      ? (total === 0 ? "" : "The backward pass starts at the output: ∂f/∂f = 1.")
      : arithmetic(k - 1);
    el.log.replaceChildren(...info.steps.slice(0, k).map((_, i) => h("li", { text: arithmetic(i) })));
    el.next.disabled = k >= total;
    el.all.disabled = k >= total;
    el.prev.disabled = k === 0;
    // The result: the adjoints of x and y so far, against the gradient computed in one call.
    const idxOf = (label) => info.nodes.findIndex((node) => node.children.length === 0 && node.label === label);
    const show = (label) => {
      const idx = idxOf(label);
      if (idx < 0) return "0 (f does not use it)";
      return adj.has(idx) ? format.value(adj.get(idx)) + (remaining.has(idx) ? " (so far)" : "") : "?";
    };
    el.adjX.textContent = show("x");
    el.adjY.textContent = show("y");
    const g = landscape.gradient(state.x, state.y);
    el.grad.textContent = format.point(g[0], g[1]);
    el.verdict.textContent = k >= total && total > 0
      ? `✓ The adjoints of x and y are the gradient: ${format.point(info.gradient[0], info.gradient[1])}.`
      : "";
    if (Number.isNaN(info.value)) kit.message(`f is undefined here, at ${format.point(state.x, state.y)}: the values marked undefined spread to everything computed from them.`, "warning");
    else if (kit.messageTone !== "error") kit.message("");
  }

  function go(k) {
    state.k = Math.max(0, Math.min(k, info.steps.length));
    showStep();
    kit.save();
  }

  // ---- controls -------------------------------------------------------------------------------

  kit.on(el.next, "click", () => go(state.k + 1));
  kit.on(el.prev, "click", () => go(state.k - 1));
  kit.on(el.all, "click", () => go(info.steps.length));
  kit.on(el.reset, "click", () => go(0));
  kit.on(el.expr.input, "input", () => {
    if (!setLandscape(el.expr.input.value)) return;
    state.k = 0;
    rebuild();
    kit.save();
  });
  for (const [key, input] of [["x", el.x], ["y", el.y]]) {
    kit.on(input, "input", () => {
      const v = input.valueAsNumber;
      if (!Number.isFinite(v) || Math.abs(v) > 1e6) return;
      state[key] = v;
      rebuild();
      kit.save();
    });
  }
  // → steps forward, ← back, unless the learner is typing in a field or holds a modifier.
  listenKeys(kit.listen, { ArrowRight: kit.guard(() => go(state.k + 1)), ArrowLeft: kit.guard(() => go(state.k - 1)) }, { buttonsKeepSpace: false });

  // ---- start ----------------------------------------------------------------------------------

  el.expr.input.value = state.expr;
  el.x.value = String(state.x);
  el.y.value = String(state.y);
  setLandscape(state.expr);
  rebuild();
  kit.save();
}

export const { mount } = defineView({
  base: import.meta.url, sheets: ["./common.css", "./calc.css", "./chain.css"], primary: "#next", figure: ".chain-graph", props: properties, setup,
});
