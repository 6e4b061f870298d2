// Offline: after one visit, the page and the element (on the demo host page) load and analyze with the network
// off, from the service worker's copy of Chorus's own files (web/sw.js, gen/offline.json).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { FIXTURES } from '../js/helpers.mjs';
import { dropFiles, openPage, startBrowser, waitIdle } from './browser.mjs';
import { sampleTotal } from './sample.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.context.setOffline(false); await browser?.close(); });

const shadowText = (page, id, host = 'chorus-analyzer') =>
  page.evaluate(([i, h]) => document.querySelector(h).shadowRoot.getElementById(i).textContent, [id, host]);

test('after the first visit, the page and the element work with the network off', async () => {
  const { page, errors } = await openPage(browser.context, browser.url);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.offline), 'ready');
  const kept = await page.evaluate(async () => (await Promise.all((await caches.keys()).map(async (name) => (await (await caches.open(name)).keys()).length))));
  assert.equal(kept.length, 1, 'one build is kept');
  const list = JSON.parse(fs.readFileSync(path.join(FIXTURES, '..', '..', 'web', 'gen', 'offline.json'), 'utf8'));
  assert.equal(kept[0], list.files.length, 'every file of the build is kept');

  await browser.context.setOffline(true);
  // The server is unreachable now: a request that reached the network would fail.
  const probe = (url) => page.evaluate((u) => fetch(u, { cache: 'no-store' }).then(() => 'answered', () => 'failed'), url);
  assert.equal(await probe('/not-a-chorus-file.txt'), 'failed');
  assert.equal(await probe('/favicon.svg'), 'answered');
  await page.reload();
  await page.waitForFunction(() => document.querySelector('chorus-analyzer')?.dataset.state === 'ready', null, { timeout: 30000 });
  assert.equal(await shadowText(page, 'stat-posts'), sampleTotal(), 'the sample, from the offline copy');
  await dropFiles(page, [{ name: 'tweets.js', bytes: fs.readFileSync(path.join(FIXTURES, 'x-archive-small/data/tweets.js')) }]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === '11');
  await waitIdle(page);

  // The element on a host page (the demo, under the same service worker) works offline too.
  await page.goto(`${browser.url}demo/`);
  await page.waitForSelector('#compact[data-state=ready]', { timeout: 30000 });
  assert.equal(await shadowText(page, 'stat-posts', '#compact'), '1,500');
  await browser.context.setOffline(false);
  assert.deepEqual(errors.filter((e) => !/Failed to fetch|ERR_INTERNET_DISCONNECTED|net::ERR_FAILED|An unknown error occurred when fetching the script/.test(e)), []);
  await page.close();
});

test('a host page that registers sw.js itself (docs/embed.md) gets the whole offline copy from the worker', async () => {
  // A browser of its own: nothing cached yet, and no Chorus page has made the copy.
  const own = await startBrowser();
  try {
    const page = await own.context.newPage();
    await page.goto(`${own.url}demo/`);
    await page.waitForSelector('#compact[data-state=ready]', { timeout: 30000 });
    assert.deepEqual(await page.evaluate(() => caches.keys()), [], 'the element alone keeps nothing');
    await page.evaluate(async () => {
      await navigator.serviceWorker.register('/sw.js', { scope: '/' });
      await navigator.serviceWorker.ready;
    });
    const list = JSON.parse(fs.readFileSync(path.join(FIXTURES, '..', '..', 'web', 'gen', 'offline.json'), 'utf8'));
    const kept = await page.evaluate(async () => Promise.all((await caches.keys()).map(async (name) => [name, (await (await caches.open(name)).keys()).length])));
    assert.deepEqual(kept, [[`chorus-${list.version}`, list.files.length]], 'the build, every file of it');
    await page.close();
  } finally {
    await own.close();
  }
});
