// Whole archives as people download them: ZIPs (Zip64, an extra top folder, media, damage) and folders,
// read by the same code the worker runs (web/worker/analysis-runner.js) on the same wasm module.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import zlib from 'node:zlib';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeSources, planSources } from '../../web/worker/analysis-runner.js';
import { FIXTURES, loadWasm, runCli } from './helpers.mjs';
import { makeZip } from './zip-writer.mjs';

const PARTS = path.join(FIXTURES, 'x-archive-parts');
const archiveFiles = fs.readdirSync(path.join(PARTS, 'data')).sort().map((name) => ({
  name: `data/${name}`, data: fs.readFileSync(path.join(PARTS, 'data', name)),
}));
// Media and other data that must never be read: a big photo and the DMs.
const photo = { name: 'data/tweets_media/1712845355925082112-F8abc.jpg', data: Buffer.alloc(300000, 7), method: 0 };
const messages = { name: 'data/direct-messages.js', data: Buffer.from('window.YTD.direct_messages.part0 = [ ]') };

/** A Blob that records which byte ranges were read. */
class SpyBlob {
  constructor(bytes, name = 'archive.zip') {
    this.blob = new Blob([bytes]);
    this.name = name;
    this.size = this.blob.size;
    this.reads = [];
  }
  slice(start = 0, end = this.size) {
    this.reads.push([start, Math.min(end, this.size)]);
    return this.blob.slice(start, end);
  }
  stream() { return this.slice().stream(); }
}

async function analyzeItems(items) {
  const module = await loadWasm();
  return analyzeSources(module, await planSources(module, items));
}

const zipItem = (bytes, name = 'twitter-2023-11-01.zip') => ({ file: new SpyBlob(bytes, name), path: name });
const cliOnFolder = () => runCli([PARTS]).summary;
const withoutPrefix = (summary, prefix) => ({
  ...summary, inputs: summary.inputs.map((input) => ({ ...input, name: input.name.replace(prefix, '') })),
});

test('a ZIP archive gives the same summary as the CLI on the unzipped folder', async () => {
  const zip = makeZip([...archiveFiles, photo, messages]);
  const summary = await analyzeItems([zipItem(zip)]);
  assert.deepStrictEqual(summary, cliOnFolder());
  assert.equal(summary.totals.posts, 5);
  assert.equal(summary.likes, 4);
  assert.deepEqual(summary.formats['x-archive'].long_posts, { read: 4, matched: 3, unmatched: 1 });
  assert.equal(summary.formats['x-archive'].parts.find((p) => p.path === 'data/tweets-part2.js').read, false);
});

test('only the directory and the post files are read, never media or messages', async () => {
  const zip = makeZip([photo, ...archiveFiles, messages]);
  const item = zipItem(zip);
  await analyzeItems([item]);
  const photoEnd = 30 + photo.name.length + photo.data.length;  // the photo is the first entry, stored
  const touched = item.file.reads.filter(([start, end]) => start < photoEnd && end > 30 + photo.name.length);
  assert.deepEqual(touched, [], 'no read overlaps the photo\'s bytes');
  const bytesRead = item.file.reads.reduce((n, [start, end]) => n + (end - start), 0);
  assert.ok(bytesRead < zip.length / 10, `read ${bytesRead} of ${zip.length} bytes`);
});

test('Zip64 records and an extra top-level folder are understood', async () => {
  const prefixed = [...archiveFiles, photo].map((e) => ({ ...e, name: `twitter-2023-11-01-abc/${e.name}` }));
  const summary = await analyzeItems([zipItem(makeZip(prefixed, { zip64: true }))]);
  assert.deepStrictEqual(withoutPrefix(summary, 'twitter-2023-11-01-abc/'), cliOnFolder());
});

test('stored and deflated entries read alike', async () => {
  const stored = archiveFiles.map((e) => ({ ...e, method: 0 }));
  assert.deepStrictEqual(await analyzeItems([zipItem(makeZip(stored))]), cliOnFolder());
});

test('an unzipped folder dropped as files with paths gives the same summary', async () => {
  const items = [...archiveFiles, photo].map((e) => ({ file: new File([e.data], path.basename(e.name)), path: `my-archive/${e.name}` }));
  const summary = await analyzeItems(items);
  assert.deepStrictEqual(withoutPrefix(summary, 'my-archive/'), cliOnFolder());
});

