// Languages: the interface in the browser's language (French here), switched to Spanish and English without a
// reload, numbers through Intl, each language's example terms; long strings and right-to-left text from the data
// keep the layout.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { dropFiles, openPage, startBrowser, waitIdle } from './browser.mjs';
import { sampleTotal } from './sample.mjs';

let browser;
before(async () => { browser = await startBrowser({ locale: 'fr-FR' }); });
after(async () => { await browser?.close(); });

const inside = (page, id) => page.evaluate((i) => document.querySelector('chorus-analyzer').shadowRoot.getElementById(i).textContent, id);
const legend = (page) => page.locator('#terms-legend li .term').allInnerTexts();

test('the browser\'s language first, then another without a reload: words, numbers and example terms', async () => {
  const { page, errors } = await openPage(browser.context, browser.url);
  // French, as the browser asks: the element, the page around it and the numbers (a narrow no-break space).
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  assert.equal(await page.locator('#language-select').inputValue(), 'fr');
  assert.match(await page.locator('.drop-title .when-drag').innerText(), /^Déposez ici vos exports/);
  assert.equal(await page.locator('[data-page=badge]').innerText(), 'Rien n’est envoyé');
  assert.equal(await inside(page, 'stat-posts'), sampleTotal('fr'));
  assert.match(await inside(page, 'stat-posts'), /^\d\u202f\d{3}$/, 'French groups thousands with a narrow no-break space');
  assert.equal(await inside(page, 'timeline-title'), 'Publications par jour et par plateforme (UTC)');
  assert.deepEqual(await legend(page), ['#BalanceTonPorc', '#MoiAussi', '#MeToo']);
  assert.match(await inside(page, 'stat-range'), /^1 sept\. 2017 – 30 mars 2019$/);
  await page.evaluate(() => { window.sameDocument = true; });

  // Spanish from the box: no reload (the marker stays), its example terms counted again from the same sample.
  await page.selectOption('#language-select', 'es');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('timeline-title').textContent === 'Publicaciones por día y plataforma (UTC)');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('terms-legend').textContent.includes('#YoTambién'));
  await waitIdle(page);
  assert.equal(await page.evaluate(() => window.sameDocument), true);
  assert.deepEqual(await legend(page), ['#YoTambién', 'yo también', '#MeToo']);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  assert.match(await inside(page, 'problems-summary'), /^No hay problemas: se leyeron todos los registros\./);
  assert.match(await page.locator('#top-languages li .label').first().innerText(), /^inglés \(en\)$/);

  // Terms the user typed stay when the language changes; English numbers have a comma.
  await page.fill('#terms-input', '#MeToo');
  await page.press('#terms-input', 'Enter');
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('terms-legend').children.length === 1);
  await waitIdle(page);
  await page.selectOption('#language-select', 'en');
  await page.waitForFunction((n) => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent === n, sampleTotal('en'));
  assert.deepEqual(await legend(page), ['#MeToo']);
  assert.equal(await inside(page, 'heatmap-title'), 'When posts were written (UTC)');
  assert.deepEqual(errors, []);
  await page.close();
});

test('long strings and right-to-left text from the data do not break the layout', async () => {
  const { page, errors } = await openPage(browser.context, `${browser.url}?sample=0`);
  await page.setViewportSize({ width: 390, height: 900 });
  const long = `#${'Solidarité'.repeat(12)}`;
  const posts = [
    { text: `${long} ${long}`, tags: [long.slice(1)] },
    { text: 'أنا أيضا #أنا_أيضا \u202Eevil override', tags: ['أنا_أيضا'] },
    { text: 'גם אני #גם_אני', tags: ['גם_אני'] },
  ].map((p, i) => ({ tweet: { id_str: `9${i}`, created_at: `Mon Jan 0${i + 1} 10:00:00 +0000 2024`, full_text: p.text,
    entities: { hashtags: p.tags.map((text) => ({ text })), user_mentions: [], urls: [] } } }));
  await dropFiles(page, [{ name: 'tweets.js', bytes: Buffer.from(`window.YTD.tweets.part0 = ${JSON.stringify(posts)}`) }]);
  await page.waitForFunction(() => document.querySelector('chorus-analyzer').shadowRoot.getElementById('stat-posts').textContent.trim() === '3');
  await waitIdle(page);
  const layout = await page.evaluate(() => {
    const host = document.querySelector('chorus-analyzer');
    const right = host.getBoundingClientRect().right;
    const overflowing = [...host.shadowRoot.querySelectorAll('.top-list li, .terms-legend li, .card, .panel')]
      .filter((node) => node.offsetParent !== null && node.getBoundingClientRect().right > right + 0.5)
      .map((node) => node.className || node.tagName);
    const labels = [...host.shadowRoot.querySelectorAll('#top-hashtags .label')];
    return { overflowing, pageWidth: document.documentElement.scrollWidth, isolated: labels.every((l) => getComputedStyle(l).unicodeBidi === 'isolate'),
      hashtags: labels.map((l) => l.textContent) };
  });
  assert.deepEqual(layout.overflowing, []);
  assert.ok(layout.pageWidth <= 390, `the page scrolls sideways: ${layout.pageWidth} px`);
  assert.equal(layout.isolated, true, 'labels from the data are bidi-isolated');
  assert.ok(layout.hashtags.includes('#أنا_أيضا') && layout.hashtags.includes('#גם_אני'), layout.hashtags.join(', '));
  assert.deepEqual(errors, []);
  await page.close();
});

test('on a phone the terms\' legend wraps its counts, never a term or its "read" button', async () => {
  // The sample's terms, counted on three platforms: long counts beside each term (a phone showed "#Me / Too", "re / ad").
  const { page, errors } = await openPage(browser.context, browser.url);
  await page.setViewportSize({ width: 390, height: 900 });
  await waitIdle(page);
  const legend = await page.evaluate(() => [...document.querySelector('chorus-analyzer').shadowRoot.querySelectorAll('#terms-legend li')]
    .map((item) => [...item.querySelectorAll('.term, button')].map((node) =>
      `${node.textContent}: ${node.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(node).fontSize) ? 'one line' : 'broken'}`)));
  assert.ok(legend.length >= 2 && legend.filter((item) => item.length === 2).length >= 2, `terms, and buttons to read them: ${JSON.stringify(legend)}`);
  for (const item of legend) assert.ok(item.every((s) => s.endsWith(': one line')), item.join(', '));
  assert.deepEqual(errors, []);
  await page.close();
});
