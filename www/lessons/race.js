// Lesson 6: optimizers race. Keys set by the prompts: f, x, y, r1…r7, steps, noise, view (race view).

import { h } from "../dom.js";
import { math, display, mi, mo, mn, row, sub, sup } from "./math.js";

/** The lesson's paragraphs, as DOM nodes. */
export function text() {
  const g = () => sub(mi("g"), mi("k"));
  return [
    h("p", {}, "Plain gradient descent uses only the slope where it stands. In a long curved valley that is a poor guide: the steep walls dominate, so it zigzags, and the gentle floor gets tiny steps. The other racers remember the past."),
    h("p", {}, h("strong", { text: "Momentum" }), " keeps a velocity, a running sum of past gradients, and steps along it, like a ball that rolls on through small bumps and builds up speed along a steady slope. The momentum μ (0.9 by default) is the share of the velocity kept from one step to the next:"),
    display(sub(mi("v"), row(mi("k"), mo("+"), mn("1"))), mo("="), mi("μ"), sub(mi("v"), mi("k")), mo("+"), g(), mo(","),
      sub(mi("p"), row(mi("k"), mo("+"), mn("1"))), mo("="), sub(mi("p"), mi("k")), mo("−"), mi("η"), sub(mi("v"), row(mi("k"), mo("+"), mn("1")))),
    h("p", {}, h("strong", { text: "RMSProp" }), " and ", h("strong", { text: "Adam" }),
      " keep, for each coordinate, a running average of the squared gradient ", math(sup(g(), mn("2"))),
      ", and divide the step by its square root. A coordinate with huge slopes gets small steps and a flat one gets bigger steps, so every coordinate moves at a similar pace. Adam also averages the gradient itself (momentum) and corrects both averages for starting at zero."),
    h("p", {}, "No optimizer wins everywhere: each has a learning rate ", math(mi("η")),
      " that must suit the landscape, and the explorer below the race shows how the final loss depends on it."),
  ];
}

/** One-click experiments: URL keys the race view reads. */
export const tryThis = [
  { id: "sgd-big", label: "Give plain SGD Adam's learning rate, η = 0.05", set: { r1: "sgd,lr,0.05", steps: "0" },
    watch: "Press Play: SGD's first step is η times a huge slope and flies off the map; Adam's steps stay about η long whatever the slope." },
  { id: "noise", label: "Add gradient noise σ = 2", set: { noise: "2", steps: "0" },
    watch: "Each racer now sees a noisy slope, as in training on random mini-batches: the paths wobble, and they jitter around the minimum instead of settling." },
  { id: "himmelblau", label: "Race on Himmelblau's four valleys", set: { f: "himmelblau", x: null, y: null, view: null, steps: "0" },
    watch: "From one start the racers can end in different valleys: each follows its own path." },
];
