// Thousands of mutated archives through the ZIP and tar readers the page uses: each is read or refused with
// Chorus's own error (ZipError, or a problem in the summary), never a bare exception or a hang.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { analyzeSources, planSources } from '../../web/worker/analysis-runner.js';
import { ZipError, readZipDirectory, openZipEntry } from '../../web/worker/zip-reader.js';
import { FIXTURES, loadWasm } from './helpers.mjs';
import { makeZip } from './zip-writer.mjs';
import { rng } from '../../bench/generate-x-archive.mjs';

/** `bytes` with a few random flips, overwrites with extreme values, cuts or insertions. */
function mutate(bytes, random) {
  const out = Buffer.from(bytes);
  const edits = 1 + Math.floor(random() * 4);
  let result = out;
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * result.length);
    const kind = random();
    if (kind < 0.4) result[at] ^= 1 << Math.floor(random() * 8);
    else if (kind < 0.7) result.writeUInt32LE([0, 0xffffffff, 0x7fffffff, 0x10000][Math.floor(random() * 4)], Math.max(0, Math.min(at, result.length - 4)));
    else if (kind < 0.85) result = result.subarray(0, at);
    else result = Buffer.concat([result.subarray(0, at), Buffer.alloc(1 + Math.floor(random() * 64), Math.floor(random() * 256)), result.subarray(at)]);
  }
  return result;
}

const parts = fs.readdirSync(path.join(FIXTURES, 'x-archive-parts', 'data')).sort().map((name) => ({
  name: `data/${name}`, data: fs.readFileSync(path.join(FIXTURES, 'x-archive-parts', 'data', name)),
}));

test('2,000 mutated ZIP archives: every directory is read or refused with a ZipError, every entry too', async () => {
  const module = await loadWasm();
  const random = rng(2017);
  const seeds = [makeZip(parts), makeZip(parts, { zip64: true }), makeZip(parts.map((p) => ({ ...p, method: 0 })))];
  const outcomes = { read: 0, refused: 0, entriesRefused: 0 };
  for (let i = 0; i < 2000; i++) {
    const blob = new Blob([mutate(seeds[i % seeds.length], random)]);
    let directory;
    try {
      directory = await readZipDirectory(module, blob);
      outcomes.read += 1;
    } catch (error) {
      assert.ok(error instanceof ZipError, `mutant ${i}: ${error}`);
      outcomes.refused += 1;
      continue;
    }
    for (const entry of directory.entries.slice(0, 8)) {
      try {
        await new Response(await openZipEntry(module, blob, entry)).arrayBuffer();
      } catch (error) {
        // The inflater names damaged deflate data with its own error (a TypeError in the browser, a Z_ code in
        // Node), which the runner reports as a damaged entry; everything the core checks is a ZipError.
        assert.ok(error instanceof ZipError || error instanceof TypeError || String(error.code).startsWith('Z_'),
          `mutant ${i}, ${entry.name}: ${error}`);
        outcomes.entriesRefused += 1;
      }
    }
  }
  assert.ok(outcomes.read > 100 && outcomes.refused > 100, JSON.stringify(outcomes));
});

test('1,000 mutated tar and tar.gz archives: each analysis ends with a summary, damage reported in it', async () => {
  const module = await loadWasm();
  const random = rng(1015);
  // A ustar archive of the parts, written here (512-byte headers, octal fields, checksums).
  const header = (name, size) => {
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write('0000644\0', 100);
    h.write(`${size.toString(8).padStart(11, '0')}\0`, 124);
    h.write('0', 156);
    h.write('ustar\u000000', 257);
    h.fill(' ', 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    return h;
  };
  const pad = (data) => Buffer.concat([data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
  const tar = Buffer.concat([...parts.flatMap((p) => [header(`x/${p.name}`, p.data.length), pad(p.data)]), Buffer.alloc(1024)]);
  const seeds = [tar, zlib.gzipSync(tar)];
  let summaries = 0;
  for (let i = 0; i < 1000; i++) {
    const bytes = mutate(seeds[i % 2], random);
    const name = i % 2 ? 'archive.tar.gz' : 'archive.tar';
    const summary = await analyzeSources(module, await planSources(module, [{ file: new File([bytes], name), path: name }]));
    assert.equal(summary.schema, 'chorus-summary/2', `mutant ${i}`);
    summaries += 1;
  }
  assert.equal(summaries, 1000);
});
