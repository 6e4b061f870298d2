// Formats beside the X archive: each read by the CLI and the wasm module alike, at every chunk size, with the
// expected numbers derived here by reading the files with JSON.parse (never by running Chorus).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { FIXTURES, SHARED_FIXTURES, runCli, summarizeWasm } from './helpers.mjs';

/** Posts, kinds and hashtags of v1.1 statuses in JSON Lines, as the API documents them. */
function expectedV1(file) {
  const kinds = { original: 0, reply: 0, repost: 0, quote: 0 };
  const hashtags = new Map();
  let posts = 0;
  let broken = 0;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (const line of lines) {
    if (!line.trim()) continue;
    let status;
    try { status = JSON.parse(line); } catch { broken += 1; continue; }
    posts += 1;
    const kind = status.retweeted_status ? 'repost'
      : (status.in_reply_to_status_id_str || status.in_reply_to_user_id_str) ? 'reply'
        : (status.is_quote_status || status.quoted_status_id_str || status.quoted_status_id) ? 'quote' : 'original';
    kinds[kind] += 1;
    // The whole tweet's entities: a retweet's from the retweeted tweet, an extended tweet's from extended_tweet.
    const whole = status.retweeted_status ?? status;
    const entities = (whole.extended_tweet ?? whole).entities ?? {};
    for (const tag of new Set((entities.hashtags ?? []).map((h) => h.text.toLowerCase()))) {
      hashtags.set(tag, (hashtags.get(tag) ?? 0) + 1);
    }
  }
  return { posts, kinds, hashtags, broken };
}

function checkAgainst(summary, expected, name) {
  assert.equal(summary.inputs[0].format, 'twitter-api-v1.1', name);
  assert.equal(summary.totals.posts, expected.posts, name);
  const { posts, ...kinds } = summary.totals;
  assert.deepEqual(kinds, expected.kinds, name);
  assert.deepEqual(new Map(summary.top.hashtags.map((h) => [h.key, h.count])), expected.hashtags, name);
  assert.equal(summary.inputs[0].records_skipped, expected.broken, name);
}

const own = path.join(FIXTURES, 'twitter-v1.1', 'statuses.jsonl');
const shared = ['streaming_lines.subset.jsonl', 'extended_tweet_in_compat_mode.json', 'extended_tweet_in_extended_mode.json']
  .map((name) => path.join(SHARED_FIXTURES, 'twitter-v1.1-python-twitter', name));

for (const file of [own, ...shared]) {
  const name = path.relative(path.dirname(path.dirname(file)), file);
  test(`Twitter API v1.1 JSON Lines: ${name} gives the counts JSON.parse finds, natively and in wasm at every chunk size`,
    { skip: fs.existsSync(file) ? false : `${file} is absent (../shared/fixtures not here)` }, async () => {
      const expected = expectedV1(file);
      const native = runCli([file]).summary;
      checkAgainst(native, expected, `${name} (CLI)`);
      for (const chunk of [1, 7, 64 * 1024, Infinity]) {
        assert.deepStrictEqual(await summarizeWasm([file], chunk), native, `${name}, chunks of ${chunk}`);
      }
    });
}

test('a v1.1 retweet and an extended tweet are read whole; broken and cut-off lines are reported, never fatal', () => {
  const { summary } = runCli([own], ['still standing']);
  // Both texts hold the phrase only past the API's cut (140 characters, and 117 before the "read more" link).
  assert.equal(summary.queries[0].total, 2);
  assert.equal(summary.totals.quote, 1, 'the numeric quoted_status_id alone makes a quote; a link to itself does not');
  assert.deepEqual(summary.problems.map((p) => [p.code, p.record]), [['malformed_json', 3], ['truncated', 6]]);
  assert.match(summary.problems[0].message, /line ends before its record does/);
});
