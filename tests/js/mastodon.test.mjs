// Mastodon archives: the real ones in ../shared/fixtures/mastodon-fossilizer, counted here by a small reader of
// our own (JSON.parse and the rules of ../shared/FORMATS.md section 3), against the CLI and both wasm builds;
// and our constructed files in tests/fixtures/mastodon (one line with HTML escaped as Rails writes it, an empty
// "orderedItems" before the real one as Mastodon 4.2 wrote it, a second "@context" after the items,
// totalItems 9 for 8 activities, every visibility, a content warning, a 4.4 quote, a boost, a hashtag only in
// the HTML, a shortened link, an activity without a date), whose summaries are golden (tests/golden).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeSources, planSources } from '../../web/worker/analysis-runner.js';
import { FIXTURES, SHARED_FIXTURES, asList, isPublic, loadWasm, runCli, summarizeWasm } from './helpers.mjs';

const SHARED = path.join(SHARED_FIXTURES, 'mastodon-fossilizer');

/** A ZIP entry's bytes, read by Python's zipfile (Debian's python3), not by Chorus. */
const zipEntry = (zip, name) => spawnSync('/usr/bin/python3', ['-c',
  'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))', zip, name],
{ maxBuffer: 64 << 20 }).stdout.toString('utf8');

/** What an archive holds, counted from its outbox.json, likes.json and actor.json texts. */
function expected(outbox, likes, actor, { privatePosts = false } = {}) {
  const items = JSON.parse(outbox).orderedItems;
  const out = { posts: 0, original: 0, reply: 0, repost: 0, quote: 0, followersOnly: 0, direct: 0, warnings: 0,
    hashtags: new Map(), items: items.length, declared: JSON.parse(outbox).totalItems };
  for (const item of items) {
    if (!isPublic(item)) {
      if (asList(item.to).includes(`${item.actor}/followers`)) out.followersOnly++; else out.direct++;
      if (!privatePosts) continue;
    }
    out.posts++;
    if (item.type === 'Announce') { out.repost++; continue; }
    const note = item.object;
    if (note.inReplyTo) out.reply++;
    else if (note.quote || note.quoteUri || note._misskey_quote) out.quote++;
    else out.original++;
    if (note.summary) out.warnings++;
    let tags = asList(note.tag).filter((t) => t.type === 'Hashtag').map((t) => t.name.replace(/^#/, ''));
    if (tags.length === 0) tags = [...note.content.matchAll(/<a [^>]*rel="tag"[^>]*>#<span>([^<]+)<\/span><\/a>/g)].map((m) => m[1]);
    for (const tag of tags) out.hashtags.set(tag.toLowerCase(), (out.hashtags.get(tag.toLowerCase()) ?? 0) + 1);
  }
  out.privateCounted = privatePosts ? out.followersOnly + out.direct : 0;
  const person = JSON.parse(actor);
  out.likes = JSON.parse(likes).orderedItems.length;
  out.account = `${person.preferredUsername}@${new URL(person.id).host}`;
  return out;
}

function check(summary, want, label) {
  const { totals } = summary;
  assert.deepEqual({ posts: totals.posts, original: totals.original, reply: totals.reply, repost: totals.repost, quote: totals.quote },
    { posts: want.posts, original: want.original, reply: want.reply, repost: want.repost, quote: want.quote }, label);
  const facts = summary.formats.mastodon;
  assert.equal(facts.followers_only, want.followersOnly, `${label}: followers-only posts`);
  assert.equal(facts.direct, want.direct, `${label}: direct posts`);
  assert.equal(facts.content_warnings, want.warnings, `${label}: content warnings`);
  assert.deepEqual(summary.private_posts, { read: want.followersOnly + want.direct, counted: want.privateCounted },
    `${label}: private posts`);
  assert.equal(summary.likes, want.likes, `${label}: likes`);
  assert.equal(summary.account, want.account, `${label}: account`);
  assert.deepEqual(new Map(summary.top.hashtags.map((h) => [h.key, h.count])), want.hashtags, `${label}: hashtags`);
  const mismatch = summary.problems.find((p) => p.code === 'count_mismatch');
  if (want.declared !== want.items) assert.match(mismatch?.message ?? '', new RegExp(`says it holds ${want.declared} items .* ${want.items} were read`));
  else assert.equal(mismatch, undefined);
}

if (!fs.existsSync(SHARED)) {
  test('shared Mastodon fixtures', (t) => t.skip(`skipped: ${SHARED} does not exist here`));
} else {
  test('the old-format archive\'s files (from its .tar.gz), loose and packed again: counts, private posts apart, page equals CLI', async (t) => {
    const dir = path.join(SHARED, 'from-tar-gz');
    const files = ['actor.json', 'outbox.json', 'likes.json', 'bookmarks.json'].map((f) => path.join(dir, f));
    const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
    const want = expected(read('outbox.json'), read('likes.json'), read('actor.json'));
    assert.equal(want.posts, 220);  // the MANIFEST's own figures: 190 Create + 34 Announce, 3 followers-only, 1 direct
    const native = runCli(files).summary;
    check(native, want, 'CLI');
    for (const chunk of [4096, Infinity]) assert.deepStrictEqual(await summarizeWasm(files, chunk), native, `chunk size ${chunk}`);
    // Asked for, the private posts count too.
    const all = expected(read('outbox.json'), read('likes.json'), read('actor.json'), { privatePosts: true });
    const withPrivate = runCli(files, [], ['--private']).summary;
    check(withPrivate, all, 'CLI --private');
    assert.deepStrictEqual(await summarizeWasm(files, 64 * 1024, [], { privatePosts: true }), withPrivate);
    // The same files as a .tar.gz (gzip and ustar, as Mastodon wrote it before its ZIP), made by Python's tarfile.
    const tgz = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-mastodon-')), 'archive-20221218-0123456789abcdef.tar.gz');
    t.after(() => fs.rmSync(path.dirname(tgz), { recursive: true, force: true }));
    const made = spawnSync('/usr/bin/python3', ['-c', `import sys, tarfile
with tarfile.open(sys.argv[1], 'w:gz', format=tarfile.USTAR_FORMAT) as tar:
    for f in sys.argv[2:]: tar.add(f, arcname=f.rsplit('/', 1)[1])`, tgz, ...files]);
    assert.equal(made.status, 0, made.stderr.toString());
    const archived = runCli([tgz]).summary;
    check(archived, want, 'CLI on the .tar.gz');
    assert.deepEqual(archived.totals, native.totals);
    const module = await loadWasm();
    const items = [{ file: new File([fs.readFileSync(tgz)], path.basename(tgz)), path: path.basename(tgz) }];
    assert.deepStrictEqual(await analyzeSources(module, await planSources(module, items)), archived);
  });

  test('the new-format archive ZIP as downloaded: counts, its media never opened, page equals CLI', async () => {
    const zip = path.join(SHARED, 'mastodon-export.zip');
    const want = expected(zipEntry(zip, 'outbox.json'), zipEntry(zip, 'likes.json'), zipEntry(zip, 'actor.json'));
    assert.equal(want.posts, 18);
    const native = runCli([zip]).summary;
    check(native, want, 'CLI');
    assert.deepEqual(native.inputs.map((i) => i.name).sort(), ['actor.json', 'bookmarks.json', 'likes.json', 'outbox.json'],
      'only the JSON entries are opened: no media, avatar or header');
    const module = await loadWasm();
    const items = [{ file: new File([fs.readFileSync(zip)], 'mastodon-export.zip'), path: 'mastodon-export.zip' }];
    assert.deepStrictEqual(await analyzeSources(module, await planSources(module, items)), native);
  });

  test('a pretty-printed outbox (fossilizer\'s own test file) reads as the compact ones do', async () => {
    const file = path.join(SHARED, 'resources-test', 'outbox.json');
    const summary = runCli([file]).summary;
    assert.equal(summary.totals.posts, JSON.parse(fs.readFileSync(file, 'utf8')).orderedItems.length);
    assert.deepStrictEqual(await summarizeWasm([file], 7), summary);
  });
}

test('our constructed outbox: private posts apart, the duplicate member read, HTML turned into text', () => {
  const dir = path.join(FIXTURES, 'mastodon');
  const files = ['actor.json', 'outbox.json', 'likes.json'].map((f) => path.join(dir, f));
  const { summary } = runCli(files, ['#MeToo', 'me too', "it's time", 'example.org/a/very/long/path']);
  const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
  // The activity without a date is skipped, with a message; JSON.parse keeps the last "orderedItems".
  const want = expected(read('outbox.json'), read('likes.json'), read('actor.json'));
  want.posts -= 1;
  want.original -= 1;
  check(summary, want, 'constructed');
  assert.deepEqual(summary.queries.map((q) => [q.term, q.total]),
    [['#MeToo', 1], ['me too', 2], ["it's time", 1], ['example.org/a/very/long/path', 1]]);
  assert.match(summary.formats.mastodon.facts.join(' | '), /1 followers-only and 1 direct Mastodon posts left out/);
  assert.ok(summary.problems.some((p) => p.code === 'missing_field' && /has no date/.test(p.message)));
});
