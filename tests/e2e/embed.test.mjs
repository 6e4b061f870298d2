// <chorus-analyzer> on a host's page (web/demo/): two instances, the host's greedy styles kept out, theming in
// through custom properties, a compact embed at 360 px, and events that carry aggregates only.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { SCREENSHOTS, dropFiles, startBrowser } from './browser.mjs';
import { SMALL_ARCHIVE, SMALL_ARCHIVE_TEXTS } from './sample.mjs';

let browser;
before(async () => { browser = await startBrowser(); });
after(async () => { await browser?.close(); });


/** Opens the demo host page, recording every chorus-* event the host receives, and waits for both analyzers. */
async function openDemo({ width = 1280 } = {}) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const errors = [];
  const requests = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  page.on('request', (request) => requests.push(request.url()));
  await page.addInitScript(() => {
    window.hostSaw = [];
    for (const type of ['chorus-ready', 'chorus-progress', 'chorus-summary']) {
      document.addEventListener(type, (event) => window.hostSaw.push({ type, target: event.target.id, detail: JSON.stringify(event.detail) }));
    }
  });
  await page.goto(`${browser.url}demo/`);
  await page.waitForSelector('#compact[data-state=ready]', { timeout: 30000 });
  await page.waitForSelector('#own[data-state=ready]', { timeout: 30000 });
  return { page, errors, requests };
}

const inShadow = (page, host, id) => page.evaluate(([h, i]) => document.getElementById(h).shadowRoot.getElementById(i).textContent, [host, id]);

test('two analyzers on a host page: each its own, the host told their counts, its styles kept out', async () => {
  const { page, errors, requests } = await openDemo();
  // The compact one analyzed the host's dataset (its src); the other waits for a drop, showing how.
  assert.equal(await inShadow(page, 'compact', 'stat-posts'), '1,500');
  assert.equal(await page.evaluate(() => document.getElementById('own').shadowRoot.getElementById('help').hidden), false);
  await page.waitForFunction(() => /told: 1500 posts, #MeToo \d+, me too \d+/.test(document.getElementById('host-line').textContent));
  // Panels not asked for are not shown: no terms panel, no top lists, no drop zone in the compact one.
  const shownPanels = await page.evaluate(() => {
    const root = document.getElementById('compact').shadowRoot;
    return ['.intake', '.terms-panel', '.top-grid', '.heatmap-panel', '.timeline-panel', '.cards']
      .map((s) => `${s}:${root.querySelector(s).offsetParent !== null}`);
  });
  assert.deepEqual(shownPanels, ['.intake:false', '.terms-panel:false', '.top-grid:false', '.heatmap-panel:false', '.timeline-panel:true', '.cards:true']);
  // The host's rule makes every button dark red with white text: not the element's buttons. Its headings stay serif.
  const styles = await page.evaluate(() => {
    const root = document.getElementById('own').shadowRoot;
    const inside = getComputedStyle(root.getElementById('cancel'));
    const heading = getComputedStyle(root.querySelector('h2'));
    const hostButton = getComputedStyle(document.querySelector('article > p > button'));
    const hostHeading = getComputedStyle(document.querySelector('h2'));
    return { inside: inside.backgroundColor, insideFont: heading.fontFamily, host: hostButton.backgroundColor, hostFont: hostHeading.fontFamily };
  });
  assert.notEqual(styles.inside, 'rgb(176, 0, 0)', 'the host\'s button rule reached inside');
  assert.doesNotMatch(styles.insideFont, /Georgia/);
  assert.equal(styles.host, 'rgb(176, 0, 0)', 'the element\'s styles leaked out to the host\'s button');
  assert.match(styles.hostFont, /Georgia/);
  // Theming: the host's --accent colours the compact one's originals; the other is dark, as its theme says.
  const themed = await page.evaluate(() => ({
    accent: getComputedStyle(document.getElementById('compact').shadowRoot.querySelector('.card.kind-original')).borderTopColor,
    dark: getComputedStyle(document.getElementById('own').shadowRoot.querySelector('.intake')).backgroundColor,
  }));
  assert.equal(themed.accent, 'rgb(11, 114, 133)');
  assert.equal(themed.dark, 'rgb(31, 28, 41)');
  // Dropping on one leaves the other as it was.
  await dropFiles(page, [{ name: 'my-private-archive.js', bytes: SMALL_ARCHIVE }], '#own');
  await page.waitForSelector('#own[data-busy=false] >> nth=0');
  await page.waitForFunction(() => document.getElementById('own').shadowRoot.getElementById('stat-posts').textContent === '11');
  assert.equal(await inShadow(page, 'compact', 'stat-posts'), '1,500');
  // What the host was told: counts and timelines, never a post's text or a file's name.
  await page.waitForFunction(() => window.hostSaw.some((e) => e.type === 'chorus-summary' && e.target === 'own'));
  const saw = await page.evaluate(() => window.hostSaw);
  assert.ok(saw.some((e) => e.type === 'chorus-ready' && e.target === 'own'));
  const own = saw.filter((e) => e.target === 'own');
  assert.equal(JSON.parse(own.find((e) => e.type === 'chorus-summary').detail).totals.posts, 11);
  for (const event of own) {
    assert.doesNotMatch(event.detail, /my-private-archive/, `${event.type} names the file`);
    for (const postText of SMALL_ARCHIVE_TEXTS) assert.ok(!event.detail.includes(postText), `${event.type} carries a post's text: ${postText}`);
  }
  const origin = new URL(browser.url).origin;
  assert.deepEqual(requests.filter((u) => new URL(u).origin !== origin), []);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'embed-demo.png'), fullPage: true });
  await page.close();
});

test('the compact embed fits 360 px: counts and one timeline, nothing wider than its box', async () => {
  const { page, errors } = await openDemo({ width: 390 });
  const box = await page.evaluate(() => {
    const element = document.getElementById('compact');
    const root = element.shadowRoot;
    const widest = Math.max(...[...root.querySelectorAll('*')].filter((n) => n.offsetParent !== null)
      .map((n) => n.getBoundingClientRect().right));
    const chart = root.querySelector('#timeline svg').getBoundingClientRect();
    const label = root.querySelector('#timeline svg .axis text');
    return { width: element.getBoundingClientRect().width, right: element.getBoundingClientRect().right, widest,
      chart: chart.width, labelPx: label ? label.getBoundingClientRect().height : 0 };
  });
  assert.ok(box.width <= 360, `the element is ${box.width} px wide`);
  assert.ok(box.widest <= box.right + 0.5, `something inside reaches ${box.widest} px, past the element's ${box.right}`);
  assert.ok(box.chart > 300, `the timeline is ${box.chart} px wide`);
  await page.locator('#compact').screenshot({ path: path.join(SCREENSHOTS, 'embed-compact-360.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the iframe embed from the host\'s own origin (the iframe demo page): the host is told the totals', async () => {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  await page.goto(`${browser.url}demo/iframe.html`);
  await page.waitForFunction(() => /ready/.test(document.getElementById('host-line').textContent), null, { timeout: 30000 });
  const frame = page.frame({ url: /\/embed\.html/ });
  await dropFiles(frame, [{ name: 'tweets.js', bytes: SMALL_ARCHIVE }]);
  await page.waitForFunction(() => document.getElementById('host-line').textContent === 'The frame told this page: 11 posts.');
  assert.deepEqual(errors, []);
  await page.close();
});
