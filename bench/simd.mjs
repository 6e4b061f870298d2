#!/usr/bin/env node
// The page's two wasm builds side by side: chorus-simd (wasm SIMD128 kernels, what browsers with SIMD128
// load) and chorus (no SIMD). First each build parsing alone in Node on one core, the input already in
// memory, on a generated tweets.js and a generated twarc2 JSON Lines file; then, with --page-sizes, the real
// page in Chromium with each build (?simd=0 asks for the scalar one), the JSON.parse page and the browser's
// read-only ceiling, with the renderer's peak memory. Interleaved runs, medians, ratios; writes the measured
// block of bench/SIMD.md.
//
//   node bench/simd.mjs [--size 200] [--runs 5] [--page-sizes 500,1000] [--page-runs 3] [--baseline PREFIX] [--out bench/SIMD.md]
// --baseline names another build's files without their extension (PREFIX.js, PREFIX.wasm), such as the scalar
// build of the day issue 14 was filed, built from its commit: it is timed beside the two, parsing alone.
// (after scripts/build.sh; inputs are generated into bench/data/, which git ignores)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beginAnalysis, feedBytes, unwrap } from '../web/worker/analysis-runner.js';
import { FLAGS, ROOT, appRun, browserRun, collectionFolder, inputFile, median, option, writeMeasured } from './harness.mjs';

const BUILDS = ['chorus', 'chorus-simd'];
const PAGE_TERMS = ['#MeToo', 'me too', '#BalanceTonPorc'];  // web/page/analyzer.js's default terms
const CHUNK = 1 << 20;  // as the page feeds its module

/** Begins a file with its size, as the page does. A baseline build from before it took one has two parameters;
 * embind's functions do not tell their arity (their length is 0), only the error of a wrong call does. */
function beginFile(module, name, size) {
  try {
    return module.beginFile(name, -1, size);
  } catch (error) {
    if (!/expected 2 args/.test(String(error?.message))) throw error;
    return module.beginFile(name, -1);
  }
}

/** In a child process: one build parses `file` from memory twice (the first pass warms V8's optimizing tier up)
 * and prints the second pass's milliseconds and post count as JSON. */
async function child(build, file) {
  // A build of web/gen by name, or another build's files by path (--baseline).
  const prefix = build.includes('/') ? build : path.join(ROOT, 'web', 'gen', build);
  const { default: create } = await import(`${prefix}.js`);
  const module = await create({ wasmBinary: fs.readFileSync(`${prefix}.wasm`) });
  const bytes = fs.readFileSync(file);
  let result;
  for (let pass = 0; pass < 2; pass++) {
    beginAnalysis(module, PAGE_TERMS, 'UTC');
    unwrap(beginFile(module, path.basename(file), bytes.length));
    const started = performance.now();
    for (let at = 0; at < bytes.length; at += CHUNK) {
      if (!feedBytes(module, bytes.subarray(at, at + CHUNK))) break;
    }
    unwrap(module.endFile());
    const { summary } = unwrap(module.finish());
    result = { ms: performance.now() - started, posts: summary.totals.posts };
  }
  console.log(JSON.stringify(result));
}

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4]);
  process.exit(0);
}

const size = Number(option('--size', 200));
const runs = Number(option('--runs', 5));
const pageSizes = option('--page-sizes', '').split(',').filter(Boolean).map(Number);
const pageRuns = Number(option('--page-runs', 3));
const out = option('--out', path.join(ROOT, 'bench', 'SIMD.md'));
const baseline = option('--baseline', '');
const timed = baseline ? [...BUILDS, path.resolve(baseline)] : BUILDS;
const JSON_PARSE_LIMIT_MB = 500;  // past this the JSON.parse page fails (file.text() returns "", bench/RESULTS.md)
const CEILING_LIMIT_MB = 1000;    // the ceiling's targets are at 500 MB and 1 GB; larger sizes measure memory

const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);
const lines = [];

