// The CLI on several threads (-j) and through states (--state, merge, --after): the same summary, byte for
// byte, as one reader on one thread, on the project's fixtures, the shared real exports and generated
// collections whose files overlap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, FIXTURES, SHARED_FIXTURES } from './helpers.mjs';
import { generateCollection } from '../../bench/generate-collection.mjs';
import { generate } from '../../bench/generate-x-archive.mjs';

const QUERIES = ['--query', '#MeToo', '--query', 'me too'];

function chorus(args) {
  const result = spawnSync(CLI, args, { maxBuffer: 256 << 20 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}

/** The summary of `inputs` with these options; the status must be 0. */
function summary(inputs, options = []) {
  const r = chorus(['summarize', ...QUERIES, ...options, ...inputs]);
  assert.equal(r.status, 0, r.stderr);
  return r;
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-parallel-'));
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));

/** Writes tweets [from, from + count) of the generated collection to `name` in the scratch folder. */
function collectionFile(dir, name, from, count, format = 'v2') {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  const fd = fs.openSync(file, 'w');
  generateCollection({ format, from, count, write: (s) => fs.writeSync(fd, s) });
  fs.closeSync(fd);
  return file;
}

const OWN = ['x-archive-small', 'x-archive-parts', 'x-archive-2020', 'collection', 'csv', 'snscrape', 'twitter-v1.1',
  'grailbird', 'bad'].map((d) => path.join(FIXTURES, d));

test('every fixture folder: -j 2, 3 and 4 give the summary of -j 1, byte for byte', () => {
  for (const dir of OWN) {
    // The folder as a folder (entries by their paths), and its files given one by one.
    const loose = fs.readdirSync(dir).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
    for (const inputs of [[dir], loose]) {
      const one = chorus(['summarize', ...QUERIES, '-j', '1', ...inputs]);
      for (const j of ['2', '3', '4']) {
        const many = chorus(['summarize', ...QUERIES, '-j', j, '--split-bytes', '2000', ...inputs]);
        assert.equal(many.status, one.status);
        assert.ok(one.stdout.equals(many.stdout), `${inputs.join(' ')} with -j ${j}`);
      }
    }
  }
});

test('the shared real exports: -j 3 gives the summary of -j 1', (t) => {
  if (!fs.existsSync(SHARED_FIXTURES)) {
    t.skip(`no shared fixtures at ${SHARED_FIXTURES}`);
    return;
  }
  const dirs = fs.readdirSync(SHARED_FIXTURES).filter((d) => /^(twarc2|twitter-v1\.1|x-)/.test(d))
    .map((d) => path.join(SHARED_FIXTURES, d)).filter((d) => fs.statSync(d).isDirectory());
  assert.ok(dirs.length >= 2, 'the shared X and twarc fixtures');
  for (const dir of dirs) {
    const one = chorus(['summarize', ...QUERIES, '-j', '1', dir]);
    const many = chorus(['summarize', ...QUERIES, '-j', '3', '--split-bytes', '4096', dir]);
    assert.equal(many.status, one.status, dir);
    assert.ok(one.stdout.equals(many.stdout), dir);
  }
});

test('a large posts file is cut into ranges at record starts, and the ranges agree with one reader', () => {
  const dir = path.join(scratch, 'archive');
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  let text = '';
  generate({ count: 3000, write: (s) => { text += s; } });
  fs.writeFileSync(path.join(dir, 'data', 'tweets.js'), text);
  const one = summary([dir], ['-j', '1']);
  const many = summary([dir], ['-j', '4', '-v', '--split-bytes', '100000']);
  assert.match(many.stderr, /data\/tweets\.js: 4 ranges read at once/);
  assert.ok(one.stdout.equals(many.stdout));
  assert.equal(JSON.parse(one.stdout).totals.posts, 3000);
});

test('a folder of overlapping collection files: read two at a time or cut, deduplicated exactly as by one reader', () => {
  const dir = path.join(scratch, 'overlapping');
  // Five searches of 2,000 tweets, each sharing 400 with the one before: 8,400 distinct tweets.
  for (let k = 0; k < 5; k++) collectionFile(dir, `search-${k}.jsonl`, k * 1600, 2000);
  const one = summary([dir], ['-j', '1']);
  const parsed = JSON.parse(one.stdout);
  assert.equal(parsed.totals.posts, 8400);
  assert.equal(parsed.quality.duplicates, 4 * 400);
  const whole = summary([dir], ['-j', '2', '-v', '--split-bytes', String(1 << 30)]);
  assert.match(whole.stderr, /5 files read 2 at a time/);
  assert.match(whole.stderr, /shares posts with what was read before it: read again/);
  assert.ok(one.stdout.equals(whole.stdout), 'whole files, two at a time');
  const cut = summary([dir], ['-j', '3', '-v', '--split-bytes', '10000']);
  assert.match(cut.stderr, /search-0\.jsonl: 3 ranges read at once/);
  assert.doesNotMatch(cut.stderr, /read again/, 'ranges are told the posts of the files before');
  assert.ok(one.stdout.equals(cut.stdout), 'each file cut in three');
});

test('random collections (a fixed seed): -j 2, 3 or 4 with small ranges give -j 1\'s bytes, whatever the ranges do', (t) => {
  // Files of one to three searches each, at random places of the same stream of tweets (so files overlap each
  // other by chance), now and then one search written twice in a file; each read at random -j and range sizes.
  let seed = 20171015;
  const random = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * n);
  };
  const seen = { cut: 0, takenOver: 0, readAgain: 0 };
  for (let run = 0; run < 16; run++) {
    const dir = path.join(scratch, `random-${run}`);
    const files = [];
    for (let f = 0, count = 1 + random(4); f < count; f++) {
      const parts = [];
      let from = random(20000);
      for (let s = 0, searches = 1 + random(3); s < searches; s++) {
        const tweets = 1 + random(5000);
        generateCollection({ from, count: tweets, write: (x) => parts.push(x) });
        if (random(25) === 0) generateCollection({ from, count: tweets, write: (x) => parts.push(x) });
        from += tweets + random(3000);
      }
      fs.mkdirSync(dir, { recursive: true });
      files.push(path.join(dir, `search-${f}.jsonl`));
      fs.writeFileSync(files.at(-1), parts.join(''));
    }
    const j = String(2 + random(3));
    const split = String([2000, 10000, 50000, 300000][random(4)]);
    const one = summary(files, ['-j', '1']);
    const many = summary(files, ['-j', j, '-v', '--split-bytes', split]);
    assert.ok(one.stdout.equals(many.stdout), `${files.join(' ')} with -j ${j} --split-bytes ${split}`);
    if (/ranges read at once/.test(many.stderr)) seen.cut++;
    if (/taken over/.test(many.stderr)) seen.takenOver++;
    if (/read again/.test(many.stderr)) seen.readAgain++;
  }
  // The seed gives files cut and ranges sharing posts read again; whether a reader done first takes over part
  // of another's range depends on the threads' timing (the tests above make it certain).
  t.diagnostic(`runs with files cut: ${seen.cut}, a range taken over: ${seen.takenOver}, read again: ${seen.readAgain} (of 16)`);
  assert.ok(seen.cut > 0 && seen.readAgain > 0, JSON.stringify(seen));
});

