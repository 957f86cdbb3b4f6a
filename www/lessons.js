// The lessons, in order: one entry per view. `load` imports the view's module on demand, so a
// learner downloads only the lesson they open.

export const LESSONS = [
  { key: "descent", title: "Gradient descent", load: () => import("./views/descent.js") },
  { key: "race", title: "Optimizers race", load: () => import("./views/race.js") },
];

export const DEFAULT_LESSON = "descent";
