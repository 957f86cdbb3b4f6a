// Lesson 9: bring your own data. Keys set by the prompts: data, target, features (network view
// in its data lesson).

import { h } from "../dom.js";
import { math, mi, mo, frac, row } from "./math.js";

/** The lesson's paragraphs, as DOM nodes. */
export function text() {
  return [
    h("p", {}, "Everything you have seen works on any table of numbers. A CSV file with a header row will do: choose the column to predict (the ",
      h("em", { text: "target" }), ") and the columns to learn from (the ", h("em", { text: "features" }),
      "). The page reads the file in your browser and never sends it anywhere."),
    h("p", {}, "The same steps then run on your data: each column is standardised with ",
      math(mi("z"), mo("="), frac(row(mi("x"), mo("−"), mi("μ")), mi("σ"))),
      " using the training rows only, the rows are split into a training and a test set with a seeded shuffle (the seed is in the link), and the network descends its loss. Rows with a missing or unreadable number are skipped, and the page says how many."),
    h("p", {}, "Compare the network with the two baselines in the metrics table: always predicting the mean, and the least-squares line. If it cannot beat them, the features may not hold the answer."),
  ];
}

/** One-click experiments: URL keys the data lesson reads. */
export const tryThis = [
  { id: "one-column", label: "Learn from living area alone", set: { data: "ames", target: "Sale_Price", features: "Gr_Liv_Area" },
    watch: "With one feature the network can only learn a curve of price against area: train it and compare its error with all the columns." },
  { id: "year", label: "Predict the year a house was built", set: { data: "ames", target: "Year_Built", features: "Gr_Liv_Area,Garage_Cars,Full_Bath,Lot_Area" },
    watch: "Any numeric column can be the target: here the network guesses a house's age from its size and garage." },
];
