// The service worker: keeps a copy of the whole app (the page, its scripts and styles, the wasm
// core, the data file) so a lesson opens again without a network after the first visit.
//
// What to keep comes from the build: `cargo xtask build` writes www/pkg/build.js with the build
// identifier (a hash of every app file) and the list of files with their SHA-256 digests. The
// cache is named after the build, so a new build installs into a new cache and the old one is
// deleted when the new worker takes over: an update is never stuck behind an old copy.
//
// Strategy: network first, the cache only when the network fails. Online you always get what
// the server has now (a new build shows up on the next reload); offline you get the last build
// that was installed, complete and consistent. The cache is written only at install.
//
// A classic worker script (not a module), so every browser with service workers can run it.

importScripts("pkg/build.js");

const BUILD = self.DOWNHILL_BUILD;
if (!BUILD || typeof BUILD.id !== "string" || !Array.isArray(BUILD.files)) {
  throw new Error("www/pkg/build.js did not define DOWNHILL_BUILD; run `cargo xtask build`.");
}

/** The site root: the folder that holds index.html, one above this script's www/. */
const SITE = new URL("../", self.location.href);
/** Every cache this app makes starts with this; the rest of the name is the build identifier. */
const CACHE_PREFIX = "downhill-";
const CACHE_NAME = `${CACHE_PREFIX}${BUILD.id}`;
/** The page every navigation inside the site falls back to when offline. */
const INDEX_URL = new URL("index.html", SITE).href;

/** The absolute URL of a manifest path ("www/a b.js" -> ".../www/a%20b.js"). */
function urlOf(path) {
  return new URL(path.split("/").map(encodeURIComponent).join("/"), SITE).href;
}

/** The app's URLs (without query strings) mapped to their cache keys. */
const APP_URLS = new Set(BUILD.files.map(([path]) => urlOf(path)));

self.addEventListener("install", (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

/**
 * Fetches every file of this build into its cache. `cache: "no-cache"` revalidates with the
 * server instead of trusting the HTTP cache; the integrity digest makes the install fail (and
 * the previous build stay in charge) if the server sends anything but this build's bytes, e.g.
 * halfway through a deploy. HTML is left unchecked: some hosts rewrite pages as they serve them.
 */
async function precache() {
  const cache = await caches.open(CACHE_NAME);
  const requests = BUILD.files.map(
    ([path, integrity]) =>
      new Request(urlOf(path), { cache: "no-cache", integrity: path.endsWith(".html") ? "" : integrity }),
  );
  try {
    await cache.addAll(requests);
  } catch (err) {
    await caches.delete(CACHE_NAME);
    throw err;
  }
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE_NAME).map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  url.search = "";
  url.hash = "";
  let key = null;
  if (request.mode === "navigate" && (url.href === SITE.href || url.href === INDEX_URL)) key = INDEX_URL;
  else if (APP_URLS.has(url.href)) key = url.href;
  // Anything else (another site, a file outside the app) goes to the network untouched.
  if (key) event.respondWith(networkFirst(request, key));
});

/** The network's answer; when there is no network, this build's copy of `key`. */
async function networkFirst(request, key) {
  try {
    return await fetch(request);
  } catch (err) {
    // caches.match, not caches.open: opening would re-create a cache that a newer build deleted.
    const copy = await caches.match(key, { cacheName: CACHE_NAME });
    if (copy) return copy;
    throw err;
  }
}
