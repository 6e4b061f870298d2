// Accessibility, checked in Chromium: axe-core (from npm) finds no serious or critical violation in any state of
// the page (empty, loading, results, error), in light and dark, at 1280 and 390 px, nor in the element on a host
// page; the keyboard reaches everything with a visible focus; each chart has a sentence and a table.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import os from 'node:os';
import { after, before, test } from 'node:test';
import { FIXTURES } from '../js/helpers.mjs';
import { generate } from '../../bench/generate-x-archive.mjs';
import { SCREENSHOTS, dropFiles, openPage, startBrowser, waitIdle } from './browser.mjs';

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });

/** Runs axe-core on the page (into open shadow roots), and returns its serious and critical violations. */
async function seriousViolations(page) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern: the page itself loads no script.
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(`${AXE}\n;undefined`);
  const result = await page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`);
  });
  return result;
}

const shadow = (id) => `document.querySelector('chorus-analyzer').shadowRoot.getElementById('${id}')`;

for (const scheme of ['light', 'dark']) {
  for (const width of [1280, 390]) {
    test(`no serious or critical axe violation in any state: ${scheme}, ${width} px`, async () => {
      const page = await browser.context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`${browser.url}?sample=0`);
      await page.waitForSelector('html[data-state=ready]');
      const found = {};
      found.empty = await seriousViolations(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, `state-empty-${scheme}-${width}.png`), fullPage: true });

      // Loading: a file large enough to catch the page while it reads.
      const big = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-a11y-')), 'tweets.js');
      const parts = [];
      generate({ bytes: 60e6, seed: 3, write: (s) => parts.push(s) });
      fs.writeFileSync(big, parts.join(''));
      await page.setInputFiles('#file-input', big);
      await page.waitForFunction(() => document.querySelector('chorus-analyzer').dataset.busy === 'true');
      found.loading = await seriousViolations(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, `state-loading-${scheme}-${width}.png`) });
      await waitIdle(page);
      fs.rmSync(path.dirname(big), { recursive: true, force: true });

      // Results: a real archive, every panel drawn.
      await dropFiles(page, [{ name: 'tweets.js', bytes: fs.readFileSync(path.join(FIXTURES, 'x-archive-small/data/tweets.js')) }]);
      await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === '11');
      await waitIdle(page);
      found.results = await seriousViolations(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, `state-results-${scheme}-${width}.png`), fullPage: true });

      // Error: a file that is not an export, over the results.
      await dropFiles(page, [{ name: 'photo.jpg', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]) }]);
      await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('notice').classList.contains('error'));
      await waitIdle(page);
      found.error = await seriousViolations(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, `state-error-${scheme}-${width}.png`) });
      assert.deepEqual(found, { empty: [], loading: [], results: [], error: [] });
      await page.close();
    });
  }
}

test('the element on a host page has no serious or critical axe violation', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${browser.url}demo/`);
  await page.waitForSelector('#compact[data-state=ready]');
  await page.waitForSelector('#own[data-state=ready]');
  assert.deepEqual(await seriousViolations(page), []);
  await page.close();
});

