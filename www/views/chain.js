// The chain-rule lesson: a typed expression as its computation graph — each node with its
// operation and forward value, each edge with its local derivative — and the backward pass
// walked one chain-rule step at a time, each node's adjoint ∂f/∂v filled in as the upstream
// adjoint times the local derivative, with the arithmetic written out. The adjoints of x and y
// at the end are the gradient. The graph is SVG built with createElementNS; its layered layout
// (root on top, every node below all of its parents) is computed here.

import { readState, publish, number, integer } from "../state.js";
import * as draw from "../draw.js";
import { h } from "../dom.js";
import { createGuard } from "../guard.js";
import { listenerList } from "../listeners.js";
import { useStylesheet } from "../stylesheet.js";
import { expressionField, expressionKind, parseInto } from "../expr-field.js";

const DEFAULT_EXPR = "sin(x*y) + x^2";
const MAX_DRAWN = 160; // nodes; larger graphs are described, not drawn
const NODE_W = 118;
const NODE_H = 66;
const GAP_X = 26;
const GAP_Y = 58;
const PAD = 16;
const SVG = "http://www.w3.org/2000/svg";

function properties(engine) {
  return [
    { key: "expr", kind: expressionKind((t) => engine.Landscape.parse(t).free()), fallback: () => DEFAULT_EXPR, show: (v) => JSON.stringify(v) },
    { key: "x", kind: number(-1e6, 1e6), fallback: () => 0.5 },
    { key: "y", kind: number(-1e6, 1e6), fallback: () => 2 },
    { key: "k", kind: integer(0, 100000), fallback: () => 0 },
  ];
}

/** An SVG element with attributes; text goes in as text. */
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null) continue;
    if (key === "text") el.textContent = value;
    else el.setAttribute(key, String(value));
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

/** A number for the graph and the arithmetic: 4 significant digits, "undefined" for NaN. */
function fmt(v) {
  if (Number.isNaN(v)) return "undefined";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  if (v === 0) return "0";
  const a = Math.abs(v);
  const text = a >= 1e5 || a < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(4)));
  return text.replace("-", "−");
}

const SUB = "₀₁₂₃₄₅₆₇₈₉";
const subscript = (n) => String(n).split("").map((d) => SUB[Number(d)]).join("");

const OPS = { "*": "×", "-": "−", "/": "÷", neg: "−( )" };

/**
 * Names for the nodes: x and y, numbers as written, the output f, and v₁, v₂, ... for the
 * intermediate values in the order they are computed.
 */
function nameNodes(info) {
  let count = 0;
  return info.nodes.map((node, idx) => {
    if (idx === info.root) return "f";
    if (node.children.length === 0) return node.label;
    count += 1;
    return `v${subscript(count)}`;
  });
}

/**
 * Layers: the root on layer 0 and every node one layer below its lowest parent (the longest
 * path from the root), so edges always point upwards. An edge that spans several layers passes
 * through a virtual slot in each layer between (as in Sugiyama's method), so it never runs
 * through a node. Within each layer, sweeps of the barycentre heuristic order the slots to keep
 * edges short and crossings few. Returns node centres, each edge's route, and the size.
 */
