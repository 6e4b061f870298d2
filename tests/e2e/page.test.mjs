// The real page in Chromium, under its Content-Security-Policy: drop files, read the numbers, watch requests.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { FIXTURES, SHARED_FIXTURES } from '../js/helpers.mjs';
import { makeZip } from '../js/zip-writer.mjs';
import { generate } from '../../bench/generate-x-archive.mjs';
import os from 'node:os';
import { spawnSync } from 'node:child_process';

/** A generated archive file of about `mb` megabytes on disk (Playwright hands the browser its path). */
function generatedFile(mb) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-e2e-')), 'tweets.js');
  const parts = [];
  const { records } = generate({ bytes: mb * 1e6, seed: 11, write: (s) => parts.push(s) });
  fs.writeFileSync(file, parts.join(''));
  return { file, records };
}
import { SCREENSHOTS, dropFiles, openPage, startBrowser, waitIdle } from './browser.mjs';
import { SMALL_ARCHIVE, SMALL_ARCHIVE_TEXTS, sampleTotal } from './sample.mjs';
import { startServer } from '../../scripts/serve.mjs';
import { ROOT } from '../js/helpers.mjs';

/**
 * Runs `action(host, arg)` in the page the moment an analysis begins (the analyzer turns busy), and resolves with
 * what it returns: a step sent from here could come after a small file has been read on a loaded machine.
 */
function whenBusy(page, action, arg = null) {
  return page.evaluate(`new Promise((resolve) => {
    const host = document.querySelector('chorus-analyzer');
    new MutationObserver((records, observer) => {
      if (host.dataset.busy !== 'true') return;
      observer.disconnect();
      resolve((${action})(host, ${JSON.stringify(arg)}));
    }).observe(host, { attributes: true, attributeFilter: ['data-busy'] });
  })`);
}

const fixture = (relative) => ({ name: path.basename(relative), bytes: fs.readFileSync(path.join(FIXTURES, relative)) });
const text = (page, selector) => page.locator(selector).innerText();

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

test('the page is served under a strict CSP and shows the sample once loaded', async () => {
  const { page, requests, errors, response } = await openPage(browser.context, browser.url);
  const csp = response.headers()['content-security-policy'];
  for (const directive of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'",
    "object-src 'none'", "base-uri 'none'", "form-action 'none'"]) {
    assert.ok(csp.includes(directive), `CSP lacks ${directive}: ${csp}`);
  }
  assert.ok(!csp.includes('unsafe-eval\'') || csp.includes('wasm-unsafe-eval'), 'no unsafe-eval');
  assert.ok(!/unsafe-inline/.test(csp));
  assert.equal(await text(page, '#stat-posts'), sampleTotal());
  assert.match(await text(page, '#notice'), /sample export/);
  const bars = await page.locator('#timeline svg path').evaluateAll((paths) => paths.map((p) => p.getAttribute('d').split('M').length - 1));
  assert.ok(bars.reduce((a, b) => a + b, 0) > 200, `the timeline has bars: ${bars}`);
  assert.match(await page.locator('#top-hashtags li').first().innerText(), /#MeToo/);
  // Languages by name, with their codes; the codes that are not languages said in words.
  const languages = await page.locator('#top-languages li .label').allInnerTexts();
  assert.equal(languages[0], 'English (en)');
  assert.ok(languages.includes('undetermined (und)'), languages.join(', '));
  assert.equal(await page.locator('h1').innerText(), 'Chorus');
  assert.equal(await page.locator('#progress-bar').getAttribute('aria-label'), 'Reading progress');
  const origin = new URL(browser.url).origin;
  assert.deepEqual(requests.filter((u) => new URL(u).origin !== origin), [], 'every request stays on the page\'s origin');
  assert.deepEqual(errors, []);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'sample.png'), fullPage: true });
  await page.close();
});

test('dropping tweets.js shows its counts, and no request is made after the page has loaded', async () => {
  const { page, requests, errors } = await openPage(browser.context, browser.url);
  const loaded = requests.length;
  await dropFiles(page, [fixture('x-archive-small/data/tweets.js')]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('Analyzed tweets.js'));
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), '11');
  assert.equal(await text(page, '#stat-original'), '6');
  assert.equal(await text(page, '#stat-reply'), '2');
  assert.equal(await text(page, '#stat-repost'), '2');
  assert.equal(await text(page, '#stat-quote'), '1');
  assert.equal(await text(page, '#stat-range'), 'Oct 15, 2017 – Jan 1, 2018');
  const firstTag = page.locator('#top-hashtags li').first();
  assert.equal(await firstTag.locator('.label').innerText(), '#MeToo');
  assert.equal(await firstTag.locator('.count').innerText(), '7');
  assert.deepEqual(await page.locator('#top-domains li .label').allInnerTexts(), ['example.org', 'nytimes.com', 'twitter.com']);
  assert.match(await text(page, '#problems-summary'), /No problems found/);
  assert.match(await text(page, '#problems-summary'), /1 earlier version of edited posts/);
  assert.match(await text(page, '#problems-summary'), /3 posts had garbled text in the export/);
  assert.equal(await page.locator('#notice').isVisible(), false);
  assert.deepEqual(requests.slice(loaded), [], 'no request after the page had loaded');
  assert.deepEqual(errors, []);
  await page.close();
});

test('several files chosen with the file button are counted as one', async () => {
  const { page, requests } = await openPage(browser.context, browser.url);
  const loaded = requests.length;
  await page.setInputFiles('#file-input', [path.join(FIXTURES, 'x-archive-small/data/tweets.js'),
    path.join(FIXTURES, 'x-archive-2020/tweet.js')]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('Analyzed 2 files'));
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), '13');
  assert.equal(await text(page, '#stat-range'), 'Oct 15, 2017 – Dec 2, 2019');
  assert.deepEqual(requests.slice(loaded), []);
  await page.close();
});

const archiveEntries = (prefix) => fs.readdirSync(path.join(FIXTURES, 'x-archive-parts', 'data')).map((name) => ({
  name: `${prefix}data/${name}`, data: fs.readFileSync(path.join(FIXTURES, 'x-archive-parts', 'data', name)),
}));

