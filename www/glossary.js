// The page's glossary: the words and symbols the lessons use that no catalog of the core holds.
// (Each hyperparameter, activation and landscape parameter brings its own meaning from the
// core: see www/kit/glossary.js.) Keyed by what the page writes; each entry a title and one or
// two plain sentences.

export const GLOSSARY = {
  "∇f": { title: "∇f, the gradient", text: "The vector of partial derivatives (∂f/∂x, ∂f/∂y). It points the way f grows fastest; its length is how fast." },
  "∂": { title: "∂, a partial derivative", text: "∂f/∂x is the slope of f when only x changes and every other variable is held still." },
  "f′": { title: "f′(x), the derivative", text: "The slope of f at x: how much f changes per unit change of x, for a tiny change." },
  h: { title: "h, the step of a numerical slope", text: "The distance between the two points a secant goes through. Smaller h is closer to the tangent, until rounding errors take over." },
  secant: { title: "Secant", text: "The straight line through two points of a curve, (x, f(x)) and (x + h, f(x + h)). Its slope approximates the derivative." },
  central: { title: "Central difference", text: "The slope through x − h and x + h. Its error shrinks like h², much faster than the one-sided secant's h." },
  "relative error": { title: "Relative error", text: "How far an approximation is from the exact value, as a fraction of the exact value: |approx − exact| / |exact|." },
  k: { title: "k, the step number", text: "How many steps the descent has taken so far: x₀ is the start, x_k the point after k steps." },
  σ: { title: "σ, the noise", text: "How much random noise is added to each gradient (its standard deviation), as in training on mini-batches instead of all the data." },
  velocity: { title: "Velocity", text: "Momentum's running sum of past gradients: steps keep going the way they went, so zigzags cancel and valleys are crossed faster." },
  "step size": { title: "Per-coordinate step size", text: "How far an adaptive optimizer (AdaGrad, RMSProp, Adam) moves per unit of gradient in each direction: smaller where gradients have been large." },
  adjoint: { title: "Adjoint ∂f/∂v", text: "How much the output f changes per unit change of one intermediate value v. Reverse mode computes every adjoint in one backward pass." },
  "reverse mode": { title: "Reverse mode", text: "Computing derivatives backwards through a computation: start with ∂f/∂f = 1 at the output and multiply local slopes on the way back to the inputs (the chain rule)." },
  "local slope": { title: "Local slope", text: "The derivative of one node with respect to one of its inputs, with everything else held fixed: for v = a·b, ∂v/∂a = b." },
  epoch: { title: "Epoch", text: "One pass of training over every training row, in mini-batches." },
  "mini-batch": { title: "Mini-batch", text: "A few training rows whose average gradient sets one step. Small batches make cheaper, noisier steps." },
  RMSE: { title: "RMSE, root mean squared error", text: "The square root of the average squared error on the test rows, in the target's units: a typical size of a miss, with large misses weighing more." },
  MAE: { title: "MAE, mean absolute error", text: "The average size of a miss on the test rows, in the target's units." },
  "R²": { title: "R², coefficient of determination", text: "The share of the target's spread the model explains on the test rows: 1 is perfect, 0 is no better than predicting the mean." },
  "L2 penalty": { title: "L2 penalty λ", text: "Adds λ times the sum of squared weights to the loss, pulling weights towards 0 so the network fits the noise less." },
  "least squares": { title: "Least squares", text: "The straight-line (linear) fit with the smallest average squared error, solved exactly: the baseline a network has to beat." },
  "mean baseline": { title: "Predict the mean", text: "The simplest model: every house gets the average training price. Its R² is 0." },
  standardised: { title: "Standardised", text: "Each column shifted and scaled to mean 0 and standard deviation 1 on the training rows, so every input speaks on the same scale." },
  seed: { title: "Seed", text: "The number every random choice (the starting weights, the split, the batches) is drawn from: the same seed gives the same run." },
  IndexedDB: { title: "Stored in this browser", text: "Your file is kept in this browser's own storage (IndexedDB) so a link can reopen it here. It is never uploaded anywhere." },
  // ---- lessons 7–9 (line, network, data) ----
  MSE: { title: "MSE, mean squared error", text: "The average of the squared misses, (prediction − actual)², over the training rows: the loss descent minimises. Its units are dollars squared." },
  "price at the mean": { title: "b, the price at the mean", text: "The price the line predicts for a house of average size (the mean of the feature). With the feature measured from its mean, b and the slope w do not pull on each other, which is why the bowl is round." },
  intercept: { title: "Intercept", text: "The price the line predicts at zero (zero living area): b − w × the mean. It is how a line is usually written, though no house has zero area." },
  speed: { title: "Training speed", text: "How many epochs a second Train runs, so you can watch the loss fall; “as fast as it can” trains as fast as this computer goes. The numbers reached are the same at every speed." },
  // The gradient (descent) and the optimizer race (race):
  "noise ε": { title: "ε, a noise draw", text: "A fresh random number for each coordinate at each step, from the standard normal distribution (mean 0, standard deviation 1). σ·ε is the noise added to the gradient." },
  "noise seed": { title: "Seed of the noise", text: "The number the gradient noise is drawn from: the same seed gives every optimizer, and every reload of the link, the same noise." },
  "arrow scale": { title: "Arrow scale", text: "Arrows are drawn in the map's own units, magnified by one fixed power of ten chosen from the landscape's window and the learning rates, so they keep one scale while the race plays." },
  "fixed length": { title: "Drawn at a fixed length", text: "The ∇f arrow always has the same length on screen: it shows only the direction. How steep the slope is, ‖∇f‖, is in the readouts." },
};
