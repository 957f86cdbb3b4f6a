// Views bring their own CSS: a <link> added to the page's head while a view that uses it is
// mounted, shared between views that use the same sheet.

const sheets = new Map(); // href -> { link, users, settled }

/** Adds the stylesheet at `url` (a URL or string) once; returns its remover. */
export function useStylesheet(url) {
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
 * fallbacks, and a link to the moment must show the same pixels as the moment itself.
 */
export function stylesheetsSettled() {
  return Promise.all([...sheets.values()].map((entry) => entry.settled));
}
