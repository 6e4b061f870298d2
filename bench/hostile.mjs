#!/usr/bin/env node
// Memory under hostile inputs, in the real page in headless Chromium: 10 million distinct hashtags and 3
// million distinct authors, deep nesting, gigantic strings and numbers, a ZIP entry that declares 50 GB and
// a zip bomb. For each it prints what the page said, the posts counted, the wasm memory (target: under
// 256 MiB) and the renderer's peak. Inputs are generated once into bench/data/ (git ignores it; ~1 GB).
//
//   node bench/hostile.mjs [--hashtags 10000000] [--authors 3000000] [--bomb-gb 2]
// (after scripts/build.sh)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { DATA, FLAGS, ROOT, option, withRendererPeak } from './harness.mjs';
import { makeZip } from '../tests/js/zip-writer.mjs';
import { twitterDate } from './generate-x-archive.mjs';

const hashtags = option('--hashtags', 10e6);
const authors = option('--authors', 3e6);
const bombGb = option('--bomb-gb', 2);

const DAY = 86400000;
const START = Date.UTC(2017, 9, 15);
const status = (i, tags, author, text = `post ${i} me too`) => JSON.stringify({
  created_at: twitterDate(START + (i % 400) * DAY + (i % 86400) * 1000), id_str: String(1e15 + i), text,
  user: { screen_name: author }, entities: { hashtags: tags.map((t) => ({ text: t })), user_mentions: [], urls: [] },
});

/** Writes `file` once from the lines `lines()` yields, in large batches. */
function writeOnce(file, lines) {
  if (fs.existsSync(file)) return file;
  console.error(`writing ${file} ...`);
  fs.mkdirSync(DATA, { recursive: true });
  const fd = fs.openSync(`${file}.part`, 'w');
  let batch = [];
  let size = 0;
  for (const line of lines()) {
    batch.push(line);
    size += line.length;
    if (size > 8 << 20) {
      fs.writeSync(fd, batch.join(''));
      batch = [];
      size = 0;
    }
  }
  fs.writeSync(fd, batch.join(''));
  fs.closeSync(fd);
  fs.renameSync(`${file}.part`, file);
  return file;
}

/** API v1.1 statuses with three hashtags of their own each (every fifth also #MeToo), by `authors` authors. */
const distinct = () => writeOnce(path.join(DATA, `distinct-${hashtags}-${authors}.jsonl`), function* () {
  const posts = Math.ceil(hashtags / 3);
  for (let i = 0; i < posts; i += 1) {
    const tags = [`h${3 * i}`, `h${3 * i + 1}`, `h${3 * i + 2}`];
    if (i % 5 === 0) tags.push('MeToo');
    yield `${status(i, tags, `voice${i % authors}`)}\n`;
  }
});

/** Good statuses around records nested five million arrays deep and ten thousand objects deep. */
const deep = () => writeOnce(path.join(DATA, 'deep.jsonl'), function* () {
  for (let i = 0; i < 1000; i += 1) yield `${status(i, ['MeToo'], 'a')}\n`;
  yield `${'['.repeat(5e6)}${']'.repeat(5e6)}\n`;
  yield `{"text": ${'{"a": '.repeat(1e4)}1${'}'.repeat(1e4)}}\n`;
  yield `${'['.repeat(5e6)}\n`;  // never closed: the scanner finds the next record's line
  for (let i = 1000; i < 2000; i += 1) yield `${status(i, ['MeToo'], 'a')}\n`;
});

/** Good statuses around a 300 MB string, a 100-million-digit number and a 20 MB hashtag. */
const giant = () => writeOnce(path.join(DATA, 'giant.jsonl'), function* () {
  for (let i = 0; i < 1000; i += 1) yield `${status(i, ['MeToo'], 'a')}\n`;
  yield `{"created_at": "${twitterDate(START)}", "id_str": "1", "text": "`;
  for (let i = 0; i < 300; i += 1) yield 'me too '.repeat(1e6 / 7 + 1);
  yield '"}\n';
  yield '{"created_at": "Sun Oct 15 20:21:59 +0000 2017", "id": ';
  for (let i = 0; i < 100; i += 1) yield '1234567890'.repeat(1e5);
  yield ', "text": "a number"}\n';
  yield `${status(5000, ['x'.repeat(20e6)], 'a')}\n`;
  for (let i = 1000; i < 2000; i += 1) yield `${status(i, ['MeToo'], 'a')}\n`;
});

/** An archive ZIP whose tweets.js declares 50 GB in the central directory and its local header (Zip64). */
function declares50gb() {
  const file = path.join(DATA, 'declares-50gb.zip');
  if (fs.existsSync(file)) return file;
  const tweets = fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'x-archive-small', 'data', 'tweets.js'));
  const zip = makeZip([{ name: 'data/tweets.js', data: tweets, declaredSize: 50e9 }], { zip64: true });
  fs.mkdirSync(DATA, { recursive: true });
  fs.writeFileSync(file, zip);
  return file;
}

