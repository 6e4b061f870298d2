// Research collections: Twitter API v2 (twarc2 pages, stream lines, flatten output), API v1.1, snscrape and
// CSV, many files as one collection with posts deduplicated by id. Expected counts are derived here, by
// reading the files with this file's own small parsers (JSON.parse per line, an RFC 4180 splitter), never by
// running Chorus.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyzeSources, planSources, readRange } from '../../web/worker/analysis-runner.js';
import { CLI, FIXTURES, SHARED_FIXTURES, WASM_BINARY, WASM_JS, filesBelow, loadWasm, parseCsv, runCli, summarizeWasm } from './helpers.mjs';

const CHUNK_SIZES = [1, 7, 64 * 1024, Infinity];
const KINDS = ['original', 'reply', 'repost', 'quote'];

/** Counts per kind of a list of posts given as kind names, deduplicated by id (first one kept). */
function tally(posts) {
  const seen = new Set();
  const totals = { posts: 0, original: 0, reply: 0, repost: 0, quote: 0 };
  let duplicates = 0;
  for (const { id, kind } of posts) {
    if (id && seen.has(id)) { duplicates += 1; continue; }
    if (id) seen.add(id);
    totals.posts += 1;
    totals[kind] += 1;
  }
  return { totals, duplicates };
}

/** The tweets of a twarc2 file: every line JSON.parsed; cut-off lines, compliance records and errors apart. */
function readTwarc2(file) {
  const posts = [];
  let broken = 0;
  let compliance = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let doc;
    try { doc = JSON.parse(line); } catch { broken += 1; continue; }
    let tweets = [];
    if ('data' in doc) tweets = (Array.isArray(doc.data) ? doc.data : [doc.data]).filter((t) => 'text' in t);
    else if ('action' in doc) compliance += 1;
    else if ('text' in doc) tweets = [doc];
    for (const t of tweets) {
      const history = t.edit_history_tweet_ids ?? [];
      if (history.length > 1 && history.at(-1) !== t.id && history.includes(t.id)) continue;  // an older version
      const types = (t.referenced_tweets ?? []).map((r) => r.type);
      const kind = types.includes('retweeted') ? 'repost'
        : types.includes('replied_to') || t.in_reply_to_user_id ? 'reply' : types.includes('quoted') ? 'quote' : 'original';
      posts.push({ id: t.id, kind, lang: t.lang });
    }
  }
  return { posts, broken, compliance };
}

/** v1.1 statuses: one per line, a JSON array, or one object. */
function readV1(file) {
  const text = fs.readFileSync(file, 'utf8').trim();
  let statuses;
  try {
    const doc = JSON.parse(text);
    statuses = Array.isArray(doc) ? doc : [doc];
  } catch {
    statuses = text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
  }
  return statuses.map((s) => ({
    id: s.id_str,
    kind: s.retweeted_status ? 'repost' : s.in_reply_to_status_id_str || s.in_reply_to_user_id_str ? 'reply'
      : s.is_quote_status || s.quoted_status_id_str ? 'quote' : 'original',
  }));
}


const twarc2Dir = path.join(SHARED_FIXTURES, 'twarc2-twarc-csv');
const sharedTwarc2 = filesBelow(twarc2Dir).filter((f) => f.endsWith('.jsonl'));
const sharedV1 = [...filesBelow(path.join(SHARED_FIXTURES, 'twitter-v1.1-python-twitter')),
  path.join(SHARED_FIXTURES, 'twitter-v1.1-twitter-to-sqlite', 'tweets.json')].filter((f) => /\.jsonl?$/.test(f) && fs.existsSync(f));

if (!fs.existsSync(SHARED_FIXTURES)) {
  test('shared twarc2 and v1.1 fixtures', (t) => t.skip(`skipped: ${SHARED_FIXTURES} does not exist here`));
}

for (const file of sharedTwarc2) {
  test(`twarc2 ${path.basename(file)}: the posts, kinds and problems a line-by-line JSON.parse finds`, () => {
    const { posts, broken, compliance } = readTwarc2(file);
    const { status, summary } = runCli([file]);
    assert.equal(status, posts.length > 0 || compliance > 0 ? 0 : 1);
    assert.equal(summary.inputs[0].format, 'twitter-api-v2');
    assert.deepEqual(summary.totals, tally(posts).totals);
    assert.equal(summary.inputs[0].skipped_by_reason.truncated ?? 0, broken, 'a cut-off last line is reported once');
    assert.equal(summary.inputs[0].skipped_by_reason.not_a_post ?? 0, compliance, 'compliance records are not posts');
    const langs = new Set(posts.map((p) => p.lang).filter(Boolean));
    assert.equal(summary.top.languages.length, langs.size);
  });
}

