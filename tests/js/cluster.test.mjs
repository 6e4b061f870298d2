// The Dask driver (cluster/chorus_dask.py) on a local cluster of separate worker processes: parts of a
// generated collection read into states on the workers and merged by a tree of merges give the summary of
// one `chorus summarize` over the same files, byte for byte, with and without overlapping files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, ROOT } from './helpers.mjs';
import { writeCollection } from '../../bench/generate-collection.mjs';

// Debian's Python, which has Debian's python3-distributed (scripts/setup.sh installs it).
const PYTHON = '/usr/bin/python3';
const DRIVER = path.join(ROOT, 'cluster', 'chorus_dask.py');
const QUERIES = ['--query', '#MeToo', '--query', 'me too'];

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-cluster-'));
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));

/** A folder of collection files: [from, count, format] each. */
function collection(name, files) {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir, { recursive: true });
  files.forEach(([from, count, format = 'v2'], k) => {
    writeCollection(path.join(dir, `part-${k}.${format === 'csv' ? 'csv' : 'jsonl'}`), { format, from, count });
  });
  return dir;
}

function onCluster(dir, workers, parts, options = []) {
  const stats = path.join(scratch, `${path.basename(dir)}-stats.json`);
  const result = spawnSync(PYTHON, [DRIVER, '--local', String(workers), '--parts', String(parts), '--stats', stats,
    '--chorus', CLI, ...QUERIES, ...options, dir], { maxBuffer: 64 << 20, timeout: 240000 });
  assert.equal(result.status, 0, result.stderr.toString());
  return { summary: result.stdout, stats: JSON.parse(fs.readFileSync(stats, 'utf8')) };
}

function oneRun(dir, options = []) {
  const result = spawnSync(CLI, ['summarize', '-j', '1', ...QUERIES, ...options, dir], { maxBuffer: 64 << 20 });
  assert.equal(result.status, 0, result.stderr.toString());
  return result.stdout;
}

test('Debian\'s python3-distributed is there for the driver', () => {
  const result = spawnSync(PYTHON, ['-c', 'import distributed; print(distributed.__version__)'], { encoding: 'utf8' });
  assert.equal(result.status, 0, `${PYTHON} cannot import distributed (run scripts/setup.sh): ${result.stderr}`);
});

test('a collection without overlaps: read once on 3 workers, 7 parts (ranges of files), the summary of one run', () => {
  const dir = collection('disjoint', [[0, 1500], [1500, 1200], [2700, 1800], [4500, 700, 'csv'], [5200, 1500]]);
  const { summary, stats } = onCluster(dir, 3, 7);
  assert.equal(stats.workers, 3);
  assert.equal(stats.passes, 1, 'no part shares a post with another');
  assert.equal(stats.part_seconds.length, 7);
  assert.ok(stats.merges.length >= 2, 'a tree of merges');
  const expected = oneRun(dir);
  assert.ok(summary.equals(expected), 'the same bytes as chorus summarize');
  assert.equal(JSON.parse(summary).totals.posts, 6700);
});

test('overlapping files: the parts are read again told the posts before them, and the count is exact', () => {
  // Four searches that each repeat 30% of the one before, and one file holding a search twice.
  const dir = collection('overlapping', [[0, 2000], [1400, 2000], [2800, 2000], [4200, 2000]]);
  const twice = path.join(dir, 'part-4.jsonl');
  writeCollection(twice, { format: 'v2', from: 7000, count: 600 });
  fs.appendFileSync(twice, fs.readFileSync(twice));
  const { summary, stats } = onCluster(dir, 2, 6);
  assert.equal(stats.passes, 2);
  assert.ok(summary.equals(oneRun(dir)), 'the same bytes as chorus summarize');
  const parsed = JSON.parse(summary);
  assert.equal(parsed.totals.posts, 6200 + 600);
  assert.equal(parsed.quality.duplicates, 3 * 600 + 600);
  // The hours too: the root state's kept posts give one run's hours, each post in one of them.
  const hours = onCluster(dir, 2, 6, ['--hourly']).summary;
  assert.ok(hours.equals(oneRun(dir, ['--hourly'])), 'the same hours as chorus summarize --hourly');
  assert.equal(JSON.parse(hours).buckets.reduce((n, b) => n + b.posts, 0), 6200 + 600);
  // And the filters: the replies of the first day.
  const filter = ['--kinds', 'reply', '--to', '2017-10-15'];
  const replies = onCluster(dir, 2, 6, filter).summary;
  assert.ok(replies.equals(oneRun(dir, filter)), 'the same filtered summary as chorus summarize');
  const { totals } = JSON.parse(replies);
  assert.ok(totals.reply > 0 && totals.reply === totals.posts && totals.posts < parsed.totals.reply);
});
