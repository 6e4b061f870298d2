#!/usr/bin/env node
// Memory on inputs larger than memory allows to hold: a generated 4 GB tweets.js and a 10 GB archive ZIP
// (Zip64; the tweets deflated, the rest stored media) analyzed by the real page in headless Chromium.
// Prints the time, the renderer's peak resident memory and the wasm memory size; writes nothing else. The
// tweets.js is also read with three helper workers (?helpers=3, what the page starts on five cores or more),
// so that the memory bounds are seen to hold with them too.
//
//   node bench/memory.mjs [--tweets-mb 4000] [--zip-gb 10]
// (after scripts/build.sh; inputs are generated once into bench/data/, which git ignores: ~14 GB of disk)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';
import { DATA, FLAGS, ROOT, appRun, inputFile, option } from './harness.mjs';

const tweetsMb = option('--tweets-mb', 4000);
const zipGb = option('--zip-gb', 10);

/** Writes a Zip64 archive entry by entry, streaming; sizes and CRCs are patched into the local headers. */
class ZipWriter {
  constructor(file) {
    this.fd = fs.openSync(file, 'w');
    this.offset = 0;
    this.central = [];
  }
  write(buffer) {
    fs.writeSync(this.fd, buffer, 0, buffer.length, this.offset);
    this.offset += buffer.length;
  }
  /** Adds an entry whose data comes from `chunks` (an iterable of Buffers), deflated or stored. */
  add(name, chunks, { deflate }) {
    const nameBytes = Buffer.from(name);
    const headerAt = this.offset;
    const header = Buffer.alloc(30 + nameBytes.length + 20);
    this.write(header);  // patched below
    let size = 0;
    let compressed = 0;
    let crc = 0;
    const emit = (b) => { this.write(b); compressed += b.length; };
    for (const chunk of chunks) {
      size += chunk.length;
      crc = zlib.crc32(chunk, crc);
      if (deflate) emit(zlib.deflateRawSync(chunk, { level: 1, finishFlush: zlib.constants.Z_SYNC_FLUSH }));
      else emit(chunk);
    }
    if (deflate) emit(zlib.deflateRawSync(Buffer.alloc(0)));  // a final empty block ends the stream
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(45, 4);
    header.writeUInt16LE(deflate ? 8 : 0, 8);
    header.writeUInt32LE(crc >>> 0, 14);
    header.writeUInt32LE(0xffffffff, 18);
    header.writeUInt32LE(0xffffffff, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(20, 28);
    nameBytes.copy(header, 30);
    header.writeUInt16LE(1, 30 + nameBytes.length);
    header.writeUInt16LE(16, 32 + nameBytes.length);
    header.writeBigUInt64LE(BigInt(size), 34 + nameBytes.length);
    header.writeBigUInt64LE(BigInt(compressed), 42 + nameBytes.length);
    fs.writeSync(this.fd, header, 0, header.length, headerAt);
    this.central.push({ nameBytes, headerAt, size, compressed, crc, method: deflate ? 8 : 0 });
  }
  close() {
    const start = this.offset;
    for (const e of this.central) {
      const h = Buffer.alloc(46 + e.nameBytes.length + 28);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE(45, 4);
      h.writeUInt16LE(45, 6);
      h.writeUInt16LE(e.method, 10);
      h.writeUInt32LE(e.crc >>> 0, 16);
      h.writeUInt32LE(0xffffffff, 20);
      h.writeUInt32LE(0xffffffff, 24);
      h.writeUInt16LE(e.nameBytes.length, 28);
      h.writeUInt16LE(28, 30);
      h.writeUInt32LE(0xffffffff, 42);
      e.nameBytes.copy(h, 46);
      const x = 46 + e.nameBytes.length;
      h.writeUInt16LE(1, x);
      h.writeUInt16LE(24, x + 2);
      h.writeBigUInt64LE(BigInt(e.size), x + 4);
      h.writeBigUInt64LE(BigInt(e.compressed), x + 12);
      h.writeBigUInt64LE(BigInt(e.headerAt), x + 20);
      this.write(h);
    }
    const size = this.offset - start;
    const record = Buffer.alloc(56 + 20 + 22);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(this.central.length), 24);
    record.writeBigUInt64LE(BigInt(this.central.length), 32);
    record.writeBigUInt64LE(BigInt(size), 40);
    record.writeBigUInt64LE(BigInt(start), 48);
    record.writeUInt32LE(0x07064b50, 56);
    record.writeBigUInt64LE(BigInt(this.offset), 64);
    record.writeUInt32LE(1, 72);
    record.writeUInt32LE(0x06054b50, 76);
    record.writeUInt16LE(0xffff, 84);
    record.writeUInt16LE(0xffff, 86);
    record.writeUInt32LE(0xffffffff, 88);
    record.writeUInt32LE(0xffffffff, 92);
    this.write(record);
    fs.closeSync(this.fd);
  }
}

function* fileChunks(file, size = 8 << 20) {
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(size);
  for (;;) {
    const n = fs.readSync(fd, buffer, 0, size, null);
    if (n === 0) break;
    yield Buffer.from(buffer.subarray(0, n));
  }
  fs.closeSync(fd);
}

function* mediaChunks(bytes) {
  const block = Buffer.alloc(8 << 20);
  for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761) >>> 0, i);  // incompressible enough
  for (let left = bytes; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left);
}

function archive(gb, tweets) {
  const file = path.join(DATA, `archive-${gb}gb.zip`);
  if (fs.existsSync(file)) return file;
  console.error(`writing ${file} ...`);
  const zip = new ZipWriter(file);
  zip.add('twitter-2026-11-28-abc/data/manifest.js', [Buffer.from('window.__THAR_CONFIG = {"userInfo":{"userName":"chorus_bench"},"dataTypes":{}}')], { deflate: true });
  zip.add('twitter-2026-11-28-abc/data/tweets.js', fileChunks(tweets), { deflate: true });
  const media = gb * 1e9 - zip.offset;
  const pieces = 20;
  for (let i = 0; i < pieces; i++) {
    zip.add(`twitter-2026-11-28-abc/data/tweets_media/${1000 + i}-video.mp4`, mediaChunks(Math.floor(media / pieces)), { deflate: false });
  }
  zip.close();
  return file;
}

const tweets = inputFile(tweetsMb);
const zipFile = archive(zipGb, inputFile(1000));
const { server, url } = await startServer({ root: ROOT, port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: FLAGS });
try {
  for (const [file, query] of [[tweets, ''], [tweets, '?helpers=3'], [zipFile, '']]) {
    const size = fs.statSync(file).size;
    const result = await appRun(browser, `${url}web/index.html${query}`, file);
    console.log(`${path.basename(file)}${query ? ` (${query.slice(1)})` : ''}: ${(size / 1e9).toFixed(2)} GB, ${result.posts} posts in ${(result.ms / 1000).toFixed(1)} s; ` +
      `renderer peak ${(result.peak / 2 ** 20).toFixed(0)} MiB resident, ${(result.peakPrivate / 2 ** 20).toFixed(0)} MiB own; wasm memory ${(result.heapBytes / 2 ** 20).toFixed(0)} MiB`);
  }
} finally {
  await browser.close();
  server.close();
}