test('twarc2: the noflat page resolves authors and whole retweet texts from its includes', (t) => {
  if (!fs.existsSync(twarc2Dir)) { t.skip(`skipped: ${twarc2Dir} does not exist here`); return; }
  const file = path.join(twarc2Dir, 'noflat.jsonl');
  const page = JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[0]);
  const users = new Map(page.includes.users.map((u) => [u.id, u.username]));
  const authors = new Set(page.data.map((d) => users.get(d.author_id).toLowerCase()));
  const { summary } = runCli([file]);
  assert.equal(summary.distinct.authors, authors.size);
  assert.equal(summary.quality.truncated_reposts, 0, 'every retweet found whole in includes.tweets');
  assert.equal(summary.problems.filter((p) => p.code === 'api_error').length, 1, 'the page lists one API error');
  const replied = new Map();
  for (const d of page.data) {
    if (!(d.referenced_tweets ?? []).some((r) => r.type === 'replied_to')) continue;
    const name = users.get(d.in_reply_to_user_id);
    if (name) replied.set(name.toLowerCase(), (replied.get(name.toLowerCase()) ?? 0) + 1);
  }
  const top = [...replied.values()].sort((a, b) => b - a)[0];
  assert.equal(summary.top.reply_targets[0].count, top);
});

test('twarc2: flatten output and the page it came from are one collection (15 duplicates)', (t) => {
  if (!fs.existsSync(twarc2Dir)) { t.skip(`skipped: ${twarc2Dir} does not exist here`); return; }
  const noflat = path.join(twarc2Dir, 'noflat.jsonl');
  const flat = path.join(twarc2Dir, 'flat.first15.jsonl');
  const flatIds = readTwarc2(flat).posts.map((p) => p.id);
  const pageIds = readTwarc2(noflat).posts.map((p) => p.id);
  assert.deepEqual(flatIds, pageIds.slice(0, 15));
  const { summary } = runCli([noflat, flat]);
  assert.equal(summary.totals.posts, 100);
  assert.deepEqual(summary.inputs.map((i) => [i.posts, i.duplicates]), [[100, 0], [0, 15]]);
  assert.deepEqual(runCli([flat]).summary.totals, tally(readTwarc2(noflat).posts.slice(0, 15)).totals);
});

test('twarc-csv (2021 layout) and its JSON Lines: the same three tweets, once', (t) => {
  if (!fs.existsSync(twarc2Dir)) { t.skip(`skipped: ${twarc2Dir} does not exist here`); return; }
  const csv = path.join(twarc2Dir, 'small_sample.legacy-2021.csv');
  const rows = parseCsv(fs.readFileSync(csv, 'utf8')).filter((r) => r.type === '');  // the others are referenced tweets
  const kinds = rows.map((r) => ({ id: r.id, kind: /"quoted"/.test(r.referenced_tweets) ? 'quote' : 'original' }));
  const { summary } = runCli([csv]);
  assert.equal(summary.inputs[0].format, 'twarc-csv');
  assert.deepEqual(summary.totals, tally(kinds).totals);
  const both = runCli([path.join(twarc2Dir, 'small_sample.legacy-2021.jsonl'), csv]).summary;
  assert.equal(both.totals.posts, rows.length);
  assert.equal(both.quality.duplicates, rows.length);
});

for (const file of sharedV1) {
  test(`v1.1 ${path.basename(file)}: the statuses and kinds JSON.parse finds`, () => {
    const { summary } = runCli([file]);
    assert.deepEqual(summary.totals, tally(readV1(file)).totals);
  });
}

test('X tweets.csv (Grailbird): every row, with its kind from the status ids', (t) => {
  const csv = path.join(SHARED_FIXTURES, 'x-archive-grailbird-icco-2014', 'tweets.csv');
  if (!fs.existsSync(csv)) { t.skip(`skipped: ${csv} does not exist here`); return; }
  const rows = parseCsv(fs.readFileSync(csv, 'utf8'));
  const posts = rows.map((r) => ({ id: r.tweet_id,
    kind: r.retweeted_status_id ? 'repost' : r.in_reply_to_status_id || r.in_reply_to_user_id ? 'reply' : 'original' }));
  const { summary } = runCli([csv]);
  assert.equal(summary.inputs[0].format, 'x-archive-tweets-csv');
  assert.deepEqual(summary.totals, tally(posts).totals);
});

