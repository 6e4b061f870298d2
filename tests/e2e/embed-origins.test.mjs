// Chorus served from its own origin and embedded by a host page on another, under the host's strict CSP:
// - the iframe embed (embed.html): a hostile host tries to read the visitor's file and posts, and cannot; it
//   is told aggregates only;
// - the element (chorus-analyzer.js) loaded by a script tag from Chorus's origin: its worker runs in a relay
//   frame on Chorus's origin, since a page cannot start a cross-origin Worker.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startServer } from '../../scripts/serve.mjs';
import { ROOT } from '../js/helpers.mjs';
import { dropFiles, startBrowser } from './browser.mjs';
import { SMALL_ARCHIVE, SMALL_ARCHIVE_TEXTS } from './sample.mjs';


let browser;
let chorus;  // Chorus's origin: http://localhost:PORT
let host;  // the host's origin: http://127.0.0.1:PORT
let hostDir;
let servers = [];

before(async () => {
  browser = await startBrowser();
  const chorusServer = await startServer({ root: path.join(ROOT, 'web'), port: 0 });
  chorus = `http://localhost:${new URL(chorusServer.url).port}`;  // another origin than 127.0.0.1
  hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-host-'));
  const hostCsp = `script-src 'self' ${chorus} 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'`;
  const hostServer = await startServer({ root: hostDir, port: 0, headers: { 'Content-Security-Policy': hostCsp, 'Cache-Control': 'no-cache' } });
  host = new URL(hostServer.url).origin;
  servers = [chorusServer.server, hostServer.server];
  // The host's pages, its scripts as files (its CSP allows no inline script).
  fs.writeFileSync(path.join(hostDir, 'iframe.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<link rel="icon" href="data:,"><script src="listen.js"></script></head><body><h1>A host</h1>
<iframe id="chorus" title="Chorus" width="900" height="700" sandbox="allow-scripts allow-same-origin allow-downloads"
  src="${chorus}/embed.html?origin=${encodeURIComponent(host)}&amp;panels=intake%20counts%20timeline%20terms&amp;lang=en"></iframe></body></html>`);
  fs.writeFileSync(path.join(hostDir, 'listen.js'), `window.heard = [];
window.addEventListener('message', (event) => window.heard.push({ origin: event.origin, data: JSON.stringify(event.data) }));`);
  fs.writeFileSync(path.join(hostDir, 'element.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<link rel="icon" href="data:,"><script type="module" src="${chorus}/chorus-analyzer.js"></script></head><body><h1>A host</h1>
<chorus-analyzer id="analyzer" src="collection.js" panels="counts timeline" lang="en"></chorus-analyzer></body></html>`);
  fs.writeFileSync(path.join(hostDir, 'collection.js'), SMALL_ARCHIVE);
});

after(async () => {
  await browser?.close();
  for (const server of servers) server.close();
  fs.rmSync(hostDir, { recursive: true, force: true });
});

test('the iframe embed: a hostile host can neither read the file nor the posts, and is told aggregates only', async () => {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${host}/iframe.html`);
  const frame = page.frame({ url: /\/embed\.html/ });
  await frame.waitForSelector('chorus-analyzer[data-state=ready]', { timeout: 30000 });
  await page.waitForFunction(() => window.heard.some((m) => JSON.parse(m.data).type === 'chorus-ready'));

  // The visitor drops their archive into the frame.
  await dropFiles(frame, [{ name: 'my-private-archive.js', bytes: SMALL_ARCHIVE }]);
  await frame.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === '11');
  await page.waitForFunction(() => window.heard.some((m) => JSON.parse(m.data).type === 'chorus-summary'));

  // The host's script tries every way in, and each fails.
  const attempts = await page.evaluate(() => {
    const iframe = document.getElementById('chorus');
    const tryIt = (f) => { try { return `read: ${String(f()).slice(0, 40)}`; } catch (error) { return error.name; } };
    return {
      contentDocument: iframe.contentDocument === null ? 'null' : 'a document',
      document: tryIt(() => iframe.contentWindow.document.body.innerHTML),
      frames: tryIt(() => window.frames[0].document.querySelector('chorus-analyzer')),
      storage: tryIt(() => iframe.contentWindow.localStorage.length),
      location: tryIt(() => iframe.contentWindow.location.href),
    };
  });
  assert.deepEqual(attempts, { contentDocument: 'null', document: 'SecurityError', frames: 'SecurityError', storage: 'SecurityError', location: 'SecurityError' });
  // It asks the frame for posts, as if there were such a command, and a language change it may ask for.
  const before = await page.evaluate(() => window.heard.length);
  await page.evaluate((origin) => {
    const frame = document.getElementById('chorus').contentWindow;
    for (const type of ['chorus:matches', 'chorus:posts', 'chorus:summary', 'MATCHES']) frame.postMessage({ type, term: 0, id: 1, offset: 0, count: 100 }, origin);
    frame.postMessage({ type: 'chorus:language', lang: 'fr' }, origin);
  }, chorus);
  await frame.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === '11' &&
    document.querySelector('chorus-analyzer').shadowRoot.getElementById('language-select').value === 'fr');
  await new Promise((resolve) => setTimeout(resolve, 500));

  const heard = await page.evaluate(() => window.heard);
  assert.ok(heard.length > before, 'the language change was answered');
  for (const message of heard) {
    assert.equal(message.origin, chorus, 'only the frame speaks');
    assert.doesNotMatch(message.data, /my-private-archive/, 'a message names the file');
    for (const text of SMALL_ARCHIVE_TEXTS) assert.ok(!message.data.includes(text), `a message carries a post's text: ${text}`);
  }
  const types = new Set(heard.map((m) => JSON.parse(m.data).type));
  assert.deepEqual([...types].sort(), ['chorus-language', 'chorus-progress', 'chorus-ready', 'chorus-summary']);
  const summary = heard.map((m) => JSON.parse(m.data)).filter((m) => m.type === 'chorus-summary').at(-1);
  assert.equal(summary.detail.totals.posts, 11);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the element from Chorus\'s origin on a host page under script-src \'self\' <chorus> \'wasm-unsafe-eval\'', async () => {
  const page = await browser.context.newPage();
  const errors = [];
  const violations = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
    if (/Content Security Policy/.test(message.text())) violations.push(message.text());
  });
  await page.goto(`${host}/element.html`);
  await page.waitForSelector('#analyzer[data-state=ready]', { timeout: 30000 });
  // The host's own dataset (src), read by a worker on Chorus's origin, in the relay frame.
  assert.equal(await page.evaluate(() => document.getElementById('analyzer').shadowRoot.getElementById('stat-posts').textContent), '11');
  const relay = await page.evaluate(() => document.getElementById('analyzer').shadowRoot.querySelector('iframe')?.src);
  assert.equal(relay, `${chorus}/relay.html`);
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await page.close();
});
