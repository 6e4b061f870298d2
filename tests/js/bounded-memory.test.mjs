// Tables that grow with distinct values stay within fixed sizes: exact up to 65,536 spellings, then sketches
// whose figures the summary marks as estimates. The wasm module and the CLI agree on them, and the CLI says
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

test('300,000 distinct hashtags and authors: estimates within 2%, frequent values exact enough, heap bounded, CLI equal', async () => {
  const posts = 300000;
  const file = distinctPosts(posts);
  const module = await freshWasm();
  unwrap(module.begin({}));
  unwrap(module.beginFile('statuses.jsonl', -1));
  const bytes = fs.readFileSync(file);
  for (let i = 0; i < bytes.length; i += 1 << 20) {
    feedBytes(module, bytes.subarray(i, i + (1 << 20)));
  }
  unwrap(module.endFile());
  const summary = unwrap(module.finish()).summary;
  assert.equal(summary.totals.posts, posts);
  // Both lists outgrew their exact tables; their distinct counts are HyperLogLog estimates.
  assert.deepEqual(Object.keys(summary.quality.approximate).sort(), ['authors', 'hashtags']);
  const distinctTags = posts + 2;  // every tag{i}, metoo, timesup
  assert.ok(Math.abs(summary.distinct.hashtags - distinctTags) < 0.02 * distinctTags, `distinct ${summary.distinct.hashtags}`);
  // The frequent values lead, each within its stated error; values seen once are not listed as top values.
  const maxError = summary.quality.approximate.hashtags.max_error;
  assert.ok(maxError > 0 && maxError <= posts * 1.5 / 16384, `max_error ${maxError}`);
  const [first, second, ...rest] = summary.top.hashtags;
  assert.equal(first.key, 'metoo');
  assert.ok(first.count >= posts / 3 && first.count <= posts / 3 + maxError, `metoo ${first.count}`);
  assert.equal(second.label, 'TimesUp');
  assert.ok(second.count >= posts / 7 && second.count <= posts / 7 + 1 + maxError, `TimesUp ${second.count}`);
  assert.deepEqual(rest, []);
  assert.deepEqual(summary.top.authors, [], 'every author posted once: none is a top author');
  // Fixed-size tables: the module's memory stays far below what 300,000 of each would take held exactly.
  console.log(`wasm heap after 300,000 distinct values: ${module.HEAPU8.byteLength >> 20} MiB`);
  assert.ok(module.HEAPU8.byteLength <= 96 << 20, `wasm heap ${module.HEAPU8.byteLength >> 20} MiB`);

  // One reader, as the module above: the same sketches, the same estimates.
  const native = runCli([file], [], ['-j', '1']).summary;
  assert.deepEqual(native.top, summary.top);
  assert.deepEqual(native.distinct, summary.distinct);
  assert.deepEqual(native.quality, summary.quality);
  // Ranges read on threads merge their sketches: exact totals, estimates within the same bounds.
  const merged = runCli([file], [], ['-j', '3', '--split-bytes', String(1 << 20)]).summary;
  assert.deepEqual(merged.totals, summary.totals);
  assert.ok(Math.abs(merged.distinct.hashtags - distinctTags) < 0.02 * distinctTags, `merged distinct ${merged.distinct.hashtags}`);
  const mergedError = merged.quality.approximate.hashtags.max_error;
  assert.ok(mergedError <= posts * 1.5 / 16384, `merged max_error ${mergedError}`);
  assert.equal(merged.top.hashtags[0].key, 'metoo');
  assert.ok(Math.abs(merged.top.hashtags[0].count - posts / 3) <= mergedError + 1, `merged metoo ${merged.top.hashtags[0].count}`);
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
