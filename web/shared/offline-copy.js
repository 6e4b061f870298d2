// Chorus's own files kept for offline use: the files the build lists in gen/offline.json (written by
// scripts/offline-list.mjs), copied into a cache named after the list's version. A classic script, so that the
// service worker (../sw.js), which any host page may register as it is, takes it with importScripts, and
// Chorus's page imports it for what it defines. The page makes the first copy itself, before it registers the
// worker: the copy's garbage is then the page's, collected while it works, and not left in the idle worker,
// which Chromium keeps in the page's renderer for 30 s after its last event (10 MB of the renderer's peak at
// 4 GB, bench/SIMD.md).
self.chorusOffline = (() => {
  const LIST = 'gen/offline.json';
  const PREFIX = 'chorus-';

  async function fetchList(base) {
    const response = await fetch(new URL(LIST, base), { cache: 'no-cache' });
    if (!response.ok) throw new Error(`${LIST}: HTTP ${response.status}`);
    return response.json();
  }

  /** Copies the build whose files lie below `base` (a URL), unless its version is kept already; then forgets
   * the other versions. A copy that fails is not kept, so that the next visit makes it again. */
  async function keepBuild(base) {
    const list = await fetchList(base);
    const name = PREFIX + list.version;
    if (await caches.has(name)) return;
    try {
      const cache = await caches.open(name);
      await cache.addAll(list.files.map((file) => new Request(new URL(file, base), { cache: 'no-cache' })));
    } catch (error) {
      await caches.delete(name);
      throw error;
    }
    for (const other of await caches.keys()) {
      if (other.startsWith(PREFIX) && other !== name) await caches.delete(other);
    }
  }

  /** The cache of the build kept now, if any. */
  async function keptBuild() {
    const name = (await caches.keys()).find((other) => other.startsWith(PREFIX));
    return name ? caches.open(name) : null;
  }

  return { keepBuild, keptBuild };
})();
