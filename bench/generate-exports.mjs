#!/usr/bin/env node
// Writes synthetic exports of the platforms that write tables or one big JSON value: an Instagram posts_1.json
// (Meta's mojibake in every caption), a Reddit comments.csv (CRLF rows, multi-line Markdown bodies), a LinkedIn
// Shares.csv (every line of a text in quotes of its own) and a TikTok user_data_tiktok.json. Record i is the same
// whatever the size; each generator returns the posts a reader should count.
//
//   node bench/generate-exports.mjs --format reddit --bytes 500000000 --out bench/data/comments.csv
import { HASHTAGS, MIDDLES, OPENERS, rng } from './generate-x-archive.mjs';

const START_S = Date.UTC(2017, 9, 15, 20, 21, 59) / 1000;
const mojibake = (s) => Buffer.from(s, 'utf8').toString('latin1');
const day = (s) => new Date(s * 1000).toISOString().slice(0, 19).replace('T', ' ');
const csvField = (f) => (/[",\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);

/** Record i of a platform: {text, seconds} */
function record(i) {
  const random = rng(0x6578 + i);
  const pick = (list) => list[Math.floor(random() * list.length)];
  return { seconds: START_S + i * 45 + Math.floor(random() * 40), text: `${pick(OPENERS)} ${pick(MIDDLES)} #${pick(HASHTAGS)} 💜`, random };
}

const GENERATORS = {
  instagram: {
    head: '[',
    tail: ']',
    item: (i) => {
      const { seconds, text } = record(i);
      return `${i > 0 ? ',' : ''}\n  ${JSON.stringify({ media: [{ uri: `media/posts/201710/${i}.jpg`, creation_timestamp: seconds, title: '' }], title: mojibake(text), creation_timestamp: seconds })
        .replace(/[\u0080-\u00ff]/g, (c) => `\\u00${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}`;
    },
  },
  reddit: {
    head: 'id,permalink,date,ip,subreddit,gildings,link,parent,body,media\r\n',
    tail: '',
    item: (i) => {
      const { seconds, text, random } = record(i);
      const id = (1e9 + i).toString(36);
      const body = random() < 0.3 ? `${text}\n\n> a quoted line\n\nthanks u/someone_${i % 97}` : text;
      return `${[id, `https://www.reddit.com/r/metoo/comments/77aa11/t/${id}/`, `${day(seconds)} UTC`, '', 'metoo', '0',
        'https://www.reddit.com/r/metoo/comments/77aa11/t/', random() < 0.4 ? '' : (1e9 + i - 1).toString(36), body, ''].map(csvField).join(',')}\r\n`;
    },
  },
  linkedin: {
    head: 'Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n',
    tail: '',
    item: (i) => {
      const { seconds, text } = record(i);
      // Every physical line of the text wrapped in quotes of its own, as LinkedIn writes it.
      const lines = [text, '', `𝗪𝗛𝗬? ${text}`, 'https://lnkd.in/example'];
      const wrapped = lines.map((l, k) => (k === 0 ? `${l}"` : k === lines.length - 1 ? `"${l}` : `"${l}"`)).join('\n');
      return `${[day(seconds), `https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A${7e18 + i * 1024}`, wrapped, '', '', 'MEMBER_NETWORK'].map(csvField).join(',')}\n`;
    },
  },
  tiktok: {
    head: '{\n  "Activity": {"Like List": {"App": 1, "ItemFavoriteList": []}},\n  "Comment": {"Comments": {"App": 1, "CommentsList": null}},\n  "Direct Messages": {},\n  "Video": {"Videos": {"VideoList": [',
    tail: ']}}\n}\n',
    item: (i) => {
      const { seconds, text } = record(i);
      return `${i > 0 ? ',' : ''}\n    ${JSON.stringify({ Date: day(seconds), Link: '', Likes: String(i % 50), WhoCanView: 'Everyone', Title: text })}`;
    },
  },
};

/** Writes about `bytes` bytes of `format` through `write`; returns {posts}. */
export function generateExport({ format, bytes, write }) {
  const g = GENERATORS[format];
  let written = g.head.length;
  write(g.head);
  let posts = 0;
  while (written < bytes) {
    const piece = g.item(posts);
    write(piece);
    written += Buffer.byteLength(piece);
    posts++;
  }
  write(g.tail);
  return { posts };
}

export const EXPORT_FILES = { instagram: 'posts_1.json', reddit: 'comments.csv', linkedin: 'Shares.csv', tiktok: 'user_data_tiktok.json' };

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const arg = (name, fallback) => { const k = process.argv.indexOf(name); return k > 0 ? process.argv[k + 1] : fallback; };
  const parts = [];
  const counts = generateExport({ format: arg('--format', 'reddit'), bytes: Number(arg('--bytes', 1e6)), write: (s) => parts.push(s) });
  (await import('node:fs')).writeFileSync(arg('--out', 'out'), parts.join(''));
  console.log(JSON.stringify(counts));
}