test('a truncated download says so and reads nothing wrong', async () => {
  const zip = makeZip([...archiveFiles, photo]);
  const summary = await analyzeItems([zipItem(zip.subarray(0, zip.length - 1000))]);
  assert.equal(summary.totals.posts, 0);
  assert.equal(summary.problems[0].code, 'corrupt_archive');
  assert.match(summary.problems[0].message, /incomplete|cut off/);
});

test('an encrypted part is reported and the other parts are still analyzed', async () => {
  const entries = archiveFiles.map((e) => (e.name === 'data/tweets.js' ? { ...e, encrypted: true } : e));
  const summary = await analyzeItems([zipItem(makeZip(entries))]);
  const problem = summary.problems.find((p) => p.code === 'encrypted_entry');
  assert.ok(problem, JSON.stringify(summary.problems));
  assert.equal(problem.file, 'data/tweets.js');
  assert.equal(summary.totals.posts, 2);  // tweets-part1.js
  assert.equal(summary.likes, 4);
});

test('a zip bomb is stopped: an entry that inflates past its declared size, or claims an impossible ratio', async () => {
  const bomb = { name: 'data/tweets-part2.js', data: Buffer.concat([Buffer.from('window.YTD.tweets.part2 = ['), Buffer.alloc(20 << 20, 0x20)]), declaredSize: 4096 };
  const summary = await analyzeItems([zipItem(makeZip([...archiveFiles, bomb]))]);
  const problem = summary.problems.find((p) => p.file === 'data/tweets-part2.js' && p.code === 'corrupt_archive');
  assert.ok(problem, JSON.stringify(summary.problems));
  assert.match(problem.message, /zip bomb/);
  assert.equal(summary.totals.posts, 5);  // the other parts still count

  const liar = { name: 'data/tweets-part2.js', data: Buffer.alloc(10, 0x20), declaredSize: 0x7fffffff };
  const refused = await analyzeItems([zipItem(makeZip([liar]))]);
  assert.match(refused.problems[0].message, /more than compression allows/);
});

test('a damaged entry is reported with the posts read before the damage', async () => {
  const zip = makeZip(archiveFiles);
  // Corrupt the deflated bytes of data/tweets.js (the last of the sorted files before tweets-part1? find it).
  const name = Buffer.from('data/tweets.js');
  const at = zip.indexOf(Buffer.concat([name]), 0);
  const damaged = Buffer.from(zip);
  for (let i = at + name.length + 200; i < at + name.length + 260; i++) damaged[i] ^= 0x5a;
  const summary = await analyzeItems([zipItem(damaged)]);
  const problems = summary.problems.filter((p) => p.file === 'data/tweets.js');
  assert.ok(problems.length > 0, JSON.stringify(summary.problems));
  assert.ok(summary.totals.posts >= 2, 'the other parts still count');
});

test('a ZIP without posts, and a folder without posts, say what is missing', async () => {
  const noPosts = await analyzeItems([zipItem(makeZip([photo, messages]), 'photos.zip')]);
  assert.equal(noPosts.problems.length, 1);
  assert.match(noPosts.problems[0].message, /holds no file of an export Chorus reads/);
  assert.equal(noPosts.problems[0].file, 'photos.zip');

  const folder = await analyzeItems([{ file: new File(['x'], 'notes.txt'), path: 'stuff/notes.txt' }]);
  assert.match(folder.problems[0].message, /folder holds no export Chorus reads/);
});

test('a cancelled analysis stops within a chunk, keeps nothing, and the module reads the next one', async () => {
  const { Cancelled } = await import('../../web/worker/analysis-runner.js');
  const module = await loadWasm();
  const big = new File([fs.readFileSync(path.join(FIXTURES, 'x-archive-small', 'data', 'tweets.js'))], 'tweets.js');
  let chunks = 0;
  const stream = () => new ReadableStream({
    async pull(controller) {
      chunks += 1;
      controller.enqueue(new Uint8Array(await big.slice((chunks - 1) * 1000, chunks * 1000).arrayBuffer()));
      if (chunks * 1000 >= big.size) controller.close();
    },
  });
  await assert.rejects(
    analyzeSources(module, [{ name: 'tweets.js', size: big.size, open: stream }], () => {}, { isCancelled: () => chunks >= 3 }),
    (error) => error instanceof Cancelled && error.code === 'cancelled');
  assert.equal(chunks, 3, 'reading stopped at the chunk where the cancel was seen');
  const after = await analyzeItems([{ file: big, path: 'tweets.js' }]);
  assert.equal(after.totals.posts, 11);
  assert.equal(after.inputs.length, 1, 'nothing of the cancelled analysis remains');
});

