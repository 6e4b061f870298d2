// Tables that grow with distinct values stay within fixed sizes: exact up to 65,536 spellings, then sketches,
// counted again exactly from the kept posts for the summary (tests/core/exact_lists_test.cpp reads the
// sketches' estimates once the posts are let go). The wasm module and the CLI agree on them, and the CLI says
// plainly when the machine has no memory left.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { feedBytes, unwrap } from '../../web/worker/analysis-runner.js';
import { CLI, freshWasm, runCli } from './helpers.mjs';

/** Twitter API v1.1 JSON Lines: `count` posts, each with a hashtag and an author of its own, every third
 * also tagged #MeToo (and every seventh #TimesUp), so that a few values are frequent in a long tail. */
function distinctPosts(count) {
  const lines = [];
  for (let i = 0; i < count; i += 1) {
    const tags = [{ text: `tag${i}` }];
    if (i % 3 === 0) tags.push({ text: i % 2 ? 'MeToo' : 'metoo' });
    if (i % 7 === 0) tags.push({ text: 'TimesUp' });
    lines.push(JSON.stringify({
      created_at: 'Sun Oct 15 20:21:59 +0000 2017', id_str: String(1e15 + i), text: `post ${i}`,
      user: { screen_name: `voice${i}` }, entities: { hashtags: tags, user_mentions: [], urls: [] },
    }));
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-distinct-')), 'statuses.jsonl');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

test('300,000 distinct hashtags and authors: lists counted exactly from the kept posts, heap bounded, CLI equal at any -j', async () => {
  const posts = 300000;
  const file = distinctPosts(posts);
  const module = await freshWasm();
  unwrap(module.begin({}));
  unwrap(module.beginFile('statuses.jsonl', -1, -1));
  const bytes = fs.readFileSync(file);
  for (let i = 0; i < bytes.length; i += 1 << 20) {
    feedBytes(module, bytes.subarray(i, i + (1 << 20)));
  }
  unwrap(module.endFile());
  const summary = unwrap(module.finish()).summary;
  assert.equal(summary.totals.posts, posts);
  // Both lists outgrew their exact tables (sketches while reading); every post was kept, so the summary
  // counts them again from the kept posts: exact, nothing marked as an estimate.
  assert.deepEqual(summary.quality.approximate, {});
  assert.equal(summary.distinct.hashtags, posts + 2);  // every tag{i}, metoo, timesup
  assert.equal(summary.distinct.authors, posts);
  const [first, second, ...rest] = summary.top.hashtags;
  assert.deepEqual([first.key, first.count], ['metoo', posts / 3]);
  assert.deepEqual([second.label, second.count], ['TimesUp', Math.ceil(posts / 7)]);
  // Then values counted once, by key, as an exact list orders ties.
  const byKey = (prefix, n) => Array.from({ length: posts }, (_, i) => `${prefix}${i}`).sort().slice(0, n);
  assert.deepEqual(rest.map((e) => [e.key, e.count]), byKey('tag', 23).map((k) => [k, 1]));
  assert.deepEqual(summary.top.authors.map((e) => [e.key, e.count]), byKey('voice', 25).map((k) => [k, 1]));
  // Fixed-size tables and the kept posts: the module's memory stays far below what 300,000 of each would
  // take in the page's JavaScript.
  console.log(`wasm heap after 300,000 distinct values: ${module.HEAPU8.byteLength >> 20} MiB`);
  assert.ok(module.HEAPU8.byteLength <= 96 << 20, `wasm heap ${module.HEAPU8.byteLength >> 20} MiB`);

  // The CLI, on one thread and with ranges read on three whose sketches merged: the same lists.
  for (const jobs of ['1', '3']) {
    const native = runCli([file], [], ['-j', jobs, '--split-bytes', String(1 << 20)]).summary;
    assert.deepEqual(native.top, summary.top, `-j ${jobs}`);
    assert.deepEqual(native.distinct, summary.distinct, `-j ${jobs}`);
    assert.deepEqual(native.quality, summary.quality, `-j ${jobs}`);
  }
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test('the CLI out of memory says so in a sentence and exits 3, with no abort', () => {
  const file = distinctPosts(150000);
  // 40 MB of address space: enough to start, too little for the tables of this input.
  const result = spawnSync('bash', ['-c', 'ulimit -v 40000; exec "$0" summarize "$1"', CLI, file], { encoding: 'utf8' });
  assert.equal(result.status, 3, result.stderr);
  assert.match(result.stderr, /^chorus: out of memory: .*nothing was written\n$/);
  assert.equal(result.stdout, '');
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});
