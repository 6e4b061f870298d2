// Research collections in the real page: overlapping files dropped together, the Voices panel, and a CSV of
// another tool's layout mapped column by column, with no request after the page has loaded.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { FIXTURES, loadWasm, runCli } from '../js/helpers.mjs';
import { SCREENSHOTS, dropFiles, openPage, startBrowser, waitIdle } from './browser.mjs';

const text = (page, selector) => page.locator(selector).innerText();
const count = (n) => new Intl.NumberFormat('en').format(n);

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

const collection = ['search-2023-02-01.jsonl', 'search-2023-02-02.jsonl', 'export-twarc-csv.csv']
  .map((name) => path.join(FIXTURES, 'collection', name));

test('overlapping files dropped together: one collection, duplicates counted once, and its voices', async () => {
  const { page, requests, errors } = await openPage(browser.context, browser.url);
  const loaded = requests.length;
  const expected = runCli(collection).summary;
  await dropFiles(page, collection.map((file) => ({ name: path.basename(file), bytes: fs.readFileSync(file) })));
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('source-line').textContent.includes('3 files'));
  await waitIdle(page);
  for (const kind of ['posts', 'original', 'reply', 'repost', 'quote']) {
    assert.equal(await text(page, `#stat-${kind}`), count(expected.totals[kind]), kind);
  }
  assert.match(await text(page, '#source-line'), new RegExp(`${expected.quality.duplicates} duplicates dropped`));
  assert.equal(await page.locator('#voices-panel').isVisible(), true);
  assert.match(await text(page, '#voices-line'), new RegExp(`${expected.distinct.authors} distinct authors`));
  assert.match(await text(page, '#voices-line'), /most replied to: @Alyssa_Milano/);
  assert.equal(await page.locator('#new-authors-chart svg').count(), 1);
  assert.equal(await page.locator('#kinds-share-chart svg').count(), 1);
  assert.equal(await page.locator('#languages-legend li').count(), expected.movement.languages.names.length - 1);
  await page.locator('#files-read summary').click();
  assert.match(await text(page, '#files-read-list'), /10 duplicates dropped/);
  // The seed thread hour by hour: posts over three days are drawn per hour when the unit is automatic, and every
  // post is in an hour's bar.
  assert.equal(await page.locator('#unit-select').inputValue(), 'auto');
  assert.match(await text(page, '#timeline-title'), /^Posts per hour/);
  assert.match(await text(page, '#terms-title'), /per hour/);
  assert.match(await text(page, '#timeline-summary'), new RegExp(`${count(expected.totals.posts)} posts from \\S+ \\d\\d:00 to \\S+ \\d\\d:00, per hour`));
  // The voices by the hour too: every newcomer in the hour of their first post, the kinds and the languages.
  const newcomers = expected.movement.new_authors.reduce((n, day) => n + day.count, 0);
  assert.match(await text(page, '#new-authors-title'), /per hour$/);
  assert.match(await text(page, '#new-authors-chart-summary'), new RegExp(`^${newcomers} new authors from \\S+ \\d\\d:00 to \\S+ \\d\\d:00, per hour`));
  assert.match(await text(page, '#kinds-share-title'), /each hour$/);
  assert.match(await text(page, '#languages-title'), /per hour$/);
  // The tables exported with them hold the hours shown.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const { readZipDirectory, openZipEntry } = await import('../../web/worker/zip-reader.js');
  const zip = new Blob([fs.readFileSync(await download.path())]);
  const module = await loadWasm();
  const { entries } = await readZipDirectory(module, zip);
  const hoursCsv = await new Response(await openZipEntry(module, zip, entries.find((e) => e.name === 'hours.csv'))).text();
  const hourRows = hoursCsv.trim().split('\r\n').slice(1).map((line) => line.split(','));
  assert.equal(hourRows.reduce((n, row) => n + Number(row[1]), 0), expected.totals.posts);
  await page.selectOption('#unit-select', 'day');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('timeline-title').textContent.startsWith('Posts per day'));
  assert.match(await text(page, '#new-authors-title'), /per day$/);
  assert.match(await text(page, '#new-authors-chart-summary'), new RegExp(`^${newcomers} new authors from 2017-10-15 to 2017-10-\\d\\d, per day`));
  await page.selectOption('#unit-select', 'auto');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('timeline-title').textContent.startsWith('Posts per hour'));
  await page.locator('#voices-panel').screenshot({ path: path.join(SCREENSHOTS, 'collection-voices.png') });
  assert.deepEqual(requests.slice(loaded), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a CSV of another layout: the page shows its first rows, asks for its columns, then counts it', async () => {
  const { page, requests, errors } = await openPage(browser.context, browser.url);
  const loaded = requests.length;
  const file = path.join(FIXTURES, 'csv', 'other-tool.csv');
  await dropFiles(page, [{ name: 'other-tool.csv', bytes: fs.readFileSync(file) }]);
  await page.waitForFunction(() => !document.querySelector('chorus-analyzer').shadowRoot.getElementById('columns-panel').hidden);
  await waitIdle(page);
  assert.match(await text(page, '#columns-intro'), /other-tool\.csv is a table whose columns Chorus does not know/);
  assert.equal(await page.locator('#columns-preview thead th').count(), 6);
  assert.equal(await page.locator('#columns-preview tbody tr').count(), 4);
  // Guessed from the header names; the person checks them and submits.
  assert.equal(await page.locator('#columns-fields select[name=time]').inputValue(), '1');
  assert.equal(await page.locator('#columns-fields select[name=text]').inputValue(), '3');
  assert.equal(await page.locator('#columns-fields select[name=id]').inputValue(), '6');
  await page.locator('#columns-panel').screenshot({ path: path.join(SCREENSHOTS, 'csv-columns.png') });
  await page.locator('#columns-form button[type=submit]').click();
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('columns-panel').hidden);
  await waitIdle(page);
  const expected = runCli([file], [], ['--columns', 'time=1,text=3,author=2,id=6,kind=4,reply_to=5']).summary;
  for (const kind of ['posts', 'original', 'reply', 'repost', 'quote']) {
    assert.equal(await text(page, `#stat-${kind}`), count(expected.totals[kind]), kind);
  }
  assert.deepEqual(requests.slice(loaded), []);
  assert.deepEqual(errors, []);
  await page.close();
});
