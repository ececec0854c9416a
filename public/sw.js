// The Wijkgids service worker: keeps the app shell on the device so the guide
// opens with no network at all. The build (scripts/precache.sh) writes VERSION and
// SHELL from its own output. The guide's data lives in IndexedDB and syncs through
// /api/, which never passes through this cache.
const VERSION = "dev";
const SHELL = [];
// The guide with the signed-in tools: kept once a device has loaded it (someone
// signed in there), not on every resident's phone.
const TOOLS = [];
const CACHE = `wijkgids-shell-${VERSION}`;
const PAGE = "/index.html";

// Straight from the server, not from the browser's HTTP cache.
const fresh = (paths) => paths.map((path) => new Request(path, { cache: "reload" }));

/** Whether an earlier version's cache holds the tools: this device uses them. */
async function usedTools() {
  for (const key of await caches.keys()) {
    if (key.startsWith("wijkgids-shell-") && key !== CACHE) {
      const kept = await (await caches.open(key)).keys();
      if (kept.some((request) => new URL(request.url).pathname.startsWith("/wijkgids-tools-"))) {
        return true;
      }
    }
  }
  return false;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(fresh(SHELL));
      if (await usedTools()) {
        // Offline use of the tools goes on after an update; if they cannot come
        // now, they are fetched when next opened.
        await cache.addAll(fresh(TOOLS)).catch(() => {});
      }
    })(),
  );
  // No skipWaiting: a new version waits until the person agrees to reload.
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith("wijkgids-shell-") && key !== CACHE) {
          await caches.delete(key);
        }
      }
      await self.clients.claim();
    })(),
  );
});

// The app sends this when the person chose "reload" on the update notice.
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") {
    self.skipWaiting();
  }
  // From a page the worker does not control yet (src/pwa.rs).
  if (event.data === "claim") {
    event.waitUntil(self.clients.claim().catch(() => {}));
  }
  // From the guide with the tools, when it starts (src/pwa.rs).
  if (event.data === "keep-tools") {
    event.waitUntil(keepTools());
  }
});

/** Keeps the tools' files that are not kept yet; what cannot come now, later. */
async function keepTools() {
  const cache = await caches.open(CACHE);
  for (const path of TOOLS) {
    if (!(await cache.match(path))) {
      await cache.add(path).catch(() => {});
    }
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (
    request.method !== "GET" ||
    url.origin !== self.location.origin ||
    url.pathname.startsWith("/api/")
  ) {
    return;
  }
  // Every route of the app (/zoeken, /aanbod/...) is the one page.
  const isRoute = request.mode === "navigate" && !/\.[a-z0-9]+$/i.test(url.pathname);
  const cached = isRoute
    ? caches.match(PAGE, { cacheName: CACHE })
    : caches.match(request, { cacheName: CACHE });
  const keep = TOOLS.includes(url.pathname);
  event.respondWith(cached.then((hit) => hit || (keep ? fetchAndKeep(request) : fetch(request))));
});

/** Fetches one of the tools' files and keeps it for offline use. */
async function fetchAndKeep(request) {
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}
