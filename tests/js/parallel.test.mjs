// Several workers on one file: the coordinator reads the first range, helpers the others, and the merged
// summary must equal one reader's. Helpers here are separate instances of the same wasm module.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { Cancelled, analyzeSources, findCuts, planSources, readRange, unwrap } from '../../web/worker/analysis-runner.js';
import { FIXTURES, WASM_BINARY, WASM_JS, loadWasm } from './helpers.mjs';
import { generate } from '../../bench/generate-x-archive.mjs';

const { default: factory } = await import(WASM_JS);
const newModule = () => factory({ wasmBinary: fs.readFileSync(WASM_BINARY) });

let rangesRun = 0;
let postBatches = 0;
/** A helper as the worker runs one, in another instance of the module: it reads at once, and hands over its
 * state and kept posts once collected. */
function runRange(job, { onBytes }) {
  rangesRun += 1;
  let giveRoom;
  const room = new Promise((resolve) => { giveRoom = resolve; });
  const result = newModule().then((module) => readRange(module, job, { onBytes, room })).then((range) => {
    postBatches += range.posts.length;
    return range;
  });
  return { collect: (maxMatched) => { giveRoom(maxMatched); return result; } };
}

async function both(items) {
  const module = await loadWasm();
  const single = await analyzeSources(module, await planSources(module, items));
  const before = rangesRun;
  const parallel = await analyzeSources(module, await planSources(module, items), () => {},
    { helpers: 3, runRange, minSplitBytes: 0, postsBatchBytes: 4096 });
  return { single, parallel, ranges: rangesRun - before };
}

const fileItem = (file, name = path.basename(file)) => ({ file: new File([fs.readFileSync(file)], name), path: name });

test('only X-style pretty-printed post files are cut, at record starts', async () => {
  const bytes = fs.readFileSync(path.join(FIXTURES, 'x-archive-small', 'data', 'tweets.js'));
  const cuts = await findCuts(await loadWasm(), new Blob([bytes]), 4, 0);
  assert.equal(cuts.length, 3);
  for (const cut of cuts) assert.equal(bytes.subarray(cut - 3, cut + 2).toString(), '\n  {\n');
  const oneLine = fs.readFileSync(path.join(FIXTURES, 'x-archive-2020', 'tweet.js'));
  assert.deepEqual(await findCuts(await loadWasm(), new Blob([oneLine]), 4, 0), []);
  assert.deepEqual(await findCuts(await loadWasm(), new Blob([bytes]), 4), [], 'small files are not cut by default');
});

test('four workers give the same summary as one on the small archive', async () => {
  const { single, parallel, ranges } = await both([fileItem(path.join(FIXTURES, 'x-archive-small', 'data', 'tweets.js'))]);
  assert.equal(ranges, 3);
  assert.deepStrictEqual(parallel, single);
});

test('four workers give the same summary on a cut-off file, problems numbered as in the whole file', async () => {
  const { single, parallel } = await both([fileItem(path.join(FIXTURES, 'bad', 'truncated-tweets.js'))]);
  assert.deepStrictEqual(parallel, single);
});

test('four workers with long posts from a folder: every helper completes its own truncated posts', async () => {
  const dir = path.join(FIXTURES, 'x-archive-parts', 'data');
  const items = fs.readdirSync(dir).map((name) => ({ file: new File([fs.readFileSync(path.join(dir, name))], name), path: `archive/data/${name}` }));
  const { single, parallel, ranges } = await both(items);
  assert.ok(ranges >= 2);
  assert.deepStrictEqual(parallel, single);
  assert.equal(parallel.formats['x-archive'].long_posts.matched, 3);
});

test('four workers on a generated 3 MB archive agree with one', async () => {
  const chunks = [];
  generate({ count: 2000, seed: 7, write: (s) => chunks.push(s) });
  const { single, parallel, ranges } = await both([{ file: new File(chunks, 'tweets.js'), path: 'tweets.js' }]);
  assert.equal(ranges, 3);
  assert.equal(single.totals.posts, 2000);
  assert.deepStrictEqual(parallel, single);
});