function layout(info) {
  const n = info.nodes.length;
  const layer = new Array(n).fill(-1);
  layer[info.root] = 0;
  for (let p = info.root; p >= 0; p--) {
    if (layer[p] < 0) continue;
    for (const c of info.nodes[p].children) layer[c] = Math.max(layer[c], layer[p] + 1);
  }
  // Slots: the real nodes 0 … n−1, then virtual ones; up/down are neighbouring slots.
  const slotLayer = layer.slice();
  const up = Array.from({ length: n }, () => []);
  const down = Array.from({ length: n }, () => []);
  const routes = new Map(); // "parent:arg" -> [slots from the parent down to the child]
  info.nodes.forEach((node, p) => {
    if (layer[p] < 0) return;
    node.children.forEach((c, arg) => {
      const route = [p];
      let above = p;
      for (let l = layer[p] + 1; l < layer[c]; l++) {
        const v = slotLayer.length;
        slotLayer.push(l);
        up.push([above]);
        down.push([]);
        down[above].push(v);
        route.push(v);
        above = v;
      }
      down[above].push(c);
      up[c].push(above);
      route.push(c);
      routes.set(`${p}:${arg}`, route);
    });
  });
  const depth = Math.max(0, ...layer) + 1;
  const rows = Array.from({ length: depth }, () => []);
  for (let i = slotLayer.length - 1; i >= 0; i--) if (slotLayer[i] >= 0) rows[slotLayer[i]].push(i);
  const pos = new Array(slotLayer.length).fill(0);
  const place = (row) => row.forEach((idx, k) => (pos[idx] = k - (row.length - 1) / 2));
  rows.forEach(place);
  const mean = (list) => (list.length ? list.reduce((a, i) => a + pos[i], 0) / list.length : null);
  for (let sweep = 0; sweep < 8; sweep++) {
    const goingDown = sweep % 2 === 0;
    for (const row of goingDown ? rows.slice(1) : rows.slice(0, -1).reverse()) {
      const key = new Map(row.map((idx) => [idx, mean(goingDown ? up[idx] : down[idx]) ?? pos[idx]]));
      row.sort((a, b) => key.get(a) - key.get(b));
      place(row);
    }
  }
  // Virtual slots are narrow: a row's width counts real nodes fully and virtual ones a third.
  const slotW = (idx) => (idx < n ? NODE_W : NODE_W / 3);
  const rowWidth = (row) => row.reduce((a, idx) => a + slotW(idx), 0) + Math.max(0, row.length - 1) * GAP_X;
  const width = 2 * PAD + Math.max(...rows.map(rowWidth));
  const height = 2 * PAD + depth * NODE_H + (depth - 1) * GAP_Y;
  const xy = new Array(slotLayer.length);
  for (const row of rows) {
    let x = (width - rowWidth(row)) / 2;
    for (const idx of row) {
      xy[idx] = { x: x + slotW(idx) / 2, y: PAD + slotLayer[idx] * (NODE_H + GAP_Y) + NODE_H / 2 };
      x += slotW(idx) + GAP_X;
    }
  }
  return { xy, routes, n, width, height };
}

