// Views bring their own CSS: a <link> added to the page's head while a view that uses it is
// mounted, shared between views that use the same sheet.
//
// That is the source tree (`cargo xtask serve --dir .`). The shipped site has no view sheets:
// xtask/npm/ship.mjs appends every sheet under www/views/ to www/style.css, which index.html
// links in its head, and defines globalThis.DOWNHILL_ONE_STYLESHEET as true in the bundle, so
// there adding a sheet does nothing and stylesheetsSettled() has nothing to wait for.

/** True in the shipped bundle: www/style.css already holds every view's rules. */
const ONE_STYLESHEET = globalThis.DOWNHILL_ONE_STYLESHEET === true;

const sheets = new Map(); // href -> { link, users, settled }

/** Adds the stylesheet at `url` (a URL or string) once; returns its remover. */
export function useStylesheet(url) {
  if (ONE_STYLESHEET) return () => {};
  const href = String(url);
  let entry = sheets.get(href);
  if (!entry) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    const settled = new Promise((resolve) => {
      link.addEventListener("load", resolve, { once: true });
      link.addEventListener("error", resolve, { once: true });
    });
    entry = { link, users: 0, settled };
    document.head.append(link);
    sheets.set(href, entry);
  }
  entry.users += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    entry.users -= 1;
    if (entry.users === 0) {
      entry.link.remove();
      sheets.delete(href);
    }
  };
}

/**
 * Resolves once every stylesheet added so far has loaded (or failed to). Canvases that take
 * their colours from CSS custom properties redraw then: a first frame drawn earlier used the
 * fallbacks, and a link to the moment must show the same pixels as the moment itself. (In the
 * shipped site the page's one stylesheet is in place before any view mounts: this resolves at
 * once.)
 */
export function stylesheetsSettled() {
  return Promise.all([...sheets.values()].map((entry) => entry.settled));
}