test('dropping the archive ZIP as downloaded reads its parts, long posts and likes, and never its media', async () => {
  const { page, requests, errors } = await openPage(browser.context, browser.url);
  const loaded = requests.length;
  const zip = makeZip([...archiveEntries('twitter-2023-11-01-abc/'),
    { name: 'twitter-2023-11-01-abc/data/tweets_media/1-a.jpg', data: Buffer.alloc(50000, 1), method: 0 }], { zip64: true });
  await dropFiles(page, [{ name: 'twitter-2023-11-01-abc.zip', bytes: zip }]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('twitter-2023-11-01-abc.zip'));
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), '5');
  assert.equal(await text(page, '#stat-reply'), '2');
  const line = await text(page, '#source-line');
  assert.match(line, /@chorus_fixture/);
  assert.match(line, /4 likes/);
  assert.match(line, /3 long posts read in full/);
  assert.match(await text(page, '#notice'), /tweets-part2\.js/);
  assert.match(await text(page, '#problems'), /1 of 4 long posts/);
  assert.ok((await page.locator('#top-hashtags .label').allInnerTexts()).includes('#OpenScience'));
  assert.deepEqual(requests.slice(loaded), []);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'zip.png'), fullPage: true });
  await page.close();
});

test('a Twitter API v1.1 JSON Lines file and a .tar.gz of the archive read in the page, with no request', async () => {
  const { page, requests, errors } = await openPage(browser.context, browser.url);
  const loaded = requests.length;
  await dropFiles(page, [{ name: 'statuses.jsonl', bytes: fs.readFileSync(path.join(FIXTURES, 'twitter-v1.1', 'statuses.jsonl')) }]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('statuses.jsonl'));
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), '4');
  assert.equal(await text(page, '#stat-quote'), '1');
  assert.match(await text(page, '#problems'), /line ends before its record does/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-e2e-tar-'));
  fs.cpSync(path.join(FIXTURES, 'x-archive-parts'), path.join(dir, 'twitter-2023'), { recursive: true });
  spawnSync('tar', ['-czf', 'archive.tar.gz', 'twitter-2023'], { cwd: dir });
  await dropFiles(page, [{ name: 'archive.tar.gz', bytes: fs.readFileSync(path.join(dir, 'archive.tar.gz')) }]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('archive.tar.gz'));
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), '5');
  assert.match(await text(page, '#source-line'), /4 likes/);
  assert.deepEqual(requests.slice(loaded), []);
  assert.deepEqual(errors, []);
  fs.rmSync(dir, { recursive: true, force: true });
  await page.close();
});

test('a Mastodon outbox: private posts are left out and said so, counted when asked, with no request', async () => {
  const { page, requests, errors } = await openPage(browser.context, browser.url);
  const loaded = requests.length;
  await dropFiles(page, [fixture('mastodon/outbox.json')]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('Analyzed outbox.json'));
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), '5');
  assert.equal(await page.locator('#private-line').isVisible(), true);
  assert.match(await text(page, '#private-line'), /2 private posts were left out \(shared with only some people/);
  await page.click('#private-toggle');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === '7');
  await waitIdle(page);
  assert.match(await text(page, '#private-line'), /2 private posts are counted/);
  assert.equal(await text(page, '#private-toggle'), 'Leave them out');
  assert.deepEqual(requests.slice(loaded), [], 'no request after the page loaded');
  assert.deepEqual(errors, []);
  await page.close();
});

test('an X archive ZIP, a Mastodon ZIP and a Bluesky CAR dropped together: one summary, each platform counted, a platform filter, no request', async () => {
  const { page, requests, errors } = await openPage(browser.context, browser.url);
  const loaded = requests.length;
  const mastodon = ['outbox.json', 'actor.json', 'likes.json'].map((f) => ({ name: f, data: fs.readFileSync(path.join(FIXTURES, 'mastodon', f)) }));
  const files = [{ name: 'twitter-2023-11-01-abc.zip', bytes: makeZip(archiveEntries('twitter-2023-11-01-abc/')) },
    { name: 'archive-20240101-abc.zip', bytes: makeZip(mastodon) }, fixture('bluesky/constructed.car')];
  // What each platform holds, from the CLI reading each export alone.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-e2e-platforms-'));
  const alone = files.map((f) => {
    fs.writeFileSync(path.join(dir, f.name), f.bytes);
    return JSON.parse(spawnSync(path.join(ROOT, 'build', 'native', 'chorus'), ['summarize', path.join(dir, f.name)], { encoding: 'utf8' }).stdout);
  });
  fs.rmSync(dir, { recursive: true, force: true });
  const [x, masto, bluesky] = alone.map((s) => s.totals.posts);
  assert.deepEqual([x, masto, bluesky], [5, 5, 9]);
  await dropFiles(page, files);
  await page.waitForFunction(() => /^Analyzed 3 files/.test(document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent));
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), String(x + masto + bluesky));
  const line = await text(page, '#platforms-line');
  for (const [name, n] of [['X', x], ['Mastodon', masto], ['Bluesky', bluesky]]) assert.match(line, new RegExp(`${name} ${n} posts`));
  assert.equal(await page.locator('#timeline path.bar-platform').count(), 3, 'a stack per platform on the posts chart');
  assert.match(await text(page, '#terms-legend'), /me too\s+\d+ posts? \(X \d+, Mastodon \d+, Bluesky \d+\)/);
  assert.match(await text(page, '#problems'), /Bluesky: 1 problem/);
  // What was read, under the archive it was in: the X archive's parts, the Mastodon ZIP's three files.
  const read = await page.locator('#files-read-list').textContent();
  assert.match(read, /twitter-2023-11-01-abc\.zip: \d+ of its files read/);
  assert.match(read, /archive-20240101-abc\.zip: 3 of its files read/);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'platforms.png'), fullPage: true });
  // Only Bluesky: the filter recounts the posts kept, the platform's own numbers.
  await page.uncheck('#filter-platforms input[value=x]');
  await page.uncheck('#filter-platforms input[value=mastodon]');
  await page.waitForFunction((n) => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === n, String(bluesky));
  await waitIdle(page);
  assert.equal(await text(page, '#stat-reply'), String(alone[2].totals.reply));
  assert.deepEqual((await page.locator('#top-hashtags .label').allInnerTexts()).sort(), alone[2].top.hashtags.map((h) => `#${h.label}`).sort());
  assert.deepEqual(requests.slice(loaded), [], 'no request after the page loaded');
  assert.deepEqual(errors, []);
  await page.close();
});

