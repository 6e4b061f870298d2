#!/usr/bin/env node
// The other platforms' formats on generated inputs (issue 13: each format on 500 MB, with flat memory): a
// Mastodon outbox.json, a Bluesky repository (.car), an Instagram posts_1.json, a Reddit comments.csv, a LinkedIn
// Shares.csv and a TikTok user_data_tiktok.json. For each format and size: the real page in Chromium (time, renderer peak, wasm memory),
// the native CLI on one thread, and the post count against the generator's. Interleaved runs, medians;
// writes the measured block of bench/PLATFORMS.md.
//
//   node bench/platforms.mjs [--sizes 100,500] [--runs 3] [--formats mastodon,bluesky,instagram,reddit,linkedin,tiktok] [--out bench/PLATFORMS.md]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { generateRepo } from './generate-bluesky.mjs';
import { EXPORT_FILES, generateExport } from './generate-exports.mjs';
import { generateOutbox } from './generate-mastodon.mjs';
import { DATA, FLAGS, ROOT, appRun, median, option, writeGenerated, writeMeasured } from './harness.mjs';

const sizes = option('--sizes', '100,500').split(',').map(Number);
const formats = option('--formats', 'mastodon,bluesky,instagram,reddit,linkedin,tiktok').split(',');
const runs = Number(option('--runs', 3));
const out = option('--out', path.join(ROOT, 'bench', 'PLATFORMS.md'));
const CLI = path.join(ROOT, 'build', 'native', 'chorus');

/** A generated input of `mb` MB in bench/data/ (made once), with the generator's counts. */
function generated(format, mb) {
  const dir = path.join(DATA, `${format}-${mb}mb`);
  const file = path.join(dir, format === 'mastodon' ? 'outbox.json' : format === 'bluesky' ? 'repo.car' : EXPORT_FILES[format]);
  const countsFile = path.join(dir, 'counts.json');
  if (!fs.existsSync(countsFile)) {
    fs.mkdirSync(dir, { recursive: true });
    const counts = format === 'mastodon' ? writeGenerated(file, (write) => generateOutbox({ bytes: mb * 1e6, write }))
      : format === 'bluesky' ? generateRepo({ bytes: mb * 1e6, file })
        : writeGenerated(file, (write) => generateExport({ format, bytes: mb * 1e6, write }));
    fs.writeFileSync(countsFile, JSON.stringify(counts));
    console.error(`generated ${file}: ${JSON.stringify(counts)}`);
  }
  return { file, counts: JSON.parse(fs.readFileSync(countsFile, 'utf8')) };
}

/** How each format's row reads: its label, the records it holds, and the posts the generator says count. */
const FORMATS = {
  mastodon: { label: 'Mastodon outbox.json', records: (c) => `${c.items.toLocaleString('en')} activities (${c.private.toLocaleString('en')} private)`, posts: (c) => c.counted },
  bluesky: { label: 'Bluesky repository .car', records: (c) => `${c.records.toLocaleString('en')} records (${c.likes.toLocaleString('en')} likes)`, posts: (c) => c.posts },
  instagram: { label: 'Instagram posts_1.json', records: (c) => `${c.posts.toLocaleString('en')} posts`, posts: (c) => c.posts },
  reddit: { label: 'Reddit comments.csv', records: (c) => `${c.posts.toLocaleString('en')} comments`, posts: (c) => c.posts },
  linkedin: { label: 'LinkedIn Shares.csv', records: (c) => `${c.posts.toLocaleString('en')} posts`, posts: (c) => c.posts },
  tiktok: { label: 'TikTok user_data_tiktok.json', records: (c) => `${c.posts.toLocaleString('en')} videos`, posts: (c) => c.posts },
};

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
  for (const [format, mb] of formats.flatMap((f) => sizes.map((mb) => [f, mb]))) {
    const { file, counts } = generated(format, mb);
    const page = [];
    const native = [];
    for (let run = 0; run < runs; run++) {
      page.push(await appRun(browser, `${url}web/index.html`, file));
      native.push(nativeRun(file));
      console.error(`${format} ${mb} MB run ${run + 1}: page ${page.at(-1).ms.toFixed(0)} ms, peak ${(page.at(-1).peak / 1e6).toFixed(0)} MB; CLI ${native.at(-1).ms.toFixed(0)} ms`);
    }
    rows.push({ format, mb, bytes: fs.statSync(file).size, counts, page, native });
  }
} finally {
  await browser.close();
  server.close();
}

const mbps = (bytes, ms) => (bytes / 1e6 / (ms / 1000)).toFixed(0);
const lines = [
  `Produced by \`node bench/platforms.mjs --sizes ${sizes.join(',')} --runs ${runs} --formats ${formats.join(',')}\` on ${new Date().toISOString().slice(0, 10)}; medians of ${runs} interleaved runs.`,
  '',
  '| input | records | page: time | page: throughput | renderer peak: resident / own | wasm memory | CLI -j 1 | posts = generator\'s |',
  '|---|---|---|---|---|---|---|---|',
];
for (const row of rows) {
  const ms = median(row.page.map((r) => r.ms));
  const cli = median(row.native.map((r) => r.ms));
  const { label, records, posts } = FORMATS[row.format];
  const agree = [...row.page, ...row.native].every((r) => r.posts === posts(row.counts));
  lines.push(`| ${label}, ${(row.bytes / 1e6).toFixed(0)} MB | ${records(row.counts)} | ${(ms / 1000).toFixed(2)} s | ${mbps(row.bytes, ms)} MB/s | ${(median(row.page.map((r) => r.peak)) / 1e6).toFixed(0)} MB / ${(median(row.page.map((r) => r.peakPrivate)) / 1e6).toFixed(0)} MB | ${(median(row.page.map((r) => r.heapBytes)) / 1e6).toFixed(0)} MB | ${(cli / 1000).toFixed(2)} s (${mbps(row.bytes, cli)} MB/s) | ${agree ? 'yes' : 'NO'} |`);
}
const block = lines.join('\n');
console.log(block);
writeMeasured(out, 'Other platforms\' formats', block);
console.error(`wrote ${out}`);
