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
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('notice').classList.contains('error'), null, { timeout: 60000 });
  await waitIdle(page);
  const notice = await text(page, '#notice');
  assert.match(notice, /Too large for the page/);
  assert.match(notice, /more memory than the page may give its analysis/);
  assert.doesNotMatch(notice, /Aborted|RuntimeError|abort\(/);

  // Memory grows again: the next file gets a fresh module and its numbers are exact.
  await worker.evaluate(() => { WebAssembly.Memory.prototype.grow = self.realGrow; });
  await dropFiles(page, [fixture('x-archive-small/data/tweets.js')]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('Analyzed tweets.js'));
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), '11');
  assert.equal(await page.locator('#notice').isVisible(), false);
  assert.deepEqual(requests.slice(loaded), [], 'a fresh module needs no request: the compiled wasm is kept');
  assert.deepEqual(errors.filter((e) => !/out of memory/.test(e)), []);
  await page.close();
});

/** An X archive post record with the given fields (`text` may hold raw bytes: a Buffer). */
function xPost(id, text, { hashtags = [], mentions = [], urls = [], source = 'Twitter Web App' } = {}) {
  const head = `{"tweet": {"id_str": "${id}", "created_at": "Mon Oct 16 0${id % 10}:00:00 +0000 2017", "source": ${JSON.stringify(source)},
    "entities": {"hashtags": ${JSON.stringify(hashtags.map((t) => ({ text: t })))},
    "user_mentions": ${JSON.stringify(mentions.map((m) => ({ screen_name: m })))},
    "urls": ${JSON.stringify(urls.map((u) => ({ url: 'https://t.co/x', expanded_url: u })))}}, "full_text": "`;
  return Buffer.concat([Buffer.from(head), Buffer.isBuffer(text) ? text : Buffer.from(text), Buffer.from('"}}')]);
}

/** Where an entry's data (what it holds) lies in a ZIP made by makeZip: after its local header and name. */
function entryRange(zip, name) {
  const nameAt = zip.indexOf(Buffer.from(name));  // the local header's copy comes first
  const start = nameAt + name.length;
  return [start, start + zip.readUInt32LE(nameAt - 30 + 18)];
}

