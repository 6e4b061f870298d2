// Reddit, LinkedIn and TikTok exports: the real LinkedIn files (../shared/fixtures/linkedin-sanand0-2025) and the
// real TikTok file (whatif-data-donation), counted here by readers of our own (an RFC 4180 split, LinkedIn's
// line rule, JSON.parse), and our constructed Reddit and TikTok exports (tests/fixtures/reddit, tiktok; README
// there), against the CLI and both wasm builds; times without a zone read in the zone asked for; private files
// never opened.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeSources, planSources } from '../../web/worker/analysis-runner.js';
import { FIXTURES, SHARED_FIXTURES, filesBelow, loadWasm, parseCsv, runCli, summarizeWasm } from './helpers.mjs';
import { makeZip } from './zip-writer.mjs';

const LINKEDIN = path.join(SHARED_FIXTURES, 'linkedin-sanand0-2025');
const TIKTOK = path.join(SHARED_FIXTURES, 'whatif-data-donation', 'TT_user_data_tiktok.json');

const hashtags = (text) => [...new Set([...text.matchAll(/(?<![\p{L}\p{N}\p{M}_&])#([\p{L}\p{N}\p{M}_]+)/gu)].map((m) => m[1].toLowerCase()).filter((t) => !/^\d+$/.test(t)))];
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
/** "2025-07-01 14:33:22" as UTC ms, shifted by a fixed offset in minutes (a zone without daylight saving). */
const local = (text, offsetMinutes = 0) => Date.parse(`${text.replace(' ', 'T')}Z`) - offsetMinutes * 60000;

test('Reddit: posts and comments from a folder and a ZIP, the broken date reported, messages never opened; page equals CLI', async () => {
  const dir = path.join(FIXTURES, 'reddit');
  const posts = parseCsv(fs.readFileSync(path.join(dir, 'posts.csv'), 'utf8'));
  const comments = parseCsv(fs.readFileSync(path.join(dir, 'comments.csv'), 'utf8'));
  const dated = comments.filter((c) => !Number.isNaN(Date.parse(c.date.replace(' UTC', 'Z').replace(' ', 'T'))));
  const { summary } = runCli([dir], ['me too']);
  assert.deepEqual(summary.inputs.map((i) => i.name).sort(), ['comments.csv', 'posts.csv'], 'messages.csv is never opened');
  assert.deepEqual([summary.totals.original, summary.totals.reply], [posts.length, dated.length]);
  assert.equal(summary.problems.filter((p) => p.code === 'missing_field').length, comments.length - dated.length);
  const times = [...posts, ...dated].map((r) => Date.parse(r.date.replace(' UTC', 'Z').replace(' ', 'T')));
  assert.deepEqual(summary.date_range, { first: iso(Math.min(...times)), last: iso(Math.max(...times)) });
  const texts = [...posts.map((p) => `${p.title}\n\n${p.body}`), ...dated.map((c) => c.body)];
  assert.equal(summary.queries[0].total, texts.filter((t) => /\bme too\b/i.test(t)).length);
  assert.deepEqual(summary.top.hashtags.map((h) => [h.key, h.count]), [['metoo', texts.filter((t) => hashtags(t).includes('metoo')).length]]);
  const zip = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-reddit-')), 'export_someone_20240201.zip');
  fs.writeFileSync(zip, makeZip(['posts.csv', 'comments.csv', 'messages.csv'].map((f) => ({ name: f, data: fs.readFileSync(path.join(dir, f)) }))));
  const zipped = runCli([zip], ['me too']).summary;
  assert.deepEqual(zipped.totals, summary.totals);
  assert.deepEqual(zipped.inputs.map((i) => i.name).sort(), ['comments.csv', 'posts.csv']);
  const module = await loadWasm();
  const items = [{ file: new File([fs.readFileSync(zip)], path.basename(zip)), path: path.basename(zip) }];
  assert.deepStrictEqual(await analyzeSources(module, await planSources(module, items), () => {}, { queries: ['me too'] }), zipped);
  fs.rmSync(path.dirname(zip), { recursive: true, force: true });
  for (const chunk of [1, 7, 4096]) {
    assert.deepStrictEqual(await summarizeWasm([path.join(dir, 'posts.csv'), path.join(dir, 'comments.csv')], chunk),
      runCli([path.join(dir, 'posts.csv'), path.join(dir, 'comments.csv')]).summary, `chunk ${chunk}`);
  }
});

if (!fs.existsSync(LINKEDIN)) {
  test('shared LinkedIn fixtures', (t) => t.skip(`skipped: ${LINKEDIN} does not exist here`));
} else {
  test('LinkedIn: Shares.csv with its quoted lines and Comments.csv as LinkedIn writes it, in the zone asked for; page equals CLI', async () => {
    const sharesText = fs.readFileSync(path.join(LINKEDIN, 'Shares.csv'), 'utf8');
    const commentsText = fs.readFileSync(path.join(LINKEDIN, 'Comments.csv'), 'utf8');
    const shares = parseCsv(sharesText);
    // Comments.csv: a comment starts at a line that begins with a date and a LinkedIn link.
    const starts = commentsText.split('\n').filter((line) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,https:\/\/www\.linkedin\.com\//.test(line));
    const files = ['Shares.csv', 'Comments.csv'].map((f) => path.join(LINKEDIN, f));
    const { summary } = runCli(files, ['vipassana']);
    const unique = new Set(shares.map((s) => s.ShareLink)).size;
    assert.deepEqual([summary.totals.original, summary.totals.reply, summary.quality.duplicates], [unique, starts.length, shares.length - unique]);
    assert.deepEqual([shares.length, starts.length], [202, 323], 'the MANIFEST\'s counts');
    const dates = [...shares.map((s) => s.Date), ...starts.map((l) => l.slice(0, 19))].map((d) => local(d));
    assert.deepEqual(summary.date_range, { first: iso(Math.min(...dates)), last: iso(Math.max(...dates)) });
    const top = new Map(summary.top.hashtags.map((h) => [h.key, h.count]));
    assert.deepEqual([top.get('chatgpt'), top.get('comics'), top.get('llms')], [14, 7, 6], 'the MANIFEST\'s top hashtags');
    // The per-line quotes are gone from the texts: no phrase is cut by a stray quote.
    assert.equal(summary.queries[0].total, new Set(shares.filter((s) => /vipassana/i.test(s.ShareCommentary)).map((s) => s.ShareLink)).size);
    // Times without a zone are read in the zone asked for: Asia/Kolkata is UTC+5:30 all year.
    const kolkata = runCli(files, [], ['--tz', 'Asia/Kolkata']).summary;
    assert.deepEqual(kolkata.date_range, { first: iso(Math.min(...dates) - 330 * 60000), last: iso(Math.max(...dates) - 330 * 60000) });
    assert.match(kolkata.formats.linkedin.notes[0], /read as times in Asia\/Kolkata/);
    for (const chunk of [7, 65536, Infinity]) assert.deepStrictEqual(await summarizeWasm(files, chunk, ['vipassana']), summary, `chunk ${chunk}`);
  });
}

test('TikTok: videos, comments and likes from user_data_tiktok.json, private videos apart, in the zone asked for; page equals CLI', async () => {
  const files = [path.join(FIXTURES, 'tiktok', 'user_data_tiktok.json'), ...(fs.existsSync(TIKTOK) ? [TIKTOK] : [])];
  for (const file of files) {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    const videos = data.Video?.Videos?.VideoList ?? [];
    const everyone = videos.filter((v) => v.WhoCanView === 'Everyone');
    const comments = (data.Comment?.Comments?.CommentsList ?? []).filter((c) => /^\d{4}-/.test(c.date ?? c.Date));
    const likes = data.Activity?.['Like List']?.ItemFavoriteList?.length ?? 0;
    const { summary } = runCli([file]);
    assert.deepEqual([summary.totals.original, summary.totals.reply, summary.likes], [everyone.length, comments.length, likes], file);
    assert.deepEqual(summary.private_posts, { read: videos.length - everyone.length, counted: 0 });
    const all = runCli([file], [], ['--private']).summary;
    assert.equal(all.totals.original, videos.length, 'asked for, the private videos count');
    const dates = [...everyone.map((v) => v.Date), ...comments.map((c) => c.date ?? c.Date)].map((d) => local(d));
    assert.deepEqual(summary.date_range, { first: iso(Math.min(...dates)), last: iso(Math.max(...dates)) });
    const kolkata = runCli([file], [], ['--tz', 'Asia/Kolkata']).summary;
    assert.equal(kolkata.date_range.first, iso(Math.min(...dates) - 330 * 60000));
    for (const chunk of [7, 4096, Infinity]) assert.deepStrictEqual(await summarizeWasm([file], chunk), summary, `${file}: chunk ${chunk}`);
  }
});

test('the constructed exports\' folders are read whole by the page as by the CLI', async () => {
  const module = await loadWasm();
  for (const name of ['reddit', 'tiktok']) {
    const dir = path.join(FIXTURES, name);
    const items = filesBelow(dir).map((f) => ({ file: new File([fs.readFileSync(f)], path.basename(f)), path: `${name}/${path.relative(dir, f)}` }));
    const page = await analyzeSources(module, await planSources(module, items));
    const cli = runCli([dir]).summary;
    assert.deepEqual(page.totals, cli.totals, name);
    assert.deepEqual(page.platforms, cli.platforms, name);
  }
});
