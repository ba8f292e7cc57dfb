// The web build's service worker: keeps this build's files so that the game opens again without a network.
// Only this folder's own files are cached, under a name that changes with every build, so a new build
// replaces the old files the next time the page is opened online.
const CACHE = "petrograd-web-{{version}}";
const FILES = {{files}};

self.addEventListener("install", (event) => {
  // force-cache: take what the browser fetched for the page moments ago instead of downloading it twice
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll(FILES.map((name) => new Request(name, { cache: "force-cache" }))))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n.startsWith("petrograd-web-") && n !== CACHE)
      .map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(caches.open(CACHE)
    .then((cache) => cache.match(request, { ignoreSearch: true }))
    .then((kept) => kept || fetch(request)));
});