test('the CLI reads the same ZIP archives as the page and gives the same summary, byte for byte', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-zip-'));
  const bomb = { name: 'data/tweets-part2.js', data: Buffer.concat([Buffer.from('window.YTD.tweets.part2 = ['), Buffer.alloc(4 << 20, 0x20)]), declaredSize: 4096 };
  const cases = {
    'as downloaded, with media': makeZip([...archiveFiles, photo, messages]),
    'Zip64 with a top folder': makeZip(archiveFiles.map((e) => ({ ...e, name: `twitter-2023/${e.name}` })), { zip64: true }),
    stored: makeZip(archiveFiles.map((e) => ({ ...e, method: 0 }))),
    'cut off': makeZip([...archiveFiles, photo]).subarray(0, -1000),
    'an encrypted part': makeZip(archiveFiles.map((e) => (e.name === 'data/tweets.js' ? { ...e, encrypted: true } : e))),
    'a zip bomb': makeZip([...archiveFiles, bomb]),
    'no posts': makeZip([photo, messages]),
  };
  try {
    for (const [name, bytes] of Object.entries(cases)) {
      const file = path.join(dir, 'twitter-2023-11-01.zip');
      fs.writeFileSync(file, bytes);
      const page = await analyzeItems([zipItem(bytes)]);
      assert.deepStrictEqual(runCli([file]).summary, page, name);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a tar archive, gzip-compressed or not, and one gzip-compressed file read as the folder does, in the page and the CLI', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-tar-'));
  try {
    fs.cpSync(PARTS, path.join(dir, 'twitter-2026'), { recursive: true });
    // Written in an order the archive cannot be read in (posts before the manifest and the long posts).
    const names = fs.readdirSync(path.join(PARTS, 'data')).sort().reverse().map((n) => `twitter-2026/data/${n}`);
    for (const [file, flags] of [['archive.tar', '-cf'], ['archive.tar.gz', '-czf']]) {
      const made = spawnSync('tar', [flags, file, ...names], { cwd: dir });
      assert.equal(made.status, 0, String(made.stderr));
      const bytes = fs.readFileSync(path.join(dir, file));
      const page = await analyzeItems([{ file: new File([bytes], file), path: file }]);
      // Entries of one reading order come in the order they were written: the same inputs, in another order.
      const byName = (s) => ({ ...s, inputs: [...s.inputs].sort((a, b) => (a.name < b.name ? -1 : 1)) });
      assert.deepStrictEqual(byName(withoutPrefix(page, 'twitter-2026/')), byName(cliOnFolder()), `${file} in the page`);
      assert.deepStrictEqual(runCli([path.join(dir, file)]).summary, page, `${file} in the CLI`);
    }
    const tweets = path.join(FIXTURES, 'x-archive-small', 'data', 'tweets.js');
    const gz = zlib.gzipSync(fs.readFileSync(tweets));
    fs.writeFileSync(path.join(dir, 'tweets.js.gz'), gz);
    const page = await analyzeItems([{ file: new File([gz], 'tweets.js.gz'), path: 'tweets.js.gz' }]);
    assert.deepStrictEqual(page, runCli([tweets]).summary);
    assert.deepStrictEqual(runCli([path.join(dir, 'tweets.js.gz')]).summary, page);
    // A tar cut off in the middle of an entry says so; the entries before the cut still count.
    const whole = fs.readFileSync(path.join(dir, 'archive.tar'));
    const cut = await analyzeItems([{ file: new File([whole.subarray(0, 2600)], 'cut.tar'), path: 'cut.tar' }]);
    assert.ok(cut.problems.some((p) => p.code === 'corrupt_archive' && /cut off/.test(p.message)), JSON.stringify(cut.problems));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
