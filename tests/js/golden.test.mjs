// Golden summaries: the CLI's summary of every fixture, reviewed like code in tests/golden/.
// After an intended change, rewrite them with CHORUS_UPDATE_GOLDEN=1 and read the diff before committing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { CLI, FIXTURES, ROOT, filesBelow } from './helpers.mjs';

const GOLDEN = path.join(ROOT, 'tests', 'golden');
const update = process.env.CHORUS_UPDATE_GOLDEN === '1';

const cases = [
  ...filesBelow(FIXTURES).map((file) => ({ name: path.relative(FIXTURES, file), args: [file] })),
  { name: 'x-archive-parts (folder)', args: [path.join(FIXTURES, 'x-archive-parts')] },
  { name: 'meta (folder: Facebook, Instagram and Threads)', args: [path.join(FIXTURES, 'meta')] },
  { name: 'three platforms at once: an X archive, a Mastodon outbox and a Bluesky repository',
    args: ['--query', '#MeToo', '--query', 'me too', path.join(FIXTURES, 'x-archive-small', 'data', 'tweets.js'),
      path.join(FIXTURES, 'mastodon', 'outbox.json'), path.join(FIXTURES, 'bluesky', 'constructed.car')] },
  { name: 'x-archive-small with terms in Asia/Kathmandu',
    args: ['--query', '#MeToo', '--query', 'me too', '--query', '@TaranaBurke', '--tz', 'Asia/Kathmandu',
      path.join(FIXTURES, 'x-archive-small', 'data', 'tweets.js')] },
];

for (const { name, args } of cases) {
  test(`golden summary: ${name}`, () => {
    const result = spawnSync(CLI, ['summarize', ...args], { encoding: 'utf8' });
    const golden = path.join(GOLDEN, `${name.replace(/[^\w.-]+/g, '_')}.json`);
    if (update) {
      fs.mkdirSync(GOLDEN, { recursive: true });
      fs.writeFileSync(golden, result.stdout);
    }
    assert.ok(fs.existsSync(golden), `no golden file ${golden}: run with CHORUS_UPDATE_GOLDEN=1 and review it`);
    assert.deepStrictEqual(JSON.parse(result.stdout), JSON.parse(fs.readFileSync(golden, 'utf8')),
      `the summary of ${name} changed; if that is intended, rewrite with CHORUS_UPDATE_GOLDEN=1 and review the diff`);
  });
}
