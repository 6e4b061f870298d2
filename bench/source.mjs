#!/usr/bin/env node
// The element's `src`: a host's dataset fetched by <chorus-analyzer> (docs/embed.md), against the same file
// dropped by the user, side by side in one run: time to the counts and the renderer's peak memory. The download
// goes into a Blob part by part (the browser keeps a Blob's bytes outside the page), so the page's memory should
// stay as flat as with a dropped file.
//   node bench/source.mjs [--mb 500] [--runs 3]     (writes bench/SOURCE.md)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { FLAGS, ROOT, appRun, inputFile, median, option, withRendererPeak, writeMeasured } from './harness.mjs';

const mb = option('--mb', 500);
const runs = option('--runs', 3);
const file = inputFile(mb);
// The host's site: Chorus's files and the dataset, one origin.
const site = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-source-'));
for (const entry of fs.readdirSync(path.join(ROOT, 'web'))) fs.symlinkSync(path.join(ROOT, 'web', entry), path.join(site, entry));
fs.symlinkSync(file, path.join(site, 'dataset.js'));
fs.writeFileSync(path.join(site, 'host.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title>
<link rel="icon" href="data:,"><script type="module" src="chorus-analyzer.js"></script></head>
<body><chorus-analyzer id="analyzer" src="dataset.js" panels="counts timeline" lang="en"></chorus-analyzer></body></html>`);
const { server, url } = await startServer({ root: site, port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });

async function sourceRun() {
  const page = await browser.newPage();
  try {
    return await withRendererPeak(async () => {
      const started = Date.now();
      await page.goto(`${url}host.html`);
      await page.waitForSelector('#analyzer[data-state=ready]', { timeout: 3600000, polling: 100 });
      const posts = Number((await page.evaluate(() => document.getElementById('analyzer').shadowRoot.getElementById('stat-posts').textContent)).replace(/,/g, ''));
      return { ms: Date.now() - started, posts };
    });
  } finally {
    await page.close();
  }
}

const results = { src: [], drop: [] };
try {
  for (let run = 0; run < runs; run++) {
    results.src.push(await sourceRun());
    results.drop.push(await appRun(browser, url, file));
    console.error(`run ${run + 1}: src ${results.src.at(-1).ms} ms, ${Math.round(results.src.at(-1).peak / 1048576)} MiB; ` +
      `drop ${Math.round(results.drop.at(-1).ms)} ms, ${Math.round(results.drop.at(-1).peak / 1048576)} MiB`);
  }
} finally {
  await browser.close();
  server.close();
  fs.rmSync(site, { recursive: true, force: true });
}

const mib = (bytes) => Math.round(bytes / 1048576);
const row = (name, list) => `| ${name} | ${list[0].posts.toLocaleString('en')} | ${(median(list.map((r) => r.ms)) / 1000).toFixed(1)} s | ` +
  `${mib(median(list.map((r) => r.peak)))} MiB | ${mib(median(list.map((r) => r.peakPrivate)))} MiB |`;
const block = [
  `${mb} MB tweets.js, ${runs} runs each, interleaved, medians; ${os.cpus().length} cores, Chromium headless, ${new Date().toISOString().slice(0, 10)}.`,
  '',
  '| how the file arrives | posts | time to the counts | renderer peak (RSS) | renderer peak (own pages) |',
  '|---|---|---|---|---|',
  row('`src`: fetched by the element (download included)', results.src),
  row('dropped by the user (after the page loaded)', results.drop),
  '',
  `Ratio of peaks, src / drop: ${(median(results.src.map((r) => r.peak)) / median(results.drop.map((r) => r.peak))).toFixed(2)}.`,
].join('\n');
writeMeasured(path.join(ROOT, 'bench', 'SOURCE.md'), 'The element\'s src against a dropped file', block);
console.log(block);