// The project's own collection: two overlapping twarc2 searches and a twarc-csv export of some of the same tweets.
const collection = path.join(FIXTURES, 'collection');
const collectionFiles = ['search-2023-02-01.jsonl', 'search-2023-02-02.jsonl', 'export-twarc-csv.csv'].map((f) => path.join(collection, f));

function expectedCollection() {
  const perFile = [];
  const all = [];
  for (const file of collectionFiles) {
    const posts = file.endsWith('.csv')
      ? parseCsv(fs.readFileSync(file, 'utf8')).map((r) => ({ id: r.id,
        kind: r['referenced_tweets.retweeted.id'] ? 'repost' : r['referenced_tweets.replied_to.id'] ? 'reply'
          : r['referenced_tweets.quoted.id'] ? 'quote' : 'original' }))
      : readTwarc2(file).posts;
    perFile.push(posts);
    all.push(...posts);
  }
  const seen = new Set();
  const counts = perFile.map((posts) => {
    let fresh = 0;
    for (const p of posts) if (!seen.has(p.id)) { seen.add(p.id); fresh += 1; }
    return [fresh, posts.length - fresh];
  });
  return { ...tally(all), counts };
}

test('overlapping files make one collection: posts counted once, duplicates per file', () => {
  const expected = expectedCollection();
  const { summary } = runCli([collection]);
  assert.deepEqual(summary.inputs.map((i) => path.basename(i.name)), collectionFiles.map((f) => path.basename(f)));
  assert.deepEqual(summary.totals, expected.totals);
  assert.deepEqual(summary.inputs.map((i) => [i.posts, i.duplicates]), expected.counts);
  assert.equal(summary.quality.duplicates, expected.duplicates);
  // One error line and one page's errors are reported, never fatal; the blank line is nothing.
  assert.equal(summary.problems.filter((p) => p.code === 'api_error').length, 2);
});

test('the seed thread: hourly buckets show the replies of the first hours; newcomers per day', async () => {
  const { summary } = runCli(collectionFiles);
  assert.equal(summary.top.reply_targets[0].label, 'Alyssa_Milano');
  const firstDay = summary.movement.new_authors[0];
  assert.equal(firstDay.start, '2017-10-15');
  assert.equal(summary.movement.new_authors.reduce((n, b) => n + b.count, 0), summary.distinct.authors);
  const module = await loadWasm();
  await summarizeWasm(collectionFiles, Infinity);
  const hourly = module.view('hourly', { fromDay: null, toDay: null, kinds: 15 }).view;
  const first = hourly.buckets[0];
  assert.equal(first.start, '2017-10-15T20');
  const replies = hourly.buckets.filter((b) => b.start.startsWith('2017-10-15')).reduce((n, b) => n + b.reply, 0);
  const rows = readTwarc2(collectionFiles[0]).posts.concat(readTwarc2(collectionFiles[1]).posts);
  const ids = new Set();
  let expected = 0;
  for (const line of [collectionFiles[0], collectionFiles[1]].flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'))) {
    let doc;
    try { doc = JSON.parse(line); } catch { continue; }
    for (const t of [doc.data ?? []].flat()) {
      if (ids.has(t.id)) continue;
      ids.add(t.id);
      if (t.created_at.startsWith('2017-10-15') && (t.referenced_tweets ?? []).some((r) => r.type === 'replied_to')) expected += 1;
    }
  }
  assert.ok(rows.length > expected);
  assert.equal(replies, expected);
});