test('a file holding one search twice: its ranges share posts, everything is read again by one reader, counts exact', () => {
  const dir = path.join(scratch, 'twice');
  const file = collectionFile(dir, 'search.jsonl', 0, 3000);
  fs.appendFileSync(file, fs.readFileSync(file));
  const later = collectionFile(dir, 'later.jsonl', 2500, 1000);
  // Found when the last file's ids are checked, and when they are handed over before the next file (by
  // `total`, and with -j 3 by each helper).
  for (const [inputs, posts] of [[[file], 3000], [[file, later], 3500]]) {
    const one = summary(inputs, ['-j', '1']);
    assert.equal(JSON.parse(one.stdout).totals.posts, posts);
    for (const j of ['2', '3']) {
      const many = summary(inputs, ['-j', j, '-v', '--split-bytes', '10000']);
      assert.match(many.stderr, /two ranges of one file share posts: read again by one reader/, `${inputs} -j ${j}`);
      assert.ok(one.stdout.equals(many.stdout), `${inputs} -j ${j}`);
    }
  }
});

/**
 * Twitter API v1.1 JSON Lines: `dense` short posts, then `light` posts each carrying 100 KB of a field no view
 * reads, so that the file's second half is read several times faster than its first (the other way round
 * with lightFirst). Light post k repeats dense post `repeatFrom + k` (another hashtag), when repeatFrom is given.
 */