test('choosing the unzipped folder gives the same numbers', async () => {
  const { page, requests } = await openPage(browser.context, browser.url);
  const loaded = requests.length;
  await page.setInputFiles('#folder-input', path.join(FIXTURES, 'x-archive-parts'));
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('Analyzed x-archive-parts/'));
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), '5');
  assert.match(await text(page, '#source-line'), /4 likes/);
  assert.deepEqual(requests.slice(loaded), []);
  await page.close();
});

test('a 40 MB file: counts so far while reading, the UI thread never blocks for 100 ms, the counts complete', async () => {
  const { file, records } = generatedFile(40);
  const { page, requests } = await openPage(browser.context, browser.url);
  const loaded = requests.length;
  await page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((e) => e.duration)))
      .observe({ type: 'longtask' });
    // The posts shown while the page says it is still reading.
    window.partials = [];
    new MutationObserver(() => {
      if (document.querySelector('chorus-analyzer').dataset.partial === 'true') {
        const root = document.querySelector('chorus-analyzer').shadowRoot;
        window.partials.push([root.getElementById('stat-posts').textContent, root.getElementById('source-line').textContent,
          root.getElementById('private-line').hidden]);
      }
    }).observe(document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts'), { childList: true, characterData: true, subtree: true });
  });
  // The sample's private posts are said to be left out; the file read next has none.
  assert.match(await text(page, '#private-line'), /private posts were left out/);
  await page.setInputFiles('#file-input', file);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('progress-numbers').textContent.includes('MB/s'));
  await page.waitForFunction(() => performance.getEntriesByName('chorus-analysis').length > 0, null, { timeout: 60000 });
  assert.equal(await text(page, '#stat-posts'), records.toLocaleString('en'));
  assert.equal(await page.evaluate(() => document.querySelector('chorus-analyzer').dataset.partial), 'false');
  assert.match(await text(page, '#source-line'), /^Analyzed tweets\.js/);
  // Counts so far came first, growing, none above the final count (the last may come as reading ends), and
  // said so.
  const partials = await page.evaluate(() => window.partials);
  assert.ok(partials.length >= 1, 'at least one count so far was shown while reading');
  const counts = partials.map(([posts]) => Number(posts.replace(/,/g, '')));
  assert.ok(counts.every((n, i) => n > 0 && n <= records && (i === 0 || n >= counts[i - 1])), `counts so far: ${counts}`);
  assert.ok(counts[0] < records, `the first count so far came before the end: ${counts}`);
  assert.ok(partials.every(([, line]) => /^Reading tweets\.js.*so far$/.test(line)), partials[0][1]);
  assert.ok(partials.every(([, , privateHidden]) => privateHidden), 'while reading, no word of the sample\'s private posts');
  const [first, final] = await page.evaluate(() => ['chorus-first-numbers', 'chorus-analysis']
    .map((name) => performance.getEntriesByName(name)[0].duration));
  assert.ok(first < final, `first numbers at ${first} ms, final at ${final} ms`);
  const longTasks = await page.evaluate(() => window.longTasks);
  assert.deepEqual(longTasks.filter((ms) => ms > 100), [], `long tasks: ${longTasks.join(', ')}`);
  assert.deepEqual(requests.slice(loaded), [], 'no request after the page loaded');
  await page.close();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

/** The helpers the page starts by default (web/worker/worker.js): one per core beyond two, at most three. */
const defaultHelpers = (cores) => (cores <= 2 ? 0 : Math.min(3, cores - 2));

