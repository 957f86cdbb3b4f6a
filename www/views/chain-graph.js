// The chain-rule lesson's computation graph, drawn as SVG (createElementNS; text always as
// text): each node with its name, operation and forward value, each edge with its local
// derivative, and the backward pass's progress marked on it. Its layered layout (root on top,
// every node below all of its parents) is computed here.

import * as format from "../kit/format.js";
import { h } from "../dom.js";

const MAX_DRAWN = 160; // nodes; larger graphs are described, not drawn
const NODE_W = 118;
const NODE_H = 66;
const GAP_X = 26;
const GAP_Y = 58;
const PAD = 16;
const SVG = "http://www.w3.org/2000/svg";

/**
 * A number inside a node or on an edge, where 118 px hold "∂f/∂v₁₂ = −1.138": the page's
 * readout format (format.value) at 4 significant digits. (Wanted in the kit as
 * format.value(v, digits); the written-out arithmetic and the readouts keep all 6.)
 */
const short = (v) => format.value(v, 4); // 4 digits fit a node

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

const SUB = "₀₁₂₃₄₅₆₇₈₉";
const subscript = (n) => String(n).split("").map((d) => SUB[Number(d)]).join("");

/**
 * Names for the nodes: x and y, numbers as written, the output f, and v₁, v₂, ... for the
 * intermediate values in the order they are computed.
 */
export function nameNodes(info) {
  let count = 0;
  return info.nodes.map((node, idx) => {
    if (idx === info.root) return "f";
    if (node.children.length === 0) return node.label;
    count += 1;
    return `v${subscript(count)}`;
  });
}

