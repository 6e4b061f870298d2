// One timeline across platforms: an X archive, a Mastodon outbox and a Bluesky repository read together give
// one summary whose platforms each hold what that export gives alone, in the CLI, in both wasm builds at several
// chunk sizes, through a platform filter, and through states merged.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeSources, feedBytes, planSources, unwrap } from '../../web/worker/analysis-runner.js';
import { CLI, FIXTURES, loadWasm, runCli, summarizeWasm } from './helpers.mjs';

const FILES = [path.join(FIXTURES, 'x-archive-small', 'data', 'tweets.js'), path.join(FIXTURES, 'mastodon', 'outbox.json'),
  path.join(FIXTURES, 'bluesky', 'constructed.car')];
const TERMS = ['#MeToo', 'me too'];
const KINDS = ['posts', 'original', 'reply', 'repost', 'quote'];
const pick = (o, keys) => Object.fromEntries(keys.map((k) => [k, o[k]]));

test('each platform holds what its export gives alone; the totals, timeline and top lists hold all of them', async () => {
  const together = runCli(FILES, TERMS).summary;
  const alone = FILES.map((f) => runCli([f], TERMS).summary);
  assert.deepEqual(together.platforms.map((p) => [p.key, p.name]), [['x', 'X'], ['mastodon', 'Mastodon'], ['bluesky', 'Bluesky']]);
  together.platforms.forEach((p, i) => {
    const one = alone[i];
    assert.deepEqual(pick(p, KINDS), pick(one.totals, KINDS), p.name);
    assert.deepEqual([p.first, p.last], [one.date_range.first, one.date_range.last], `${p.name}: dates`);
    assert.equal(p.likes, one.likes, `${p.name}: likes`);
    assert.deepEqual(p.timeline, one.timeline.buckets, `${p.name}: timeline`);
    assert.deepEqual(p.queries, one.queries.map((q) => ({ total: q.total, buckets: q.buckets })), `${p.name}: terms`);
    assert.deepEqual(p.top, one.top, `${p.name}: top lists`);
    assert.deepEqual(one.platforms.map((x) => Object.keys(x).length), [10], 'alone: one platform, without the per-platform detail');
  });
  for (const key of KINDS) assert.equal(together.totals[key], alone.reduce((n, s) => n + s.totals[key], 0), key);
  const days = new Map();
  for (const s of alone) for (const b of s.timeline.buckets) days.set(b.start, (days.get(b.start) ?? 0) + b.posts);
  assert.deepEqual(new Map(together.timeline.buckets.map((b) => [b.start, b.posts])), days);
  assert.deepEqual(together.inputs.map((i) => [i.name, i.platform]).sort(), [['constructed.car', 'bluesky'], ['outbox.json', 'mastodon'], ['tweets.js', 'x']]);
  // The files in the order the CLI read them (as the page plans them: by each format's reading order).
  const inOrder = together.inputs.map((i) => FILES.find((f) => path.basename(f) === i.name));
  for (const chunk of [7, 4096, Infinity]) assert.deepStrictEqual(await summarizeWasm(inOrder, chunk, TERMS), together, `chunk size ${chunk}`);
  const module = await loadWasm();
  const items = FILES.map((f) => ({ file: new File([fs.readFileSync(f)], path.basename(f)), path: path.basename(f) }));
  assert.deepStrictEqual(await analyzeSources(module, await planSources(module, items), () => {}, { queries: TERMS }), together, 'the page');
});

test('a platform filter recounts one platform from the kept posts, as reading it alone does', async () => {
  const module = await loadWasm();
  unwrap(module.begin({ queries: TERMS, columns: '', privatePosts: false }));
  for (const file of FILES) {
    unwrap(module.beginFile(path.basename(file), -1, -1));
    feedBytes(module, fs.readFileSync(file));
    unwrap(module.endFile());
  }
  unwrap(module.finish());
  for (const [i, key] of ['x', 'mastodon', 'bluesky'].entries()) {
    const one = runCli([FILES[i]], TERMS).summary;
    const view = unwrap(module.view('summary', { platforms: [key] })).view;
    assert.deepEqual(view.totals, one.totals, key);
    assert.deepEqual(view.top, one.top, `${key}: top lists`);
    assert.deepEqual(view.queries, one.queries, `${key}: terms`);
    assert.deepEqual(view.filters.platforms, [key]);
    assert.deepEqual(view.platforms.map((p) => p.posts), ['x', 'mastodon', 'bluesky'].map((k) => (k === key ? one.totals.posts : 0)));
  }
  const two = unwrap(module.view('summary', { platforms: ['x', 'bluesky'] })).view;
  assert.equal(two.totals.posts, runCli([FILES[0]]).summary.totals.posts + runCli([FILES[2]]).summary.totals.posts);
  const matches = unwrap(module.matches(1, 0, 100, { platforms: ['bluesky'] }));
  assert.ok(matches.total > 0 && matches.posts.every((p) => p.id.startsWith('at://')), 'matched posts of the chosen platform only');
});

test('states of each export merged give the summary of all of them read together', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-platforms-'));
  try {
    const states = FILES.map((file, i) => {
      const out = path.join(dir, `${i}.state`);
      const made = spawnSync(CLI, ['summarize', '--state', ...TERMS.flatMap((t) => ['--query', t]), '-o', out, file]);
      assert.equal(made.status, 0, made.stderr.toString());
      return out;
    });
    const merged = spawnSync(CLI, ['merge', ...TERMS.flatMap((t) => ['--query', t]), ...states], { encoding: 'utf8' });
    assert.equal(merged.status, 0, merged.stderr);
    const summary = JSON.parse(merged.stdout);
    const together = runCli(FILES, TERMS).summary;
    assert.deepEqual(summary.platforms, together.platforms);
    assert.deepEqual(summary.totals, together.totals);
    assert.deepEqual(summary.top, together.top);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
