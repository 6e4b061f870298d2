// Every summary the core writes, for good input and bad, matches docs/summary.schema.json.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import { FIXTURES, ROOT, filesBelow, runCli } from './helpers.mjs';

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'docs', 'summary.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);

for (const file of filesBelow(FIXTURES)) {
  test(`the summary of ${path.relative(FIXTURES, file)} matches the schema`, () => {
    const { summary } = runCli([file]);
    assert.ok(validate(summary), JSON.stringify(validate.errors, null, 2));
    const totals = summary.totals;
    assert.equal(totals.posts, totals.original + totals.reply + totals.repost + totals.quote);
    assert.equal(totals.posts, summary.timeline.buckets.reduce((n, b) => n + b.posts, 0) + summary.quality.outside_timeline);
    // A record may hold many posts (an API v2 page): each input counts its posts, and duplicates apart.
    assert.equal(totals.posts, summary.inputs.reduce((n, i) => n + i.posts, 0));
    assert.equal(summary.quality.duplicates, summary.inputs.reduce((n, i) => n + i.duplicates, 0));
  });
}

test('the schema rejects a summary with a missing field (it can fail)', () => {
  const { summary } = runCli([path.join(FIXTURES, 'x-archive-small', 'data', 'tweets.js')]);
  delete summary.totals.quote;
  assert.equal(validate(summary), false);
});