const SUP = { 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
const INFIX = { "+": " + ", "-": " − ", "*": "·", "/": "/" };

/**
 * What each node computes, written with its inputs' names: "x·y", "sin(v₁)", "v₂ + v₃", "x²",
 * "−v₁"; a leaf is its own name. Built from the core's record (each node's operation `label`
 * and its `children`), so a node reads "v₃ = x²" and the output "f = v₂ + v₃".
 */
export function formulas(info, names) {
  return info.nodes.map((node, idx) => {
    const args = node.children.map((c) => names[c]);
    const op = node.label;
    if (args.length === 0) return names[idx];
    if (op === "^" && args.length === 2) {
      const exp = info.nodes[node.children[1]];
      if (exp.children.length === 0 && SUP[exp.label]) return `${args[0]}${SUP[exp.label]}`;
      return `${args[0]}^${args[1]}`;
    }
    if (op === "neg" && args.length === 1) return `−${args[0]}`;
    // Inputs appear by name (x, v₁, 2), never as formulas, so no parentheses are needed.
    if (INFIX[op] && args.length === 2) return `${args[0]}${INFIX[op]}${args[1]}`;
    return `${op}(${args.join(", ")})`;
  });
}

/** The widest text of a node, in px, for its box: its name and formula, and its adjoint line. */
let measurer = null;
function textWidth(text, font) {
  measurer ??= document.createElement("canvas").getContext("2d");
  measurer.font = font;
  return measurer.measureText(text).width;
}
const FONT_OP = "700 14px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const FONT_ADJ = "700 12px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";

/**
 * Layers: the root on layer 0 and every node one layer below its lowest parent (the longest
 * path from the root), so edges always point upwards. An edge that spans several layers passes
 * through a virtual slot in each layer between (as in Sugiyama's method), so it never runs
 * through a node. Within each layer, sweeps of the barycentre heuristic order the slots (an
 * input's place follows its argument's side: x of x·y leans left), then swaps of neighbours
 * that remove crossings finish the order. `widths[i]` is node i's box width. Returns node
 * centres, each edge's route, and the size.
 */
function layout(info, widths) {
  const n = info.nodes.length;
  const layer = new Array(n).fill(-1);
  layer[info.root] = 0;
  for (let p = info.root; p >= 0; p--) {
    if (layer[p] < 0) continue;
    for (const c of info.nodes[p].children) layer[c] = Math.max(layer[c], layer[p] + 1);
  }
  // Slots: the real nodes 0 … n−1, then virtual ones; up/down are neighbouring slots, each
  // with the side it leaves its parent from (−0.25 for a first argument, +0.25 for a second).
  const slotLayer = layer.slice();
  const up = Array.from({ length: n }, () => []);
  const down = Array.from({ length: n }, () => []);
  const routes = new Map(); // "parent:arg" -> [slots from the parent down to the child]
  info.nodes.forEach((node, p) => {
    if (layer[p] < 0) return;
    const side = (arg) => (node.children.length === 2 ? (arg === 0 ? -0.25 : 0.25) : 0);
    node.children.forEach((c, arg) => {
      const route = [p];
      let above = p;
      let lean = side(arg);
      for (let l = layer[p] + 1; l < layer[c]; l++) {
        const v = slotLayer.length;
        slotLayer.push(l);
        up.push([{ slot: above, lean }]);
        down.push([]);
        down[above].push(v);
        route.push(v);
        above = v;
        lean = 0;
      }
      down[above].push(c);
      up[c].push({ slot: above, lean });
      route.push(c);
      routes.set(`${p}:${arg}`, route);
    });
  });
  const depth = Math.max(0, ...layer) + 1;
  const rows = Array.from({ length: depth }, () => []);
  for (let i = 0; i < slotLayer.length; i++) if (slotLayer[i] >= 0) rows[slotLayer[i]].push(i);
  const pos = new Array(slotLayer.length).fill(0);
  const place = (row) => row.forEach((idx, k) => (pos[idx] = k - (row.length - 1) / 2));
  rows.forEach(place);
  const meanUp = (idx) => (up[idx].length ? up[idx].reduce((a, e) => a + pos[e.slot] + e.lean, 0) / up[idx].length : null);
  const meanDown = (idx) => (down[idx].length ? down[idx].reduce((a, i) => a + pos[i], 0) / down[idx].length : null);
  for (let sweep = 0; sweep < 8; sweep++) {
    const goingDown = sweep % 2 === 0;
    for (const row of goingDown ? rows.slice(1) : rows.slice(0, -1).reverse()) {
      const key = new Map(row.map((idx) => [idx, (goingDown ? meanUp(idx) : meanDown(idx)) ?? pos[idx]]));
      row.sort((a, b) => key.get(a) - key.get(b));
      place(row);
    }
  }
  // Crossings between a row and the next: edges leave a parent in its children's order (the
  // ports are assigned by position when drawn), so only edges of different parents can cross.
  const crossingsBelow = (r) => {
    if (r + 1 >= rows.length) return 0;
    const edges = [];
    for (const p of rows[r]) for (const c of down[p]) edges.push([pos[p], pos[c]]);
    let count = 0;
    for (let i = 0; i < edges.length; i++) {
      for (let j = i + 1; j < edges.length; j++) {
        const [a0, a1] = edges[i];
        const [b0, b1] = edges[j];
        if (a0 !== b0 && (a0 - b0) * (a1 - b1) < 0) count++;
      }
    }
    return count;
  };
  const around = (r) => crossingsBelow(r) + (r > 0 ? crossingsBelow(r - 1) : 0);
  if (slotLayer.length <= 400) {
    for (let pass = 0, better = true; pass < 12 && better; pass++) {
      better = false;
      rows.forEach((row, r) => {
        for (let k = 0; k + 1 < row.length; k++) {
          const before = around(r);
          [row[k], row[k + 1]] = [row[k + 1], row[k]];
          place(row);
          if (around(r) < before) {
            better = true;
          } else {
            [row[k], row[k + 1]] = [row[k + 1], row[k]];
            place(row);
          }
        }
      });
    }
  }
  // Virtual slots are narrow: a row's width counts real nodes fully and virtual ones a third.
  const slotW = (idx) => (idx < n ? widths[idx] : NODE_W / 3);
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

/**
 * Draws the graph of `info` (the core's chainRule record) in `box` as SVG, nodes named by
 * `names`; returns { nodeEls, edgeEls } for markStep, or null when it is too big to draw (then
 * `box` says so in words).
 */
export function drawGraph(box, info, names) {
  const n = info.nodes.length;
  if (n > MAX_DRAWN) {
    box.replaceChildren(h("p", { class: "chain-too-big", text: `This expression has ${n} nodes; the graph is drawn for up to ${MAX_DRAWN}. The steps below still show every multiplication.` }));
    return null;
  }
  const computes = formulas(info, names);
  const heading = (idx) => (info.nodes[idx].children.length === 0 ? names[idx] : `${names[idx]} = ${computes[idx]}`);
  // Each box as wide as its words: the name and what it computes, and its adjoint line.
  const widths = info.nodes.map((node, idx) => Math.ceil(Math.max(NODE_W,
    20 + textWidth(heading(idx), FONT_OP),
    20 + textWidth(`∂f/∂${names[idx]} = −0.0000`, FONT_ADJ))));
  const { xy, routes, width, height } = layout(info, widths);
  const edges = s("g", { class: "edges" });
  const labels = s("g", { class: "edge-labels" });
  const nodes = s("g", { class: "nodes" });
  const edgeEls = new Map(); // "parent:arg" -> { line, label }
  const nodeEls = [];
  info.nodes.forEach((node, p) => {
    if (!xy[p]) return;
    // The ports on the parent's bottom follow where its edges go (left one to the left), so
    // two edges out of one node never cross.
    const firstStop = node.children.map((_, arg) => routes.get(`${p}:${arg}`)?.[1]);
    const leftmost = firstStop.length === 2 && firstStop.every((i) => i !== undefined) && xy[firstStop[1]].x < xy[firstStop[0]].x ? 1 : 0;
    node.children.forEach((c, arg) => {
      const route = routes.get(`${p}:${arg}`);
      if (!route) return;
      // Points from the parent's bottom (left or right half for a two-argument operation)
      // through the virtual slots to the child's top.
      const pts = route.map((idx, k) => {
        if (k === 0) return { x: xy[idx].x + (node.children.length === 2 ? (arg === leftmost ? -18 : 18) : 0), y: xy[idx].y + NODE_H / 2 };
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
        const text = short(node.local[arg]);
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
    const kind = idx === info.root ? "root" : node.needsGrad ? (leaf ? "input" : "op") : "const";
    const w = widths[idx];
    const g = s("g", { class: `node ${kind}`, transform: `translate(${xy[idx].x - w / 2} ${xy[idx].y - NODE_H / 2})`, "data-idx": idx });
    const title = leaf ? `${names[idx]} = ${format.value(node.value)}` : `${names[idx]} = ${node.text} = ${format.value(node.value)}`;
    const adjoint = s("text", { class: "adj", x: w / 2, y: 56, "text-anchor": "middle", text: "" });
    g.append(
      s("title", { text: title }),
      s("rect", { class: "box", width: w, height: NODE_H, rx: 10 }),
      s("text", { class: "op", x: w / 2, y: 18, "text-anchor": "middle", text: heading(idx) }),
      s("text", { class: "val", x: w / 2, y: 37, "text-anchor": "middle", text: leaf && kind === "const" ? "constant" : `= ${short(node.value)}` }),
      adjoint,
    );
    nodes.append(g);
    nodeEls[idx] = { g, adjoint };
  });
  const svg = s("svg", { class: "chain-svg", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `Computation graph of f with ${info.nodes.length} nodes` }, edges, labels, nodes);
  box.replaceChildren(svg);
  // Start with the output in view (it is at the top centre).
  box.scrollLeft = Math.max(0, (width - box.clientWidth) / 2);
  return { nodeEls, edgeEls };
}

/**
 * Marks the backward pass after `k` steps on a drawn graph: each node's adjoint (`adj`, a Map
 * from node to ∂f/∂node; "?" while unknown), the nodes whose adjoint is final (none of the
 * `remaining` steps adds to it), the edges passed, and the step just taken.
 */
export function markStep(view, info, names, { k, adj, remaining }) {
  view.nodeEls.forEach((node, idx) => {
    if (!node) return;
    const known = adj.has(idx);
    node.adjoint.textContent = info.nodes[idx].needsGrad ? `∂f/∂${names[idx]} = ${known ? short(adj.get(idx)) : "?"}` : "";
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
