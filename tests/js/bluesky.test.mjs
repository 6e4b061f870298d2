// Bluesky repositories: the real CARs in ../shared/fixtures/bluesky-{indigo,rsky,arroba}, counted here by a
// reader of our own (tests/js/car.mjs: CAR, DAG-CBOR and the tree walk in JavaScript), against the CLI and both
// wasm builds at several chunk sizes; and our constructed repository (tests/js/bluesky-constructed.mjs), in
// every block order, cut short and damaged.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeSources, planSources } from '../../web/worker/analysis-runner.js';
import { decode, makeRepo, readRepo } from './car.mjs';
import { DID, RECORDS, constructedRepo } from './bluesky-constructed.mjs';
import { FIXTURES, SHARED_FIXTURES, loadWasm, runCli, summarizeWasm } from './helpers.mjs';
import { makeZip } from './zip-writer.mjs';

const SHARED = ['bluesky-indigo', 'bluesky-rsky', 'bluesky-arroba'].map((d) => path.join(SHARED_FIXTURES, d));
const TID = '234567abcdefghijklmnopqrstuvwxyz';
const isMap = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v) && !('cid' in v);

/** What a repository holds, by its tree, with the rules of ../shared/FORMATS.md section 4. */
function expected(buffer) {
  const repo = readRepo(buffer);
  const out = { posts: 0, original: 0, reply: 0, repost: 0, quote: 0, likes: 0, follows: 0, missing: 0, malformed: 0,
    history: 0, hashtags: new Map(), mentions: new Map(), account: repo.did, first: null, last: null };
  const add = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const [key, value] of repo.records) {
    const [collection, rkey] = key.split('/');
    if (collection === 'app.bsky.feed.like') out.likes++;
    else if (collection === 'app.bsky.graph.follow') out.follows++;
    if (collection !== 'app.bsky.feed.post' && collection !== 'app.bsky.feed.repost') continue;
    if (value === undefined) { out.missing++; continue; }
    if (!isMap(value)) { out.malformed++; continue; }
    let ms = Date.parse(value.createdAt ?? '');
    if (Number.isNaN(ms)) ms = Number([...rkey].reduce((v, c) => (v << 5n) | BigInt(TID.indexOf(c)), 0n) >> 10n) / 1000;
    ms = Math.floor(ms / 1000) * 1000;
    out.first = Math.min(out.first ?? ms, ms);
    out.last = Math.max(out.last ?? ms, ms);
    out.posts++;
    if (collection === 'app.bsky.feed.repost') { out.repost++; continue; }
    const embed = value.embed?.$type;
    if (value.reply) out.reply++;
    else if (embed === 'app.bsky.embed.record' || embed === 'app.bsky.embed.recordWithMedia') out.quote++;
    else out.original++;
    const text = Buffer.from(value.text ?? '', 'utf8');
    const tags = new Set();
    for (const facet of value.facets ?? []) {
      const shown = text.subarray(facet.index.byteStart, facet.index.byteEnd).toString('utf8');
      for (const feature of facet.features) {
        if (feature.$type.endsWith('#tag')) tags.add(feature.tag.replace(/^#/, '').toLowerCase());
        if (feature.$type.endsWith('#mention')) add(out.mentions, shown.startsWith('@') ? shown.slice(1).toLowerCase() : feature.did);
      }
    }
    for (const entity of value.entities ?? []) {
      if (entity.type !== 'mention') continue;
      const shown = text.subarray(entity.index.start, entity.index.end).toString('utf8');
      add(out.mentions, shown.startsWith('@') ? shown.slice(1).toLowerCase() : entity.value);
    }
    for (const tag of value.tags ?? []) tags.add(tag.replace(/^#/, '').toLowerCase());
    for (const m of (value.text ?? '').matchAll(/(?<![\p{L}\p{N}\p{M}_&])#([\p{L}\p{N}\p{M}_]+)/gu)) {
      if (!/^\d+$/.test(m[1])) tags.add(m[1].toLowerCase());
    }
    for (const tag of tags) add(out.hashtags, tag);
  }
  for (const [cid, bytes] of repo.car.blocks) {
    if (repo.reachable.has(cid)) continue;
    const [value] = decode(bytes);
    if (isMap(value) && (value.$type === 'app.bsky.feed.post' || value.$type === 'app.bsky.feed.repost')) out.history++;
  }
  return out;
}

function check(summary, want, label) {
  const { totals } = summary;
  assert.deepEqual({ posts: totals.posts, original: totals.original, reply: totals.reply, repost: totals.repost, quote: totals.quote },
    { posts: want.posts, original: want.original, reply: want.reply, repost: want.repost, quote: want.quote }, label);
  assert.equal(summary.likes, want.likes, `${label}: likes`);
  assert.equal(summary.account, want.account, `${label}: account`);
  const facts = summary.formats.bluesky;
  assert.deepEqual({ follows: facts.follows, missing: facts.missing, history: facts.history_left_out },
    { follows: want.follows, missing: want.missing, history: want.history }, `${label}: follows, missing, history`);
  assert.deepEqual(new Map(summary.top.hashtags.map((h) => [h.key, h.count])), want.hashtags, `${label}: hashtags`);
  assert.deepEqual(new Map(summary.top.mentions.map((h) => [h.key, h.count])), want.mentions, `${label}: mentions`);
  const iso = (ms) => (ms == null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'));
  assert.deepEqual(summary.date_range, { first: iso(want.first), last: iso(want.last) }, `${label}: dates`);
  assert.equal(summary.inputs.reduce((n, i) => n + (i.skipped_by_reason.malformed_record ?? 0), 0), want.malformed, `${label}: malformed records`);
  assert.equal(summary.problems.some((p) => p.code === 'missing_part'), want.missing > 0, `${label}: a missing record is reported`);
}

const sharedCars = SHARED.filter((d) => fs.existsSync(d)).flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith('.car')).map((f) => path.join(d, f)));
if (sharedCars.length === 0) {
  test('shared Bluesky fixtures', (t) => t.skip(`skipped: ${SHARED.join(', ')} do not exist here`));
}
for (const file of sharedCars) {
  test(`${path.basename(path.dirname(file))}/${path.basename(file)}: the tree's posts, reposts, likes and follows; page equals CLI at every chunk size`, async () => {
    const buffer = fs.readFileSync(file);
    const want = expected(buffer);
    const native = runCli([file]).summary;
    check(native, want, 'CLI');
    for (const chunk of [...(buffer.length < 20000 ? [1] : []), 7, 4096, Infinity]) {
      assert.deepStrictEqual(await summarizeWasm([file], chunk), native, `chunk size ${chunk}`);
    }
  });
}

test('the MANIFEST\'s own figures for the real repositories', { skip: sharedCars.length === 0 && 'skipped: no shared fixtures' }, () => {
  const summary = (dir, name) => runCli([path.join(SHARED_FIXTURES, dir, name)]).summary;
  const bnewbold = summary('bluesky-indigo', 'bnewbold.robocracy.org.20250310005405.car');
  assert.deepEqual([bnewbold.totals.posts - bnewbold.totals.repost, bnewbold.totals.repost, bnewbold.likes, bnewbold.formats.bluesky.follows], [23, 1, 2, 3]);
  assert.ok(bnewbold.top.mentions.some((m) => m.key === 'bnewbold.net'), 'a mention facet\'s byte range slices to "@bnewbold.net"');
  const rsky = summary('bluesky-rsky', 'valid_repo.car');
  assert.deepEqual([rsky.totals.original, rsky.totals.reply, rsky.likes], [2, 2, 0]);
  const arroba = summary('bluesky-arroba', 'snarfed2.car');
  assert.deepEqual([arroba.totals.posts, arroba.likes, arroba.formats.bluesky.follows], [0, 1, 2], 'a repository without posts');
  assert.deepEqual(arroba.problems, []);
});

test('our constructed repository: facets after astral characters, tags, kinds, a TID date, history left out, a bad record', async () => {
  const file = path.join(FIXTURES, 'bluesky', 'constructed.car');
  assert.ok(constructedRepo().equals(fs.readFileSync(file)), 'the fixture is what tests/js/bluesky-constructed.mjs writes');
  const want = expected(fs.readFileSync(file));
  assert.deepEqual([want.posts, want.history, want.malformed], [9, 1, 1], 'the constructed traps are there');
  const { summary } = runCli([file], ['#MeToo', 'me too', '#BalanceTonPorc', '@alice.bsky.social']);
  check(summary, want, 'constructed');
  assert.deepEqual(summary.queries.map((q) => [q.term, q.total]), [['#MeToo', 1], ['me too', 2], ['#BalanceTonPorc', 1], ['@alice.bsky.social', 1]]);
  assert.deepEqual(summary.top.languages.map((l) => [l.key, l.count]), [['en', 1], ['es', 1]]);
  assert.deepEqual(summary.top.domains.map((d) => d.key).sort(), ['example.org', 'old.example.com'], 'a link facet and its card are one link');
  assert.match(summary.problems.find((p) => p.code === 'malformed_record').message, /app\.bsky\.feed\.post\/\w+ is not a map of fields/);
  assert.match(summary.formats.bluesky.notes[0], /1 Bluesky post or repost in the file is not in the repository's current tree/);
  // Every block order gives the same summary, apart from where the bad record was in the file.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-bluesky-'));
  try {
    const positionless = (s) => JSON.parse(JSON.stringify(s, (k, v) => (k === 'record' || k === 'byte_offset' || k === 'bytes' ? undefined : v)));
    for (const [order, seed] of [['records-first', 1], ['shuffled', 1], ['shuffled', 2]]) {
      const other = path.join(dir, `${order}-${seed}.car`);
      fs.writeFileSync(other, constructedRepo(order, seed));
      const theirs = runCli([other], ['#MeToo', 'me too', '#BalanceTonPorc', '@alice.bsky.social']).summary;
      theirs.inputs[0].name = 'constructed.car';
      for (const p of theirs.problems) p.file = 'constructed.car';
      assert.deepStrictEqual(positionless(theirs), positionless(summary), `${order} ${seed}`);
      assert.deepStrictEqual(await summarizeWasm([other], 64), runCli([other]).summary, `${order} ${seed}: page equals CLI`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('cut short or damaged: a clear message with the byte, the good records kept, never a crash', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-bluesky-'));
  try {
    const whole = constructedRepo();
    const cut = path.join(dir, 'cut.car');
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.7)));
    const cutSummary = runCli([cut]).summary;
    assert.match(cutSummary.problems.find((p) => p.code === 'truncated').message, /ends inside the block that starts at byte [\d,]+/);
    assert.ok(cutSummary.totals.posts >= 3 && cutSummary.totals.posts < 9, `the records before the cut count (${cutSummary.totals.posts})`);
    assert.deepStrictEqual(await summarizeWasm([cut], 100), cutSummary);
    // The commit last, and the file cut before it: nothing can be placed, and the message says why.
    const early = makeRepo({ did: DID, records: RECORDS, order: 'records-first' });
    const noCommit = path.join(dir, 'no-commit.car');
    fs.writeFileSync(noCommit, early.subarray(0, early.length - 10));
    const noCommitSummary = runCli([noCommit]).summary;
    assert.equal(noCommitSummary.totals.posts, 0);
    assert.match(noCommitSummary.problems.map((p) => p.message).join(' | '), /commit \(the root block the header names\) is not in this file/);
    // A block whose length says 2 GiB: reading stops there, with the offset.
    const header = readVarintEnd(whole);
    const huge = Buffer.concat([whole.subarray(0, header), Buffer.from([0x80, 0x80, 0x80, 0x80, 0x08]), Buffer.alloc(64)]);
    const hugeFile = path.join(dir, 'huge.car');
    fs.writeFileSync(hugeFile, huge);
    const hugeSummary = runCli([hugeFile]).summary;
    assert.match(hugeSummary.problems.find((p) => p.code === 'record_too_large').message, new RegExp(`block at byte ${header} says it is 2,147,483,648 bytes long`));
    assert.deepStrictEqual(await summarizeWasm([hugeFile], 7), hugeSummary);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** The offset of the first block: after the header's length and the header. */
function readVarintEnd(buffer) {
  let n = 0; let shift = 1; let at = 0;
  for (;;) { const c = buffer[at++]; n += (c & 0x7f) * shift; shift *= 128; if (!(c & 0x80)) break; }
  return at + n;
}

test('the page reads a .car on its own and inside a ZIP, as the CLI does', async () => {
  const car = constructedRepo();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-bluesky-'));
  try {
    const zip = path.join(dir, 'export.zip');
    fs.writeFileSync(zip, makeZip([{ name: 'repo/constructed.car', data: car }, { name: 'repo/notes.txt', data: Buffer.from('not read') }]));
    const native = runCli([zip]).summary;
    assert.equal(native.totals.posts, 9);
    assert.deepEqual(native.inputs.map((i) => i.name), ['repo/constructed.car'], 'only the .car entry is opened');
    const module = await loadWasm();
    for (const [name, bytes] of [['export.zip', fs.readFileSync(zip)], ['constructed.car', car]]) {
      const items = [{ file: new File([bytes], name), path: name }];
      const page = await analyzeSources(module, await planSources(module, items));
      assert.deepStrictEqual(page, name === 'export.zip' ? native : runCli([path.join(FIXTURES, 'bluesky', 'constructed.car')]).summary, name);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
