// The iframe embed (../embed.html): <chorus-analyzer> on Chorus's own origin, inside another site's iframe.
// Its attributes come from the frame's address (?terms=...&lang=fr&theme=dark&panels=...&unit=...&time-zone=...
// &src=<a file of this origin>). With ?origin=<the host's origin> it tells that origin, and only that one, what
// its events say (aggregates only: counts, timelines, terms, never a post's text or a file's name), as
// {source: 'chorus', type, detail}; it takes one command from that origin: {type: 'chorus:language', lang}.
// Without ?origin it tells no one anything.
const element = document.getElementById('analyzer');
const params = new URLSearchParams(location.search);
for (const name of ['terms', 'time-zone', 'unit', 'lang', 'theme', 'panels']) {
  if (params.has(name)) element.setAttribute(name, params.get(name));
}
const src = params.get('src');
if (src && new URL(src, location.href).origin === location.origin) element.setAttribute('src', src);

let host = null;
try {
  host = params.has('origin') ? new URL(params.get('origin')).origin : null;
} catch {
  host = null;  // not an origin: nothing is sent
}
if (host && window.parent !== window) {
  for (const type of ['chorus-ready', 'chorus-progress', 'chorus-summary', 'chorus-language']) {
    element.addEventListener(type, (event) => window.parent.postMessage({ source: 'chorus', type, detail: event.detail }, host));
  }
  window.addEventListener('message', (event) => {
    if (event.origin !== host || event.source !== window.parent) return;
    if (event.data?.type === 'chorus:language') element.setLanguage(String(event.data.lang));
  });
}
await import('../chorus-analyzer.js');
