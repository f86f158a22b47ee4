// The service worker (served as /sw.js so its scope is the whole site). Pages come from the
// network first; without a network, from the copies kept when an audit was made available
// offline (only those audits' pages are kept, and a visit refreshes a kept copy). Background
// Sync, where the browser has it, sends what waits even with no page open.
importScripts("/static/offline-store.js");

var STATIC = "audit-engine-static-1";
var ASSETS = ["/static/style.css", "/static/app.js", "/static/offline-store.js",
  "/static/offline.js", "/static/vendor/htmx-2.0.11.min.js", "/static/manifest.webmanifest",
  "/static/icon.svg"];

self.addEventListener("install", function (event) {
  // Each file on its own: one that fails to come now is fetched on its next use instead of
  // failing the whole installation.
  event.waitUntil(caches.open(STATIC).then(function (cache) {
    return Promise.all(ASSETS.map(function (url) { return cache.add(url).catch(function () { return null; }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

// A page not kept: said in the signed-in person's language (offline.js keeps the words).
function kept(request) {
  return caches.match(request, { ignoreSearch: true }).then(function (hit) {
    if (hit) { return hit; }
    return OfflineStore.get("meta", "session").catch(function () { return null; }).then(function (session) {
      var text = session && session.notKept || "Not available offline: this page was not kept on this device.";
      return new Response(text, { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    });
  });
}

// A kept page answered by the network is kept again as it is now (answers sent since).
function fresh(request, response) {
  if (!response.ok || response.redirected || request.mode !== "navigate") { return response; }
  var copy = response.clone();
  caches.open(OfflineStore.PAGES).then(function (cache) {
    return cache.match(request, { ignoreSearch: true }).then(function (hit) {
      return hit ? cache.put(request.url.split("?")[0].split("#")[0], copy) : null;
    });
  });
  return response;
}

// Only what an offline audit needs: its pages and the static files; the rest is left alone.
var KEPT = /^\/(static\/.*|audits\/[^/]+(\/categories\/[^/]+)?)$/;

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !KEPT.test(url.pathname)) {
    return;
  }
  event.respondWith(fetch(request).then(function (response) {
    return fresh(request, response);
  }, function () { return kept(request); }));
});

self.addEventListener("sync", function (event) {
  if (event.tag === "send-waiting") { event.waitUntil(OfflineStore.sendWaiting()); }
});
