// Event listeners a view or a widget adds, kept in one list so that they all come off together
// when it goes away.

/** A list of event listeners that come off together: `listen(target, type, fn, opts)`, `off()`. */
export function listenerList() {
  const offs = [];
  const listen = (target, type, fn, opts) => {
    target.addEventListener(type, fn, opts);
    offs.push(() => target.removeEventListener(type, fn, opts));
  };
  const off = () => {
    for (const remove of offs.splice(0)) remove();
  };
  return { listen, off };
}
