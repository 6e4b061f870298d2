// Meta's exports (Instagram, Facebook, Threads): the real Instagram files in ../shared/fixtures/instagram-i2b and
// the real Instagram ZIP in whatif-data-donation, counted here with JSON.parse (and Python's zipfile for the
// ZIP), against the CLI and both wasm builds; and our constructed export (tests/fixtures/meta, README there),
// with Meta's mojibake, read as a folder: texts repaired exactly, messages never opened.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeSources, planSources } from '../../web/worker/analysis-runner.js';
import { FIXTURES, SHARED_FIXTURES, filesBelow, loadWasm, runCli, summarizeWasm } from './helpers.mjs';

const I2B = path.join(SHARED_FIXTURES, 'instagram-i2b');
const WHATIF = path.join(SHARED_FIXTURES, 'whatif-data-donation', 'IG_public_test_file.zip');
const hashtagsOf = (text) => [...text.matchAll(/(?<![\p{L}\p{N}\p{M}_&])#([\p{L}\p{N}\p{M}_]+)/gu)].map((m) => m[1].toLowerCase()).filter((t) => !/^\d+$/.test(t));
/** Meta's mojibake undone: a string whose characters are all below U+0100 is the latin-1 view of UTF-8 bytes. */
function repaired(s) {
  if (![...s].some((c) => c.codePointAt(0) > 0x7f) || [...s].some((c) => c.codePointAt(0) > 0xff)) return s;
  const bytes = Buffer.from(s, 'latin1');
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : s;
}

/** Instagram posts_N.json: caption and time on the outer object, or on the first media. */
function instagramPosts(records) {
  const list = Array.isArray(records) ? records : [records];
  const hashtags = new Map();
  const times = [];
  for (const r of list) {
    const caption = repaired(r.title || r.media?.[0]?.title || '');
    for (const tag of new Set(hashtagsOf(caption))) hashtags.set(tag, (hashtags.get(tag) ?? 0) + 1);
    times.push((r.creation_timestamp ?? r.media[0].creation_timestamp) * 1000);
  }
  return { posts: list.length, hashtags, first: Math.min(...times), last: Math.max(...times) };
}

const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

if (!fs.existsSync(I2B)) {
  test('shared Instagram fixtures', (t) => t.skip(`skipped: ${I2B} does not exist here`));
} else {
  for (const dir of fs.readdirSync(I2B).filter((d) => d.startsWith('test_'))) {
    test(`instagram-i2b/${dir}/posts.json: caption, time and hashtags as Instagram wrote them; page equals CLI`, async () => {
      const file = path.join(I2B, dir, 'posts.json');
      const want = instagramPosts(JSON.parse(fs.readFileSync(file, 'utf8')));
      const { summary } = runCli([file]);
      assert.equal(summary.platforms[0].key, 'instagram');
      assert.equal(summary.totals.posts, want.posts);
      assert.deepEqual(summary.date_range, { first: iso(want.first), last: iso(want.last) });
      assert.deepEqual(new Map(summary.top.hashtags.map((h) => [h.key, h.count])), want.hashtags);
      for (const chunk of [7, 4096, Infinity]) assert.deepStrictEqual(await summarizeWasm([file], chunk), summary, `chunk ${chunk}`);
    });
  }
}

if (!fs.existsSync(WHATIF)) {
  test('the shared Instagram ZIP', (t) => t.skip(`skipped: ${WHATIF} does not exist here`));
} else {
  test('a whole Instagram export ZIP: only posts, comments and likes are opened, never its messages; page equals CLI', async () => {
    const read = (name) => JSON.parse(spawnSync('/usr/bin/python3', ['-c',
      'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))', WHATIF, name]).stdout.toString('utf8'));
    const posts = instagramPosts(read('your_instagram_activity/content/posts_1.json'));
    const comments = read('your_instagram_activity/comments/post_comments_1.json');
    const likes = read('your_instagram_activity/likes/liked_posts.json').likes_media_likes;
    const { summary } = runCli([WHATIF]);
    assert.deepEqual(summary.inputs.map((i) => i.name), ['your_instagram_activity/content/posts_1.json',
      'your_instagram_activity/comments/post_comments_1.json', 'your_instagram_activity/likes/liked_posts.json']);
    assert.deepEqual([summary.totals.original, summary.totals.reply, summary.likes], [posts.posts, comments.length, likes.length]);
    assert.deepEqual(new Map(summary.top.reply_targets.map((t) => [t.label, t.count])),
      comments.reduce((m, c) => (c.string_map_data['Media Owner'].value ? m.set(c.string_map_data['Media Owner'].value, (m.get(c.string_map_data['Media Owner'].value) ?? 0) + 1) : m), new Map()));
    const module = await loadWasm();
    const items = [{ file: new File([fs.readFileSync(WHATIF)], 'IG_public_test_file.zip'), path: 'IG_public_test_file.zip' }];
    assert.deepStrictEqual(await analyzeSources(module, await planSources(module, items)), summary);
  });
}

test('our constructed Meta export as a folder: three platforms, mojibake repaired exactly, messages never opened', async () => {
  const dir = path.join(FIXTURES, 'meta');
  const terms = ['Mobiloverførsler', 'café', 'me too', '#MeToo'];
  const { summary } = runCli([dir], terms);
  assert.ok(!summary.inputs.some((i) => i.name.includes('messages')), 'the message is never opened');
  // Expected from the files: Facebook posts with a date, its comments, Threads posts, Instagram posts and comments.
  const json = (relative) => JSON.parse(fs.readFileSync(path.join(dir, relative), 'utf8'));
  const facebook = json('your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json');
  const fbComments = json('your_facebook_activity/comments_and_reactions/comments.json').comments_v2;
  const threads = json('your_instagram_activity/threads/threads_and_replies.json').text_post_app_text_posts;
  const ig = json('your_instagram_activity/content/posts_1.json');
  const igComments = json('your_instagram_activity/comments/post_comments.json').comments_media_comments;
  assert.deepEqual(summary.platforms.map((p) => [p.key, p.posts, p.reply]), [
    ['instagram', ig.length + igComments.length, igComments.length],
    ['facebook', facebook.filter((p) => p.timestamp).length + fbComments.length, fbComments.length],
    ['threads', threads.length, threads.filter((t) => t.media[0].text_app_post.is_reply).length]]);
  assert.equal(summary.problems.filter((p) => p.code === 'missing_field').length, facebook.filter((p) => !p.timestamp).length);
  // Every string read that was mojibake is repaired; "Café", right already, is left alone and still found.
  const texts = [...facebook.map((p) => p.data?.find((d) => d.post)?.post ?? ''), ...fbComments.flatMap((c) => [c.data[0].comment.comment, c.data[0].comment.author]),
    ...threads.map((t) => t.media[0].title), ...ig.map((p) => p.title || p.media[0].title), ...igComments.flatMap((c) => [c.string_list_data[0].value, c.title])];
  const wantRepaired = texts.filter((s) => repaired(s) !== s).length;
  const got = Object.values(summary.formats).reduce((n, f) => n + (f.strings_repaired ?? 0), 0);
  assert.equal(got, wantRepaired);
  assert.deepEqual(summary.queries.map((q) => [q.term, q.total]), [['Mobiloverførsler', 1], ['café', 1],
    ['me too', texts.filter((s) => /me too/i.test(repaired(s))).length], ['#MeToo', 2]]);
  assert.ok(summary.top.hashtags.some((h) => h.label === 'YoTambién'), 'repaired hashtags');
  assert.ok(summary.top.authors.some((a) => a.label === 'Ana Exämple'), 'repaired names');
  // The page reads the same folder the same way.
  const module = await loadWasm();
  const items = filesBelow(dir).map((f) => ({ file: new File([fs.readFileSync(f)], path.basename(f)), path: `meta/${path.relative(dir, f)}` }));
  const page = await analyzeSources(module, await planSources(module, items), () => {}, { queries: terms });
  assert.deepStrictEqual(page.totals, summary.totals);
  assert.deepStrictEqual(page.platforms, summary.platforms);
  assert.deepStrictEqual(page.inputs.map((i) => i.name).sort(), summary.inputs.map((i) => `meta/${i.name}`).sort());
});
