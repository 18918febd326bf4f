// Service worker (registered only from tool pages, after the runtime is ready).
// The build hook fills in the build hash and the list of every file of the site.
// install: precache the whole site and the runtime under a cache named by the build hash;
// activate: delete caches of older builds and turn on navigation preload (a page's request goes
// out while this worker is still starting: on a phone that start can take a few hundred ms);
// fetch: same-origin GETs from the cache first, then the network (and the cache is refreshed
// with what the network returns, without holding the response back until it is stored).

const BUILD = "__BUILD_HASH__";
// Our scripts, styles and rule files are requested as URL?v=<content version>: a request for
// another build's version never gets this cache's copy (it comes from the network).
const VERSION = "__ASSET_VERSION__";
const PRECACHE = ["__PRECACHE__"];
const CACHE = `yikao-${BUILD}`;
const SCOPE = new URL("./", self.location.href);

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const urls = PRECACHE.filter((u) => !u.startsWith("__")).map((u) => new URL(u, SCOPE).href);
      // In small batches: the runtime files are large and phones have little memory.
      for (let i = 0; i < urls.length; i += 8) {
        await Promise.all(
          urls.slice(i, i + 8).map(async (url) => {
            const response = await fetch(url, { cache: "no-cache", credentials: "same-origin" });
            if (response.ok) await cache.put(url, response);
          }),
        );
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith("yikao-") && key !== CACHE) await caches.delete(key);
      }
      if (self.registration.navigationPreload) {
        try {
          await self.registration.navigationPreload.enable();
        } catch {
          // a browser without it: pages are fetched once this worker runs, as before
        }
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "build") event.source?.postMessage({ type: "build", build: BUILD });
});

function cacheKey(request) {
  const url = new URL(request.url);
  url.search = ""; // ?v=<version> is checked before the cache is used; the keys are the plain URLs
  url.hash = "";
  if (url.pathname.endsWith("/index.html")) url.pathname = url.pathname.slice(0, -"index.html".length);
  return url.href;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The site's start-up copy (9.4 MB): the runtime worker keeps the one it restored in its own store; a
  // second one here would only take the device's space.
  if (url.pathname.endsWith("/start-up-copy.bin")) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const key = cacheKey(request);
      // The manifest and pages: network first (fresh after a new build), the cache when offline.
      // A request that asks to bypass caches (the worker's retry after an integrity mismatch) too.
      const version = url.searchParams.get("v");
      const networkFirst =
        (version !== null && version !== VERSION) ||
        request.mode === "navigate" ||
        url.pathname.endsWith("runtime-manifest.json") ||
        request.cache === "reload" ||
        request.cache === "no-cache";
      if (!networkFirst) {
        const hit = await cache.match(key);
        if (hit) return hit;
      }
      try {
        // A page: the request navigation preload already sent, when there is one.
        const preloaded = request.mode === "navigate" ? await event.preloadResponse : undefined;
        const response = preloaded || (await fetch(request));
        if (response.ok && response.type === "basic") event.waitUntil(cache.put(key, response.clone()));
        return response;
      } catch (err) {
        const hit = await cache.match(key);
        if (hit) return hit;
        if (request.mode === "navigate") {
          // A page never opened before, while offline: the Chinese offline page (not a 404).
          const offlinePage = await cache.match(new URL("offline.html", SCOPE).href);
          if (offlinePage) return offlinePage;
        }
        throw err;
      }
    })(),
  );
});
