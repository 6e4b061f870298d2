// The command line's own errors: help where it is asked for, a mistyped option refused before anything is
// read (it used to be taken for a file that could not be opened, and a summary made anyway), and "--" before
// a file whose name begins with "-".
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { CLI, FIXTURES } from './helpers.mjs';

const run = (args) => spawnSync(CLI, args, { encoding: 'utf8' });
const FILE = path.join(FIXTURES, 'snscrape', 'twitter-search.jsonl');

for (const args of [['summarize', '--help'], ['merge', '-h'], ['summarize', '--query', '#MeToo', '--help', FILE]]) {
  test(`chorus ${args.join(' ')} prints the usage and exits 0`, () => {
    const result = run(args);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Usage: chorus summarize/);
    assert.match(result.stdout, /--query TERM counts a term over time/);
    assert.equal(result.stderr, '');
  });
}

for (const option of ['--querry', '-x', '--stat']) {
  test(`an unknown option (${option}) is refused with its name, exit 2, before any file is read`, () => {
    const result = run(['summarize', option, FILE]);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, new RegExp(`unknown option '${option}'`));
  });
}

for (const [args, message] of [
  [['--from', '2017-02-30'], /--from needs a day written 2017-10-15, not '2017-02-30'/],
  [['--to', '15/10/2017'], /--to needs a day written 2017-10-15/],
  [['--kinds', 'reply,likes'], /--kinds takes original, reply, repost and quote, separated by commas, not 'likes'/],
  [['--state', '--kinds', 'reply'], /a state holds every post; filter when merging states/],
  [['--state', '--hourly'], /--hourly and --state each say what to write: give one/],
]) {
  test(`a filter or output refused: ${args.join(' ')} (exit 2, before any file is read)`, () => {
    const result = run(['summarize', ...args, FILE]);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, message);
  });
}

test('after "--", a file whose name begins with "-" is read like any other', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-usage-'));
  try {
    const odd = path.join(dir, '-metoo.jsonl');
    fs.copyFileSync(FILE, odd);
    const plain = run(['summarize', FILE]);
    assert.equal(plain.status, 0, plain.stderr);
    const refused = run(['summarize', '-metoo.jsonl']);
    assert.equal(refused.status, 2);
    const read = spawnSync(CLI, ['summarize', '--', '-metoo.jsonl'], { encoding: 'utf8', cwd: dir });
    assert.equal(read.status, 0, read.stderr);
    const a = JSON.parse(plain.stdout);
    const b = JSON.parse(read.stdout);
    assert.ok(a.totals.posts > 0);
    assert.deepEqual(b.totals, a.totals);
    assert.deepEqual(b.top, a.top);
    assert.equal(b.inputs[0].name, '-metoo.jsonl');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
