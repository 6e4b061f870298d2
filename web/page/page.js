// Chorus's own page: one <chorus-analyzer> (the same element any site can embed) between a masthead and a
// footer. The address's switches for tests and benchmarks become the element's attributes before it starts:
// ?sample=0 starts empty, ?helpers=N sets the extra workers, ?simd=0 loads the build without wasm SIMD128.
const analyzer = document.getElementById('analyzer');
const params = new URLSearchParams(location.search);
if (params.get('sample') === '0') analyzer.removeAttribute('src');
if (params.has('helpers')) analyzer.setAttribute('helpers', params.get('helpers'));
if (params.get('simd') === '0') analyzer.setAttribute('simd', 'off');

/** The page's own words around the element, in the element's language (it says which, and when it changes). */
const PAGE_WORDS = {
  en: { title: 'Chorus: see what your social-media export says', tagline: 'Counts and timelines from your social-media export, analyzed in this tab.', badge: 'Nothing is uploaded', badgeTitle: 'The file is read by code running in this page. No request leaves your computer.', footer: 'Your file is read by WebAssembly in this page. It is never sent anywhere, and this page makes no requests after it has loaded.' },
  es: { title: 'Chorus: mira lo que dice tu exportación de redes sociales', tagline: 'Recuentos y cronologías de tu exportación de redes sociales, analizada en esta pestaña.', badge: 'No se sube nada', badgeTitle: 'El archivo lo lee código que se ejecuta en esta página. Ninguna petición sale de tu ordenador.', footer: 'Tu archivo lo lee WebAssembly en esta página. Nunca se envía a ningún sitio, y esta página no hace peticiones después de cargarse.' },
  fr: { title: 'Chorus : voyez ce que dit votre export de réseaux sociaux', tagline: 'Comptes et chronologies de votre export de réseaux sociaux, analysé dans cet onglet.', badge: 'Rien n’est envoyé', badgeTitle: 'Le fichier est lu par du code qui s’exécute dans cette page. Aucune requête ne quitte votre ordinateur.', footer: 'Votre fichier est lu par WebAssembly dans cette page. Il n’est jamais envoyé nulle part, et cette page ne fait aucune requête une fois chargée.' },
};
analyzer.addEventListener('chorus-language', ({ detail: { lang } }) => {
  const words = PAGE_WORDS[lang] ?? PAGE_WORDS.en;
  document.documentElement.lang = lang;
  document.title = words.title;
  for (const node of document.querySelectorAll('[data-page]')) node.textContent = words[node.dataset.page];
  for (const node of document.querySelectorAll('[data-page-title]')) node.title = words[node.dataset.pageTitle];
});

const elementReady = new Promise((resolve) => analyzer.addEventListener('chorus-ready', resolve, { once: true }));
await import('../chorus-analyzer.js');
await elementReady;

/** Keeps Chorus's own files for offline use (../sw.js), once the element is ready: the page then works with the
 * network off from the next visit on. Resolves when the offline copy is complete (or cannot be made). */
async function keepOffline() {
  if (!('serviceWorker' in navigator)) return 'unsupported';
  try {
    await navigator.serviceWorker.register(new URL('../sw.js', import.meta.url), { scope: new URL('../', import.meta.url).pathname });
    await navigator.serviceWorker.ready;
    return 'ready';
  } catch {
    return 'unavailable';
  }
}

// Loaded: the element and the offline copy. Nothing is requested after this (the tests check it).
document.documentElement.dataset.offline = await keepOffline();
document.documentElement.dataset.state = 'ready';