test('helper workers read parts of a 30 MB file: the same counts and filters as one worker, with the SIMD128 build or without; helpers start none', async () => {
  const { file, records } = generatedFile(30);
  const results = [];
  for (const query of ['?helpers=0', '', '?helpers=2', '?simd=0']) {
    const { page, requests, ownRequests, errors } = await openPage(browser.context, `${browser.url}${query}`);
    await new Promise((resolve) => setTimeout(resolve, 500));  // a helper that started helpers would be seen
    const workers = ownRequests.filter((u) => /\/worker\/(worker|helper)\.js(\?simd=0)?$/.test(u)).length;
    // Chromium has SIMD128: the page loads that build unless asked not to, and one build only (the offline
    // copy, which holds both, was made on this browser's first visit, by an earlier test).
    const builds = ownRequests.map((u) => u.match(/\/gen\/(chorus(?:-simd)?)\.wasm$/)?.[1]).filter(Boolean);
    assert.deepEqual(builds, [query === '?simd=0' ? 'chorus' : 'chorus-simd'], `${query}: the wasm build fetched`);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const loaded = requests.length;
    await page.setInputFiles('#file-input', file);
    await page.waitForFunction(() => performance.getEntriesByName('chorus-analysis').length > 0, null, { timeout: 60000 });
    await waitIdle(page);
    const all = await text(page, '#stat-posts');
    const topHashtag = await page.locator('#top-hashtags li').first().innerText();
    await page.uncheck('#filter-form input[name=kind][value="2"]');  // no reposts: recounted from the kept posts
    await page.waitForFunction((before) => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent !== before, all);
    await waitIdle(page);
    results.push({ all, topHashtag, withoutReposts: await text(page, '#stat-posts'),
      replies: await text(page, '#stat-reply'), notice: await text(page, '#notice') });
    assert.deepEqual(requests.slice(loaded), [], `${query}: helpers start with the page: nothing is fetched later`);
    assert.deepEqual(errors, []);
    const expected = query.startsWith('?helpers=') ? 1 + Number(query.split('=')[1]) : 1 + defaultHelpers(cores);
    assert.equal(workers, expected, `${query || 'default'} on ${cores} cores: the worker and its helpers, none of a helper's`);
    await page.close();
  }
  const [one, ...helped] = results;
  assert.equal(one.all, records.toLocaleString('en'));
  for (const result of helped) assert.deepEqual(result, one);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test('on 3 and 8 cores (emulated) the page starts 1 and 3 helpers when it loads, and helpers start none', async () => {
  for (const [cores, helpers] of [[3, 1], [8, 3]]) {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Emulation.setHardwareConcurrencyOverride', { hardwareConcurrency: cores });
    const workers = [];
    const onRequest = (request) => { if (/\/worker\/(worker|helper)\.js$/.test(request.url())) workers.push(request.url()); };
    browser.context.on('request', onRequest);
    await page.goto(browser.url);
    await page.waitForSelector('chorus-analyzer[data-state=ready]', { timeout: 30000 });
    await new Promise((resolve) => setTimeout(resolve, 500));  // a helper that started helpers would be seen
    browser.context.off('request', onRequest);
    assert.equal(await page.evaluate(() => navigator.hardwareConcurrency), cores);
    assert.equal(workers.length, 1 + helpers, `${cores} cores: the worker and its helpers, none of a helper's`);
    assert.equal(await text(page, '#stat-posts'), sampleTotal());
    await page.close();
  }
});

test('on a server that does not send application/wasm (an embedder\'s), the page still starts', async () => {
  const { server, url } = await startServer({ root: path.join(ROOT, 'web'), port: 0,
    types: { '.wasm': 'application/octet-stream' } });
  try {
    const { page, errors } = await openPage(browser.context, url);
    assert.equal(await text(page, '#stat-posts'), sampleTotal());
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    server.close();
  }
});

test('Cancel stops an analysis at once and the page stays usable, with helpers too and no request after', async () => {
  const { file, records } = generatedFile(40);
  for (const query of ['', '?helpers=2']) {
    const { page, requests, errors } = await openPage(browser.context, `${browser.url}${query}`);
    const loaded = requests.length;
    const sampleReposts = Number((await text(page, '#stat-repost')).replace(/,/g, ''));
    const clicked = whenBusy(page, (host) => host.shadowRoot.getElementById('cancel').click());
    await page.setInputFiles('#file-input', file);
    await clicked;
    await page.waitForFunction(() => /Cancelled/.test(document.querySelector('chorus-analyzer').shadowRoot.getElementById('notice').textContent), null, { timeout: 2000 });
    await waitIdle(page);
    assert.equal(await text(page, '#stat-posts'), sampleTotal(), 'the sample\'s numbers stay until another file is read');
    assert.match(await text(page, '#notice'), /The analysis was stopped\. The results below are still those of the sample/);
    // The cancelled analysis dropped the sample's posts in the worker: a filter reads the sample again first.
    await page.evaluate(() => document.querySelector('chorus-analyzer').shadowRoot.querySelector('#filter-form input[name=kind][value="2"]').click());
    await waitIdle(page);
    assert.equal(await text(page, '#stat-posts'), (Number(sampleTotal().replace(/,/g, '')) - sampleReposts).toLocaleString('en'),
      'the sample without its reposts, not the cancelled file\'s posts');
    await dropFiles(page, [fixture('x-archive-small/data/tweets.js')]);
    await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('Analyzed tweets.js'));
    await waitIdle(page);
    assert.equal(await text(page, '#stat-posts'), '11');
    // The same large file again, to the end: with ?helpers=2 the cancelled helpers read their ranges again.
    await page.setInputFiles('#file-input', file);
    await page.waitForFunction(() => performance.getEntriesByName('chorus-analysis').length > 1, null, { timeout: 60000 });
    await waitIdle(page);
    assert.equal(await text(page, '#stat-posts'), records.toLocaleString('en'));
    assert.deepEqual(requests.slice(loaded), [], `${query || 'default'}: nothing is fetched after the page has loaded`);
    assert.deepEqual(errors, []);
    await page.close();
  }
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test('files chosen the moment an analysis is cancelled are read whole, and their filters count their posts', async () => {
  // The cancelled analysis ends at its next chunk, after the next has begun in the worker: it must not drop that one.
  const { file } = generatedFile(40);
  const small = SMALL_ARCHIVE.toString('utf8');
  const reposts = SMALL_ARCHIVE_TEXTS.filter((text) => text.startsWith('RT @')).length;
  for (let round = 0; round < 3; round++) {  // the race went wrong in about half the runs
    const { page, errors } = await openPage(browser.context, browser.url);
    const analyzed = whenBusy(page, (host, text) => {
      host.shadowRoot.getElementById('cancel').click();
      return host.analyze([new File([text], 'tweets.js')]);
    }, small);
    await page.setInputFiles('#file-input', file);
    assert.equal(await analyzed, true);
    await waitIdle(page);
    assert.equal(await text(page, '#stat-posts'), '11', `round ${round}`);
    await page.evaluate(() => document.querySelector('chorus-analyzer').shadowRoot.querySelector('#filter-form input[name=kind][value="2"]').click());
    await waitIdle(page);
    assert.equal(await text(page, '#stat-posts'), String(11 - reposts), `round ${round}: the small archive without its reposts`);
    assert.deepEqual(errors, []);
    await page.close();
  }
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test('files chosen while another file is read replace it at once, the page busy until theirs are shown', async () => {
  const { file } = generatedFile(40);
  const small = SMALL_ARCHIVE.toString('utf8');
  const { page, errors } = await openPage(browser.context, browser.url);
  const analyzed = page.evaluate((text) => new Promise((resolve) => {
    const host = document.querySelector('chorus-analyzer');
    const busy = [];
    new MutationObserver(() => {
      busy.push(host.dataset.busy);
      if (busy.length === 1) host.analyze([new File([text], 'tweets.js')]).then((ok) => resolve({ ok, busy }));
    }).observe(host, { attributes: true, attributeFilter: ['data-busy'] });
  }), small);
  await page.setInputFiles('#file-input', file);
  const { ok, busy } = await analyzed;
  assert.equal(ok, true);
  await waitIdle(page);
  assert.equal(busy.join(' '), 'true true false', 'busy from the first file to the last result, not idle between (the replaced analysis ended first)');
  assert.equal(await text(page, '#stat-posts'), '11');
  assert.equal(await page.evaluate(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('notice').hidden), true,
    'the replaced analysis says nothing (no "Cancelled")');
  assert.match(await text(page, '#source-line'), /Analyzed tweets\.js · 16 KB/);
  assert.deepEqual(errors, []);
  await page.close();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test('hours and a language chosen while a file is read: that file drawn per hour, in that language, with no warning', async () => {
  const { file } = generatedFile(40);
  // The language switch reads the file again with that language's example terms, or, with terms of one's own,
  // draws the results on screen again (in hours, which they cannot have while the file is read).
  for (const terms of [null, '#MeToo, me too']) {
    const { page, errors } = await openPage(browser.context, browser.url);
    if (terms) {
      await page.fill('#terms-input', terms);
      await page.press('#terms-input', 'Enter');
      await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.querySelectorAll('#terms-legend li').length === 2);
      await waitIdle(page);
    }
    const chosen = whenBusy(page, (host) => {
      const unit = host.shadowRoot.getElementById('unit-select');
      unit.value = 'hour';
      unit.dispatchEvent(new Event('change'));
      const language = host.shadowRoot.getElementById('language-select');
      language.value = 'es';
      language.dispatchEvent(new Event('change'));
    });
    await page.setInputFiles('#file-input', file);
    await chosen;
    await page.waitForFunction(() => performance.getEntriesByName('chorus-analysis').length > 0, null, { timeout: 60000 });
    await waitIdle(page);
    const what = terms ? 'terms of one\'s own' : 'the example terms';
    assert.match(await text(page, '#source-line'), /tweets\.js · 40 MB/, what);
    assert.equal(await page.evaluate(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('notice').hidden), true,
      `${what}: ${await text(page, '#notice')}`);
    assert.equal(await page.locator('#unit-select').inputValue(), 'hour', what);
    assert.match(await text(page, '#timeline-title'), /por hora/, what);
    assert.deepEqual(errors, []);
    await page.close();
  }
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test('a time zone chosen while a file is read applies to that file, not to the results on screen', async () => {
  const { file } = generatedFile(40);
  const { page, errors } = await openPage(browser.context, browser.url);
  const chosen = whenBusy(page, (host) => {
    const zone = host.shadowRoot.getElementById('zone-input');
    zone.value = 'Asia/Tokyo';
    zone.dispatchEvent(new Event('change'));
  });
  await page.setInputFiles('#file-input', file);
  await chosen;
  await page.waitForFunction(() => performance.getEntriesByName('chorus-analysis').length > 0, null, { timeout: 60000 });
  await waitIdle(page);
  assert.match(await text(page, '#source-line'), /tweets\.js · 40 MB/);
  assert.match(await text(page, '#timeline-title'), /\(Asia\/Tokyo\)$/);
  assert.deepEqual(errors, []);
  await page.close();
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test('terms typed, then a file chosen before they were counted: the file is read with them, and they stay', async () => {
  const small = SMALL_ARCHIVE.toString('utf8');
  const { page, errors } = await openPage(browser.context, browser.url);
  const analyzed = whenBusy(page, (host, text) => host.analyze([new File([text], 'tweets.js')]), small);
  await page.fill('#terms-input', '#MeToo, @TaranaBurke');
  await page.press('#terms-input', 'Enter');
  assert.equal(await analyzed, true);
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), '11');
  assert.equal(await page.locator('#terms-input').inputValue(), '#MeToo, @TaranaBurke');
  assert.deepEqual((await page.locator('#terms-legend .term').allInnerTexts()), ['#MeToo', '@TaranaBurke']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('typing terms counts them over time, with no request and the totals shown', async () => {
  const { page, requests, errors } = await openPage(browser.context, browser.url);
  const loaded = requests.length;
  assert.match(await text(page, '#terms-legend'), /#MeToo/);  // the sample comes with terms
  await dropFiles(page, [fixture('x-archive-small/data/tweets.js')]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('Analyzed tweets.js'));
  await waitIdle(page);
  await page.fill('#terms-input', '#metoo, ME TOO!, #MeToo*, @TaranaBurke, #YoTambién');
  await page.press('#terms-input', 'Enter');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('terms-legend').textContent.includes('#YoTambién'));
  await waitIdle(page);
  const legend = await page.locator('#terms-legend li').allInnerTexts();
  assert.deepEqual(legend.map((line) => line.replace(/\s+/g, ' ').trim()), [
    '#metoo 7 posts read', 'ME TOO! 2 posts read', '#MeToo* 7 posts read', '@TaranaBurke 2 posts read', '#YoTambién 1 post read',
  ]);
  assert.equal(await page.locator('#terms-chart polyline').count(), 5);
  await page.fill('#terms-input', '#me too');
  await page.press('#terms-input', 'Enter');
  // The error is said under the terms box, where the user typed, with the focus back in it.
  await page.waitForFunction(() => /cannot be counted/.test(document.querySelector('chorus-analyzer').shadowRoot.getElementById('terms-error').textContent));
  assert.match(await text(page, '#terms-error'), /one word/);
  assert.equal(await page.evaluate(() => document.querySelector('chorus-analyzer').shadowRoot.activeElement?.id), 'terms-input');
  assert.deepEqual(requests.slice(loaded), []);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'terms.png'), fullPage: true });
  await page.close();
});

test('choosing a time zone moves days and hours, not totals, and needs no request', async () => {
  const { page, requests, errors } = await openPage(browser.context, browser.url);
  const loaded = requests.length;
  await dropFiles(page, [fixture('x-archive-small/data/tweets.js')]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('Analyzed tweets.js'));
  await waitIdle(page);
  assert.equal(await page.locator('#heatmap .cell').count(), 7 * 24);
  // Buckets: months and ISO weeks re-draw both charts from the same summary.
  await page.selectOption('#unit-select', 'month');
  assert.match(await text(page, '#timeline-title'), /^Posts per month/);
  assert.match(await text(page, '#terms-title'), /per month/);
  const monthBars = await page.locator('#timeline svg path').evaluateAll((paths) => paths.map((p) => p.getAttribute('d').split('M').length - 1));
  assert.equal(Math.max(...monthBars), 3, 'originals in Oct, Nov and Dec 2017 (Jan 2018 holds a repost only)');
  await page.selectOption('#unit-select', 'week');
  assert.match(await text(page, '#timeline-title'), /^Posts per ISO week/);
  // Hours for the days picked: 2017-10-16 in UTC holds one post at 08, 09 and 10 o'clock each.
  await page.fill('#filter-from', '2017-10-16');
  await page.fill('#filter-to', '2017-10-16');
  await page.dispatchEvent('#filter-to', 'change');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === '3');
  await page.selectOption('#unit-select', 'hour');
  await page.waitForFunction(() => /^Posts per hour/.test(document.querySelector('chorus-analyzer').shadowRoot.getElementById('timeline-title').textContent));
  const hourBars = await page.locator('#timeline svg path').evaluateAll((paths) => paths.map((p) => p.getAttribute('d').split('M').length - 1));
  assert.equal(hourBars.reduce((a, b) => a + b, 0), 3, 'an original at 08, a reply at 09, a repost at 10');
  await page.click('#filter-reset');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === '11');
  await page.selectOption('#unit-select', 'auto');
  await page.fill('#zone-input', 'Asia/Kathmandu');
  await page.press('#zone-input', 'Enter');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('timeline-title').textContent.includes('Asia/Kathmandu'));
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), '11');
  assert.match(await text(page, '#heatmap-title'), /Asia\/Kathmandu/);
  // 2017-10-15 20:21:59 UTC is Monday 02:06 in Kathmandu: the first cell of Monday's third column counts it.
  assert.equal(await page.locator('#heatmap .cell').nth(2).locator('title').textContent(), 'Mon 2:00–2:59: 1 post');
  await page.fill('#zone-input', 'Mars/Olympus_Mons');
  await page.press('#zone-input', 'Enter');
  assert.equal(await page.locator('#zone-input').getAttribute('aria-invalid'), 'true');
  assert.deepEqual(requests.slice(loaded), []);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'time-zone.png'), fullPage: true });
  await page.close();
});

