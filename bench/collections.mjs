#!/usr/bin/env node
// Research collections in Chromium: Chorus on twarc2 JSON Lines and on twarc-csv beside Chorus on an X archive
// tweets.js of the same size, and against a page that splits JSON Lines and JSON.parses each line (what a
// researcher would otherwise do in a browser). Interleaved runs, medians, renderer peak memory. With --big,
// also a 5 GB collection of twenty overlapping files dropped at once: the deduplicated count must be exact.
//
//   node bench/collections.mjs [--size 500] [--runs 3] [--big 5000] [--ids 10000000] [--out bench/COLLECTIONS.md]
// --ids N: N distinct post ids (a lean CSV) plus the first tenth of them again in a second file: the page must
// hold them all exactly (the id set's bound) within its memory.
// (after scripts/build.sh; inputs are generated once into bench/data/, which git ignores)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { COLLECTION_BYTES_PER_TWEET, DATA, FLAGS, ROOT, appRun, browserRun, inputFile, median, option } from './harness.mjs';
import { writeCollection } from './generate-collection.mjs';

const CLI = path.join(ROOT, 'build', 'native', 'chorus');
const size = option('--size', 500);
const runs = option('--runs', 3);
const big = option('--big', 0);
const ids = option('--ids', 0);
const out = option('--out', path.join(ROOT, 'bench', 'COLLECTIONS.md'));

/** A generated collection file of about `mb` MB in bench/data/ (tweets from..), made once. */
function collectionFile(format, mb, from = 0, name = `collection-${mb}mb-${from}.${format === 'csv' ? 'csv' : 'jsonl'}`) {
  const file = path.join(DATA, name);
  const count = Math.round((mb * 1e6) / COLLECTION_BYTES_PER_TWEET[format] / 100) * 100;
  if (!fs.existsSync(file)) {
    fs.mkdirSync(DATA, { recursive: true });
    writeCollection(file, { format, from, count });
    console.error(`generated ${file}: ${count} tweets`);
  }
  return { file, count };
}

