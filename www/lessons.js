// The course, in order: one entry per lesson. `load` imports the view's module and `text` the
// lesson's words (paragraphs with MathML, "try this" prompts) on demand, so a learner downloads
// only the lesson they open. `promise` is the home page's one line: what the learner will see.

export const LESSONS = [
  {
    key: "derivative", title: "Derivatives as rate of change", short: "Derivatives",
    promise: "Watch a secant line turn into the tangent as h shrinks, and see rounding spoil the slope when h gets too small.",
    load: () => import("./views/derivative.js"), text: () => import("./lessons/derivative.js"),
  },
  {
    key: "descent1d", title: "Gradient descent in one dimension", short: "Descent in 1-D",
    promise: "Follow x ← x − η f′(x) down a curve: creep, zigzag, bounce forever or fly off, depending on the learning rate.",
    load: () => import("./views/descent1d.js"), text: () => import("./lessons/descent1d.js"),
  },
  {
    key: "partials", title: "Partial derivatives", short: "Partials",
    promise: "Slice a surface along x and along y: each slice's slope is a partial derivative, one component of the gradient.",
    load: () => import("./views/partials.js"), text: () => import("./lessons/partials.js"),
  },
  {
    key: "descent", title: "Gradient descent on a loss landscape", short: "Descent in 2-D",
    promise: "Drop a point on a landscape f(x, y) and watch −∇f lead it downhill, along valleys and past saddles.",
    load: () => import("./views/descent.js"), text: () => import("./lessons/descent.js"),
  },
  {
    key: "chain", title: "The chain rule", short: "Chain rule",
    promise: "Walk a formula's computation graph backwards, multiplying local slopes, until the gradient falls out.",
    load: () => import("./views/chain.js"), text: () => import("./lessons/chain.js"),
  },
  {
    key: "race", title: "Optimizers race", short: "Optimizers race",
    promise: "Race plain gradient descent, momentum, RMSProp and Adam down the same valley and see who arrives first.",
    load: () => import("./views/race.js"), text: () => import("./lessons/race.js"),
  },
  {
    key: "line", title: "Fitting a line to house prices", short: "Fitting a line",
    promise: "Descend the loss landscape of a straight line through real house prices, down to least squares.",
    load: () => import("./views/linefit.js"), text: () => import("./lessons/line.js"),
  },
  {
    key: "network", title: "A neural network for house prices", short: "Neural network",
    promise: "Train a small network in your browser and watch its loss fall, its predictions line up and its gradients flow.",
    load: () => import("./views/network.js"), text: () => import("./lessons/network.js"),
  },
  {
    key: "data", title: "Bring your own data", short: "Your own data",
    promise: "Drop in a CSV file of your own (it never leaves your browser) and train the same network on it.",
    load: () => import("./views/network.js"), text: () => import("./lessons/data.js"),
  },
];

/** The lesson an old link without `lesson=` but with other state keys opens (links from before the home page). */
export const DEFAULT_LESSON = "descent";
