// Chorus's service worker: after the first visit the page, the element and the sample work with the network
// off. It caches Chorus's own files only, as listed by the build (gen/offline.json), and answers from that
// cache first; each visit checks the list's version in the background, and a new build is cached for the next
// visit. What it is asked for beyond the list (a dataset an element fetches) is kept too, once fetched. It never
// sees a user's file: files are read from the disk, not fetched.
importScripts('shared/offline-copy.js');
const { keepBuild, keptBuild } = self.chorusOffline;
const BASE = new URL('./', self.location.href);
const KEEP_AT_MOST = 64 << 20;  // a larger dataset is not copied into the cache (it streams from the network)

/** A newer build than the one cached: cached now, used from the next visit on. */
async function refresh() {
  try {
    await keepBuild(BASE);
  } catch {
    // offline, or the server is away: the cached build goes on
  }
}

self.addEventListener('install', (event) => {
  // Chorus's page has made the copy before it registered this worker; a host page may not have.
  event.waitUntil(keepBuild(BASE).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') event.waitUntil(refresh());
  event.respondWith((async () => {
    // The page's address may carry switches (?sample=0); a script's may not lose its own (a worker reads
    // ?simd=0 from its address, which becomes the cached response's when the search is ignored).
    const cached = await caches.match(request, { ignoreSearch: request.mode === 'navigate' });
    if (cached) return cached;
    // Not in the list (a dataset the element fetches, a script's query): kept too once fetched, for offline use,
    // up to KEEP_AT_MOST bytes.
    const response = await fetch(request);
    const size = Number(response.headers.get('content-length'));
    if (response.ok && response.type === 'basic' && size > 0 && size <= KEEP_AT_MOST) {
      const kept = await keptBuild();
      if (kept) event.waitUntil(kept.put(request, response.clone()));
    }
    return response;
  })());
});