// 1. Parsing alone.
const inputs = [
  ['tweets.js (X archive, pretty-printed)', inputFile(size)],
  ['twarc2 JSON Lines (API v2 pages)', path.join(collectionFolder(size, 1, { disjoint: true }).dir, 'search-00.jsonl')],
];
const alone = inputs.map(() => Object.fromEntries(timed.map((b) => [b, []])));
const posts = inputs.map(() => new Set());
for (let run = 0; run < runs; run++) {
  for (const [k, [label, file]] of inputs.entries()) {
    for (const build of timed) {  // interleaved: a noisy neighbour slows all alike
      const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', build, file],
        { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (result.status !== 0) throw new Error(`${build} on ${file}: ${result.stderr}`);
      const { ms, posts: n } = JSON.parse(result.stdout);
      alone[k][build].push(ms);
      posts[k].add(n);
      console.error(`run ${run + 1} ${label} ${path.basename(build)}: ${mbps(fs.statSync(file).size, ms).toFixed(0)} MB/s`);
    }
  }
}
lines.push(`Parsing alone (Node ${process.version}, one core, the input in memory, fed in 1 MiB chunks with the page's`);
lines.push(`default terms; the second of two passes in a fresh process; medians of ${runs} interleaved runs):`);
lines.push('');
// Speed-ups are the medians of the runs' own ratios (each pair timed side by side), not ratios of medians:
// on a shared machine a slow moment hits both builds of a pair, and the pair's ratio stays meaningful.
const ratioMedian = (a, b) => median(a.map((ms, i) => ms / b[i]));
lines.push('| input | size | chorus (no SIMD) | chorus-simd (SIMD128) | SIMD speed-up (median of the runs\' ratios) | speed-up per run | posts agree |');
lines.push('|---|---|---|---|---|---|---|');
for (const [k, [label, file]] of inputs.entries()) {
  const bytes = fs.statSync(file).size;
  const [scalar, simd] = BUILDS.map((b) => median(alone[k][b]));
  const perRun = alone[k].chorus.map((ms, i) => (ms / alone[k]['chorus-simd'][i]).toFixed(2)).join(', ');
  const speedUp = ratioMedian(alone[k].chorus, alone[k]['chorus-simd']);
  lines.push(`| ${label} | ${(bytes / 1e6).toFixed(0)} MB | ${mbps(bytes, scalar).toFixed(0)} MB/s | ${mbps(bytes, simd).toFixed(0)} MB/s | ${speedUp.toFixed(2)}x | ${perRun} | ${posts[k].size === 1 ? 'yes' : 'NO'} |`);
}

if (baseline) {
  const commit = spawnSync('git', ['-C', path.dirname(path.resolve(baseline)), 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  lines.push('');
  lines.push(`Against the baseline build \`${path.basename(baseline)}\`${commit ? ` of commit ${commit}` : ''}, timed in the same runs:`);
  lines.push('');
  lines.push('| input | baseline | chorus-simd | chorus-simd over the baseline (median of the runs\' ratios) | per run |');
  lines.push('|---|---|---|---|---|');
  for (const [k, [label, file]] of inputs.entries()) {
    const bytes = fs.statSync(file).size;
    const times = alone[k][timed[2]];
    const perRun = times.map((ms, i) => (ms / alone[k]['chorus-simd'][i]).toFixed(2)).join(', ');
    lines.push(`| ${label} | ${mbps(bytes, median(times)).toFixed(0)} MB/s | ${mbps(bytes, median(alone[k]['chorus-simd'])).toFixed(0)} MB/s | ${ratioMedian(times, alone[k]['chorus-simd']).toFixed(2)}x | ${perRun} |`);
  }
}

// 2. The page.
if (pageSizes.length > 0) {
  const { chromium } = await import('playwright-core');
  const { startServer } = await import('../scripts/serve.mjs');
  const { server, url } = await startServer({ root: ROOT, port: 0 });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
  const pageUrl = `${url}bench/page/index.html`;
  const rows = [];
  try {
    for (const mb of pageSizes) {
      const file = inputFile(mb);
      const variants = [
        ['simd', 'Chorus page (SIMD128 build, the default)', () => appRun(browser, `${url}web/index.html`, file)],
        ['scalar', 'Chorus page (?simd=0)', () => appRun(browser, `${url}web/index.html?simd=0`, file)],
        ...(mb <= JSON_PARSE_LIMIT_MB ? [['jsonparse', 'JSON.parse page', () => browserRun(browser, pageUrl, file, 'jsonparse')]] : []),
        ...(mb <= CEILING_LIMIT_MB ? [['ceiling', 'read-only ceiling', () => browserRun(browser, pageUrl, file, 'ceiling')]] : []),
      ];
      const results = Object.fromEntries(variants.map(([key]) => [key, []]));
      for (let run = 0; run < pageRuns; run++) {
        for (const [key, label, measure] of variants) {
          const result = await measure();
          if (result.error) throw new Error(`${label} at ${mb} MB: ${result.error}`);
          results[key].push(result);
          console.error(`${mb} MB ${label} run ${run + 1}: ${result.ms.toFixed(0)} ms, renderer peak ${(result.peak / 1e6).toFixed(0)} MB`);
        }
      }
      rows.push({ mb, bytes: fs.statSync(file).size, variants, results });
    }
  } finally {
    await browser.close();
    server.close();
  }
  lines.push('');
  lines.push(`The page in Chromium (${spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout.trim().split('\n').pop()}, headless), generated tweets.js, medians of ${pageRuns} interleaved runs; renderer peak: resident / own (bench/RESULTS.md says how it is read):`);
  lines.push('');
  lines.push('| input | variant | time | throughput | renderer peak | the runs (s) |');
  lines.push('|---|---|---|---|---|---|');
  const ms = (row, key) => median(row.results[key].map((r) => r.ms));
  for (const row of rows) {
    for (const [key, label] of row.variants) {
      const peak = median(row.results[key].map((r) => r.peak));
      const own = median(row.results[key].map((r) => r.peakPrivate));
      lines.push(`| ${row.mb} MB | ${label} | ${(ms(row, key) / 1000).toFixed(2)} s | ${mbps(row.bytes, ms(row, key)).toFixed(0)} MB/s | ${(peak / 1e6).toFixed(0)} MB / ${(own / 1e6).toFixed(0)} MB | ${row.results[key].map((r) => (r.ms / 1000).toFixed(2)).join(', ')} |`);
    }
  }
  lines.push('');
  lines.push('| input | SIMD page over ?simd=0 | SIMD page over JSON.parse page | SIMD page speed / read-only ceiling\'s | post counts agree |');
  lines.push('|---|---|---|---|---|');
  for (const row of rows) {
    const has = (key) => row.results[key] !== undefined;
    const counts = new Set([...row.results.simd, ...row.results.scalar, ...(row.results.jsonparse ?? [])].map((r) => r.posts));
    lines.push(`| ${row.mb} MB | ${(ms(row, 'scalar') / ms(row, 'simd')).toFixed(2)}x | ${has('jsonparse') ? `${(ms(row, 'jsonparse') / ms(row, 'simd')).toFixed(2)}x` : '– (it fails past 500 MB)'} | ${has('ceiling') ? `${(100 * ms(row, 'ceiling') / ms(row, 'simd')).toFixed(0)}%` : '– (memory only)'} | ${counts.size === 1 ? 'yes' : 'NO'} |`);
  }
}

const block = [
  `Produced by \`node bench/simd.mjs --size ${size} --runs ${runs}${pageSizes.length ? ` --page-sizes ${pageSizes.join(',')} --page-runs ${pageRuns}` : ''}${baseline ? ` --baseline ${baseline}` : ''}\` on ${new Date().toISOString().slice(0, 10)}.`,
  '',
  ...lines,
].join('\n');
console.log(block);
writeMeasured(out, 'The wasm SIMD128 build', block);
console.error(`wrote ${out}`);
