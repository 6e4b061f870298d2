#!/usr/bin/env node
// Writes a synthetic research collection: twarc2 output (one API v2 response page of 100 tweets per line,
// with includes.users and includes.tweets, pure ASCII as Python's json.dumps writes it) or the same tweets
// as twarc-csv rows. Tweet i is the same in every file that holds it, so files made of overlapping ranges
// of i overlap exactly as a researcher's repeated searches do.
//
//   node bench/generate-collection.mjs --format v2 --from 0 --count 100000 --out bench/data/c.jsonl
import fs from 'node:fs';
import { ACCOUNTS, CLIENTS, DOMAINS, HASHTAGS, LANGS, MIDDLES, OPENERS, rng } from './generate-x-archive.mjs';

const SEED_ID = 919659447309041664n;
const SEED_MS = Date.UTC(2017, 9, 15, 20, 21, 59);
const VOICES = 200000;  // distinct authors the tweets are spread over
const PAGE = 100;

/** Python's json.dumps: ", " and ": " separators, non-ASCII as \uXXXX (surrogate pairs for emoji). */
export function pyJson(value) {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map(pyJson).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${pyJson(k)}: ${pyJson(v)}`).join(', ')}}`;
}

const cpLength = (s) => [...s].length;
const iso = (ms) => new Date(ms).toISOString();
const userId = (voice) => String(3000000000n + BigInt(voice));
const username = (voice) => `voice_${voice.toString(36)}`;
export const tweetId = (i) => (SEED_ID + 1000n + BigInt(i) * 7n).toString();

/** Tweet i of the collection: an API v2 tweet object, its author and, for a retweet, the retweeted tweet. */
export function collectionTweet(i) {
  const random = rng(0x5eed + i);
  const pick = (list) => list[Math.floor(random() * list.length)];
  // Thousands of replies within hours of the seed, then a long tail over two years.
  const ms = SEED_MS + Math.floor(i < 20000 ? i * 2000 : 4e7 + (i - 20000) * 60000 * random() * 2);
  const voice = Math.floor(random() ** 2 * VOICES);
  const roll = random();
  const kind = roll < 0.4 ? 'reply' : roll < 0.7 ? 'retweet' : roll < 0.8 ? 'quote' : 'original';
  const entities = { hashtags: [], mentions: [], urls: [] };
  let text = '';
  const mention = (handle) => {
    const start = cpLength(text);
    text += `@${handle}`;
    entities.mentions.push({ start, end: cpLength(text), username: handle, id: String(100000 + handle.length * 7919) });
  };
  const hashtag = (tag) => {
    const start = cpLength(text);
    text += `#${tag}`;
    entities.hashtags.push({ start, end: cpLength(text), tag });
  };
  const url = (expanded) => {
    const start = cpLength(text);
    const short = `https://t.co/${(i * 7919).toString(36).padStart(10, 'x')}`;
    text += short;
    entities.urls.push({ start, end: cpLength(text), url: short, expanded_url: expanded, display_url: expanded.replace(/^https?:\/\/(www\.)?/, '') });
  };
  const tweet = { edit_history_tweet_ids: [tweetId(i)], lang: pick(LANGS), author_id: userId(voice), id: tweetId(i),
    created_at: iso(ms), conversation_id: SEED_ID.toString() };
  let retweeted = null;
  if (kind === 'retweet') {
    const original = pick(ACCOUNTS);
    const full = `${pick(OPENERS)} ${pick(MIDDLES)} ${pick(MIDDLES)} #MeToo`;
    text = `RT @${original}: ${full.slice(0, 100)}…`;
    entities.mentions.push({ start: 3, end: 4 + original.length, username: original, id: String(100000 + original.length * 7919) });
    retweeted = { id: (SEED_ID - 5000n + BigInt(i % 4000)).toString(), text: full, author_id: String(100000 + original.length * 7919),
      created_at: iso(SEED_MS - 3600000), lang: 'en', entities: { hashtags: [{ start: full.length - 6, end: full.length, tag: 'MeToo' }] } };
    tweet.referenced_tweets = [{ type: 'retweeted', id: retweeted.id }];
  } else {
    if (kind === 'reply') {
      mention(random() < 0.5 ? 'Alyssa_Milano' : pick(ACCOUNTS));
      text += ' ';
      tweet.referenced_tweets = [{ type: 'replied_to', id: SEED_ID.toString() }];
      tweet.in_reply_to_user_id = entities.mentions[0].id;
    }
    text += pick(OPENERS).replace(/&/g, '&amp;').replace(/</g, '&lt;');
    if (random() < 0.7) text += ` ${pick(MIDDLES).replace(/&/g, '&amp;').replace(/</g, '&lt;')}`;
    const tags = random() < 0.6 ? 1 + Math.floor(random() * 3) : 0;
    for (let k = 0; k < tags; k++) { text += ' '; hashtag(pick(HASHTAGS)); }
    if (random() < 0.3) { text += ' '; url(`https://${pick(DOMAINS)}/2017/10/${(i % 997).toString(36)}`); }
    if (kind === 'quote') {
      text += ' ';
      url(`https://twitter.com/${pick(ACCOUNTS)}/status/${SEED_ID}`);
      tweet.referenced_tweets = [{ type: 'quoted', id: SEED_ID.toString() }];
    }
  }
  Object.assign(tweet, { text, entities, source: pick(CLIENTS)[0], reply_settings: 'everyone', possibly_sensitive: false,
    public_metrics: { retweet_count: Math.floor(random() * 50), reply_count: Math.floor(random() * 9), like_count: Math.floor(random() * 400), quote_count: 0 } });
  for (const key of ['hashtags', 'mentions', 'urls']) if (entities[key].length === 0) delete entities[key];
  return { tweet, user: { id: userId(voice), username: username(voice), name: `Voice ${voice}` }, retweeted };
}