test('exports: the summary as JSON, the tables as CSV, the chart as SVG and PNG, with no network request', async () => {
  const { page, requests, errors } = await openPage(browser.context, browser.url);
  const loaded = requests.length;
  await dropFiles(page, [fixture('x-archive-small/data/tweets.js')]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('Analyzed tweets.js'));
  await waitIdle(page);
  const save = async (button) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    return { name: download.suggestedFilename(), bytes: fs.readFileSync(await download.path()) };
  };
  const json = await save('#export-json');
  assert.equal(json.name, 'chorus-summary.json');
  const summary = JSON.parse(json.bytes);
  assert.equal(summary.totals.posts, 11);
  assert.equal(summary.export.input, 'tweets.js');
  assert.equal(summary.export.chorus_version, '0.1.0');
  assert.deepEqual(summary.export.queries, ['#MeToo', 'me too', '#BalanceTonPorc']);
  const tables = await save('#export-csv');
  assert.equal(tables.name, 'chorus-tables.zip');
  const { readZipDirectory, openZipEntry } = await import('../../web/worker/zip-reader.js');
  const { loadWasm } = await import('../js/helpers.mjs');
  const module = await loadWasm();
  const zip = new Blob([tables.bytes]);
  const { entries } = await readZipDirectory(module, zip);
  assert.ok(entries.map((e) => e.name).includes('timeline.csv'));
  const hashtags = await new Response(await openZipEntry(module, zip, entries.find((e) => e.name === 'top_hashtags.csv'))).text();
  assert.match(hashtags, /^metoo,MeToo,7\r$/m);
  const svg = await save('#export-timeline-svg');
  assert.match(svg.bytes.toString(), /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const hours = await save('#export-heatmap-svg');
  assert.equal((hours.bytes.toString().match(/<rect class="cell/g) ?? []).length, 7 * 24);
  const termsSvg = await save('#export-terms-svg');
  assert.match(termsSvg.bytes.toString(), /<polyline/);
  const png = await save('#export-timeline-png');
  assert.deepEqual([...png.bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]);  // "PNG"
  assert.deepEqual(requests.slice(loaded).filter((u) => !u.startsWith('blob:')), [], 'nothing but the page\'s own blobs');
  assert.deepEqual(errors, []);
  fs.writeFileSync(path.join(SCREENSHOTS, 'exported-timeline.png'), png.bytes);
  await page.close();
});

test('the posts matching a term can be read: text shown as text, a virtual list that scrolls to the end', async () => {
  const { page, requests, errors } = await openPage(browser.context, browser.url);
  const loaded = requests.length;
  // The sample: as many posts to read as #MeToo's total in the legend; only the rows in view exist.
  const metoo = Number((await page.locator('#terms-legend li', { hasText: '#MeToo' }).locator('.total').innerText()).match(/^([\d,]+) posts/)[1].replace(/,/g, ''));
  assert.ok(metoo > 400, `#MeToo: ${metoo}`);
  await page.locator('#terms-legend li', { hasText: '#MeToo' }).locator('button').click();
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.querySelectorAll('#matches-spacer .match-row').length > 0);
  assert.equal(await text(page, '#matches-title'), `Posts matching #MeToo: ${metoo}`);
  assert.ok(await page.locator('.match-row').count() < 20);
  // Oldest first (the sample's file is not in date order).
  const times = await page.locator('.match-row .meta').allInnerTexts();
  const stamps = times.map((meta) => meta.slice(0, 19));
  assert.ok(stamps.length > 3 && stamps.every((time, i) => i === 0 || stamps[i - 1] <= time), stamps.join(' | '));
  await page.evaluate(() => { const list = document.querySelector('chorus-analyzer').shadowRoot.getElementById('matches-list'); list.scrollTop = list.scrollHeight; });
  await page.waitForFunction((last) => [...document.querySelector('chorus-analyzer').shadowRoot.querySelectorAll('.match-row')].some((row) => row.style.top === `${last * 72}px`), metoo - 1);
  assert.ok(await page.locator('.match-row').count() < 20);

  await dropFiles(page, [fixture('x-archive-small/data/tweets.js')]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('Analyzed tweets.js'));
  await waitIdle(page);
  await page.fill('#terms-input', '#YoTambién');
  await page.press('#terms-input', 'Enter');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('terms-legend').textContent.includes('#YoTambién'));
  await waitIdle(page);
  await page.locator('#terms-legend li button').click();
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.querySelectorAll('.match-row').length === 1);
  const row = page.locator('.match-row');
  assert.match(await row.locator('.text').innerText(), /Reading: https:\/\/t\.co\/abc <3 #MeToo #YoTambién/);
  assert.match(await row.locator('.text').innerHTML(), /&lt;3/, 'post text is never HTML');
  assert.match(await row.locator('.meta').innerText(), /2017-10-17 23:59:59 UTC · https:\/\/x\.com\/i\/web\/status\/920000000000000006/);
  // The list follows the filters: of the 7 posts with #MeToo, 4 are from 16 to 17 October 2017.
  await page.fill('#terms-input', '#MeToo');
  await page.press('#terms-input', 'Enter');
  await page.waitForFunction(() => /#MeToo7 posts/.test(document.querySelector('chorus-analyzer').shadowRoot.getElementById('terms-legend').textContent));
  await waitIdle(page);
  await page.fill('#filter-from', '2017-10-16');
  await page.fill('#filter-to', '2017-10-17');
  await page.dispatchEvent('#filter-to', 'change');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === '5');
  await waitIdle(page);
  await page.locator('#terms-legend li button').click();
  await page.waitForFunction(() => /Posts matching #MeToo: 4$/.test(document.querySelector('chorus-analyzer').shadowRoot.getElementById('matches-title').textContent));
  assert.equal(await page.locator('.match-row').count(), 4);
  assert.deepEqual(requests.slice(loaded), []);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'matches.png'), fullPage: true });
  await page.close();
});

