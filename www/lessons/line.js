// Lesson 7: fitting a line to house prices. Keys set by the prompts: feature, opt, lr, slope,
// intercept, steps (line view).

import { h } from "../dom.js";
import { math, display, mi, mo, mn, row, frac, sub, sup, paren, underover } from "./math.js";

/** The lesson's paragraphs, as DOM nodes. */
export function text() {
  const xi = () => sub(mi("x"), mi("i"));
  const yi = () => sub(mi("y"), mi("i"));
  return [
    h("p", {}, "Each dot is a house sold in Ames, Iowa: its living area ", math(xi()), " and its price ", math(yi()),
      ". A straight line predicts a price from the area, ", math(mi("w"), paren(xi(), mo("−"), mi("x̄")), mo("+"), mi("b")),
      ", where ", math(mi("x̄")), " is the average area (about 1,500 sq ft): ", math(mi("w")),
      " is dollars per square foot, and ", math(mi("b")), " is the price the line gives a house of average area. How wrong is a line? Square each miss and average them — the mean squared error:"),
    display(mi("L"), paren(mi("w"), mo(","), mi("b")), mo("="), frac(mn("1"), mi("n")),
      underover(mo("∑"), row(mi("i"), mo("="), mn("1")), mi("n")), sup(paren(mi("w"), paren(xi(), mo("−"), mi("x̄")), mo("+"), mi("b"), mo("−"), yi()), mn("2"))),
    h("p", {}, "Every line is a point ", math(paren(mi("w"), mo(","), mi("b"))), " on the map beside the dots, coloured by its loss: choosing a line is choosing a place on a landscape. Gradient descent walks downhill there, and the line through the dots swings into place. The bottom of this bowl is the least-squares line, which the page also solves exactly, so you can see how close descent gets."),
    h("p", {}, "Written the usual way, the same line is ", math(mi("w"), xi(), mo("+"), mi("c")), " with the intercept ",
      math(mi("c"), mo("="), mi("b"), mo("−"), mi("w"), mi("x̄")), ", the price at zero area. No house has zero area, and the intercept moves whenever the slope does, so the map uses ",
      math(mi("b")), "; the readout shows both."),
    h("p", {}, "Areas are in the thousands and prices in the hundreds of thousands, so the bowl would be absurdly stretched. Before descending, each column is ",
      h("em", { text: "standardised" }), ": ", math(mi("z"), mo("="), frac(row(mi("x"), mo("−"), mi("μ")), mi("σ"))),
      ", its mean subtracted and divided by its spread. The bowl becomes round enough for one learning rate to suit both directions; the numbers you see are turned back into dollars."),
  ];
}

/** One-click experiments: URL keys the line view reads. */
export const tryThis = [
  { id: "adam", label: "Now switch to Adam", set: { opt: "adam", lr: "0.05", steps: "0" },
    watch: "Press Play: Adam takes steps of about η in each direction at first, then slows as it nears the bottom." },
  { id: "flat", label: "Start from a flat line at $180,000", set: { slope: "0", intercept: "180000", steps: "0" },
    watch: "A flat line through the middle of the prices: the slope starts at zero and descent tilts it." },
  { id: "year", label: "Predict the price from the year built", set: { feature: "Year_Built", slope: "0", intercept: "0", steps: "0" },
    watch: "Newer houses sell for more, but the dots scatter much more around this line than around living area." },
];
