#!/usr/bin/env node
// The other platforms' formats on generated inputs (issue 13: each format on 500 MB, with flat memory): for
// now a Mastodon outbox.json. For each size: the real page in Chromium (time, renderer peak, wasm memory),
// the native CLI on one thread, and the post count against the generator's. Interleaved runs, medians;
// writes the measured block of bench/PLATFORMS.md.
//
//   node bench/platforms.mjs [--sizes 100,500] [--runs 3] [--out bench/PLATFORMS.md]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { generateOutbox } from './generate-mastodon.mjs';
import { DATA, FLAGS, ROOT, appRun, median, option, writeGenerated, writeMeasured } from './harness.mjs';

const sizes = option('--sizes', '100,500').split(',').map(Number);
const runs = Number(option('--runs', 3));
const out = option('--out', path.join(ROOT, 'bench', 'PLATFORMS.md'));
const CLI = path.join(ROOT, 'build', 'native', 'chorus');

/** A generated outbox.json of `mb` MB in bench/data/ (made once), with the generator's counts. */
function outbox(mb) {
  const dir = path.join(DATA, `mastodon-${mb}mb`);
  const file = path.join(dir, 'outbox.json');
  const countsFile = path.join(dir, 'counts.json');
  if (!fs.existsSync(countsFile)) {
    const counts = writeGenerated(file, (write) => generateOutbox({ bytes: mb * 1e6, write }));
    fs.writeFileSync(countsFile, JSON.stringify(counts));
    console.error(`generated ${file}: ${counts.items} activities`);
  }
  return { file, counts: JSON.parse(fs.readFileSync(countsFile, 'utf8')) };
}

function nativeRun(file) {
  const started = process.hrtime.bigint();
  const result = spawnSync(CLI, ['summarize', '-j', '1', file], { maxBuffer: 256 << 20 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`native CLI failed: ${result.stderr}`);
  return { ms, posts: JSON.parse(result.stdout).totals.posts };
}

const { server, url } = await startServer({ root: ROOT, port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
const rows = [];
try {
  for (const mb of sizes) {
    const { file, counts } = outbox(mb);
    const page = [];
    const native = [];
    for (let run = 0; run < runs; run++) {
      page.push(await appRun(browser, `${url}web/index.html`, file));
      native.push(nativeRun(file));
      console.error(`${mb} MB run ${run + 1}: page ${page.at(-1).ms.toFixed(0)} ms, peak ${(page.at(-1).peak / 1e6).toFixed(0)} MB; CLI ${native.at(-1).ms.toFixed(0)} ms`);
    }
    rows.push({ mb, bytes: fs.statSync(file).size, counts, page, native });
  }
} finally {
  await browser.close();
  server.close();
}

const mbps = (bytes, ms) => (bytes / 1e6 / (ms / 1000)).toFixed(0);
const lines = [
  `Produced by \`node bench/platforms.mjs --sizes ${sizes.join(',')} --runs ${runs}\` on ${new Date().toISOString().slice(0, 10)}; medians of ${runs} interleaved runs.`,
  '',
  '| input | activities (counted, private) | page: time | page: throughput | renderer peak: resident / own | wasm memory | CLI -j 1 | posts = generator\'s |',
  '|---|---|---|---|---|---|---|---|',
];
for (const row of rows) {
  const ms = median(row.page.map((r) => r.ms));
  const cli = median(row.native.map((r) => r.ms));
  const agree = [...row.page, ...row.native].every((r) => r.posts === row.counts.counted);
  lines.push(`| Mastodon outbox.json, ${(row.bytes / 1e6).toFixed(0)} MB | ${row.counts.items.toLocaleString('en')} (${row.counts.counted.toLocaleString('en')}, ${row.counts.private.toLocaleString('en')}) | ${(ms / 1000).toFixed(2)} s | ${mbps(row.bytes, ms)} MB/s | ${(median(row.page.map((r) => r.peak)) / 1e6).toFixed(0)} MB / ${(median(row.page.map((r) => r.peakPrivate)) / 1e6).toFixed(0)} MB | ${(median(row.page.map((r) => r.heapBytes)) / 1e6).toFixed(0)} MB | ${(cli / 1000).toFixed(2)} s (${mbps(row.bytes, cli)} MB/s) | ${agree ? 'yes' : 'NO'} |`);
}
const block = lines.join('\n');
console.log(block);
writeMeasured(out, 'Other platforms\' formats', block);
console.error(`wrote ${out}`);
