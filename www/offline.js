// Registers the service worker (www/sw.js) that keeps a copy of the app for offline use.
//
// The page (index.html) lives one folder above www/, so the worker must control the whole site:
// it is registered with the site root as its scope, which browsers allow only when the server
// sends `Service-Worker-Allowed` with www/sw.js (`cargo xtask serve` does; the README says what
// a static host needs). A quick HEAD request checks for that header first, because a refused
// registration prints an error in the console. Without the header, or without service workers
// (plain http away from localhost, some private windows, old browsers), the page works online
// only: nothing is thrown and nothing is logged.
//
// `document.documentElement.dataset.offline` tells what happened: "registered" or "unavailable".

const root = document.documentElement;

/** Resolves to "registered" or "unavailable"; never rejects. */
export const offline = new Promise((resolve) => {
  // Wait for the page's own downloads (the wasm core) before the worker fetches its copies.
  if (document.readyState === "complete") resolve(register());
  else window.addEventListener("load", () => resolve(register()), { once: true });
}).then((status) => {
  root.dataset.offline = status;
  return status;
});

async function register() {
  try {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return "unavailable";
    // Already controlled (perhaps offline right now): the browser checks for updates by itself.
    if (navigator.serviceWorker.controller) return "registered";
    const script = new URL("./sw.js", import.meta.url);
    const scope = new URL("../", import.meta.url);
    if (!(await scopeAllowed(script, scope))) return "unavailable";
    await navigator.serviceWorker.register(script, {
      scope: scope.href,
      // Always ask the server for sw.js and build.js, so a new build is found at once.
      updateViaCache: "none",
    });
    return "registered";
  } catch {
    return "unavailable";
  }
}

/** Whether the server lets the worker at `script` control `scope` (Service-Worker-Allowed). */
async function scopeAllowed(script, scope) {
  const response = await fetch(script, { method: "HEAD", cache: "no-store" });
  await response.arrayBuffer(); // Empty; reading it ends the request cleanly.
  const allowed = response.ok ? response.headers.get("Service-Worker-Allowed") : null;
  return allowed !== null && scope.pathname.startsWith(new URL(allowed, script).pathname);
}
