// The wasm module and the native CLI are the same core: they must agree on every fixture at every chunk size.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeSources, feedBytes, planSources, unwrap } from '../../web/worker/analysis-runner.js';
import { generate } from '../../bench/generate-x-archive.mjs';
import { FIXTURES, ROOT, SHARED_FIXTURES, filesBelow, freshWasm, runCli, summarizeWasm, loadWasm } from './helpers.mjs';

const CHUNK_SIZES = [1, 7, 64 * 1024, Infinity];

const own = filesBelow(FIXTURES);
// Real exports from ../shared/fixtures: X archive files and JSON arrays of tweets.
const sharedCandidates = [
  ...filesBelow(path.join(SHARED_FIXTURES, 'x-archive-milahu104-2026', 'data')),
  ...filesBelow(path.join(SHARED_FIXTURES, 'x-archive-grailbird-icco-2014', 'data', 'js')),
  ...filesBelow(path.join(SHARED_FIXTURES, 'twitter-v1.1-twitter-to-sqlite')).filter((f) => /\.(js|json)$/.test(f)),
];

const label = (file) => path.relative(path.resolve(FIXTURES, '..', '..', '..'), file);

test('the project carries its own fixtures', () => {
  assert.ok(own.length >= 8, `expected fixtures in ${FIXTURES}, found ${own.length}`);
});

/** Archives are opened by the CLI and by the page's runner, which reads their entries as streams. */
const isArchive = (file) => /\.(zip|tar|gz|tgz)$/.test(file);

for (const file of own.filter((f) => !isArchive(f))) {
  test(`wasm equals native on ${label(file)} at chunk sizes ${CHUNK_SIZES.join(', ')}`, async () => {
    const native = runCli([file]).summary;
    for (const chunk of CHUNK_SIZES) {
      assert.deepStrictEqual(await summarizeWasm([file], chunk), native, `chunk size ${chunk}`);
    }
  });
}

for (const file of own.filter(isArchive)) {
  test(`the page's runner equals the CLI on the archive ${label(file)}`, async () => {
    const module = await loadWasm();
    const name = path.basename(file);
    const items = [{ file: new File([fs.readFileSync(file)], name), path: name }];
    assert.deepStrictEqual(await analyzeSources(module, await planSources(module, items)), runCli([file]).summary);
  });
}