/** A zip bomb: tweets.js of `bombGb` GB, nearly all spaces between two posts, deflated to a few MB. */
function bomb() {
  const file = path.join(DATA, `bomb-${bombGb}gb.zip`);
  if (fs.existsSync(file)) return file;
  console.error(`writing ${file} ...`);
  const head = Buffer.from(`window.YTD.tweets.part0 = [${fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'x-archive-small', 'data', 'tweets.js'), 'utf8').replace(/^[^[]*\[/, '').replace(/\]\s*$/, '')},`);
  const tail = Buffer.from(`${head.toString().replace(/^[^[]*\[/, '').replace(/,$/, '').replace(/"id_str" : "(\d+)"/g, '"id_str" : "9$1"')}]`);
  // Each piece deflated on its own and flushed: the pieces' streams join into one (a piece of spaces is
  // deflated once and repeated).
  const deflate = (b) => zlib.deflateRawSync(b, { level: 9, finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const spaces = Buffer.alloc(64 << 20, 0x20);
  const spacesDeflated = deflate(spaces);
  const compressed = [deflate(head)];
  let crc = zlib.crc32(head);
  let size = head.length;
  for (let left = bombGb * 1e9; left > 0; left -= spaces.length) {
    const piece = left >= spaces.length ? spaces : spaces.subarray(0, left);
    crc = zlib.crc32(piece, crc);
    size += piece.length;
    compressed.push(piece === spaces ? spacesDeflated : deflate(piece));
  }
  crc = zlib.crc32(tail, crc);
  size += tail.length;
  compressed.push(deflate(tail), zlib.deflateRawSync(Buffer.alloc(0)));
  const zip = makeZip([{ name: 'data/tweets.js', raw: Buffer.concat(compressed), size, crc: crc >>> 0, method: 8 }], { zip64: true });
  fs.writeFileSync(file, zip);
  return file;
}

/** The analysis worker's module memory, read through the worker's own module map (no request). */
async function wasmBytes(page) {
  const worker = page.workers().find((w) => w.url().endsWith('/worker/worker.js'));
  return worker.evaluate(async () => (await (await import('./module.js')).loadModule()).HEAPU8.byteLength);
}

const inputs = [
  [`${(hashtags / 1e6).toFixed(1)}M distinct hashtags, ${(authors / 1e6).toFixed(1)}M authors`, distinct()],
  ['deep nesting', deep()],
  ['gigantic string, number and hashtag', giant()],
  ['ZIP entry declaring 50 GB', declares50gb()],
  [`zip bomb (${bombGb} GB of spaces)`, bomb()],
];

const { server, url } = await startServer({ root: ROOT, port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
let over = 0;
try {
  for (const [label, file] of inputs) {
    const page = await browser.newPage();
    await page.goto(`${url}web/index.html?sample=0`);
    await page.waitForSelector('chorus-analyzer[data-state=ready]');
    const started = Date.now();
    const result = await withRendererPeak(async () => {
      await page.setInputFiles('#file-input', file);
      await page.waitForFunction(() => document.querySelector('chorus-analyzer').dataset.busy === 'true', null, { timeout: 60000 }).catch(() => {});
      await page.waitForFunction(() => document.querySelector('chorus-analyzer').dataset.busy === 'false', null, { timeout: 3600000, polling: 200 });
      return {
        posts: await page.locator('#stat-posts').innerText().catch(() => '-'),
        notice: (await page.locator('#notice').isVisible()) ? (await page.locator('#notice').innerText()).replace(/\s+/g, ' ') : '',
        problems: (await page.locator('#problems-summary').innerText().catch(() => '')).replace(/\s+/g, ' '),
      };
    });
    const heap = await wasmBytes(page);
    if (heap >= 256 * 2 ** 20) over += 1;
    console.log(`${label}: ${(fs.statSync(file).size / 1e6).toFixed(0)} MB file, ${result.posts} posts in ${((Date.now() - started) / 1000).toFixed(1)} s; `
      + `wasm memory ${(heap / 2 ** 20).toFixed(0)} MiB; renderer peak ${(result.peak / 2 ** 20).toFixed(0)} MiB resident, ${(result.peakPrivate / 2 ** 20).toFixed(0)} MiB own`);
    if (result.notice) console.log(`  notice: ${result.notice.slice(0, 300)}`);
    console.log(`  data quality: ${result.problems.slice(0, 400)}`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
console.log(over === 0 ? 'every input stayed under 256 MiB of wasm memory' : `${over} input(s) went over 256 MiB of wasm memory`);
process.exitCode = over === 0 ? 0 : 1;
