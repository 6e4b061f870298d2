#!/usr/bin/env node
// Writes a synthetic X archive tweets.js, pretty-printed exactly as X writes it
// ("window.YTD.tweets.part0 = [", two-space indent, `"key" : value`, every number a string).
// Deterministic for a given seed. Used for the page's sample and for benchmarks.
//
//   node bench/generate-x-archive.mjs --count 2000 --out web/gen/sample/tweets.js
//   node bench/generate-x-archive.mjs --bytes 500000000 --out bench/data/tweets-500mb.js
import fs from 'node:fs';
import path from 'node:path';

const HANDLE = 'chorus_sample';
const ACCOUNT_ID = '1000000000000000001';

/** A small, fast, seeded PRNG (mulberry32): the same numbers for the same seed, here and in the tests' mutants. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const OPENERS = [
  'Me too.', 'me too', 'Me, too.', 'It happened to me too.', 'Listening to every story today.',
  'I believe survivors.', 'Reading the replies and I cannot stop crying.', 'This is not a trend, it is a reckoning.',
  'Moi aussi.', 'Yo también.', 'Auch ich.', '私も。', 'Anch\'io.', 'Eu também.', 'Ja też.',
  'To everyone sharing their story: you are heard 💜', 'Solidarity & strength to all of you ✊🏽',
  'Thread on what workplaces should change now 👇', 'The numbers are staggering.', 'Long day. Still here.',
];
export const MIDDLES = [
  'It took me years to say it out loud.', 'Nobody believed me at the time.', 'We have to talk about power.',
  'Policies only matter if people are safe to use them.', 'Culture changes when we stop looking away.',
  'My sister, my friends, my colleagues: all of them.', 'The silence was the worst part.',
  'Here is what helped me, in case it helps you.', 'Please check on the people around you.',
  'Hotlines & resources are in the link below.', 'C\'est arrivé à tant de femmes autour de moi.',
  'No es un hashtag, es una conversación pendiente.', '声を上げた人を一人にしないでください。',
  'Nothing about this is easy <3 but it matters.', 'Journalists: consent first, always.',
];
export const HASHTAGS = ['MeToo', 'MeToo', 'MeToo', 'metoo', 'METOO', 'TimesUp', 'BalanceTonPorc', 'YoTambién', 'QuellaVoltaChe',
  'WhyIDidntReport', 'BelieveSurvivors', 'IBelieveHer', 'MosqueMeToo', 'ChurchToo', 'HimToo', 'WeToo', '米兔'];
export const ACCOUNTS = ['TaranaBurke', 'Alyssa_Milano', 'rosemcgowan', 'AshleyJudd', 'nytimes', 'guardian', 'lemondefr',
  'elpais', 'rainn', 'TIMESUPNOW', 'jodikantor', 'mega2e', 'ronanfarrow', 'SandraMuller', 'femme_actuelle'];
export const DOMAINS = ['www.nytimes.com', 'www.theguardian.com', 'www.lemonde.fr', 'elpais.com', 'www.rainn.org',
  'timesupnow.org', 'www.newyorker.com', 'metoomvmt.org', 'www.bbc.co.uk', 'medium.com'];
export const CLIENTS = [
  ['Twitter Web App', 'https://mobile.twitter.com'], ['Twitter for iPhone', 'http://twitter.com/download/iphone'],
  ['Twitter for Android', 'http://twitter.com/download/android'], ['TweetDeck', 'https://about.twitter.com/products/tweetdeck'],
];
export const LANGS = ['en', 'en', 'en', 'en', 'fr', 'es', 'de', 'ja', 'it', 'pt', 'und'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** An instant as X writes `created_at`: "Sun Oct 15 20:21:59 +0000 2017". */
export function twitterDate(ms) {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:` +
    `${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

/** Code-point length, the unit X uses for indices. */
const cpLength = (s) => [...s].length;

/** Serializes like X: 2-space indent, " : " between key and value. */
function xJson(value, indent) {
  const pretty = JSON.stringify(value, null, 2).replace(/^(\s*"(?:[^"\\]|\\.)*"): /gm, '$1 : ');
  return pretty.split('\n').map((line) => indent + line).join('\n');
}

/** Makes one tweet record. `t` is the creation time in ms, `seq` a sequence number. */
function makeTweet(random, t, seq) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const id = (BigInt(t - 1288834974657) << 22n) + BigInt(seq % 4096);
  const idStr = id.toString();
  const roll = random();
  const kind = roll < 0.55 ? 'original' : roll < 0.8 ? 'reply' : roll < 0.95 ? 'repost' : 'quote';
  const entities = { hashtags: [], symbols: [], user_mentions: [], urls: [] };
  let text = '';
  const addMention = (handle) => {
    const start = cpLength(text);
    text += `@${handle}`;
    entities.user_mentions.push({ name: handle.replace(/_/g, ' '), screen_name: handle,
      indices: [String(start), String(cpLength(text))], id_str: String(100000 + handle.length * 7919), id: String(100000 + handle.length * 7919) });
  };
  const addHashtag = (tag) => {
    const start = cpLength(text);
    text += `#${tag}`;
    entities.hashtags.push({ text: tag, indices: [String(start), String(cpLength(text))] });
  };
  const addUrl = (expanded) => {
    const start = cpLength(text);
    const short = `https://t.co/${Math.floor(random() * 36 ** 8).toString(36).padStart(10, 'x').slice(0, 10)}`;
    text += short;
    entities.urls.push({ url: short, expanded_url: expanded, display_url: expanded.replace(/^https?:\/\/(www\.)?/, '').slice(0, 26) + '…',
      indices: [String(start), String(cpLength(text))] });
  };

  let replyTo = null;
  if (kind === 'repost') {
    const author = pick(ACCOUNTS);
    text += 'RT ';
    addMention(author);
    text += ': ';
  } else if (kind === 'reply') {
    replyTo = random() < 0.2 ? HANDLE : pick(ACCOUNTS);
    addMention(replyTo);
    text += ' ';
  }
  // HTML-escape as X does (&amp; &lt; &gt;), before computing indices of what follows.
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  text += escape(pick(OPENERS));
  if (random() < 0.8) text += ' ' + escape(pick(MIDDLES));
  if (random() < 0.45) text += ' ' + escape(pick(MIDDLES));
  const tagCount = random() < 0.6 ? 1 + Math.floor(random() * 3) : 0;
  for (let i = 0; i < tagCount; i++) { text += ' '; addHashtag(pick(HASHTAGS)); }
  if (random() < 0.15) { text += ' cc '; addMention(pick(ACCOUNTS)); }
  if (kind === 'quote') {
    text += ' ';
    addUrl(`https://twitter.com/${pick(ACCOUNTS)}/status/${(id - 123456789n).toString()}`);
  } else if (random() < 0.3) {
    text += ' ';
    addUrl(`https://${pick(DOMAINS)}/2017/${pad(1 + Math.floor(random() * 12))}/story-${Math.floor(random() * 1e6)}.html`);
  }
  if (kind === 'repost' && cpLength(text) > 140) text = [...text].slice(0, 139).join('') + '…';

  const [clientName, clientUrl] = pick(CLIENTS);
  const tweet = {
    edit_info: { initial: { editTweetIds: [idStr], editableUntil: new Date(t + 3600000).toISOString(), editsRemaining: '5', isEditEligible: false } },
    retweeted: false,
    source: `<a href="${clientUrl}" rel="nofollow">${clientName}</a>`,
    entities,
    display_text_range: ['0', String(cpLength(text))],
    favorite_count: kind === 'repost' ? '0' : String(Math.floor(random() * random() * 200)),
  };
  if (replyTo) {
    tweet.in_reply_to_status_id_str = (id - 987654321n).toString();
  }
  tweet.id_str = idStr;
  if (replyTo) tweet.in_reply_to_user_id = replyTo === HANDLE ? ACCOUNT_ID : '17919972';
  tweet.truncated = false;
  tweet.retweet_count = kind === 'repost' ? '0' : String(Math.floor(random() * random() * 50));
  tweet.id = idStr;
  if (replyTo) tweet.in_reply_to_status_id = tweet.in_reply_to_status_id_str;
  tweet.created_at = twitterDate(t);
  tweet.favorited = false;
  tweet.full_text = text;
  tweet.lang = pick(LANGS);
  if (replyTo) {
    tweet.in_reply_to_screen_name = replyTo;
    tweet.in_reply_to_user_id_str = tweet.in_reply_to_user_id;
  }
  return { tweet };
}

/** Times with a burst after 15 Oct 2017 and a slow decay, over `count` posts, unsorted as in real archives. */
function* postTimes(random, count) {
  const start = Date.UTC(2017, 8, 1);
  const burst = Date.UTC(2017, 9, 15, 20, 21, 59);
  const end = Date.UTC(2019, 2, 31);
  for (let i = 0; i < count; i++) {
    let t;
    if (random() < 0.45) t = burst + Math.floor(-Math.log(1 - random()) * 9 * 86400000);
    else t = start + Math.floor(random() * (end - start));
    yield Math.min(t, end);
  }
}

function parseArgs(argv) {
  const args = { count: null, bytes: null, out: null, seed: 20171015 };
  for (let i = 0; i < argv.length; i++) {
    const next = () => argv[++i];
    if (argv[i] === '--count') args.count = Number(next());
    else if (argv[i] === '--bytes') args.bytes = Number(next());
    else if (argv[i] === '--out') args.out = next();
    else if (argv[i] === '--seed') args.seed = Number(next());
    else if (argv[i] === '--help') args.help = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return args;
}

export function generate({ count = null, bytes = null, seed = 20171015, write }) {
  const random = rng(seed);
  const limit = count ?? Number.MAX_SAFE_INTEGER;
  const byteLimit = bytes ?? Number.MAX_SAFE_INTEGER;
  let written = 0;
  let n = 0;
  const emit = (s) => { written += Buffer.byteLength(s); write(s); };
  emit('window.YTD.tweets.part0 = [');
  const times = postTimes(random, limit);
  for (let i = 0; i < limit && written < byteLimit; i++) {
    const t = times.next().value;
    emit((i === 0 ? '\n' : ',\n') + xJson(makeTweet(random, t, i), '  '));
    n++;
  }
  emit('\n]');
  return { records: n, bytes: written };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = parseArgs(process.argv.slice(2));
  if (args.help || !args.out || (args.count == null && args.bytes == null)) {
    console.log('usage: generate-x-archive.mjs (--count N | --bytes N) --out FILE [--seed N]');
    process.exit(args.help ? 0 : 2);
  }
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  const fd = fs.openSync(args.out, 'w');
  let buffer = [];
  let size = 0;
  const flush = () => { fs.writeSync(fd, buffer.join('')); buffer = []; size = 0; };
  const result = generate({ count: args.count, bytes: args.bytes, seed: args.seed,
    write: (s) => { buffer.push(s); size += s.length; if (size > 1 << 20) flush(); } });
  flush();
  fs.closeSync(fd);
  console.error(`wrote ${result.records} posts, ${result.bytes} bytes to ${args.out}`);
}