function unevenFile(file, { dense, light, repeatFrom, lightFirst = false }) {
  const line = (id, tag, extra = {}) => JSON.stringify({
    created_at: 'Sun Oct 15 20:21:59 +0000 2017', id_str: String(id), text: `me too ${id}`,
    user: { screen_name: `voice${id % 997}` }, entities: { hashtags: [{ text: tag }] }, ...extra,
  });
  const denseLines = [];
  for (let i = 0; i < dense; i++) denseLines.push(line(7e14 + i, `dense${i % 50}`));
  const lightLines = [];
  for (let k = 0; k < light; k++) {
    const id = repeatFrom === undefined ? 8e14 + k : 7e14 + repeatFrom + k;
    lightLines.push(line(id, 'light', { padding: 'x'.repeat(100000) }));
  }
  const lines = lightFirst ? [...lightLines, ...denseLines] : [...denseLines, ...lightLines];
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

test('a reader done with its share first takes over half of what another has left: -j 1\'s bytes', () => {
  const dir = path.join(scratch, 'uneven');
  fs.mkdirSync(dir, { recursive: true });
  // A helper done first takes over the end of the range before its own; the first reader, done first, the
  // end of the last range.
  for (const [name, lightFirst, by] of [['dense-first', false, 'the reader after'], ['light-first', true, 'the first reader']]) {
    const file = path.join(dir, `${name}.jsonl`);
    unevenFile(file, { dense: 100000, light: 150, lightFirst });
    const one = summary([file], ['-j', '1']);
    assert.equal(JSON.parse(one.stdout).totals.posts, 100150);
    for (const j of ['2', '3']) {
      const many = summary([file], ['-j', j, '-v', '--split-bytes', '10000']);
      assert.match(many.stderr, new RegExp(`${name}\\.jsonl: bytes \\d+ to \\d+ taken over by ${by}`), `${name} -j ${j}`);
      assert.ok(one.stdout.equals(many.stdout), `${name} -j ${j}`);
    }
  }
});

test('a taken-over range holding posts counted in another range: read again when they come after it, dropped when before', () => {
  // The light half repeats 150 dense posts near the end of the dense half, with another hashtag: one reader counts the dense
  // copies. The reader of the light half, done first, takes over the end of the dense half, where its
  // own posts are; it must not drop them there as counted (the light copies would then be counted instead).
  const dir = path.join(scratch, 'uneven-repeats');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'repeats.jsonl');
  unevenFile(file, { dense: 100000, light: 150, repeatFrom: 90000 });
  const one = summary([file], ['-j', '1']);
  const parsed = JSON.parse(one.stdout);
  assert.equal(parsed.totals.posts, 100000);
  assert.equal(parsed.quality.duplicates, 150);
  const many = summary([file], ['-j', '2', '-v', '--split-bytes', '10000']);
  assert.match(many.stderr, /taken over by the reader after/);
  assert.match(many.stderr, /two ranges of one file share posts: read again by one reader/);
  assert.ok(one.stdout.equals(many.stdout));
  // The light half first: the first reader, done first, takes over the end of the dense half, whose repeats
  // of its own posts come after them in the file: dropped there as one reader drops them, nothing read again.
  const before = path.join(dir, 'repeats-before.jsonl');
  unevenFile(before, { dense: 100000, light: 150, repeatFrom: 90000, lightFirst: true });
  const reference = summary([before], ['-j', '1']);
  assert.equal(JSON.parse(reference.stdout).quality.duplicates, 150);
  const taken = summary([before], ['-j', '2', '-v', '--split-bytes', '10000']);
  assert.match(taken.stderr, /taken over by the first reader/);
  assert.doesNotMatch(taken.stderr, /read again/);
  assert.ok(reference.stdout.equals(taken.stdout));
});

