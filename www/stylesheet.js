// Views bring their own CSS: a <link> added to the page's head while a view that uses it is
// mounted, shared between views that use the same sheet.

const sheets = new Map(); // href -> { link, users }

/** Adds the stylesheet at `url` (a URL or string) once; returns its remover. */
export function useStylesheet(url) {
  const href = String(url);
  let entry = sheets.get(href);
  if (!entry) {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    entry = { link, users: 0 };
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
