// The export formats: CSV cells safe against formula injection, tables that add up, a readable ZIP.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { csvCell, exportStamp, summaryJson, summaryTables, zipFiles } from '../../web/page/exports.js';
import { readZipDirectory, openZipEntry } from '../../web/worker/zip-reader.js';
import { FIXTURES, loadWasm, summarizeWasm } from './helpers.mjs';

test('CSV cells that a spreadsheet would run as formulas are neutralised', () => {
  assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
  assert.equal(csvCell('+1'), "'+1");
  assert.equal(csvCell('-2'), "'-2");
  assert.equal(csvCell('@handle'), "'@handle");
  assert.equal(csvCell('\tcmd'), "'\tcmd");
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('MeToo'), 'MeToo');
  assert.equal(csvCell(42), '42');
  assert.equal(csvCell(null), '');
});

test('the tables of a summary add up, carry the stamp, and hold no post text', async () => {
  const summary = await summarizeWasm([path.join(FIXTURES, 'x-archive-small', 'data', 'tweets.js')], Infinity, ['#MeToo', 'me too']);
  const stamp = exportStamp(summary, { input: 'tweets.js', terms: ['#MeToo', 'me too'] });
  const files = Object.fromEntries(summaryTables(summary, stamp).map((f) => [f.name, f.text]));
  assert.match(files['about.csv'], /chorus_version,0\.1\.0/);
  assert.match(files['about.csv'], /queries,#MeToo \| me too/);
  assert.match(files['about.csv'], /time_zone,UTC/);
  const timeline = files['timeline.csv'].trim().split('\r\n').slice(1).map((line) => Number(line.split(',')[1]));
  assert.equal(timeline.reduce((a, b) => a + b, 0), 11);
  assert.match(files['top_mentions.csv'], /taranaburke,TaranaBurke,2/);
  assert.match(files['queries.csv'], /^me too,phrase,2017-10-15,1$/m);
  const everything = Object.values(files).join('\n') + summaryJson(summary, stamp);
  assert.ok(!everything.includes('solidarity with everyone'), 'no post text in exports');
  assert.equal(JSON.parse(summaryJson(summary, stamp)).export.input, 'tweets.js');
});

test('the ZIP of tables opens with a ZIP reader and gives back every file', async () => {
  const files = [{ name: 'a.csv', text: 'x,y\r\n1,2\r\n' }, { name: 'é.csv', text: 'ü\r\n' }];
  const blob = zipFiles(files);
  const module = await loadWasm();
  const { entries } = await readZipDirectory(module, blob);
  assert.deepEqual(entries.map((e) => e.name), ['a.csv', 'é.csv']);
  const text = await new Response(await openZipEntry(module, blob, entries[1])).text();
  assert.equal(text, 'ü\r\n');
});

test('a collection\'s tables: posts and duplicates per file, newcomers per day and languages over time', async () => {
  const files = ['search-2023-02-01.jsonl', 'search-2023-02-02.jsonl'].map((f) => path.join(FIXTURES, 'collection', f));
  const summary = await summarizeWasm(files, Infinity);
  const tables = Object.fromEntries(summaryTables(summary, exportStamp(summary, { input: 'collection', terms: [] }))
    .map((f) => [f.name, f.text.trim().split('\r\n').map((line) => line.split(','))]));
  const inputs = tables['inputs.csv'];
  assert.deepEqual(inputs[0].slice(-2), ['posts', 'duplicates']);
  assert.deepEqual(inputs.slice(1).map((row) => row.slice(-2).map(Number)), summary.inputs.map((i) => [i.posts, i.duplicates]));
  const newcomers = tables['new_authors.csv'].slice(1).reduce((n, row) => n + Number(row[1]), 0);
  assert.equal(newcomers, summary.distinct.authors);
  assert.deepEqual(tables['languages_over_time.csv'][0], ['day', ...summary.movement.languages.names]);
  assert.equal(tables['hours.csv'], undefined, 'hours only when the page shows them');
  // With the hours the page shows: a row per hour with posts, adding up to the totals and the newcomers.
  const hours = (await loadWasm()).view('hourly', { fromDay: null, toDay: null, kinds: 15 }).view;
  const withHours = Object.fromEntries(summaryTables(summary, exportStamp(summary, { input: 'collection', terms: [] }), hours)
    .map((f) => [f.name, f.text.trim().split('\r\n').map((line) => line.split(','))]));
  const [header, ...rows] = withHours['hours.csv'];
  assert.deepEqual(header, ['hour', 'posts', 'original', 'reply', 'repost', 'quote', 'new_authors', ...hours.languages]);
  assert.equal(rows.length, hours.buckets.length);
  assert.match(rows[0][0], /^2017-10-15T\d\d$/);
  const column = (name) => rows.reduce((n, row) => n + Number(row[header.indexOf(name)]), 0);
  assert.equal(column('posts'), summary.totals.posts);
  assert.equal(column('new_authors'), summary.distinct.authors);
});

test('several platforms: a table of them, and each one\'s timeline and top lists, adding up to the whole', async () => {
  const files = [path.join(FIXTURES, 'x-archive-small', 'data', 'tweets.js'), path.join(FIXTURES, 'bluesky', 'constructed.car')];
  const summary = await summarizeWasm(files, Infinity);
  const tables = Object.fromEntries(summaryTables(summary, exportStamp(summary, { input: '2 files', terms: [] }))
    .map((f) => [f.name, f.text.trim().split('\r\n').map((line) => line.split(','))]));
  assert.deepEqual(tables['platforms.csv'].slice(1).map((row) => [row[0], Number(row[2])]), [['x', 11], ['bluesky', 9]]);
  const days = (table) => table.slice(1).reduce((n, row) => n + Number(row[1]), 0);
  assert.equal(days(tables['x/timeline.csv']) + days(tables['bluesky/timeline.csv']), days(tables['timeline.csv']));
  assert.ok(tables['bluesky/top_hashtags.csv'].some((row) => row[0] === 'metoo'));
  assert.deepEqual(tables['inputs.csv'].slice(1).map((row) => row[1]).sort(), ['bluesky', 'x']);
});