test('the keyboard reaches the file picker with a visible focus; each chart has its sentence and its table', async () => {
  const { page, errors } = await openPage(browser.context, browser.url);
  // Tab from the top of the page: the language box, then "Choose files", each drawn with a focus ring.
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const active = document.querySelector('chorus-analyzer').shadowRoot.activeElement;
    return { id: active?.id, outline: getComputedStyle(active).outlineStyle, width: getComputedStyle(active).outlineWidth };
  });
  assert.deepEqual(first, { id: 'language-select', outline: 'solid', width: '3px' });
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const active = document.querySelector('chorus-analyzer').shadowRoot.activeElement;
    const ring = getComputedStyle(active.closest('label'));
    return { id: active?.id, outline: ring.outlineStyle, width: ring.outlineWidth };
  });
  assert.deepEqual(focused, { id: 'file-input', outline: 'solid', width: '3px' });
  // Enter activates it (a click: the browser's file picker opens; headless Chromium does not always report
  // that dialog, so the activation itself is what is checked), then the chosen file is read.
  await page.evaluate(() => {
    window.activated = false;
    document.querySelector('chorus-analyzer').shadowRoot.getElementById('file-input').addEventListener('click', () => { window.activated = true; }, { once: true });
  });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.activated === true, null, { timeout: 5000 });
  await page.setInputFiles('#file-input', path.join(FIXTURES, 'x-archive-small/data/tweets.js'));
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === '11');
  await waitIdle(page);
  // The posts chart: described by its sentence; its table, once opened, holds a row per day with the day's posts.
  const described = await page.evaluate(() => {
    const root = document.querySelector('chorus-analyzer').shadowRoot;
    const svg = root.querySelector('#timeline svg');
    return root.getElementById(svg.getAttribute('aria-describedby')).textContent;
  });
  assert.match(described, /^11 posts from 2017-10-15 to 2018-01-01, per day; the most, 3, in 2017-10-16\.$/);
  // A term's sentence agrees with its count: one post is "1 post".
  const termsSentence = await page.evaluate(() => {
    const root = document.querySelector('chorus-analyzer').shadowRoot;
    return root.getElementById(root.querySelector('#terms-chart svg').getAttribute('aria-describedby')).textContent;
  });
  assert.match(termsSentence, /^#MeToo: 7 posts, the most \(\d\) in [^;]+; me too: 2 posts, [^;]+; #BalanceTonPorc: 1 post, the most \(1\) in /);
  await page.locator('#timeline-panel details.chart-table summary').click();
  // A table is built when its details open (the toggle event comes after the click): wait for its rows.
  await page.locator('#timeline-panel details.chart-table tbody tr').first().waitFor();
  const rows = await page.locator('#timeline-panel details.chart-table tbody tr').allInnerTexts();
  const total = rows.reduce((n, row) => n + Number(row.split('\t')[1]), 0);
  assert.equal(total, 11, 'the table\'s days add up to the posts');
  assert.equal(rows.length, 79, 'one row per day from the first post to the last');
  // The heatmap's 168 values: a table of 24 hours by 7 days.
  await page.locator('.heatmap-panel details.chart-table summary').click();
  await page.locator('.heatmap-panel details.chart-table tbody tr').first().waitFor();
  assert.equal(await page.locator('.heatmap-panel details.chart-table tbody tr').count(), 24);
  assert.match(await text(page, '#heatmap-summary'), /^Posts by hour of the week \(UTC\): most on \w+s from \d+:00 to \d+:59/);
  assert.deepEqual(errors, []);
  await page.close();
});

const text = (page, selector) => page.locator(selector).innerText();

test('a touch screen is offered the file picker only; forced colours keep the swatches that tell kinds apart', async () => {
  const { page, errors } = await openPage(browser.context, browser.url);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
  const touch = await page.evaluate(() => {
    const root = document.querySelector('chorus-analyzer').shadowRoot;
    const shown = (node) => node.getClientRects().length > 0;
    return { coarse: matchMedia('(pointer: coarse)').matches, drag: shown(root.querySelector('.drop-title .when-drag')),
      touch: root.querySelector('.drop-title .when-touch').innerText, folder: shown(root.getElementById('folder-input').closest('label')),
      files: shown(root.getElementById('file-input').closest('label')) };
  });
  assert.deepEqual(touch, { coarse: true, drag: false, touch: 'Choose your exports, as downloaded: one or several at once', folder: false, files: true });
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
  await page.emulateMedia({ forcedColors: 'active' });
  const swatches = await page.evaluate(() => {
    const root = document.querySelector('chorus-analyzer').shadowRoot;
    return ['original', 'reply', 'repost', 'quote'].map((kind) => getComputedStyle(root.querySelector(`#timeline-legend .kind-${kind}`), '::before').backgroundColor);
  });
  assert.equal(new Set(swatches).size, 4, `four different swatches under forced colours: ${swatches}`);
  assert.deepEqual(errors, []);
  await page.close();
});
