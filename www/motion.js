// Motion preferences. A learner who asks the system for reduced motion gets no animated paths:
// Play then advances in jumps (drawing once per jump) and Step still works.
//
// Contract for views: call `prefersReducedMotion()` when Play is pressed (it reads the live
// media query, so a change in the system settings applies at the next Play).

const query = typeof matchMedia === "function" ? matchMedia("(prefers-reduced-motion: reduce)") : null;

/** True when the system asks for reduced motion. */
export function prefersReducedMotion() {
  return query ? query.matches : false;
}
