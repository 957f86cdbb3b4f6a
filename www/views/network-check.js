// Inside the network: the network drawn as layers of nodes (connections coloured by their
// weights, or by the last mini-batch's gradients), and the gradient check: one weight's dL/dw
// from backpropagation beside the central difference (L(w+h) − L(w−h)) / 2h. The weight picked
// for the check is outlined in the drawing.

import { h } from "../dom.js";
import * as format from "../kit/format.js";
import { networkDiagram } from "./network-draw.js";

/**
 * The two cards of "Inside the network". `nn` is the lesson's shared state (network.js).
 * Returns { section, fill(), update(), drawDiagram() }: `fill()` after a new network (its
 * layers' pickers), `update()` the check's numbers, `drawDiagram()` the drawing.
 */
export function insideCards(nn) {
  const { kit } = nn;
  const pick = { layer: 0, from: 0, to: 0 };
  let mode = "weights";
  const el = {};
  const keep = (name, node) => (el[name] = node);
  const select = (id, label) => nn.field(id, label, keep(id, h("select", { id })));

  const section = h("div", { class: "nn-inside" },
    h("section", { class: "nn-card" },
      h("h2", { text: "Inside the network" }),
      h("div", { class: "nn-mode", role: "radiogroup", "aria-label": "Colour the connections by" },
        h("label", {}, keep("modeWeights", h("input", { type: "radio", name: "nn-mode", value: "weights", checked: true })), h("span", {}, "weights (", h("span", { class: "key-pos", text: "positive" }), " / ", h("span", { class: "key-neg", text: "negative" }), ", thicker = larger)")),
        h("label", {}, keep("modeGrads", h("input", { type: "radio", name: "nn-mode", value: "gradients", id: "mode-gradients" })), h("span", { text: "gradients |dL/dw| of the last mini-batch, flowing backward" }))),
      keep("diagram", h("canvas", { id: "diagram", class: "nn-diagram", role: "img", "aria-label": "The network drawn as layers of nodes; connections coloured by the sign and size of their weights" }))),
    h("section", { class: "nn-card nn-check", id: "gradient-check" },
      h("h2", { text: "Check a gradient" }),
      h("p", { class: "nn-small", text: "Pick one weight w. Backpropagation gives dL/dw exactly (up to rounding); the central difference (L(w+h) − L(w−h)) / 2h estimates it from two losses. They should agree — unless h is too large (curvature) or too small (rounding)." }),
      select("check-layer", "Weight layer"),
      h("div", { class: "nn-row" }, select("check-from", "From unit"), select("check-to", "To unit")),
      nn.field("check-h", "Step h", keep("checkH", h("input", { id: "check-h", type: "range", min: "-10", max: "0", step: "0.5", value: "-4" })), keep("checkHOut", h("output", { for: "check-h" }))),
      h("dl", { class: "readout", id: "check-readout" },
        h("dt", { text: "w" }), keep("w", h("dd", { id: "check-w" })),
        h("dt", { text: "dL/dw, backpropagation" }), keep("back", h("dd", { id: "check-backprop" })),
        h("dt", { text: "dL/dw, central difference" }), keep("numeric", h("dd", { id: "check-numeric" })),
        h("dt", { text: "relative error" }), keep("relative", h("dd", { id: "check-relative" }))),
      keep("note", h("p", { class: "nn-small", id: "check-note" }))));

  const sizes = () => Array.from(nn.net.layerSizes());

  function unitOptions(select, n, names) {
    const keepValue = select.value;
    select.replaceChildren(...Array.from({ length: n }, (_, i) => h("option", { value: String(i), text: names ? `${i + 1}: ${names[i]}` : `unit ${i + 1}` })));
    if (Number(keepValue) < n) select.value = keepValue;
  }

  function fillUnits() {
    const s = sizes();
    const l = pick.layer;
    unitOptions(el["check-from"], s[l], l === 0 ? Array.from(nn.dataset.featureNames(), (n) => nn.words(n).label) : null);
    unitOptions(el["check-to"], s[l + 1], l + 1 === s.length - 1 ? ["the prediction"] : null);
    pick.from = Math.min(pick.from, s[l] - 1);
    pick.to = Math.min(pick.to, s[l + 1] - 1);
    el["check-from"].value = String(pick.from);
    el["check-to"].value = String(pick.to);
  }

  /** The pickers for a new network: its weight layers and their units. */
  function fill() {
    const s = sizes();
    const layerNames = s.slice(1).map((n, l) => {
      const from = l === 0 ? "inputs" : `hidden layer ${l}`;
      const to = l === s.length - 2 ? "output" : `hidden layer ${l + 1}`;
      return `${l + 1}: ${from} → ${to}`;
    });
    el["check-layer"].replaceChildren(...layerNames.map((t, l) => h("option", { value: String(l), text: t })));
    pick.layer = Math.min(pick.layer, s.length - 2);
    el["check-layer"].value = String(pick.layer);
    fillUnits();
  }

  /** The check's numbers for the picked weight and step h. */
  function update() {
    const hStep = 10 ** Number(el.checkH.value);
    el.checkHOut.textContent = format.power(hStep);
    const c = nn.net.gradientCheck(pick.layer, pick.from, pick.to, hStep);
    el.w.textContent = format.value(c.weight);
    el.back.textContent = format.value(c.backprop);
    el.numeric.textContent = format.value(c.numeric);
    el.relative.textContent = format.value(c.relativeError);
    el.relative.dataset.tone = c.relativeError < 1e-4 ? "success" : "warning";
    el.note.textContent = `L is the mean squared error (standardised units) on a fixed batch of ${c.nRows} training rows${nn.state.l2 > 0 ? " plus the L2 penalty" : ""}, computed in double precision.`;
  }

  function drawDiagram() {
    const s = sizes();
    const layers = [];
    for (let l = 0; l < s.length - 1; l++) layers.push({ weights: nn.net.layerWeights(l), grads: nn.net.layerGradients(l) });
    const label = (name) => nn.words(name).label;
    networkDiagram(el.diagram, s, layers, Array.from(nn.dataset.featureNames(), label), label(nn.dataset.target), mode, pick, nn.colors(), nn.palette());
  }

  const picked = (apply) => () => {
    apply();
    kit.redraw("check", "diagram");
  };
  kit.on(el["check-layer"], "change", picked(() => {
    pick.layer = Number(el["check-layer"].value);
    fillUnits();
  }));
  kit.listen(el["check-from"], "change", picked(() => (pick.from = Number(el["check-from"].value))));
  kit.listen(el["check-to"], "change", picked(() => (pick.to = Number(el["check-to"].value))));
  kit.listen(el.checkH, "input", () => kit.redraw("check"));
  for (const [input, value] of [[el.modeWeights, "weights"], [el.modeGrads, "gradients"]]) {
    kit.listen(input, "change", () => {
      mode = value;
      kit.redraw("diagram");
    });
  }
  return { section, fill, update, drawDiagram, canvas: el.diagram };
}
