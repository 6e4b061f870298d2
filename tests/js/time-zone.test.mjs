// Days and hours in a time zone: the page takes zone rules from the browser's Intl, the CLI from the
// system's TZif files. Two independent sources of rules must give the same summaries.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { zoneTransitions } from '../../web/shared/time-zone.js';
import { feedBytes, unwrap } from '../../web/worker/analysis-runner.js';
import { CLI, ROOT, loadWasm, runCli } from './helpers.mjs';

const SAMPLE = path.join(ROOT, 'web', 'gen', 'sample', 'tweets.js');
const ZONES = ['America/New_York', 'Europe/Paris', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Asia/Tokyo'];

async function wasmSummary(file, timeZone) {
  const module = await loadWasm();
  assert.deepEqual(module.begin({ queries: ['#MeToo'], timeZone, transitions: zoneTransitions(timeZone) }), { ok: true });
  unwrap(module.beginFile(path.basename(file), -1, -1));
  feedBytes(module, fs.readFileSync(file));
  unwrap(module.endFile());
  return unwrap(module.finish()).summary;
}

test('Intl finds the daylight-saving changes to the minute', () => {
  const pairs = zoneTransitions('America/New_York').split(' ').map(Number);
  const starts = pairs.filter((_, i) => i % 2 === 0);
  assert.ok(starts.includes(Date.parse('2017-03-12T07:00:00Z')), 'spring forward 2017');
  assert.ok(starts.includes(Date.parse('2017-11-05T06:00:00Z')), 'fall back 2017');
  const lordHowe = zoneTransitions('Australia/Lord_Howe').split(' ').map(Number).filter((_, i) => i % 2 === 1);
  assert.ok(lordHowe.includes(630) && lordHowe.includes(660), 'a 30-minute change');
  assert.equal(zoneTransitions('Asia/Kathmandu').split(' ').map(Number).at(-1), 345);
});

for (const zone of ZONES) {
  test(`${zone}: the page's Intl rules and the CLI's zone data give the same summary`, async () => {
    const utc = runCli([SAMPLE], ['#MeToo']).summary;
    const cli = spawnSync(CLI, ['summarize', '--query', '#MeToo', '--tz', zone, SAMPLE], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(cli.status, 0, cli.stderr);
    const local = JSON.parse(cli.stdout);
    assert.deepStrictEqual(await wasmSummary(SAMPLE, zone), local);
    assert.equal(local.timeline.time_zone, zone);
    assert.notDeepEqual(local.week_hours.rows, utc.week_hours.rows, 'hours move with the zone');
    assert.equal(local.totals.posts, utc.totals.posts);
  });
}

test('a post late on Sunday in New York counts on Sunday there, Monday in UTC', async () => {
  const file = path.join(ROOT, 'tests', 'fixtures', 'x-archive-small', 'data', 'tweets.js');
  const local = await wasmSummary(file, 'America/New_York');
  const utc = runCli([file]).summary;
  // "Tue Oct 17 23:59:59 +0000 2017" is 19:59 on Tuesday in New York; "Wed Oct 18 00:00:00" 20:00.
  assert.equal(local.timeline.buckets.find((b) => b.start === '2017-10-17').posts, 3);
  assert.equal(utc.timeline.buckets.find((b) => b.start === '2017-10-17').posts, 2);
  assert.equal(local.week_hours.rows[1][19], 1);  // Tuesday 19:00
});