test('filters by day and kind recount without reading the file again', async () => {
  const { page, requests, errors } = await openPage(browser.context, browser.url);
  const loaded = requests.length;
  await dropFiles(page, [fixture('x-archive-small/data/tweets.js')]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('Analyzed tweets.js'));
  await waitIdle(page);
  await page.uncheck('#filter-form input[name=kind][value="2"]');  // no reposts
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === '9');
  assert.equal(await text(page, '#stat-repost'), '0');
  await page.fill('#filter-from', '2017-10-16');
  await page.fill('#filter-to', '2017-10-17');
  await page.dispatchEvent('#filter-to', 'change');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === '4');
  assert.equal(await text(page, '#stat-range'), 'Oct 16, 2017 – Oct 17, 2017');
  // Dragging across the chart picks days too: the left half of October 2017's bars.
  await page.click('#filter-reset');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === '11');
  await waitIdle(page);
  const box = await page.locator('#timeline svg').boundingBox();
  await page.mouse.move(box.x + box.width * 0.04, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('filter-from').value !== '');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent !== '11');
  assert.match(await page.inputValue('#filter-from'), /^2017-10-1\d$/);
  const started = Date.now();
  await page.click('#filter-reset');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === '11');
  assert.ok(Date.now() - started < 1000, 'a filter applies within a second');
  assert.deepEqual(requests.slice(loaded), [], 'the file was not read again and nothing was fetched');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the real milahu104 archive subset from ../shared/fixtures renders its numbers', async (t) => {
  const file = path.join(SHARED_FIXTURES, 'x-archive-milahu104-2026', 'data', 'tweets.js');
  if (!fs.existsSync(file)) {
    t.skip(`skipped: ${file} does not exist here`);
    return;
  }
  const { page } = await openPage(browser.context, browser.url);
  await dropFiles(page, [{ name: 'tweets.js', bytes: fs.readFileSync(file) }]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('Analyzed tweets.js'));
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), '37');
  assert.equal(await text(page, '#stat-repost'), '14');
  assert.equal(await text(page, '#stat-reply'), '22');
  await page.close();
});

