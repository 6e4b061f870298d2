#!/usr/bin/env node
// The CLI on every core: `chorus summarize -j 1` against `-j N` on one large tweets.js and on a folder of
// twenty overlapping twarc2 JSON Lines files, interleaved runs, medians and the ratio; every run's summary
// must be the same bytes as -j 1's.
//
//   node bench/cli-parallel.mjs [--size 2000] [--files 20] [--runs 3] [--jobs 2] [--out bench/PARALLEL.md]
// (after scripts/build.sh; inputs are generated once into bench/data/, which git ignores)
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, collectionFolder, exactPart, inputFile, median, option, writeMeasured } from './harness.mjs';

const CLI = path.join(ROOT, 'build', 'native', 'chorus');
const size = option('--size', 2000);
const files = option('--files', 20);
const runs = option('--runs', 3);
const jobs = option('--jobs', os.cpus().length);
const out = option('--out', path.join(ROOT, 'bench', 'PARALLEL.md'));

function run(input, j) {
  const started = process.hrtime.bigint();
  const result = spawnSync(CLI, ['summarize', '-j', String(j), input], { maxBuffer: 512 << 20 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`chorus -j ${j} failed: ${result.stderr}`);
  return { ms, digest: crypto.createHash('sha256').update(result.stdout).digest('hex'), summary: result.stdout };
}

/** Two `-j 1` runs started together, as a measure of what this machine's cores give two busy processes:
 * the wall time until both end. */
async function pairRun(input) {
  const started = process.hrtime.bigint();
  await Promise.all([0, 1].map(() => new Promise((resolve, reject) => {
    const child = spawn(CLI, ['summarize', '-j', '1', input], { stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`chorus exited ${code}`))));
  })));
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const bytesOf = (p) => (fs.statSync(p).isDirectory()
  ? fs.readdirSync(p).reduce((sum, f) => sum + fs.statSync(path.join(p, f)).size, 0) : fs.statSync(p).size);
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

const tweets = inputFile(size);
const collection = collectionFolder(size, files);
const cases = [
  { label: `one tweets.js, ${size} MB`, input: tweets },
  { label: `${files} overlapping JSON Lines files, ${size} MB`, input: collection.dir, distinct: collection.distinct },
];
const rows = [];
for (const c of cases) {
  const times = { 1: [], [jobs]: [], pair: [] };
  let reference = null;
  let referenceExact = null;
  c.same = 'same bytes';
  for (let r = 0; r < runs; r++) {
    for (const j of [1, jobs]) {  // interleaved: the machine's noise falls on both alike
      const result = run(c.input, j);
      times[j].push(result.ms);
      if (reference === null) {
        reference = result.digest;
        referenceExact = exactPart(result.summary);
        const posts = JSON.parse(result.summary).totals.posts;
        if (c.distinct != null && posts !== c.distinct) throw new Error(`${c.label}: ${posts} posts, not ${c.distinct}`);
        c.posts = posts;
      } else if (result.digest !== reference) {
        if (exactPart(result.summary) !== referenceExact) throw new Error(`${c.label}: -j ${j} gave another summary than -j 1`);
        const sketched = Object.keys(JSON.parse(result.summary).quality.approximate).join(', ');
        c.same = `same, but for the estimates of sketched lists (${sketched})`;
      }
      console.error(`${c.label}: -j ${j} run ${r + 1}: ${fmt(result.ms)}`);
    }
    times.pair.push(await pairRun(c.input));
    console.error(`${c.label}: two -j 1 runs at once, run ${r + 1}: ${fmt(times.pair.at(-1))}`);
  }
  const bytes = bytesOf(c.input);
  const one = median(times[1]);
  const many = median(times[jobs]);
  // Ratios taken run by run, each from runs made one after the other, then their median: the machine's speed
  // drifts by a third within minutes, which a ratio of medians taken over the whole call would fold in.
  const ratios = times[1].map((t, r) => t / times[jobs][r]);
  // The ceiling: two whole readings at once do twice the work in `pair`; no split of one reading can beat that.
  const ceilings = times[1].map((t, r) => (2 * t) / times.pair[r]);
  const shares = ratios.map((ratio, r) => ratio / ceilings[r]);
  const x = (v) => `${v.toFixed(2)}x`;
  rows.push(`| ${c.label} | ${c.posts.toLocaleString('en')} | ${fmt(one)} (${(bytes / 1e6 / (one / 1000)).toFixed(0)} MB/s) | ` +
    `${fmt(many)} (${(bytes / 1e6 / (many / 1000)).toFixed(0)} MB/s) | ` +
    `**${x(median(ratios))}** (${x(Math.min(...ratios))}-${x(Math.max(...ratios))}) | ${x(median(ceilings))} | ` +
    `${(100 * median(shares)).toFixed(0)}% | ${c.same} |`);
}

const block = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0].model}), ` +
    `medians of ${runs} interleaved runs (the ratios run by run), \`node bench/cli-parallel.mjs --size ${size} --files ${files} --runs ${runs} --jobs ${jobs}\`:`,
  '',
  `| input | posts | -j 1 | -j ${jobs} | ratio (range) | ceiling (two -j 1 runs at once) | ratio / ceiling | summary |`,
  '|---|---|---|---|---|---|---|---|',
  ...rows,
].join('\n');
console.log(block);
writeMeasured(out, 'The CLI on every core', block);