test('hostile text is inert everywhere, private files are never opened, and a whole session makes no request', async () => {
  const { makeZip } = await import('../js/zip-writer.mjs');
  const posts = [
    xPost(1, '<img src=x onerror=\\"window.pwned=1\\"> <script>window.pwned=2</script> me too', {
      hashtags: ['<img src=x onerror=window.pwned=3>', '=HYPERLINK(\\"https://evil.example/\\",\\"x\\")'],
      mentions: ['\\"><svg onload=window.pwned=4>'],
      urls: ['javascript:window.pwned=5', 'https://evil.example/<script>'],
      source: '<a href="javascript:window.pwned=6">Evil<script>window.pwned=7</script></a>',
    }),
    xPost(2, 'me too \u202Eexe.txt\u202C and Me\u200BToo with Z\u0336a\u0337l\u0338g\u0335o', { hashtags: ['\u202EooTeM', 'Me\u200BToo'] }),
    xPost(3, Buffer.concat([Buffer.from('me too, invalid UTF-8: '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' and a lone \\ud800 surrogate')])),
    xPost(4, 'me too <a href=\\"javascript:window.pwned=8\\">click</a> &lt;b&gt;', { hashtags: ['MeToo'] }),
  ];
  const tweets = Buffer.concat([Buffer.from('window.YTD.tweets.part0 = [\n'), ...posts.flatMap((p, i) => (i ? [Buffer.from(',\n'), p] : [p])), Buffer.from('\n]')]);
  const secret = (what) => Buffer.from(`window.YTD.${what}.part0 = [{"secret": "PRIVATE ${what} that must never be read${' '.repeat(2048)}"}]`);
  const privateEntries = ['data/direct-messages.js', 'data/direct-messages-group.js', 'data/contact.js', 'data/ip-audit.js',
    'data/ad-engagements.js', 'data/ad-impressions.js'];
  // Private entries first, stored, each larger than the directory's tail that is read to find the directory.
  const zip = makeZip([
    ...privateEntries.map((name) => ({ name, data: secret(path.basename(name, '.js')), method: 0 })),
    { name: 'data/tweets.js', data: Buffer.concat([tweets, Buffer.alloc(4096, 0x20)]), method: 0 },
  ]);
  const { page, requests, errors } = await openPage(browser.context, `${browser.url}?sample=0`);
  const loaded = requests.length;
  const worker = await analysisWorker(page);
  await worker.evaluate(() => {
    self.sliced = [];
    const slice = Blob.prototype.slice;
    Blob.prototype.slice = function recorded(start = 0, end = this.size, ...rest) {
      if (this.size > 1000) self.sliced.push([start < 0 ? this.size + start : start, end < 0 ? this.size + end : Math.min(end, this.size)]);
      return slice.call(this, start, end, ...rest);
    };
  });

  // Load, drop, analyze with a term, read the matching posts, filter, export: the whole session.
  await dropFiles(page, [{ name: '<svg onload=window.pwned=9>.zip', bytes: zip }]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('Analyzed'));
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), '4');
  await page.fill('#terms-input', 'me too');
  await page.press('#terms-input', 'Enter');
  await page.waitForFunction(() => /me too4 posts/.test(document.querySelector('chorus-analyzer').shadowRoot.getElementById('terms-legend').textContent));
  await waitIdle(page);
  await page.locator('#terms-legend li button').first().click();
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.querySelectorAll('.match-row').length === 4);
  const rowTexts = await page.locator('.match-row .text').allInnerTexts();
  assert.ok(rowTexts.some((t) => t.includes('<script>window.pwned=2</script>')), 'markup in a post is shown as its text');
  assert.ok(rowTexts.some((t) => t.includes('invalid UTF-8: \uFFFD\uFFFD\uFFFD and a lone \uFFFD surrogate')), rowTexts.join('\n'));
  const labels = await page.locator('#top-hashtags .label').allInnerTexts();
  assert.ok(labels.includes('#<img src=x onerror=window.pwned=3>'), labels.join(' | '));
  assert.match(await text(page, '#problems'), /not valid UTF-8/);
  assert.match(await text(page, '#problems-summary'), /garbled text/);
  await page.fill('#filter-from', '2017-10-16');
  await page.fill('#filter-to', '2017-10-16');
  await page.dispatchEvent('#filter-to', 'change');
  await waitIdle(page);
  const save = async (button) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    return fs.readFileSync(await download.path());
  };
  const svg = (await save('#export-timeline-svg')).toString();
  const csvZip = await save('#export-csv');
  await save('#export-timeline-png');
  await save('#export-json');

  // Nothing ran: no handler, script or javascript: link fired, and no element carries one.
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  const live = await page.evaluate(() => [...document.querySelector('chorus-analyzer').shadowRoot.querySelectorAll('*')].flatMap((node) => [
    ...(['SCRIPT', 'IMG', 'IFRAME', 'OBJECT', 'EMBED'].includes(node.tagName) ? [node.outerHTML.slice(0, 80)] : []),
    ...[...node.attributes].filter((a) => /^on/i.test(a.name) || /^\s*javascript:/i.test(a.value)).map((a) => `${node.tagName} ${a.name}`),
  ]));
  assert.deepEqual(live, []);
  // The SVG export holds no live markup.
  const blank = await browser.context.newPage();  // parsed apart: the SVG's own <style> is not the page's to apply
  const parsed = await blank.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'image/svg+xml');
    const all = [...doc.querySelectorAll('*')];
    return {
      error: doc.querySelector('parsererror') !== null,
      scripts: all.filter((n) => ['script', 'foreignObject', 'iframe'].includes(n.localName)).length,
      handlers: all.flatMap((n) => [...n.attributes].filter((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value))).length,
      title: doc.querySelector('title')?.textContent,
    };
  }, svg);
  await blank.close();
  assert.deepEqual({ ...parsed, title: undefined }, { error: false, scripts: 0, handlers: 0, title: undefined });
  assert.doesNotMatch(svg, /<script|onload=|onerror=|javascript:/i);
  // The CSV keeps formulas from running in a spreadsheet.
  const { readZipDirectory, openZipEntry } = await import('../../web/worker/zip-reader.js');
  const { loadWasm } = await import('../js/helpers.mjs');
  const module = await loadWasm();
  const blob = new Blob([csvZip]);
  const { entries } = await readZipDirectory(module, blob);
  const hashtags = await new Response(await openZipEntry(module, blob, entries.find((e) => e.name === 'top_hashtags.csv'))).text();
  assert.match(hashtags, /'=HYPERLINK/);
  assert.doesNotMatch(hashtags, /(^|,)=HYPERLINK/m);

  // Only tweets.js was opened: the page lists it, and no byte of a private entry was ever sliced from the file.
  await page.click('#files-read-summary');
  assert.deepEqual(await page.locator('#files-read-list li:not(.files-read-group)').allInnerTexts().then((items) => items.map((t) => t.split(' · ')[0])), ['data/tweets.js']);
  // Under the archive's name, shown as text (the name is hostile too).
  assert.match(await page.locator('#files-read-list .files-read-group').evaluate((li) => li.firstChild.textContent), /^<svg onload=window\.pwned=9>\.zip: 1 of its files read$/);
  assert.match(await text(page, '#files-read-summary'), /1 file read; nothing else in your files was opened/);
  const sliced = await worker.evaluate(() => self.sliced);
  for (const name of privateEntries) {
    const [start, end] = entryRange(zip, name);
    const touching = sliced.filter(([a, b]) => a < end && b > start);
    assert.deepEqual(touching, [], `${name}'s data (bytes ${start}-${end}) was read`);
  }
  assert.ok(sliced.length > 0, 'the reads were recorded');
  assert.deepEqual(requests.slice(loaded).filter((u) => !u.startsWith('blob:')), [], 'no request after load');
  assert.deepEqual(requests.filter((u) => !u.startsWith(new URL(browser.url).origin) && !u.startsWith('blob:')), [], 'none to another origin');
  assert.deepEqual(errors, []);
  await page.close();
});
