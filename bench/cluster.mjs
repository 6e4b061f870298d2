#!/usr/bin/env node
// Chorus on Dask (cluster/chorus_dask.py) on a local cluster of worker processes: the throughput of one
// worker reading its parts, the cost of a merge per state, and from them what a 1 TB collection would take
// on 8 and on 64 workers. The summary must be the bytes of `chorus summarize -j 1` over the same folder.
//
//   node bench/cluster.mjs [--size 2000] [--files 20] [--workers 2] [--parts 16] [--out bench/CLUSTER.md]
// (after scripts/build.sh; the collection is the one bench/cli-parallel.mjs generates into bench/data/)
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, collectionFolder, exactPart, median, option, writeMeasured } from './harness.mjs';

const CLI = path.join(ROOT, 'build', 'native', 'chorus');
const size = option('--size', 2000);
const files = option('--files', 20);
const workers = option('--workers', os.cpus().length);
const parts = option('--parts', 16);
const out = option('--out', path.join(ROOT, 'bench', 'CLUSTER.md'));

const digest = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');
const bytesOf = (dir) => fs.readdirSync(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);

function measure(dir) {
  const statsFile = path.join(os.tmpdir(), `chorus-cluster-bench-${process.pid}.json`);
  const started = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/python3', [path.join(ROOT, 'cluster', 'chorus_dask.py'), '--local', String(workers),
    '--parts', String(parts), '--stats', statsFile, '--chorus', CLI, dir], { maxBuffer: 256 << 20 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0) throw new Error(`driver failed: ${run.stderr}`);
  const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
  fs.rmSync(statsFile);
  const startedOne = process.hrtime.bigint();
  const one = spawnSync(CLI, ['summarize', '-j', '1', dir], { maxBuffer: 256 << 20 });
  const oneSeconds = Number(process.hrtime.bigint() - startedOne) / 1e9;
  const same = digest(one.stdout) === digest(run.stdout);
  if (!same && exactPart(one.stdout) !== exactPart(run.stdout)) {
    throw new Error(`${dir}: the cluster's summary differs from chorus summarize`);
  }
  const bytes = bytesOf(dir);
  const perPart = bytes / parts;
  const sketched = Object.keys(JSON.parse(run.stdout).quality.approximate).join(', ');
  return {
    dir, bytes, wall, oneSeconds, stats, posts: JSON.parse(run.stdout).totals.posts,
    same: same ? 'same bytes' : `same, but for the estimates of sketched lists (${sketched})`,
    partMBs: median(stats.part_seconds.map((s) => perPart / 1e6 / s)),
    mergePerState: median(stats.merges.map(([s, n]) => s / n)),
    stateMB: median(stats.state_bytes) / 1e6,
  };
}

const rows = [];
const results = [];
for (const disjoint of [true, false]) {
  const r = measure(collectionFolder(size, files, { disjoint }).dir);
  results.push(r);
  console.error(`${r.dir}: ${r.wall.toFixed(1)} s on ${workers} workers, ${r.stats.passes} pass(es)`);
  rows.push(`| ${files} files, ${(r.bytes / 1e9).toFixed(1)} GB, ${disjoint ? 'no overlap' : '20% overlap'} | ` +
    `${r.posts.toLocaleString('en')} | ${r.stats.passes} | ${r.wall.toFixed(1)} s | ${r.oneSeconds.toFixed(1)} s | ` +
    `${r.partMBs.toFixed(0)} MB/s | ${(r.mergePerState * 1000).toFixed(0)} ms (${r.stateMB.toFixed(1)} MB) | ${r.same} |`);
}

// A 1 TB collection: parts of 2 GB (500), each read at the measured rate of one worker; merges of four
// states at the measured cost per state, one tree level after another (log4 of the parts), plus the
// cluster's start and the driver's own work taken from the local run (its wall time less its reading).
const { partMBs, mergePerState } = results[0];
const estimate = (w, passes) => {
  const partsTB = 500;
  const read = (1e12 / 1e6 / partMBs / w) * passes;
  let rounds = 0;  // merges of four states one worker runs one after another, level by level
  for (let n = partsTB; n > 1; n = Math.ceil(n / 4)) rounds += Math.ceil(Math.ceil(n / 4) / w);
  const merges = rounds * 4 * mergePerState;
  return { read, merges, total: read + merges };
};
const line = (w) => {
  const once = estimate(w, 1);
  const twice = estimate(w, 2);
  return `| ${w} | ${(once.read / 60).toFixed(0)} min | ${(once.merges / 60).toFixed(1)} min | **${(once.total / 60).toFixed(0)} min** | **${(twice.total / 60).toFixed(0)} min** |`;
};

const block = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0].model}), a local cluster of ` +
    `${workers} worker processes (one thread each), ${parts} parts, ` +
    `\`node bench/cluster.mjs --size ${size} --files ${files} --workers ${workers} --parts ${parts}\`:`,
  '',
  '| collection | posts | passes | on the cluster | `chorus summarize -j 1` | one worker reads (median part) | merge per state (median state) | summary |',
  '|---|---|---|---|---|---|---|---|',
  ...rows,
  '',
  'A 1 TB collection of twarc2 JSON Lines, in parts of 2 GB, from these rates (reading scales with workers; ' +
    'the merges of each tree level run side by side):',
  '',
  '| workers | reading | merging | total, no overlap | total, overlapping files (read twice) |',
  '|---|---|---|---|---|',
  line(8),
  line(64),
].join('\n');
console.log(block);
writeMeasured(out, 'Chorus on a cluster', block);