test('chorus summarize --hourly gives the page\'s hours, newcomers and languages per hour, however it reads', async () => {
  const files = collectionFiles.slice(0, 2);  // the twarc2 pages
  const cli = (...args) => {
    const result = spawnSync(CLI, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout;
  };
  const hours = cli('summarize', '--hourly', '-j', '1', ...files);
  // Newcomers per hour, derived here: each author's first post (posts deduplicated by id, older versions of
  // edited posts left out), authors by their username from the page's includes, in any letter case.
  const firstHour = new Map();
  const withLanguage = [];
  const ids = new Set();
  for (const line of files.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'))) {
    let doc;
    try { doc = JSON.parse(line); } catch { continue; }
    const users = new Map((doc.includes?.users ?? []).map((u) => [u.id, u.username]));
    for (const t of [doc.data ?? []].flat().filter((t) => 'text' in t)) {
      const history = t.edit_history_tweet_ids ?? [];
      if ((history.length > 1 && history.at(-1) !== t.id && history.includes(t.id)) || ids.has(t.id)) continue;
      ids.add(t.id);
      const author = users.get(t.author_id)?.toLowerCase();
      const hour = t.created_at.slice(0, 13);
      if (t.lang) withLanguage.push({ hour, lang: t.lang.toLowerCase() });
      if (author && !(firstHour.get(author) <= hour)) firstHour.set(author, hour);
    }
  }
  const expected = {};
  for (const hour of firstHour.values()) expected[hour] = (expected[hour] ?? 0) + 1;
  const parsed = JSON.parse(hours);
  assert.deepEqual(Object.fromEntries(parsed.buckets.filter((b) => b.new_authors > 0).map((b) => [b.start, b.new_authors])), expected);
  assert.ok(Object.keys(expected).length > 2, 'the newcomers come in several hours');
  // Posts per language and hour: every post that names its language, in the hour it was posted.
  const languages = parsed.languages;
  const perHour = {};
  for (const { hour, lang } of withLanguage) {
    const row = (perHour[hour] ??= languages.map(() => 0));
    const at = languages.indexOf(lang);
    row[at >= 0 ? at : languages.length - 1] += 1;
  }
  assert.deepEqual(Object.fromEntries(parsed.buckets.filter((b) => b.languages.some((n) => n > 0)).map((b) => [b.start, b.languages])), perHour);
  // The page's module gives the same hours; so do two threads and merged states.
  const module = await loadWasm();
  await summarizeWasm(files, Infinity);
  assert.deepEqual(module.view('hourly', { fromDay: null, toDay: null, kinds: 15 }).view, parsed);
  assert.equal(cli('summarize', '--hourly', '-j', '2', ...files), hours);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-hours-'));
  const states = [];
  for (const [i, file] of files.entries()) {  // the files overlap: each read after the states before it
    states.push(path.join(dir, `${i}.state`));
    cli('summarize', '--state', '-o', states[i], ...states.slice(0, i).flatMap((before) => ['--after', before]), file);
  }
  assert.equal(cli('merge', '--hourly', ...states), hours);
  fs.rmSync(dir, { recursive: true, force: true });
  const both = spawnSync(CLI, ['summarize', '--hourly', '--state', ...files], { encoding: 'utf8' });
  assert.equal(both.status, 2);
  assert.match(both.stderr, /give one/);
});

test('the CLI\'s filters give the page\'s filtered views: days, kinds and platforms, summary and hours', async () => {
  const cli = (...args) => {
    const result = spawnSync(CLI, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout);
  };
  const module = await loadWasm();
  await summarizeWasm(collectionFiles, Infinity);
  const day = (iso) => Date.parse(`${iso}T00:00:00Z`) / 86400000;
  const filters = [
    [['--from', '2017-10-16'], { fromDay: day('2017-10-16'), toDay: null, kinds: 15 }],
    [['--from', '2017-10-15', '--to', '2017-10-15', '--kinds', 'reply,quote'], { fromDay: day('2017-10-15'), toDay: day('2017-10-15'), kinds: 0b1010 }],
    [['--platforms', 'x', '--kinds', 'original'], { fromDay: null, toDay: null, kinds: 0b0001, platforms: ['x'] }],
  ];
  for (const [options, filter] of filters) {
    const view = module.view('summary', filter).view;
    assert.deepEqual(cli('summarize', ...options, ...collectionFiles), view, options.join(' '));
    assert.deepEqual(cli('summarize', '-j', '2', ...options, ...collectionFiles), view, `-j 2 ${options.join(' ')}`);
    assert.deepEqual(cli('summarize', '--hourly', ...options, ...collectionFiles), module.view('hourly', filter).view);
  }
  // The filter does filter: replies and quotes of the first day only.
  const firstDay = cli('summarize', ...filters[1][0], ...collectionFiles);
  assert.equal(firstDay.totals.original + firstDay.totals.repost, 0);
  assert.ok(firstDay.totals.posts > 0 && firstDay.totals.posts < cli('summarize', ...collectionFiles).totals.posts);
  assert.equal(firstDay.date_range.last.slice(0, 10), '2017-10-15');
});

test('languages over time add up to the posts of each day', () => {
  const { summary } = runCli([collection]);
  const { names, buckets } = summary.movement.languages;
  assert.equal(names.at(-1), 'other');
  for (const bucket of buckets) {
    const day = summary.timeline.buckets.find((b) => b.start === bucket.start);
    const withLanguage = bucket.counts.reduce((n, c) => n + c, 0);
    assert.ok(withLanguage <= day.posts);
  }
  assert.equal(buckets.reduce((n, b) => n + b.counts.reduce((m, c) => m + c, 0), 0),
    summary.top.languages.reduce((n, l) => n + l.count, 0));
});

test('CSV: BOM, CRLF and quoted commas, quotes and line breaks are read as RFC 4180 says', () => {
  const file = path.join(collection, 'export-twarc-csv.csv');
  const rows = parseCsv(fs.readFileSync(file, 'utf8'));
  const { summary } = runCli([file], ['"me too", and here is why']);
  assert.equal(summary.inputs[0].records_read, rows.length);
  assert.equal(summary.inputs[0].posts, rows.length);
  assert.equal(summary.queries[0].total, 1, 'the quoted line break and comma are part of the text');
  assert.deepEqual(summary.top.domains.map((d) => d.key), ['example.org']);
});

test('CSV: ids rounded by a spreadsheet are reported and never taken for duplicates', () => {
  const file = path.join(FIXTURES, 'csv', 'spreadsheet-rounded-ids.csv');
  const rows = parseCsv(fs.readFileSync(file, 'utf8'));
  assert.equal(new Set(rows.map((r) => r.id)).size, 1, 'the fixture\'s ids all round to one value');
  const { summary } = runCli([file]);
  assert.equal(summary.totals.posts, rows.length);
  assert.equal(summary.quality.duplicates, 0);
  assert.ok(summary.problems.some((p) => p.level === 'warning' && /scientific notation/.test(p.message)));
  assert.equal(summary.formats.csv.mangled_ids, rows.length);
});

test('CSV: twarc json2csv columns are recognised by themselves', () => {
  const file = path.join(FIXTURES, 'csv', 'twarc-json2csv.csv');
  const rows = parseCsv(fs.readFileSync(file, 'utf8'));
  const kinds = { original: 'original', reply: 'reply', retweet: 'repost', quote: 'quote' };
  const { summary } = runCli([file]);
  assert.equal(summary.inputs[0].format, 'twarc-json2csv');
  assert.deepEqual(summary.totals, tally(rows.map((r) => ({ id: r.id, kind: kinds[r.tweet_type] }))).totals);
  assert.equal(summary.top.clients[0].label, 'Twitter for Android');
});

const otherTool = path.join(FIXTURES, 'csv', 'other-tool.csv');
const MAPPING = 'time=Posted,text=Message,author=Handle,kind=Type,reply_to=Parent,id=Post ID';

test('CSV of another layout: reported with its columns until mapped; mapped, the CLI and the page agree', async () => {
  const unmapped = runCli([otherTool]);
  assert.equal(unmapped.status, 1);
  assert.equal(unmapped.summary.problems[0].code, 'unmapped_columns');
  const rows = parseCsv(fs.readFileSync(otherTool, 'utf8'));
  const kinds = { reply: 'reply', post: 'original', share: 'repost' };
  const expected = tally(rows.map((r) => ({ id: r['Post ID'], kind: kinds[r.Type] })));
  const { status, summary } = runCli([otherTool], [], ['--columns', MAPPING]);
  assert.equal(status, 0);
  assert.deepEqual(summary.totals, expected.totals);
  assert.equal(summary.inputs[0].duplicates, expected.duplicates);
  assert.deepEqual(summary.top.authors.map((a) => a.label).sort(), [...new Set(rows.map((r) => r.Handle.slice(1)))].filter((h) => h !== 'nina_w').sort());
  for (const chunk of CHUNK_SIZES) {
    assert.deepStrictEqual(await summarizeWasm([otherTool], chunk, [], { columns: MAPPING }), summary, `chunk size ${chunk}`);
  }
  // Column numbers work as well as names.
  assert.deepEqual(runCli([otherTool], [], ['--columns', 'time=1,text=3,author=2,kind=4,reply_to=5,id=6']).summary.totals,
    expected.totals);
  const bad = runCli([otherTool], [], ['--columns', 'time=When,text=Message']).summary;
  assert.match(bad.problems[0].message, /no column "when"/);
});

test('the page previews a table of another layout for its column mapping', async () => {
  const module = await loadWasm();
  const bytes = fs.readFileSync(otherTool);
  module.chunkBuffer(bytes.length).set(bytes);
  const { preview } = module.preview('other-tool.csv', bytes.length);
  const rows = parseCsv(bytes.toString('utf8'));
  assert.deepEqual(preview.columns, Object.keys(rows[0]));
  assert.deepEqual(preview.rows[0], Object.values(rows[0]));
  assert.equal(preview.known, null);
});

const sharedJsonl = [...sharedTwarc2, ...sharedV1];
for (const file of sharedJsonl) {
  test(`wasm equals native on shared ${path.basename(file)} at chunk sizes ${CHUNK_SIZES.join(', ')}`, async () => {
    const native = runCli([file]).summary;
    for (const chunk of CHUNK_SIZES) assert.deepStrictEqual(await summarizeWasm([file], chunk), native, `chunk size ${chunk}`);
  });
}

test('the collection read as the page reads it, with helpers cutting its files, equals the CLI', async () => {
  const module = await loadWasm();
  const { default: factory } = await import(WASM_JS);
  const runRange = (job, { onBytes }) => {
    let giveRoom;
    const room = new Promise((resolve) => { giveRoom = resolve; });
    const result = factory({ wasmBinary: fs.readFileSync(WASM_BINARY) }).then((m) => readRange(m, job, { onBytes, room }));
    return { collect: (maxMatched) => { giveRoom(maxMatched); return result; } };
  };
  const items = collectionFiles.map((file) => ({ file: new File([fs.readFileSync(file)], path.basename(file)), path: path.basename(file) }));
  // A search run twice into one file: duplicates far apart, in different ranges.
  const twice = Buffer.concat([fs.readFileSync(collectionFiles[0]), fs.readFileSync(collectionFiles[0])]);
  const native = runCli(collectionFiles).summary;
  const parallel = await analyzeSources(module, await planSources(module, items), () => {},
    { helpers: 2, runRange, minSplitBytes: 0 });
  assert.deepStrictEqual(parallel, native);
  const twiceItems = [{ file: new File([twice], 'twice.jsonl'), path: 'twice.jsonl' }];
  const serial = await analyzeSources(module, await planSources(module, twiceItems));
  const split = await analyzeSources(module, await planSources(module, twiceItems), () => {}, { helpers: 2, runRange, minSplitBytes: 0 });
  assert.equal(serial.totals.posts, readTwarc2(collectionFiles[0]).posts.length);
  assert.deepStrictEqual(split, serial, 'ranges that share posts are read again by one reader');
});

test('a helper\'s range that shares a post with what the module counted is refused, not added twice', async () => {
  const { default: factory } = await import(WASM_JS);
  const helper = await factory({ wasmBinary: fs.readFileSync(WASM_BINARY) });
  const file = new File([fs.readFileSync(collectionFiles[0])], 'a.jsonl');
  const job = { prelude: [], queries: [], timeZone: 'UTC', file, name: 'a.jsonl', start: 0, stop: null };
  const { state } = await readRange(helper, job);
  const module = await loadWasm();
  module.begin({});
  const bytes = new Uint8Array(await file.arrayBuffer());
  module.beginFile('a.jsonl', -1, -1);
  module.chunkBuffer(bytes.length).set(bytes);
  module.feedChunk(bytes.length);
  module.endFile();
  module.chunkBuffer(state.length).set(state);
  const refused = module.merge('state', state.length);
  assert.equal(refused.ok, false);
  assert.equal(refused.error.code, 'overlap');
  // Handed the ids counted so far, the helper counts none of them again, and its state merges.
  const seen = module.seenKeys().bytes.slice();
  const { state: after } = await readRange(helper, { ...job, seen });
  module.chunkBuffer(after.length).set(after);
  assert.equal(module.merge('state', after.length).ok, true);
  assert.equal(module.finish().summary.totals.posts, readTwarc2(collectionFiles[0]).posts.length);
});

test('large loose files after the first are read by slices, with the same summary as streams', async () => {
  const module = await loadWasm();
  const items = collectionFiles.map((file) => ({ file: new File([fs.readFileSync(file)], path.basename(file)), path: path.basename(file) }));
  const streamed = await analyzeSources(module, await planSources(module, items));
  let fed = 0;
  const sliced = await analyzeSources(module, await planSources(module, items), ({ bytesDone }) => { fed = bytesDone; },
    { slicedFromBytes: 1, sliceBytes: 4093 });
  assert.deepStrictEqual(sliced, streamed);
  assert.equal(fed, items.reduce((n, i) => n + i.file.size, 0));
  assert.deepStrictEqual(sliced, runCli(collectionFiles).summary);
});