test('bad input gets a clear message saying what and where, and the page stays usable', async () => {
  const { page, requests, errors } = await openPage(browser.context, `${browser.url}?sample=0`);
  const loaded = requests.length;
  await page.screenshot({ path: path.join(SCREENSHOTS, 'empty.png'), fullPage: true });

  await dropFiles(page, [fixture('bad/photo.png')]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('notice').classList.contains('error'));
  await waitIdle(page);
  assert.match(await text(page, '#notice'), /could not read photo\.png/);
  assert.match(await text(page, '#notice'), /PNG image/);
  assert.equal(await page.locator('#results').isVisible(), false);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'error.png'), fullPage: true });

  await dropFiles(page, [fixture('bad/empty-tweets.js')]);
  await page.waitForFunction(() => /empty/.test(document.querySelector('chorus-analyzer').shadowRoot.getElementById('notice').textContent));
  await waitIdle(page);

  // A table of no layout Chorus knows (bad/comments.csv became Reddit's, which Chorus reads).
  await dropFiles(page, [{ name: 'people.csv', bytes: Buffer.from('name,city\nAna,Paris\nBea,Lyon\n') }]);
  await page.waitForFunction(() => /CSV/.test(document.querySelector('chorus-analyzer').shadowRoot.getElementById('notice').textContent));
  await waitIdle(page);

  await dropFiles(page, [fixture('bad/truncated-tweets.js')]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('notice').classList.contains('warning'));
  await waitIdle(page);
  assert.match(await text(page, '#notice'), /cut off/);
  assert.equal(await text(page, '#stat-posts'), '1');
  assert.match(await page.locator('#problems li').first().innerText(), /record 2 · byte \d/);

  await dropFiles(page, [fixture('bad/bad-records-tweets.js')]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('bad-records'));
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), '2');
  assert.equal(await page.locator('#problems li').count(), 4);
  assert.match(await text(page, '#problems-summary'), /4 records were skipped/);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'bad-records.png'), fullPage: true });

  // Still usable: a good file after all the bad ones.
  await dropFiles(page, [fixture('x-archive-small/data/tweets.js')]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('Analyzed tweets.js'));
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), '11');
  assert.equal(await page.locator('#notice').isVisible(), false);
  assert.deepEqual(requests.slice(loaded), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the CSP is enforced: inline scripts, fetch, images and beacons to other origins are blocked', async () => {
  const { page, requests } = await openPage(browser.context, `${browser.url}?sample=0`);
  const loaded = requests.length;
  const failed = new Map();
  const finished = [];
  page.on('requestfailed', (request) => failed.set(request.url(), request.failure()?.errorText));
  page.on('requestfinished', (request) => finished.push(request.url()));
  const outcome = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.effectiveDirective} ${event.blockedURI}`));
    window.inlineRan = false;
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true;';
    document.head.append(script);
    let fetchResult;
    try { await fetch('http://127.0.0.2:9/fetch'); fetchResult = 'allowed'; } catch { fetchResult = 'blocked'; }
    const image = new Image();
    const imageResult = await new Promise((resolve) => {
      image.onload = () => resolve('loaded');
      image.onerror = () => resolve('blocked');
      image.src = 'http://127.0.0.2:9/pixel.png';
      document.body.append(image);
    });
    image.remove();
    let beaconResult;
    try { beaconResult = navigator.sendBeacon('http://127.0.0.2:9/beacon', 'posts') ? 'queued' : 'refused'; } catch { beaconResult = 'refused'; }
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { inlineRan: window.inlineRan, fetch: fetchResult, image: imageResult, beacon: beaconResult, violations: [...new Set(violations)].sort() };
  });
  assert.equal(outcome.inlineRan, false);
  assert.equal(outcome.fetch, 'blocked');
  assert.equal(outcome.image, 'blocked');
  assert.deepEqual(outcome.violations, ['connect-src http://127.0.0.2:9/beacon', 'connect-src http://127.0.0.2:9/fetch',
    'img-src http://127.0.0.2:9/pixel.png', 'script-src-elem inline'], JSON.stringify(outcome));
  // Chromium may announce a request it then blocks: each of those failed on the policy, none was answered.
  for (const url of requests.slice(loaded).filter((u) => u.includes('127.0.0.2'))) {
    assert.match(failed.get(url) ?? '', /^(csp|net::ERR_BLOCKED_BY_CSP)$/, url);
  }
  assert.deepEqual(finished.filter((u) => u.includes('127.0.0.2')), [], 'none of them left the page');
  await page.close();
});

test('errors are said where they happen, good results stay, and the example terms are offered, not imposed', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}?sample=0`);
  const root = (id) => `document.querySelector('chorus-analyzer').shadowRoot.getElementById('${id}')`;
  // Files that hold none of the example terms: the panel offers their own top hashtags instead of zeros.
  const posts = [1, 2, 3].map((n) => ({ tweet: { id_str: `7${n}`, created_at: `Mon Jan 0${n} 10:00:00 +0000 2024`,
    full_text: `post ${n} #Gardening #Tomatoes`, entities: { hashtags: [{ text: 'Gardening' }, { text: 'Tomatoes' }], user_mentions: [], urls: [] } } }));
  await dropFiles(page, [{ name: 'tweets.js', bytes: Buffer.from(`window.YTD.tweets.part0 = ${JSON.stringify(posts)}`) }]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === '3');
  await waitIdle(page);
  assert.match(await text(page, '#terms-offer'), /None of the example terms appear.*Count #Gardening, #Tomatoes/s);
  assert.equal(await page.evaluate(`${root('announce')}.textContent`), 'Analyzed tweets.js: 3 posts.');
  await page.locator('#terms-offer button').click();
  await page.waitForFunction(() => /#Gardening3 posts/.test(document.querySelector('chorus-analyzer').shadowRoot.getElementById('terms-legend').textContent));
  await waitIdle(page);
  assert.equal(await page.locator('#terms-offer').isVisible(), false);
  // Closing the post list gives the focus back to the button that opened it.
  await page.locator('#terms-legend button').first().click();
  await page.waitForSelector('#matches-panel:not([hidden])');
  await page.locator('#matches-close').click();
  assert.equal(await page.evaluate(() => document.querySelector('chorus-analyzer').shadowRoot.activeElement?.getAttribute('aria-label')), 'read posts matching #Gardening');
  // An empty box counts no terms: the example terms do not come back.
  await page.fill('#terms-input', '');
  await page.press('#terms-input', 'Enter');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('terms-legend').children.length === 0);
  await waitIdle(page);
  // A time zone that does not exist is said in words next to the box.
  await page.fill('#zone-input', 'Mars/Olympus');
  await page.press('#zone-input', 'Enter');
  assert.match(await text(page, '#zone-error'), /"Mars\/Olympus" is not a time zone/);
  // A file with nothing to read after good results: the notice says so, and the good results stay.
  await dropFiles(page, [{ name: 'notes.txt', bytes: Buffer.from('just some notes, not an export') }]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('notice').classList.contains('error'));
  await waitIdle(page);
  assert.match(await text(page, '#notice'), /results below are still those of tweets\.js/);
  assert.equal(await text(page, '#stat-posts'), '3');
  assert.equal(await page.locator('#results').isVisible(), true);
  // Their filters still count their posts (read again: the worker let them go for the file that had none).
  await page.fill('#filter-from', '2024-01-02');
  await page.press('#filter-from', 'Enter');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === '2');
  await waitIdle(page);
  assert.equal(await text(page, '#stat-posts'), '2', 'posts from 2 January 2024: the 2nd and the 3rd');
  assert.deepEqual(errors, []);
  await page.close();
});