test('CSV files of a collection are read at once (never cut) and agree with one reader', () => {
  const dir = path.join(scratch, 'csv');
  for (let k = 0; k < 3; k++) collectionFile(dir, `export-${k}.csv`, k * 1000, 1000, 'csv');
  const one = summary([dir], ['-j', '1']);
  const many = summary([dir], ['-j', '3', '-v', '--split-bytes', '1000']);
  assert.match(many.stderr, /3 files read 3 at a time/);
  assert.ok(one.stdout.equals(many.stdout));
});

test('228,911 authors (a list past its exact tables in every reader): -j 2, 3 and states give -j 1\'s bytes, the list counted exactly', () => {
  // Twitter API v1.1 JSON Lines in three files, 240,000 posts in all: post i by voice(i), a few voices
  // frequent in a long tail (as a movement's replies are), past 65,536 in each file, so that every reader's
  // list is a sketch; tagged #tag(i % 90000); every fourth post also says "me too".
  const POSTS = 240000;
  const voice = (i) => Math.floor((((i * 2654435761) >>> 0) / 2 ** 32) ** 1.5 * 600000);
  const voices = new Map();
  for (let i = 0; i < POSTS; i++) voices.set(voice(i), (voices.get(voice(i)) ?? 0) + 1);
  const expected = [...voices].sort((a, b) => b[1] - a[1] || (`voice${a[0]}` < `voice${b[0]}` ? -1 : 1)).slice(0, 3)
    .map(([v, n]) => [`voice${v}`, `Voice${v}`, n]);
  const dir = path.join(scratch, 'voices');
  fs.mkdirSync(dir, { recursive: true });
  const files = [];
  for (let k = 0; k < 3; k++) {
    const lines = [];
    for (let i = k * POSTS / 3; i < (k + 1) * POSTS / 3; i++) {
      lines.push(JSON.stringify({
        created_at: `${i % 2 ? 'Sun Oct 15' : 'Mon Oct 16'} 20:21:59 +0000 2017`, id_str: String(5e14 + i),
        text: i % 4 ? `post ${i}` : `me too ${i}`, user: { screen_name: `Voice${voice(i)}` },
        entities: { hashtags: [{ text: `tag${i % 90000}` }] },
      }));
    }
    files.push(path.join(dir, `part-${k}.jsonl`));
    fs.writeFileSync(files.at(-1), `${lines.join('\n')}\n`);
  }
  const one = summary([dir], ['-j', '1']);
  const parsed = JSON.parse(one.stdout);
  assert.equal(parsed.totals.posts, POSTS);
  const exactly = [parsed.quality.approximate, parsed.distinct.authors, parsed.distinct.hashtags,
    parsed.top.authors.slice(0, 3).map((e) => [e.key, e.label, e.count])];
  const ranges = summary([dir], ['-j', '2', '-v', '--split-bytes', String(4 << 20)]);
  assert.match(ranges.stderr, /part-0\.jsonl: 2 ranges read at once/);
  assert.ok(one.stdout.equals(ranges.stdout), 'each file cut in two');
  const whole = summary([dir], ['-j', '3', '-v', '--split-bytes', String(1 << 30)]);
  assert.match(whole.stderr, /3 files read 3 at a time/);
  assert.ok(one.stdout.equals(whole.stdout), 'three files at once');
  const states = files.map((file, k) => {
    const out = path.join(dir, `part-${k}.state`);
    assert.equal(chorus(['summarize', ...QUERIES, '--state', '--part', `${k + 1}/3`, '-o', out, dir]).status, 0);
    return out;
  });
  const merged = chorus(['merge', ...QUERIES, ...states]);
  assert.equal(merged.status, 0, merged.stderr);
  assert.equal(JSON.stringify(JSON.parse(merged.stdout).top), JSON.stringify(parsed.top), 'states merged');
  assert.equal(JSON.stringify(JSON.parse(merged.stdout).distinct), JSON.stringify(parsed.distinct));
  for (const state of states) fs.rmSync(state);
  // Checked last, so that a build of sketched lists shows first whether its threads and merges agree.
  assert.deepEqual(exactly, [{}, voices.size, 90000, expected]);
});

