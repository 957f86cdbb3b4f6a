// The guard every view puts around calls into the core: a wasm trap hands over to the page's
// recovery (which re-creates the module and restores from the URL), any other error is a
// mistake a learner can act on and is shown in words.

/**
 * Wraps calls into the core: a trap (WebAssembly.RuntimeError) goes to `onTrap` once and stops
 * the view; any other error goes to `onError` as words. Returns `{ guard, status }`, where
 * `status.stopped` is true once the view has trapped (or the view sets it when it unmounts).
 */
export function createGuard(onTrap, onError) {
  const status = { stopped: false };
  const guard = (fn) => (...args) => {
    if (status.stopped) return undefined;
    try {
      return fn(...args);
    } catch (err) {
      if (err instanceof WebAssembly.RuntimeError) {
        status.stopped = true;
        onTrap(err);
        return undefined;
      }
      onError(err && err.message ? err.message : String(err));
      return undefined;
    }
  };
  return { guard, status };
}