/** One twarc2 response page (one line) of tweets first..first+n-1. */
function page(first, n) {
  const data = [];
  const users = new Map();
  const included = new Map();
  for (let i = first; i < first + n; i++) {
    const { tweet, user, retweeted } = collectionTweet(i);
    data.push(tweet);
    users.set(user.id, user);
    if (retweeted) included.set(retweeted.id, retweeted);
  }
  return pyJson({ data, includes: { users: [...users.values()], tweets: [...included.values()] },
    meta: { newest_id: data[0].id, oldest_id: data.at(-1).id, result_count: n, next_token: `b26v89c19zqg8o3f${first}` },
    __twarc: { url: 'https://api.twitter.com/2/tweets/search/all?query=%22me%20too%22', version: '2.14.0', retrieved_at: '2023-02-01T10:00:00+00:00' } });
}

export const CSV_COLUMNS = ['id', 'conversation_id', 'referenced_tweets.replied_to.id', 'referenced_tweets.retweeted.id',
  'referenced_tweets.quoted.id', 'author_id', 'in_reply_to_user_id', 'created_at', 'text', 'lang', 'source',
  'public_metrics.reply_count', 'public_metrics.retweet_count', 'public_metrics.like_count', 'entities.hashtags',
  'entities.mentions', 'entities.urls', 'author.id', 'author.username', 'author.name'];

const csvField = (v) => {
  const s = v == null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One twarc-csv row of tweet i (retweets carry their own, cut text, as twarc-csv writes it). */
function csvRow(i) {
  const { tweet, user } = collectionTweet(i);
  const ref = (type) => tweet.referenced_tweets?.find((r) => r.type === type)?.id ?? '';
  const list = (key) => (tweet.entities[key] ? pyJson(tweet.entities[key]) : '');
  return [tweet.id, tweet.conversation_id, ref('replied_to'), ref('retweeted'), ref('quoted'), tweet.author_id,
    tweet.in_reply_to_user_id ?? '', tweet.created_at, tweet.text, tweet.lang, tweet.source,
    tweet.public_metrics.reply_count, tweet.public_metrics.retweet_count, tweet.public_metrics.like_count,
    list('hashtags'), list('mentions'), list('urls'), user.id, user.username, user.name].map(csvField).join(',');
}

/** Writes tweets from..from+count-1 in `format` ("v2" or "csv") through write(string). */
export function generateCollection({ format = 'v2', from = 0, count, write }) {
  if (format === 'csv') {
    write(`${CSV_COLUMNS.join(',')}\n`);
    for (let i = from; i < from + count; i++) write(`${csvRow(i)}\n`);
    return;
  }
  for (let first = from; first < from + count; first += PAGE) write(`${page(first, Math.min(PAGE, from + count - first))}\n`);
}

/** Writes a file, buffered. */
export function writeCollection(file, options) {
  const fd = fs.openSync(file, 'w');
  let parts = [];
  let length = 0;
  const flush = () => { fs.writeSync(fd, parts.join('')); parts = []; length = 0; };
  generateCollection({ ...options, write: (s) => { parts.push(s); length += s.length; if (length > 1 << 22) flush(); } });
  flush();
  fs.closeSync(fd);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, fallback) => { const k = process.argv.indexOf(name); return k >= 0 ? process.argv[k + 1] : fallback; };
  writeCollection(arg('--out', 'collection.jsonl'), { format: arg('--format', 'v2'), from: Number(arg('--from', 0)), count: Number(arg('--count', 1000)) });
}
