// The lessons, in order: one entry per view. `load` imports the view's module on demand, so a
// learner downloads only the lesson they open.

export const LESSONS = [
  { key: "derivative", title: "Derivatives", load: () => import("./views/derivative.js") },
  { key: "descent", title: "The gradient", load: () => import("./views/descent.js") },
  { key: "partials", title: "Partial derivatives", load: () => import("./views/partials.js") },
  { key: "chain", title: "The chain rule", load: () => import("./views/chain.js") },
  { key: "race", title: "Optimizers race", load: () => import("./views/race.js") },
  { key: "line", title: "Fitting a line", load: () => import("./views/linefit.js") },
  { key: "network", title: "A neural network", load: () => import("./views/network.js") },
  { key: "data", title: "Your own data", load: () => import("./views/network.js") },
];

export const DEFAULT_LESSON = "descent";