test('wasm (whitespace dropped, token by token) equals native (64 bytes at a time) on a generated 6 MB archive', async (t) => {
  // The two targets copy records differently (x_reader.h, record_copy): thousands of varied records with
  // escapes, emoji and entities at every alignment check that both read the same.
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-')), 'tweets.js');
  t.after(() => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
  const parts = [];
  generate({ count: 4000, seed: 23, write: (s) => parts.push(s) });
  fs.writeFileSync(file, parts.join(''));
  const native = runCli([file], ['#MeToo', 'me too']).summary;
  assert.equal(native.totals.posts, 4000);
  for (const chunk of [4093, 64 * 1024]) {
    assert.deepStrictEqual(await summarizeWasm([file], chunk, ['#MeToo', 'me too']), native, `chunk size ${chunk}`);
  }
});

if (!fs.existsSync(SHARED_FIXTURES)) {
  test('wasm equals native on ../shared/fixtures', (t) => t.skip(`skipped: ${SHARED_FIXTURES} does not exist here`));
}
for (const file of sharedCandidates) {
  test(`wasm equals native on shared ${label(file)} at chunk sizes ${CHUNK_SIZES.join(', ')}`, async () => {
    const native = runCli([file]).summary;
    for (const chunk of CHUNK_SIZES) {
      assert.deepStrictEqual(await summarizeWasm([file], chunk), native, `chunk size ${chunk}`);
    }
  });
}

test('several files make one summary, the same in wasm and native', async () => {
  const files = [path.join(FIXTURES, 'x-archive-small', 'data', 'tweets.js'), path.join(FIXTURES, 'x-archive-2020', 'tweet.js'),
    path.join(FIXTURES, 'bad', 'truncated-tweets.js')];
  const native = runCli(files).summary;
  assert.equal(native.inputs.length, 3);
  // The cut-off file's one complete post is also in the small archive: it is counted once.
  assert.equal(native.totals.posts, 11 + 2);
  assert.deepEqual(native.inputs.map((i) => [i.posts, i.duplicates]), [[11, 0], [2, 0], [0, 1]]);
  assert.equal(native.quality.duplicates, 1);
  for (const chunk of [13, Infinity]) assert.deepStrictEqual(await summarizeWasm(files, chunk), native);
});

test('the summary of the small archive has the documented shape and the right numbers', async () => {
  const summary = await summarizeWasm([path.join(FIXTURES, 'x-archive-small', 'data', 'tweets.js')], 4096);
  assert.equal(summary.schema, 'chorus-summary/2');
  assert.deepEqual(summary.totals, { posts: 11, original: 6, reply: 2, repost: 2, quote: 1 });
  assert.deepEqual(summary.date_range, { first: '2017-10-15T20:21:59Z', last: '2018-01-01T00:30:00Z' });
  assert.deepEqual(summary.top.hashtags[0], { key: 'metoo', label: 'MeToo', count: 7 });
  assert.equal(summary.inputs[0].edits_collapsed, 1);
  assert.deepEqual(summary.timeline.buckets.find((b) => b.start === '2017-10-17'),
    { start: '2017-10-17', posts: 2, original: 1, reply: 0, repost: 0, quote: 1 });
  assert.deepEqual(summary.problems, []);
});

test('the CLI exits 1 only when nothing could be read, and says why on stderr', () => {
  const png = runCli([path.join(FIXTURES, 'bad', 'photo.png')]);
  assert.equal(png.status, 1);
  assert.match(png.stderr, /PNG image/);
  assert.equal(png.summary.totals.posts, 0);

  const truncated = runCli([path.join(FIXTURES, 'bad', 'truncated-tweets.js')]);
  assert.equal(truncated.status, 0);
  assert.match(truncated.stderr, /record 2/);
  assert.equal(truncated.summary.totals.posts, 1);
  assert.equal(truncated.summary.problems[0].code, 'truncated');
});

test('the module reports its version and answers calls out of order with an error, starting nothing', async () => {
  const module = await freshWasm();
  assert.equal(module.version(), JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url))).version);
  for (const answer of [module.feedChunk(0), module.beginFile('x.js', -1, -1), module.endFile(), module.finish(),
    module.view('summary', {}), module.matches(0, 0, 10, {})]) {
    assert.equal(answer.ok, false);
    assert.match(answer.error.code, /^no_(finished_)?analysis$/);
    assert.equal(typeof answer.error.message, 'string');
  }
  unwrap(module.begin({}));
  unwrap(module.beginFile('x.bin', -1, -1));
  feedBytes(module, new Uint8Array([1, 2, 3]));
  const { summary } = unwrap(module.finish());
  assert.equal(summary.inputs.length, 1);
  assert.equal(summary.problems[0].code, 'not_an_export');
});

test('query series are the same in wasm and native, at every chunk size', async () => {
  const queries = ['#MeToo', 'me too', '#MeToo*', '@TaranaBurke', '私も', 'yo también'];
  const file = path.join(ROOT, 'web', 'gen', 'sample', 'tweets.js');
  const native = runCli([file], queries).summary;
  assert.deepEqual(native.queries.map((q) => q.term), queries);
  assert.ok(native.queries.every((q) => q.total > 0), JSON.stringify(native.queries.map((q) => q.total)));
  for (const chunk of [7, 64 * 1024, Infinity]) {
    assert.deepStrictEqual(await summarizeWasm([file], chunk, queries), native, `chunk size ${chunk}`);
  }
});

test('the small archive: #MeToo in 7 posts, "me too" in 2 (one of them "Me too." with a period)', async () => {
  const summary = await summarizeWasm([path.join(FIXTURES, 'x-archive-small', 'data', 'tweets.js')], Infinity, ['#metoo', 'me too', '#MeToo*']);
  assert.deepEqual(summary.queries.map((q) => [q.term, q.kind, q.total]),
    [['#metoo', 'hashtag', 7], ['me too', 'phrase', 2], ['#MeToo*', 'hashtag_prefix', 7]]);
  assert.deepEqual(summary.queries[1].buckets, [{ start: '2017-10-15', count: 1 }, { start: '2017-10-16', count: 1 }]);
});

test('a term that cannot match anything is refused with a reason', async () => {
  const module = await loadWasm();
  const refused = module.begin({ queries: ['#me too'] });
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, 'bad_query');
  assert.match(refused.error.message, /one word/);
  assert.deepEqual(module.begin({ queries: ['me too', '#MeToo'] }), { ok: true });
});
