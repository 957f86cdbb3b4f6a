// Predict a house: a form of every feature in real units, filled with a real row of the data (or
// the learner's own numbers), the network's prediction, and each feature's sensitivity — the
// derivative of the prediction, from one backward pass — beside the plain difference
// f(x + 1) − f(x) for whole-number features.

import { h } from "../dom.js";
import * as format from "../kit/format.js";

const HOUSE_STRIDE = 7919; // "Another real house" strides through the rows (coprime with any count below 10^9)

/**
 * The "Predict a house" card. `nn` is the lesson's shared state (network.js). Returns
 * { card, build(), update() }: `build()` after a new network (its features may differ),
 * `update()` the prediction for the form's numbers.
 */
export function predictCard(nn) {
  const { kit } = nn;
  const houseNote = h("p", { class: "nn-small", id: "house-note" });
  const nextHouse = h("button", { id: "next-house", type: "button", text: "Another real house" });
  const form = h("form", { class: "nn-form", id: "predict-form", "aria-label": "A house, in real units" });
  const priceLabel = h("span", { text: "Predicted: " });
  const price = h("output", { id: "price", class: "nn-price" });
  const sensBody = h("tbody", {});
  const card = h("section", { class: "nn-card nn-predict", id: "predict" },
    h("h2", { text: "Predict a house" }),
    h("p", { class: "nn-small", text: "Change any number; the price and its sensitivities come from one forward and one backward pass through the network. Each sensitivity is how much the prediction moves per unit of that feature here (σ_y / σ_x times the derivative in standardised units)." }),
    h("div", { class: "nn-house-pick" }, houseNote, nextHouse),
    h("div", { class: "nn-predict-body" },
      form,
      h("div", { class: "nn-predict-result" },
        h("p", { class: "nn-price-line" }, priceLabel, price),
        h("table", { class: "nn-sens", id: "sensitivities" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "feature" }), h("th", { scope: "col", text: "d prediction / d feature, per unit" }), h("th", { scope: "col", text: "one more: f(x+1) − f(x)" }))),
          sensBody))));

  let stats = [];
  let houseIdx = 0;
  const inputs = () => [...form.querySelectorAll("input")];

  /** Fills the form with row `houseIdx` of the data: a real house, so its numbers agree. */
  function showHouse() {
    const row = nn.dataset.row(houseIdx);
    if (!row) return;
    inputs().forEach((input, j) => (input.value = String(row[j])));
    houseNote.textContent = `Row ${format.count(houseIdx + 1)} of the data: its actual ${nn.dataset.target} is ${nn.amount(nn.dataset.targetAt(houseIdx))}.`;
    kit.redraw("predict");
  }

  /** The form for the network's features; the learner's numbers stay when the features do. */
  function build() {
    const previous = new Map(inputs().map((i) => [i.dataset.name, i.value]));
    const next = nn.net.featureStats();
    const fresh = previous.size === 0 || stats.length === 0 || next.some((s, j) => stats[j]?.name !== s.name);
    stats = next;
    form.replaceChildren(...stats.map((s, j) => {
      const id = `house-${j}`;
      const value = (!fresh && previous.get(s.name)) || String(s.median);
      return h("div", { class: "field" },
        h("label", { for: id }, h("span", { text: s.name }), h("small", { text: `${format.value(s.min)} … ${format.value(s.max)}` })),
        h("input", { id, type: "number", step: s.integer ? "1" : "any", value, inputmode: "decimal", dataset: { name: s.name } }));
    }));
    priceLabel.textContent = `Predicted ${nn.dataset.target}: `;
    if (fresh) {
      houseIdx = Math.min(houseIdx, nn.dataset.nRows - 1);
      showHouse();
    }
  }

  /** The form's numbers as a row, or the first field that is not a number. */
  function houseRow() {
    const fields = inputs();
    const row = new Float64Array(fields.length);
    for (let j = 0; j < fields.length; j++) {
      const v = Number(fields[j].value);
      if (fields[j].value.trim() === "" || !Number.isFinite(v)) return { error: `${stats[j].name} needs a number.` };
      row[j] = v;
    }
    return { row };
  }

  const signed = (v) => (v >= 0 ? "+" : "") + nn.amount(v);

  function update() {
    const { row, error } = houseRow();
    if (error) {
      price.textContent = error;
      price.dataset.tone = "error";
      return;
    }
    delete price.dataset.tone;
    const predicted = nn.net.predict(row);
    price.textContent = nn.amount(predicted);
    const grad = nn.net.inputGradient(row);
    sensBody.replaceChildren(...stats.map((s, j) => {
      let plusOne = "";
      if (s.integer) {
        const up = Float64Array.from(row);
        up[j] += 1;
        plusOne = signed(nn.net.predict(up) - predicted);
      }
      return h("tr", {}, h("th", { scope: "row", text: s.name }), h("td", { text: signed(grad[j]) }), h("td", { text: plusOne }));
    }));
  }

  kit.on(nextHouse, "click", () => {
    houseIdx = (houseIdx + HOUSE_STRIDE) % nn.dataset.nRows;
    showHouse();
  });
  kit.listen(form, "input", () => {
    houseNote.textContent = "Your own house: numbers you typed.";
    kit.redraw("predict");
  });
  kit.listen(form, "submit", (event) => event.preventDefault());
  return { card, build, update };
}
