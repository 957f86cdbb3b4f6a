// Lesson 8: a neural network for house prices. Keys set by the prompts: hidden, act, opt, lr
// (network view).

import { h } from "../dom.js";
import { math, display, mi, mo, mn, row, frac, sub, paren } from "./math.js";

/** The lesson's paragraphs, as DOM nodes. */
export function text() {
  return [
    h("p", {}, "A line can only say “so many dollars per square foot”. A neural network stacks simple pieces to bend the prediction: each neuron takes a weighted sum of its inputs plus a bias, ",
      math(mi("z"), mo("="), mi("w"), mo("·"), mi("x"), mo("+"), mi("b")), ", and passes it through a bend such as ReLU, ",
      math(mi("max"), paren(mn("0"), mo(","), mi("z"))), ". A layer of these feeds the next, and the last layer gives the price."),
    h("p", {}, "Training is the same descent as before, on thousands of weights at once. The loss is the mean squared error on a mini-batch of houses; its gradient comes from ",
      h("strong", { text: "backpropagation" }), ", which is the chain rule applied layer by layer from the loss backwards:"),
    display(frac(row(mo("∂"), mi("L")), row(mo("∂"), sub(mi("w"), mi("l")))), mo("="),
      frac(row(mo("∂"), mi("L")), row(mo("∂"), sub(mi("z"), mi("l")))), mo("·"),
      frac(row(mo("∂"), sub(mi("z"), mi("l"))), row(mo("∂"), sub(mi("w"), mi("l"))))),
    h("p", {}, "Every input column is standardised first (mean 0, spread 1), so that living area in square feet and the number of bathrooms start on an equal footing. Part of the houses is held out as a test set: the test error tells whether the network learned prices or just memorised its training houses. The gradient check compares backpropagation with a central difference, weight by weight."),
  ];
}

/** One-click experiments: URL keys the network view reads. */
export const tryThis = [
  { id: "linear", label: "No hidden layer: just a linear model", set: { hidden: "none" },
    watch: "Train it: without hidden layers the network is a weighted sum of the columns, and its test error stays above the two-layer network's." },
  { id: "tanh", label: "Bend with tanh instead of ReLU", set: { act: "tanh" },
    watch: "tanh is smooth and saturates at ±1; compare how fast the loss falls." },
  { id: "sgd", label: "Plain SGD with η = 0.01", set: { opt: "sgd", lr: "0.01" },
    watch: "Without Adam's per-weight step sizes the loss falls more slowly at first." },
];
