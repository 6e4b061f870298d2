// The page (wasm, compact record copy) and the CLI (native, verbatim copy) accept and reject the same records on
// hundreds of mutated files and at several chunk sizes: the same posts counted, the same records refused, at
// the same places. (Which reason is named first for a record broken in several ways can still differ: simdjson's
// SIMD and portable stage 1 check in different orders; see the closing notes of issue 15.)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { FIXTURES, runCli, summarizeWasm } from './helpers.mjs';
import { rng } from '../../bench/generate-x-archive.mjs';

/** JSON-aware damage: bytes that matter to a splitter and a parser, at random places. */
const NASTY = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\n', '\t', '\u0001', '\u00e9', '\ud83d\ude00', 'null', '1e999', '#',
  '\\u00', '\\ud800', '\xff'];

function mutate(text, random) {
  let out = Buffer.from(text);
  for (let e = 1 + Math.floor(random() * 3); e > 0; e--) {
    const at = Math.floor(random() * out.length);
    const kind = random();
    if (kind < 0.45) {
      out = Buffer.concat([out.subarray(0, at), Buffer.from(NASTY[Math.floor(random() * NASTY.length)], 'latin1'), out.subarray(at)]);
    } else if (kind < 0.8) {
      out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + Math.floor(random() * 8))]);
    } else {
      out = Buffer.from(out);
      out[at] = Math.floor(random() * 256);
    }
  }
  return out;
}

/** What was counted and what was refused, where: everything but the wording of the reasons. */
const verdicts = (summary) => ({
  totals: summary.totals, timeline: summary.timeline, top: summary.top, quality: summary.quality,
  inputs: summary.inputs.map(({ skipped_by_reason, ...input }) => input),
  refused: summary.problems.map((p) => [p.file, p.record, p.byte_offset, p.level]),
});

for (const [fixture, count, seed] of [['x-archive-small/data/tweets.js', 150, 11], ['twitter-v1.1/statuses.jsonl', 100, 12],
  ['x-archive-parts/data/note-tweet.js', 50, 13]]) {
  test(`${count} mutants of ${fixture}: wasm at chunks of 7 and whole counts and refuses what the CLI does`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-mutants-'));
    const random = rng(seed);
    const original = fs.readFileSync(path.join(FIXTURES, fixture));
    let rejected = 0;
    try {
      for (let i = 0; i < count; i++) {
        const file = path.join(dir, path.basename(fixture));
        fs.writeFileSync(file, mutate(original, random));
        const native = runCli([file]).summary;
        rejected += native.inputs[0].records_skipped > 0 ? 1 : 0;
        for (const chunk of [7, Infinity]) {
          assert.deepStrictEqual(verdicts(await summarizeWasm([file], chunk)), verdicts(native),
            `mutant ${i} (seed ${seed}), chunks of ${chunk}`);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(rejected > count / 10, `the mutants break records (${rejected} of ${count} did)`);
  });
}
