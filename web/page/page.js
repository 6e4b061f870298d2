// Chorus's own page: one <chorus-analyzer> (the same element any site can embed) between a masthead and a
// footer. The address's switches for tests and benchmarks become the element's attributes before it starts:
// ?sample=0 starts empty, ?helpers=N sets the extra workers, ?simd=0 loads the build without wasm SIMD128.
import { translator } from './i18n.js';

const analyzer = document.getElementById('analyzer');
const params = new URLSearchParams(location.search);
if (params.get('sample') === '0') analyzer.removeAttribute('src');
if (params.has('helpers')) analyzer.setAttribute('helpers', params.get('helpers'));
if (params.get('simd') === '0') analyzer.setAttribute('simd', 'off');

// The page's own words around the element, in the element's language (it says which, and when it changes).
analyzer.addEventListener('chorus-language', ({ detail: { lang } }) => {
  const t = translator(lang);
  document.documentElement.lang = lang;
  document.title = t('page.title');
  for (const node of document.querySelectorAll('[data-page]')) node.textContent = t(`page.${node.dataset.page}`);
  for (const node of document.querySelectorAll('[data-page-title]')) node.title = t(`page.${node.dataset.pageTitle}`);
});

const elementReady = new Promise((resolve) => analyzer.addEventListener('chorus-ready', resolve, { once: true }));
await import('../chorus-analyzer.js');
await elementReady;

/** Keeps Chorus's own files for offline use, once the element is ready: the page then works with the network off
 * from the next visit on. The page copies them itself (../shared/offline-copy.js says why), then registers the
 * service worker that answers from the copy (../sw.js). Resolves when the copy is complete (or cannot be made). */
async function keepOffline() {
  if (!('serviceWorker' in navigator) || !globalThis.caches) return 'unsupported';
  try {
    const base = new URL('../', import.meta.url);  // Chorus's files, and the worker's scope
    await import('../shared/offline-copy.js');
    await self.chorusOffline.keepBuild(base);
    await navigator.serviceWorker.register(new URL('sw.js', base), { scope: base.pathname });
    await navigator.serviceWorker.ready;
    return 'ready';
  } catch {
    return 'unavailable';
  }
}

// Loaded: the element and the offline copy. Nothing is requested after this (the tests check it).
document.documentElement.dataset.offline = await keepOffline();
document.documentElement.dataset.state = 'ready';
