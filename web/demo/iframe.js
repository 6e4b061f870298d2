// The host of the iframe demo: points the frame at Chorus (here, the same server) and writes what it is told.
const chorus = new URL('../', import.meta.url);
const frame = document.getElementById('chorus');
const address = new URL('embed.html', chorus);
address.search = new URLSearchParams({ origin: location.origin, panels: 'intake counts timeline terms top quality', terms: '#MeToo, me too' }).toString();
frame.src = address.href;
const line = document.getElementById('host-line');
window.addEventListener('message', (event) => {
  if (event.origin !== chorus.origin || event.source !== frame.contentWindow || event.data?.source !== 'chorus') return;
  if (event.data.type === 'chorus-ready') line.textContent = 'The frame is ready.';
  if (event.data.type === 'chorus-summary') line.textContent = `The frame told this page: ${event.data.detail.totals.posts} posts.`;
});
