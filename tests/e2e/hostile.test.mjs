// The page under attack, in Chromium: memory that cannot grow, hostile text in every view and export, and
// what a whole session requests and reads.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { FIXTURES } from '../js/helpers.mjs';
import { dropFiles, openPage, startBrowser, waitIdle } from './browser.mjs';

const fixture = (relative) => ({ name: path.basename(relative), bytes: fs.readFileSync(path.join(FIXTURES, relative)) });
const text = (page, selector) => page.locator(selector).innerText();

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

/** The analysis worker of `page` (the one that owns the module), once it has started. */
async function analysisWorker(page) {
  for (let i = 0; i < 100; i += 1) {
    const worker = page.workers().find((w) => w.url().endsWith('/worker/worker.js'));
    if (worker) return worker;
    await page.waitForTimeout(100);
  }
  throw new Error('the analysis worker did not start');
}

test('out of memory: the worker reports it plainly, discards the module, and the next file is read right', async () => {
  const { page, requests, errors } = await openPage(browser.context, `${browser.url}?sample=0&helpers=0`);
  const loaded = requests.length;
  const worker = await analysisWorker(page);
  // Memory that cannot grow, as when the tab has no more to give: every grow of any wasm memory fails.
  await worker.evaluate(() => {
    self.realGrow = WebAssembly.Memory.prototype.grow;
    WebAssembly.Memory.prototype.grow = () => { throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded'); };
  });
  // 150,000 posts, each with a hashtag and a mention of its own: tables that need more than the module's
  // first 16 MiB.
  const records = [];
  for (let i = 0; i < 150000; i += 1) {
    records.push(`{"tweet": {"id_str": "${i + 1}", "created_at": "Sun Oct 15 20:21:59 +0000 2017", "full_text": "#t${i} @u${i}",
      "entities": {"hashtags": [{"text": "t${i}"}], "user_mentions": [{"screen_name": "u${i}"}], "urls": []}}}`);
  }
  const huge = `window.YTD.tweets.part0 = [${records.join(',\n')}]`;
  await dropFiles(page, [{ name: 'tweets.js', bytes: Buffer.from(huge) }]);
  await page.waitForFunction(() => document.getElementById('notice').classList.contains('error'), null, { timeout: 60000 });
  await waitIdle(page);
  const notice = await text(page, '#notice');
  assert.match(notice, /Too large for the page/);
  assert.match(notice, /more memory than the page may give its analysis/);
  assert.doesNotMatch(notice, /Aborted|RuntimeError|abort\(/);

  // Memory grows again: the next file gets a fresh module and its numbers are exact.
  await worker.evaluate(() => { WebAssembly.Memory.prototype.grow = self.realGrow; });
  await dropFiles(page, [fixture('x-archive-small/data/tweets.js')]);
  await page.waitForFunction(() => document.getElementById('source-line').textContent.includes('Analyzed tweets.js'));
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), '11');
  assert.equal(await page.locator('#notice').isVisible(), false);
  assert.deepEqual(requests.slice(loaded), [], 'a fresh module needs no request: the compiled wasm is kept');
  assert.deepEqual(errors.filter((e) => !/out of memory/.test(e)), []);
  await page.close();
});
