#!/usr/bin/env node
// The benchmark: Chorus in headless Chromium against a JSON.parse-based page doing the same aggregation,
// the browser's read-only ceiling (read the File, copy it into wasm memory) and the native CLI, side by
// side on the same generated X archive files. Prints medians and ratios and writes bench/RESULTS.md.
//
//   node bench/run.mjs [--sizes 10,100,500] [--runs 3] [--out bench/RESULTS.md]
// (after scripts/build.sh; sizes in MB; generated inputs are cached in bench/data/, which git ignores)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { FLAGS, ROOT, appRun, browserRun, inputFile, median } from './harness.mjs';

const CLI = path.join(ROOT, 'build', 'native', 'chorus');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const sizes = option('--sizes', '10,100,500').split(',').map(Number);
const runs = Number(option('--runs', 3));
const out = option('--out', path.join(ROOT, 'bench', 'RESULTS.md'));


function nativeRun(file) {
  const started = process.hrtime.bigint();
  const result = spawnSync(CLI, ['summarize', file], { maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`native CLI failed: ${result.stderr}`);
  return { ms, posts: JSON.parse(result.stdout).totals.posts };
}

const machine = () => {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}`;
};

const { server, url } = await startServer({ root: ROOT, port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
const pageUrl = `${url}bench/page/index.html`;
const appUrl = `${url}web/index.html`;
// The page's default (web/worker/worker.js): one helper per core beyond two, none on two cores. It is measured
// beside one worker alone (?helpers=0), the same program on two cores.
const oneWorkerUrl = `${appUrl}?helpers=0`;
const rows = [];
try {
  for (const mb of sizes) {
    const file = inputFile(mb);
    const bytes = fs.statSync(file).size;
    const variants = { chorus: [], chorus1: [], jsonparse: [], ceiling: [], native: [] };
    for (let run = 0; run < runs; run++) {
      // Interleaved, so that a noisy neighbour slows every variant alike.
      for (const mode of ['chorus', 'chorus1', 'jsonparse', 'ceiling']) {
        const result = mode === 'chorus' ? await appRun(browser, appUrl, file)
          : mode === 'chorus1' ? await appRun(browser, oneWorkerUrl, file)
            : await browserRun(browser, pageUrl, file, mode);
        variants[mode].push(result);
        console.error(`${mb} MB ${mode} run ${run + 1}: ${result.error ?? `${result.ms.toFixed(0)} ms`}, renderer peak ${result.peak == null ? '–' : `${(result.peak / 1e6).toFixed(0)} MB`}`);
      }
      variants.native.push(nativeRun(file));
    }
    const summarize = (results) => {
      const failed = results.find((r) => r.error);
      const peaks = results[0].peak === undefined ? {} : {
        peak: median(results.map((r) => r.peak)), peakPrivate: median(results.map((r) => r.peakPrivate)),
      };
      if (failed) return { failed: failed.error, ...peaks };
      const ms = median(results.map((r) => r.ms));
      return { ms, mbps: bytes / 1e6 / (ms / 1000), ...peaks };
    };
    const row = { mb, bytes, chorus: summarize(variants.chorus), chorus1: summarize(variants.chorus1),
      jsonparse: summarize(variants.jsonparse),
      ceiling: summarize(variants.ceiling), native: summarize(variants.native) };
    const posts = new Set([...variants.chorus, ...variants.chorus1, ...variants.native, ...variants.jsonparse]
      .filter((r) => !r.error).map((r) => r.posts));
    row.postsAgree = posts.size === 1;
    rows.push(row);
  }
} finally {
  await browser.close();
  server.close();
}

const fmtMs = (v) => (v.failed ? 'failed' : `${(v.ms / 1000).toFixed(2)} s`);
const fmtRate = (v) => (v.failed ? '–' : `${v.mbps.toFixed(0)} MB/s`);
const fmtPeak = (v) => (v.peak == null ? '–' : `${(v.peak / 1e6).toFixed(0)} MB / ${(v.peakPrivate / 1e6).toFixed(0)} MB`);
const ratio = (a, b) => (a.failed || b.failed ? '–' : `${(a.ms / b.ms).toFixed(2)}x`);

const lines = [];
lines.push('| input | variant | time (median) | throughput | renderer peak: resident / own |');
lines.push('|---|---|---|---|---|');
for (const row of rows) {
  for (const [name, label] of [['chorus', 'Chorus page (default)'], ['chorus1', 'Chorus page, one worker (?helpers=0)'],
    ['jsonparse', 'JSON.parse page'], ['ceiling', 'read-only ceiling'], ['native', 'native CLI']]) {
    lines.push(`| ${row.mb} MB | ${label} | ${fmtMs(row[name])}${row[name].failed ? ` (${row[name].failed})` : ''} | ${fmtRate(row[name])} | ${name === 'native' ? '–' : fmtPeak(row[name])} |`);
  }
}
lines.push('');
lines.push('| input | Chorus speed-up over JSON.parse | Chorus time / read-only ceiling | default over one worker | native speed-up over Chorus | post counts agree |');
lines.push('|---|---|---|---|---|---|');
for (const row of rows) {
  lines.push(`| ${row.mb} MB | ${ratio(row.jsonparse, row.chorus)} | ${ratio(row.chorus, row.ceiling)} | ${ratio(row.chorus1, row.chorus)} | ${ratio(row.chorus, row.native)} | ${row.postsAgree ? 'yes' : 'NO'} |`);
}
const table = lines.join('\n');
console.log(table);

const chromiumVersion = spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout.trim().split('\n').pop();
const report = `# Benchmark results

Produced by \`node bench/run.mjs --sizes ${sizes.join(',')} --runs ${runs}\` on ${new Date().toISOString().slice(0, 10)}.
Machine: ${machine()}; ${chromiumVersion}, headless; Node ${process.version}.

Inputs are synthetic X archive \`tweets.js\` files written by \`bench/generate-x-archive.mjs\`, pretty-printed as
X writes them (about 1.5 KB per post; replies, reposts, quotes, hashtags, mentions, URLs, non-ASCII text,
emoji, HTML entities). Each variant runs in a Web Worker in a fresh page; times are medians of ${runs} runs,
interleaved; "renderer peak" is the highest memory of the Chromium renderer process (page and workers share
it) sampled every 25 ms from /proc/PID/status: resident (VmRSS) and its own anonymous memory (RssAnon: heaps
and wasm memory, without file pages and memory shared with the browser process). The JSON.parse page reads
\`file.text()\`, strips the prefix, parses and aggregates the same tables; the read-only ceiling reads
\`File.stream()\` the way Chorus does (into one reused buffer) and copies every chunk into a wasm memory,
nothing else. The native CLI's time includes its start and its JSON output.

${table}
`;
fs.writeFileSync(out, report);
console.error(`wrote ${out}`);
