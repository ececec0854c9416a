// The Wijkgids service worker: keeps the app shell on the device so the guide
// opens with no network at all. The build (scripts/precache.sh) writes VERSION and
// SHELL from its own output. The guide's data lives in IndexedDB and syncs through
// /api/, which never passes through this cache.
const VERSION = "dev";
const SHELL = [];
const CACHE = `wijkgids-shell-${VERSION}`;
const PAGE = "/index.html";

self.addEventListener("install", (event) => {
  // Straight from the server, not from the browser's HTTP cache.
  const requests = SHELL.map((path) => new Request(path, { cache: "reload" }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)));
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
});

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
  event.respondWith(cached.then((hit) => hit || fetch(request)));
});
