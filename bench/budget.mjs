#!/usr/bin/env node
// What end-to-end speed a parser of a given speed could reach in Chromium on this machine, reading included.
// The read-only ceiling (bench/page/ceiling-worker.js) reads the file as Chorus does, then holds each chunk
// for as long as a parser of exactly N MB/s would take: a stand-in parser that costs nothing but its time,
// on the thread where Chorus parses. Run side by side with the Chorus page and with Chorus's wasm module
// parsing the same file alone in Node (no browser, no reading), it shows how fast the wasm parsing would
// have to be for a given end-to-end target, such as 300 MB/s at 500 MB.
//
//   node bench/budget.mjs [--size 500] [--runs 3] [--rates 300,400,500,650] [--out bench/BUDGET.md]
// (after scripts/build.sh; the input is the benchmark's generated tweets.js of that many MB)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { beginAnalysis, feedBytes, unwrap } from '../web/worker/analysis-runner.js';
import { FLAGS, ROOT, appRun, browserRun, inputFile, median, option } from './harness.mjs';

const size = Number(option('--size', 500));
const runs = Number(option('--runs', 3));
const rates = option('--rates', '300,400,500,650').split(',').map(Number);
const out = option('--out', path.join(ROOT, 'bench', 'BUDGET.md'));
const TARGET_MBPS = 300;
const PAGE_TERMS = ['#MeToo', 'me too', '#BalanceTonPorc'];  // web/page/analyzer.js's DEFAULT_TERMS

/** Chorus's wasm module parsing the file alone, in this Node process: chunks of 1 MiB fed as the page feeds them. */
async function wasmAlone(file) {
  const gen = path.join(ROOT, 'web', 'gen');
  const { default: createChorusModule } = await import(path.join(gen, 'chorus.js'));
  const module = await createChorusModule({ wasmBinary: fs.readFileSync(path.join(gen, 'chorus.wasm')) });
  const fd = fs.openSync(file, 'r');
  const chunk = Buffer.alloc(1 << 20);
  try {
    beginAnalysis(module, PAGE_TERMS, 'UTC');  // what the page counts by default
    unwrap(module.beginFile(path.basename(file), -1, fs.fstatSync(fd).size));
    const started = performance.now();
    for (let n; (n = fs.readSync(fd, chunk, 0, chunk.length, null)) > 0;) {
      if (!feedBytes(module, chunk.subarray(0, n))) break;
    }
    unwrap(module.endFile());
    const { summary } = unwrap(module.finish());
    return { ms: performance.now() - started, posts: summary.totals.posts };
  } finally {
    fs.closeSync(fd);
  }
}

const file = inputFile(size);
const bytes = fs.statSync(file).size;
const { server, url } = await startServer({ root: ROOT, port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
const pageUrl = `${url}bench/page/index.html`;
const variants = [
  ['ceiling', 'read-only ceiling (no parser)', () => browserRun(browser, pageUrl, file, 'ceiling')],
  ...rates.map((rate) => [`standin${rate}`, `reading + a stand-in parser of ${rate} MB/s`,
    () => browserRun(browser, pageUrl, file, 'ceiling', { parseMBps: rate })]),
  ['chorus', 'Chorus page (default)', () => appRun(browser, `${url}web/index.html`, file)],
];
const times = Object.fromEntries(variants.map(([key]) => [key, []]));
const alone = [];
try {
  for (let run = 0; run < runs; run++) {
    for (const [key, label, measure] of variants) {  // interleaved: a noisy neighbour slows every variant alike
      const result = await measure();
      if (result.error) throw new Error(`${label}: ${result.error}`);
      times[key].push(result.ms);
      console.error(`run ${run + 1} ${label}: ${result.ms.toFixed(0)} ms`);
    }
    const result = await wasmAlone(file);
    alone.push(result.ms);
    console.error(`run ${run + 1} wasm module alone: ${result.ms.toFixed(0)} ms`);
  }
} finally {
  await browser.close();
  server.close();
}

const mbps = (ms) => bytes / 1e6 / (ms / 1000);
const lines = ['| variant | time (median) | end-to-end speed | the runs |', '|---|---|---|---|'];
for (const [key, label] of variants) {
  const ms = median(times[key]);
  lines.push(`| ${label} | ${(ms / 1000).toFixed(2)} s | ${mbps(ms).toFixed(0)} MB/s | ${times[key].map((t) => mbps(t).toFixed(0)).join(', ')} |`);
}
lines.push(`| Chorus's wasm module parsing alone (Node, no reading) | ${(median(alone) / 1000).toFixed(2)} s | ${mbps(median(alone)).toFixed(0)} MB/s | ${alone.map((t) => mbps(t).toFixed(0)).join(', ')} |`);
const reaching = rates.filter((rate) => mbps(median(times[`standin${rate}`])) >= TARGET_MBPS);
const verdict = reaching.length > 0
  ? `The slowest stand-in parser whose medians reached ${TARGET_MBPS} MB/s end to end parsed at ${Math.min(...reaching)} MB/s.`
  : `No stand-in parser measured (up to ${Math.max(...rates)} MB/s) reached ${TARGET_MBPS} MB/s end to end.`;
const table = `${lines.join('\n')}\n\n${verdict} Chorus's wasm module parses at ${mbps(median(alone)).toFixed(0)} MB/s alone.`;
console.log(table);

const chromiumVersion = spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout.trim();
fs.writeFileSync(out, `# What a parser would need to be for ${TARGET_MBPS} MB/s end to end

Produced by \`node bench/budget.mjs --size ${size} --runs ${runs} --rates ${rates.join(',')}\` on ${new Date().toISOString().slice(0, 10)}.
Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}); ${chromiumVersion}, headless; Node ${process.version}.
Input: the benchmark's generated ${size} MB \`tweets.js\`. Medians of ${runs} interleaved runs.

The read-only ceiling reads the file in a worker as Chorus does (\`File.stream()\` into one reused buffer) and
copies each chunk into wasm memory. A stand-in parser then holds each chunk on that thread for exactly as long
as a parser of that speed would take, and costs nothing else: no memory, no cache misses. Real parsing at
the same speed can only do worse. The browser reads the file on its own threads, in both processes, while
the worker parses; on two cores the two compete.

${table}
`);
console.error(`wrote ${out}`);