function build(root) {
  const el = {};
  const keep = (name, node) => (el[name] = node);
  el.expr = expressionField({ id: "expr", label: "f(x, y) =", value: "", hint: "Any expression in x and y: x*y + sin(x), exp(-x^2)*cos(y), sigmoid(2*x + y) …" });
  root.replaceChildren(
    h("section", { class: "lesson-intro" },
      h("h1", { text: "The chain rule, one node at a time" }),
      h("p", {},
        "A computer differentiates ", h("em", { text: "f" }), " by splitting it into simple operations — the graph below, each node showing its value — and knowing the derivative of each one (the numbers on the edges). The ",
        h("strong", { text: "backward pass" }), " starts at the output with ∂f/∂f = 1 and walks down, multiplying as it goes: ",
        h("em", { text: "∂f/∂u = ∂f/∂v · ∂v/∂u" }), ". Where a value is used twice, the two paths add up. Press ",
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
      keep("message", h("p", { id: "message", class: "message", role: "status", "aria-live": "polite" }))),
    keep("graphBox", h("div", { class: "chain-graph", tabindex: "0", role: "group", "aria-label": "The computation graph; scroll if it is wider than the screen" })),
    h("div", { class: "chain-result" },
      h("dl", { class: "readout", "aria-label": "Gradient" },
        h("dt", {}, "∂f/∂x from the backward pass (adjoint of x)"), keep("adjX", h("dd", { id: "c-adj-x" })),
        h("dt", {}, "∂f/∂y from the backward pass (adjoint of y)"), keep("adjY", h("dd", { id: "c-adj-y" })),
        h("dt", {}, "∇f = f.gradient(x, y), computed in one go"), keep("grad", h("dd", { id: "c-grad" }))),
      keep("verdict", h("p", { id: "c-verdict", class: "chain-verdict" }))),
    h("section", { class: "chart-wrap chain-log-wrap" },
      h("h2", { text: "The steps so far" }),
      keep("log", h("ol", { id: "c-log", class: "chain-log" }))),
  );
  return el;
}

/** Mounts the chain-rule view in `root`; returns { unmount }. */
export function mount({ engine, root, onTrap, setNotes }) {
  const releaseSheets = ["./common.css", "./calc.css", "./chain.css"].map((name) => useStylesheet(new URL(name, import.meta.url)));
  const el = build(root);
  const props = properties(engine);
  const { state, notes } = readState(location.search, props);
  setNotes(notes);
  const { guard, status } = createGuard(onTrap, (text) => showMessage(text, "error"));
  const { listen, off } = listenerList();
  let landscape = null;
  let info = null; // the forward and backward record at the point
  let names = [];
  let view = null; // { nodeEls, edgeEls, adjEls }

  function showMessage(text, tone = "info") {
    el.message.textContent = text;
    el.message.dataset.tone = tone;
  }

  const save = () => publish(state, props);

  /** Recomputes the record at (x, y) and redraws the graph. */
  function rebuild() {
    info = landscape.chainRule(state.x, state.y);
    names = nameNodes(info);
    state.k = Math.min(state.k, info.steps.length);
    drawGraph();
    showStep();
  }

  function setLandscape(text) {
    const next = parseInto(el.expr, (t) => engine.Landscape.parse(t), text);
    if (!next) return false;
    landscape?.free();
    landscape = next;
    state.expr = text;
    el.expr.clearError();
    return true;
  }

  // ---- the graph ------------------------------------------------------------------------------

  function drawGraph() {
    const n = info.nodes.length;
    if (n > MAX_DRAWN) {
      el.graphBox.replaceChildren(h("p", { class: "chain-too-big", text: `This expression has ${n} nodes; the graph is drawn for up to ${MAX_DRAWN}. The steps below still show every multiplication.` }));
      view = null;
      return;
    }
    const { xy, routes, width, height } = layout(info);
    const edges = s("g", { class: "edges" });
    const labels = s("g", { class: "edge-labels" });
    const nodes = s("g", { class: "nodes" });
    const edgeEls = new Map(); // "parent:arg" -> { line, label }
    const nodeEls = [];
    info.nodes.forEach((node, p) => {
      if (!xy[p]) return;
      node.children.forEach((c, arg) => {
        const route = routes.get(`${p}:${arg}`);
        if (!route) return;
        // Points from the parent's bottom (left or right half for a two-argument operation)
        // through the virtual slots to the child's top.
        const pts = route.map((idx, k) => {
          if (k === 0) return { x: xy[idx].x + (node.children.length === 2 ? (arg === 0 ? -18 : 18) : 0), y: xy[idx].y + NODE_H / 2 };
          if (k === route.length - 1) return { x: xy[idx].x, y: xy[idx].y - NODE_H / 2 };
          return { x: xy[idx].x, y: xy[idx].y };
        });
        let d = `M ${pts[0].x} ${pts[0].y}`;
        for (let k = 1; k < pts.length; k++) {
          const a = pts[k - 1];
          const b = pts[k];
          const bend = 0.55 * (b.y - a.y);
          d += ` C ${a.x} ${a.y + bend}, ${b.x} ${b.y - bend}, ${b.x} ${b.y}`;
        }
        const line = s("path", { class: `edge${info.nodes[c].needsGrad ? "" : " inert"}`, d });
        edges.append(line);
        let label = null;
        if (info.nodes[c].needsGrad) {
          // The label sits on the first stretch below the parent.
          const mx = 0.5 * (pts[0].x + pts[1].x);
          const my = pts[0].y + 0.5 * Math.min(pts[1].y - pts[0].y, GAP_Y);
          const text = fmt(node.local[arg]);
          const w = 8 + 7 * text.length;
          label = s("g", { class: "edge-label", transform: `translate(${mx} ${my})` },
            s("title", { text: `∂${names[p]}/∂${names[c]} = ${text}: the local derivative along this edge` }),
            s("rect", { x: -w / 2, y: -10, width: w, height: 20, rx: 9 }),
            s("text", { x: 0, y: 4, "text-anchor": "middle", text }));
          labels.append(label);
        }
        edgeEls.set(`${p}:${arg}`, { line, label });
      });
    });
    info.nodes.forEach((node, idx) => {
      if (!xy[idx]) return;
      const leaf = node.children.length === 0;
      const op = OPS[node.label] ?? node.label;
      const kind = idx === info.root ? "root" : node.needsGrad ? (leaf ? "input" : "op") : "const";
      const g = s("g", { class: `node ${kind}`, transform: `translate(${xy[idx].x - NODE_W / 2} ${xy[idx].y - NODE_H / 2})`, "data-idx": idx });
      const title = leaf ? `${names[idx]} = ${fmt(node.value)}` : `${names[idx]} = ${node.text} = ${fmt(node.value)}`;
      const adjoint = s("text", { class: "adj", x: NODE_W / 2, y: 56, "text-anchor": "middle", text: "" });
      g.append(
        s("title", { text: title }),
        s("rect", { class: "box", width: NODE_W, height: NODE_H, rx: 10 }),
        s("text", { class: "op", x: NODE_W / 2, y: 18, "text-anchor": "middle", text: leaf ? names[idx] : `${names[idx]} = ${op}` }),
        s("text", { class: "val", x: NODE_W / 2, y: 37, "text-anchor": "middle", text: leaf && kind === "const" ? "constant" : `= ${fmt(node.value)}` }),
        adjoint,
      );
      nodes.append(g);
      nodeEls[idx] = { g, adjoint };
    });
    const svg = s("svg", { class: "chain-svg", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `Computation graph of f with ${info.nodes.length} nodes` }, edges, labels, nodes);
    el.graphBox.replaceChildren(svg);
    view = { nodeEls, edgeEls };
    // Start with the output in view (it is at the top centre).
    el.graphBox.scrollLeft = Math.max(0, (width - el.graphBox.clientWidth) / 2);
  }

  /** The adjoints known after `k` steps: the root's 1, then each step's running sum. */
  function adjointsAfter(k) {
    const adj = new Map();
    if (info.nodes[info.root].needsGrad) adj.set(info.root, 1);
    for (let i = 0; i < k; i++) adj.set(info.steps[i].child, info.steps[i].childAdjoint);
    return adj;
  }

  /** The arithmetic of step i, written out. */
  function arithmetic(i) {
    const st = info.steps[i];
    const P = names[st.parent];
    const C = names[st.child];
    const before = info.steps.slice(0, i).some((o) => o.child === st.child);
    const prior = st.childAdjoint - st.contribution;
    const product = `∂f/∂${P} · ∂${P}/∂${C}`;
    // A negative factor goes in parentheses: 2 · (−0.5), not 2 · −0.5.
    const factor = (v) => (v < 0 ? `(${fmt(v)})` : fmt(v));
    const numbers = `${fmt(st.parentAdjoint)} · ${factor(st.local)}`;
    return before
      ? `∂f/∂${C} = ${fmt(prior)} + ${product} = ${fmt(prior)} + ${numbers} = ${fmt(st.childAdjoint)}`
      : `∂f/∂${C} = ${product} = ${numbers} = ${fmt(st.childAdjoint)}`;
  }

  function showStep() {
    const k = state.k;
    const total = info.steps.length;
    const adj = adjointsAfter(k);
    const remaining = new Set(info.steps.slice(k).map((st) => st.child));
    if (view) {
      view.nodeEls.forEach((node, idx) => {
        if (!node) return;
        const known = adj.has(idx);
        node.adjoint.textContent = info.nodes[idx].needsGrad ? `∂f/∂${names[idx]} = ${known ? fmt(adj.get(idx)) : "?"}` : "";
        node.g.classList.toggle("known", known);
        node.g.classList.toggle("final", known && !remaining.has(idx));
        node.g.classList.remove("current-parent", "current-child");
      });
      view.edgeEls.forEach(({ line, label }) => {
        line.classList.remove("current", "done");
        label?.classList.remove("current");
      });
      for (let i = 0; i < k; i++) view.edgeEls.get(`${info.steps[i].parent}:${info.steps[i].arg}`)?.line.classList.add("done");
      if (k > 0) {
        const st = info.steps[k - 1];
        const e = view.edgeEls.get(`${st.parent}:${st.arg}`);
        e?.line.classList.add("current");
        e?.label?.classList.add("current");
        view.nodeEls[st.parent]?.g.classList.add("current-parent");
        view.nodeEls[st.child]?.g.classList.add("current-child");
      }
    }
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
      return adj.has(idx) ? fmt(adj.get(idx)) + (remaining.has(idx) ? " (so far)" : "") : "?";
    };
    el.adjX.textContent = show("x");
    el.adjY.textContent = show("y");
    const g = landscape.gradient(state.x, state.y);
    el.grad.textContent = `(${fmt(g[0])}, ${fmt(g[1])})`;
    const done = k >= total;
    el.verdict.textContent = done && total > 0
      ? `✓ The adjoints of x and y are the gradient: (${fmt(info.gradient[0])}, ${fmt(info.gradient[1])}).`
      : "";
    if (Number.isNaN(info.value)) showMessage(`f is undefined here, at (${draw.formatValue(state.x)}, ${draw.formatValue(state.y)}): the values marked undefined spread to everything computed from them.`, "warning");
    else if (el.message.dataset.tone !== "error") showMessage("");
  }

  function go(k) {
    state.k = Math.max(0, Math.min(k, info.steps.length));
    showStep();
    save();
  }

  // ---- controls -------------------------------------------------------------------------------

  listen(el.next, "click", guard(() => go(state.k + 1)));
  listen(el.prev, "click", guard(() => go(state.k - 1)));
  listen(el.all, "click", guard(() => go(info.steps.length)));
  listen(el.reset, "click", guard(() => go(0)));
  listen(el.expr.input, "input", guard(() => {
    if (!setLandscape(el.expr.input.value)) return;
    state.k = 0;
    rebuild();
    save();
  }));
  for (const [key, input] of [["x", el.x], ["y", el.y]]) {
    listen(input, "input", guard(() => {
      const v = input.valueAsNumber;
      if (!Number.isFinite(v) || Math.abs(v) > 1e6) return;
      state[key] = v;
      rebuild();
      save();
    }));
  }
  listen(document, "keydown", guard((event) => {
    const tag = event.target && event.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "ArrowRight") go(state.k + 1);
    else if (event.key === "ArrowLeft") go(state.k - 1);
    else return;
    event.preventDefault();
  }));

  // ---- start ----------------------------------------------------------------------------------

  el.expr.input.value = state.expr;
  el.x.value = String(state.x);
  el.y.value = String(state.y);
  setLandscape(state.expr);
  rebuild();
  save();

  return {
    unmount() {
      status.stopped = true;
      off();
      root.replaceChildren();
      for (const release of releaseSheets) release();
      try {
        landscape?.free();
      } catch {
        // A trapped instance cannot free its handles; they die with it.
      }
    },
  };
}