function nativeRun(files) {
  const started = process.hrtime.bigint();
  const result = spawnSync(CLI, ['summarize', ...files], { maxBuffer: 256 << 20 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`native CLI failed: ${result.stderr}`);
  return { ms, posts: JSON.parse(result.stdout).totals.posts };
}

const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mem = (r) => (r.peak == null ? '–' : `${(r.peak / 1e6).toFixed(0)} MB / ${(r.peakPrivate / 1e6).toFixed(0)} MB`);

const { server, url } = await startServer({ root: ROOT, port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
const appUrl = `${url}web/index.html`;
const benchUrl = `${url}bench/page/index.html`;
const lines = [];
try {
  const inputs = {
    tweets: { file: inputFile(size) },
    jsonl: collectionFile('v2', size),
    csv: collectionFile('csv', size),
  };
  for (const input of Object.values(inputs)) input.bytes = fs.statSync(input.file).size;
  const variants = {
    'Chorus, X archive tweets.js': () => appRun(browser, appUrl, inputs.tweets.file),
    'Chorus, twarc2 JSON Lines': () => appRun(browser, appUrl, inputs.jsonl.file),
    'Chorus, twarc-csv': () => appRun(browser, appUrl, inputs.csv.file),
    'line-by-line JSON.parse page, twarc2 JSON Lines': () => browserRun(browser, benchUrl, inputs.jsonl.file, 'jsonlines'),
  };
  const inputOf = (name) => (name.includes('tweets.js') ? inputs.tweets : name.includes('csv') ? inputs.csv : inputs.jsonl);
  const results = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let run = 0; run < runs; run++) {
    for (const [name, go] of Object.entries(variants)) {  // interleaved: a noisy neighbour slows all alike
      const r = await go();
      results[name].push(r);
      console.error(`${name} run ${run + 1}: ${r.error ?? `${r.ms.toFixed(0)} ms, ${r.posts} posts`}, renderer peak ${r.peak == null ? '–' : `${(r.peak / 1e6).toFixed(0)} MB`}`);
    }
  }
  const native = {
    jsonl: nativeRun([inputs.jsonl.file]), csv: nativeRun([inputs.csv.file]),
  };
  const row = {};
  lines.push(`# Research collections: benchmark results`, '',
    `Produced by \`node bench/collections.mjs --size ${size} --runs ${runs}${big ? ` --big ${big}` : ''}\` on ${new Date().toISOString().slice(0, 10)}.`,
    'Inputs are generated: an X archive tweets.js (`bench/generate-x-archive.mjs`), and the same kind of',
    'collection as twarc2 writes it (one API v2 response page of 100 tweets per line, includes.users and',
    'includes.tweets, pure ASCII) and as twarc-csv rows (`bench/generate-collection.mjs`). Each variant runs in',
    'a fresh page of headless Chromium: Chorus as users get it (the page loaded, then the file chosen), the',
    'other a page that streams the file as text, splits lines and JSON.parses each, counting the same tables.',
    `Times are medians of ${runs} interleaved runs; renderer peak is the Chromium renderer's resident / own memory.`, '',
    '| input | variant | time (median) | throughput | renderer peak | posts |', '|---|---|---|---|---|---|');
  for (const [name, rs] of Object.entries(results)) {
    const input = inputOf(name);
    const failed = rs.find((r) => r.error);
    const ms = median(rs.map((r) => r.ms ?? Infinity));
    const peak = { peak: median(rs.map((r) => r.peak)), peakPrivate: median(rs.map((r) => r.peakPrivate)) };
    row[name] = { ms, mbps: mbps(input.bytes, ms), ...peak, posts: rs[0].posts };
    lines.push(`| ${(input.bytes / 1e6).toFixed(0)} MB | ${name} | ${failed ? failed.error : fmt(ms)} | ${failed ? '–' : `${row[name].mbps.toFixed(0)} MB/s`} | ${mem(peak)} | ${rs[0].posts ?? '–'} |`);
  }
  for (const [name, r] of Object.entries(native)) {
    lines.push(`| ${(inputs[name].bytes / 1e6).toFixed(0)} MB | native CLI, ${name === 'csv' ? 'twarc-csv' : 'twarc2 JSON Lines'} | ${fmt(r.ms)} | ${mbps(inputs[name].bytes, r.ms).toFixed(0)} MB/s | – | ${r.posts} |`);
  }
  const jsonl = row['Chorus, twarc2 JSON Lines'];
  const tweets = row['Chorus, X archive tweets.js'];
  const csv = row['Chorus, twarc-csv'];
  const lined = row['line-by-line JSON.parse page, twarc2 JSON Lines'];
  lines.push('', '| ratio | value | target |', '|---|---|---|',
    `| JSON Lines MB/s over tweets.js MB/s | ${(jsonl.mbps / tweets.mbps).toFixed(2)}x | at least 1x |`,
    `| Chorus over the line-by-line JSON.parse page, JSON Lines | ${(lined.ms / jsonl.ms).toFixed(2)}x | at least 5x |`,
    `| CSV MB/s over tweets.js MB/s | ${(csv.mbps / tweets.mbps).toFixed(2)}x | – |`,
    `| renderer peak, JSON Lines (resident) | ${(jsonl.peak / 1e6).toFixed(0)} MB | at most 300 MB |`,
    `| posts agree (Chorus page, line-by-line page, native CLI) | ${jsonl.posts === lined.posts && jsonl.posts === native.jsonl.posts && csv.posts === native.csv.posts ? 'yes' : 'NO'} | yes |`);

  if (big > 0) {
    // Twenty files, each sharing 20% of its tweets with the next: a search run again on overlapping days.
    const files = [];
    const perFile = Math.round((big / 20) * 1e6 / COLLECTION_BYTES_PER_TWEET.v2 / 100) * 100;
    const step = Math.round(perFile * 0.8 / 100) * 100;
    for (let k = 0; k < 20; k++) files.push(collectionFile('v2', big / 20, k * step, `big-${big}mb-part${String(k).padStart(2, '0')}.jsonl`).file);
    const expected = step * 19 + perFile;
    const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
    const one = await appRun(browser, appUrl, files[0]);
    const all = await appRun(browser, appUrl, files);
    const cli = nativeRun(files);
    lines.push('', `## ${(bytes / 1e9).toFixed(1)} GB: twenty overlapping files dropped at once`, '',
      `Twenty files of ${perFile} tweets each, each sharing ${perFile - step} tweets (${Math.round(100 * (perFile - step) / perFile)}%) with the next:`,
      `${expected} distinct tweets in all.`, '',
      '| what | time | throughput | renderer peak | posts counted |', '|---|---|---|---|---|',
      `| Chorus page, one file (${(fs.statSync(files[0]).size / 1e6).toFixed(0)} MB) | ${fmt(one.ms)} | ${mbps(fs.statSync(files[0]).size, one.ms).toFixed(0)} MB/s | ${mem(one)} | ${one.posts} |`,
      `| Chorus page, all twenty files | ${fmt(all.ms)} | ${mbps(bytes, all.ms).toFixed(0)} MB/s | ${mem(all)} | ${all.posts} |`,
      `| native CLI, all twenty files | ${fmt(cli.ms)} | ${mbps(bytes, cli.ms).toFixed(0)} MB/s | – | ${cli.posts} |`, '',
      `Deduplicated count exact: ${all.posts === expected && cli.posts === expected ? 'yes' : 'NO'} (expected ${expected}).`,
      `Memory flat: the renderer's peak over ${(bytes / 1e9).toFixed(1)} GB is ${(all.peak / one.peak).toFixed(2)}x its peak over one file.`);
  }
  if (ids > 0) {
    // Lean rows: only what makes a post (id, time, text); no authors, so that the ids are what fills memory.
    const lean = (name, count) => {
      const file = path.join(DATA, name);
      if (!fs.existsSync(file)) {
        const fd = fs.openSync(file, 'w');
        fs.writeSync(fd, 'id,created_at,text,author_id\n');
        for (let i = 0; i < count; i += 100000) {
          let chunk = '';
          for (let k = i; k < Math.min(count, i + 100000); k++) chunk += `${1000000000000000000n + BigInt(k) * 7919n},2017-10-15T20:21:59.000Z,me too,\n`;
          fs.writeSync(fd, chunk);
        }
        fs.closeSync(fd);
      }
      return file;
    };
    const files = [lean(`ids-${ids}.csv`, ids), lean(`ids-${ids}-again.csv`, Math.floor(ids / 10))];
    const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
    const r = await appRun(browser, appUrl, files);
    const cli = nativeRun(files);
    lines.push('', `## ${ids} distinct ids, and a tenth of them again`, '',
      '| what | time | renderer peak | wasm memory | posts counted |', '|---|---|---|---|---|',
      `| Chorus page (${(bytes / 1e6).toFixed(0)} MB of lean CSV) | ${fmt(r.ms)} | ${mem(r)} | ${(r.heapBytes / 2 ** 20).toFixed(0)} MiB | ${r.posts} |`,
      `| native CLI | ${fmt(cli.ms)} | – | – | ${cli.posts} |`, '',
      `Every id held exactly: ${r.posts === ids && cli.posts === ids ? 'yes' : 'NO'} (${Math.floor(ids / 10)} duplicates dropped).`);
  }
  fs.writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
} finally {
  await browser.close();
  server.close();
}
