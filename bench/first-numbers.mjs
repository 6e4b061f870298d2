#!/usr/bin/env node
// Time to first numbers: the real page in Chromium, a tweets.js chosen, the time until the first counts are
// on screen (a summary of what is read so far, every few hundred milliseconds while reading) and until the
// final ones. Medians of interleaved runs.
//
//   node bench/first-numbers.mjs [--sizes 10,100] [--runs 5] [--out bench/FIRST-NUMBERS.md]
// (after scripts/build.sh; inputs are generated once into bench/data/, which git ignores)
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { FLAGS, ROOT, inputFile, median, option, writeMeasured } from './harness.mjs';

const sizes = String(option('--sizes', '10,100')).split(',').map(Number);
const runs = option('--runs', 5);
const out = option('--out', path.join(ROOT, 'bench', 'FIRST-NUMBERS.md'));

/** One analysis in a fresh page: {first, final} in ms from choosing the file, and whether first was partial. */
async function run(browser, appUrl, file) {
  const page = await browser.newPage();
  try {
    await page.goto(appUrl);
    await page.waitForSelector('chorus-analyzer[data-state=ready]');
    await page.setInputFiles('#file-input', file);
    const handle = await page.waitForFunction(() => {
      const final = performance.getEntriesByName('chorus-analysis')[0];
      const first = performance.getEntriesByName('chorus-first-numbers')[0];
      return final && first && { final: final.duration, first: first.duration, partial: first.detail?.partial ?? false };
    }, null, { timeout: 600000, polling: 20 });
    return await handle.jsonValue();
  } finally {
    await page.close();
  }
}

const { server, url } = await startServer({ root: ROOT, port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
const rows = [];
try {
  const files = Object.fromEntries(sizes.map((mb) => [mb, inputFile(mb)]));
  const results = Object.fromEntries(sizes.map((mb) => [mb, []]));
  for (let r = 0; r < runs; r++) {
    for (const mb of sizes) {  // interleaved: the machine's noise falls on every size alike
      const result = await run(browser, `${url}web/index.html`, files[mb]);
      results[mb].push(result);
      console.error(`${mb} MB run ${r + 1}: first numbers ${result.first.toFixed(0)} ms${result.partial ? ' (partial)' : ''}, final ${result.final.toFixed(0)} ms`);
    }
  }
  for (const mb of sizes) {
    const first = median(results[mb].map((x) => x.first));
    const final = median(results[mb].map((x) => x.final));
    const partial = results[mb].filter((x) => x.partial).length;
    rows.push(`| ${mb} MB tweets.js | ${first.toFixed(0)} ms | ${final.toFixed(0)} ms | ${(final / first).toFixed(1)}x | ${partial} of ${runs} |`);
  }
} finally {
  await browser.close();
  server.close();
}
const block = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, Chromium headless, medians of ${runs} runs, ` +
    `\`node bench/first-numbers.mjs --sizes ${sizes.join(',')} --runs ${runs}\`:`,
  '',
  '| input | first numbers on screen | final numbers | final / first | runs whose first numbers were partial |',
  '|---|---|---|---|---|',
  ...rows,
].join('\n');
console.log(block);
writeMeasured(out, 'Time to first numbers', block);
