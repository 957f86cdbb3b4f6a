// Predict a house: a form of every feature in real units, filled with a real row of the data (or
// the learner's own numbers), the network's prediction, and each feature's sensitivity — the
// derivative of the prediction, from one backward pass — beside the plain difference
// f(x + 1) − f(x) for whole-number features.

import { h } from "../dom.js";
import * as format from "../kit/format.js";
import { nameNodes } from "./network-data.js";

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
    h("p", { class: "nn-small", text: "Change any number; the prediction and its sensitivities come from one forward and one backward pass through the network. A sensitivity is the derivative of the prediction with respect to one feature, here: how much the prediction moves per unit of that feature, for a tiny change. “One more” is the actual change when a whole-number feature (rooms, years, square feet) goes up by 1." }),
    h("div", { class: "nn-house-pick" }, houseNote, nextHouse),
    h("div", { class: "nn-predict-body" },
      form,
      h("div", { class: "nn-predict-result" },
        h("p", { class: "nn-price-line" }, priceLabel, price),
        h("table", { class: "nn-sens", id: "sensitivities" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "feature" }), h("th", { scope: "col", text: "sensitivity, per unit" }), h("th", { scope: "col" }, "one more: ", h("span", { class: "nn-num", text: "f(x + 1) − f(x)" })))),
          sensBody))));

  let stats = [];
  let houseIdx = 0;
  const inputs = () => [...form.querySelectorAll("input")];

  /** Fills the form with row `houseIdx` of the data: a real house, so its numbers agree. */
  function showHouse() {
    const row = nn.dataset.row(houseIdx);
    if (!row) return;
    inputs().forEach((input, j) => (input.value = String(row[j])));
    houseNote.textContent = `Row ${format.count(houseIdx + 1)} of the data: its actual ${targetWords()} is ${nn.amount(nn.dataset.targetAt(houseIdx))}.`;
    kit.redraw("predict");
  }

  /** The target in words: "sale price", or a learner's column as written. */
  const targetWords = () => {
    const w = nn.words(nn.dataset.target);
    return w.label === w.name ? w.name : w.label.toLowerCase();
  };

  /** A feature's range in the data: years written plain (1880 … 2010), other numbers as the page writes them. */
  const range = (s) => {
    const plain = nn.words(s.name).plain && s.integer;
    const one = (v) => (plain ? String(v).replace("-", format.MINUS) : format.value(v));
    return `${one(s.min)} … ${one(s.max)}`;
  };

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
        h("label", { for: id }, h("span", {}, ...nameNodes(nn.words(s.name).long)), h("small", { text: range(s) })),
        h("input", { id, type: "number", step: s.integer ? "1" : "any", value, inputmode: "decimal", dataset: { name: s.name } }));
    }));
    priceLabel.textContent = `Predicted ${targetWords()}: `;
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
      if (fields[j].value.trim() === "" || !Number.isFinite(v)) return { error: `${nn.words(stats[j].name).label} needs a number.` };
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
      // "One more" only where 1 is a natural step (whole-number features); a dash elsewhere.
      let plusOne = h("td", { class: "nn-none", title: "not a whole-number feature", text: "—" });
      if (s.integer) {
        const up = Float64Array.from(row);
        up[j] += 1;
        plusOne = h("td", { text: signed(nn.net.predict(up) - predicted) });
      }
      const words = nn.words(s.name);
      const per = words.unit && words.unit !== "$" ? ` per ${words.unit}` : "";
      return h("tr", { dataset: { name: s.name } }, h("th", { scope: "row" }, ...nameNodes(words.label)), h("td", {}, h("span", { class: "nn-num", text: signed(grad[j]) }), per), plusOne);
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