test('states: summarize --state per file, then merge, gives the summary of one run over all files', () => {
  const dir = path.join(scratch, 'states');
  const files = [0, 1, 2].map((k) => collectionFile(dir, `day-${k}.jsonl`, k * 1000, 1000));
  const states = files.map((file) => {
    const out = `${file}.state`;
    const r = chorus(['summarize', ...QUERIES, '--state', '-o', out, file]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(out).subarray(0, 15).toString(), 'CHORUS-STATE-9\n');
    return out;
  });
  const merged = chorus(['merge', ...QUERIES, ...states]);
  assert.equal(merged.status, 0, merged.stderr);
  assert.ok(merged.stdout.equals(summary(files, ['-j', '1']).stdout));
  // A tree of merges: two states merged into one state, then with the third.
  const left = path.join(dir, 'left.state');
  assert.equal(chorus(['merge', ...QUERIES, '--state', '-o', left, states[0], states[1]]).status, 0);
  const tree = chorus(['merge', ...QUERIES, left, states[2]]);
  assert.ok(tree.stdout.equals(merged.stdout));
});

test('merge refuses overlapping states and other terms, saying what to do; --after makes them add up', () => {
  const dir = path.join(scratch, 'states-overlap');
  const a = collectionFile(dir, 'a.jsonl', 0, 1000);
  const b = collectionFile(dir, 'b.jsonl', 800, 1000);
  const sa = path.join(dir, 'a.state');
  const sb = path.join(dir, 'b.state');
  assert.equal(chorus(['summarize', ...QUERIES, '--state', '-o', sa, a]).status, 0);
  assert.equal(chorus(['summarize', ...QUERIES, '--state', '-o', sb, b]).status, 0);
  const refused = chorus(['merge', ...QUERIES, sa, sb]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /b\.state counts posts that a state before it counts too.*--after/);
  const otherTerms = chorus(['merge', '--query', '#MeToo', sa]);
  assert.equal(otherTerms.status, 1);
  assert.match(otherTerms.stderr, /other --query terms/);
  assert.equal(chorus(['summarize', ...QUERIES, '--state', '--after', sa, '-o', sb, b]).status, 0);
  const merged = chorus(['merge', ...QUERIES, sa, sb]);
  assert.equal(merged.status, 0, merged.stderr);
  const direct = summary([a, b], ['-j', '1']);
  assert.ok(merged.stdout.equals(direct.stdout));
  assert.equal(JSON.parse(merged.stdout).totals.posts, 1800);
});

test('bad options and states are usage errors or clear refusals, never a crash', () => {
  assert.equal(chorus(['summarize', '-j', '0', FIXTURES]).status, 2);
  assert.equal(chorus(['summarize', '-j', 'many', FIXTURES]).status, 2);
  const notState = chorus(['merge', path.join(FIXTURES, 'collection', 'search-2023-02-01.jsonl')]);
  assert.equal(notState.status, 1);
  assert.match(notState.stderr, /is not a state of this version of chorus/);
  const bad = chorus(['summarize', '--after', path.join(FIXTURES, 'csv', 'other-tool.csv'), FIXTURES]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--after .*not a readable state/);
});