test('a helper whose range is cancelled can read the next range: the same state as a fresh module', async () => {
  const chunks = [];
  generate({ count: 1500, seed: 5, write: (s) => chunks.push(s) });
  const file = new File(chunks, 'tweets.js');
  const [start] = await findCuts(await loadWasm(), file, 2, 0);
  const job = { prelude: [], queries: ['#MeToo', 'me too'], timeZone: 'UTC', file, name: 'tweets.js', start, stop: null,
    postsBatchBytes: 64 << 10 };
  const helper = await newModule();
  let reads = 0;
  await assert.rejects(readRange(helper, job, { onBytes: () => { reads += 1; } }, () => reads >= 2),
    (error) => error instanceof Cancelled);
  const again = await readRange(helper, job);
  const fresh = await readRange(await newModule(), job);
  assert.ok(fresh.posts.length >= 2);
  assert.deepStrictEqual(again.state, fresh.state);
  assert.deepStrictEqual(again.posts, fresh.posts);
});

test('after four workers, filters, hours and the matching posts are those of one reader', async () => {
  const chunks = [];
  generate({ count: 3000, seed: 11, write: (s) => chunks.push(s) });
  const items = [{ file: new File(chunks, 'tweets.js'), path: 'tweets.js' }];
  const queries = ['#MeToo', 'me too'];
  const module = await loadWasm();
  const views = () => {
    const first = unwrap(module.view('summary', { kinds: 15 })).view;
    const day = Math.floor(Date.parse(first.totals.first) / 86400000);
    return {
      repliesFirstMonth: unwrap(module.view('summary', { fromDay: day, toDay: day + 30, kinds: 0b0010 })).view,
      hours: unwrap(module.view('hourly', { fromDay: day, toDay: day + 6, kinds: 15 })).view,
      matches: [unwrap(module.matches(1, 5, 20, { kinds: 15 })),
        unwrap(module.matches(0, 0, 0, { fromDay: day, toDay: day + 30, kinds: 0b0001 })).total],
    };
  };
  await analyzeSources(module, await planSources(module, items), () => {}, { queries });
  const single = views();
  const before = rangesRun;
  const batchesBefore = postBatches;
  await analyzeSources(module, await planSources(module, items), () => {},
    { helpers: 3, runRange, minSplitBytes: 0, postsBatchBytes: 64 << 10, queries });
  assert.equal(rangesRun - before, 3);
  assert.ok(postBatches - batchesBefore >= 6, 'helpers set their kept posts aside in batches while reading');
  const parallel = views();
  assert.ok(!single.repliesFirstMonth.error && single.repliesFirstMonth.totals.posts > 0, 'the filter keeps some replies');
  assert.ok(single.hours.buckets.length > 0);
  assert.ok(single.matches[0].total > 25 && single.matches[0].posts.length === 20 && single.matches[1] > 0);
  assert.match(single.matches[0].posts[0].url, /^https:\/\/x\.com\/.+\/status\/\d+$/, 'the format links each post');
  assert.deepStrictEqual(parallel, single);
});

test('posts of other platforms read before a file shared by helpers are counted once (helpers read them as known)', async () => {
  // A Mastodon outbox and a Reddit table come before an X archive's tweets.js (their order is lower): helpers
  // read them too, for what they teach, and must not count their posts again.
  const items = [fileItem(path.join(FIXTURES, 'mastodon', 'outbox.json')), fileItem(path.join(FIXTURES, 'reddit', 'comments.csv')),
    fileItem(path.join(FIXTURES, 'x-archive-small', 'data', 'tweets.js'))];
  const { single, parallel, ranges } = await both(items);
  assert.ok(ranges >= 1, 'tweets.js was shared');
  assert.deepEqual(parallel.platforms, single.platforms);
  assert.deepEqual(parallel.totals, single.totals);
  assert.deepEqual(parallel.top, single.top);
});
