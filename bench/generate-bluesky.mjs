#!/usr/bin/env node
// Writes a synthetic Bluesky repository (.car) as a PDS exports it: the commit first, then each tree node
// before the records it holds (newest first, as exports list them). Posts with mention, tag and link facets
// (after an emoji, so byte offsets matter), replies, quotes, reposts and likes. Record i is the same whatever
// the size, so counts come from i alone. Two passes: the records' CIDs first (the tree needs them), then the
// file, each record made again; memory holds the CIDs and the tree's nodes, not the records.
//
//   node bench/generate-bluesky.mjs --bytes 500000000 --out bench/data/repo.car
import fs from 'node:fs';
import { cidOf, encode, makeLink, tid } from '../tests/js/car.mjs';
import { ACCOUNTS, DOMAINS, HASHTAGS, LANGS, MIDDLES, OPENERS, rng } from './generate-x-archive.mjs';

const DID = 'did:plc:benchmarkrepo0000000000';
const START_MS = Date.UTC(2017, 9, 15, 20, 21, 59);
const varint = (n) => { const out = []; do { let b = n % 128; n = Math.floor(n / 128); if (n > 0) b |= 0x80; out.push(b); } while (n > 0); return Buffer.from(out); };

/** Record i: { collection, key, value, kind }. */
export function blueskyRecord(i) {
  const random = rng(0x62736b + i);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const ms = START_MS + i * 45000 + Math.floor(random() * 40000);
  const createdAt = new Date(ms).toISOString();
  const rkey = tid(ms, i % 1024);
  const other = `did:plc:${pick(ACCOUNTS).toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  const subject = { uri: `at://${other}/app.bsky.feed.post/${tid(ms - 3600_000, 1)}`, cid: 'bafyreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy' };
  const roll = random();
  if (roll < 0.15) return { collection: 'app.bsky.feed.like', key: `app.bsky.feed.like/${rkey}`, value: { $type: 'app.bsky.feed.like', subject, createdAt }, kind: 'like' };
  if (roll < 0.25) return { collection: 'app.bsky.feed.repost', key: `app.bsky.feed.repost/${rkey}`, value: { $type: 'app.bsky.feed.repost', subject, createdAt }, kind: 'repost' };
  const handle = `${pick(ACCOUNTS).toLowerCase().replace(/_/g, '-')}.bsky.social`;
  const tag = pick(HASHTAGS);
  const link = `https://${pick(DOMAINS)}/2017/10/${i.toString(36)}`;
  const text = `🗣️ @${handle} ${pick(OPENERS)} ${pick(MIDDLES)} #${tag} ${link.slice(8, 30)}...`;
  const span = (part) => { const start = Buffer.byteLength(text.slice(0, text.indexOf(part))); return { byteStart: start, byteEnd: start + Buffer.byteLength(part) }; };
  const reply = random() < 0.35;
  const quote = !reply && random() < 0.08;
  const lang = pick(LANGS);
  const value = {
    $type: 'app.bsky.feed.post', text, createdAt, langs: [lang === 'und' ? 'en' : lang],
    facets: [
      { index: span(`@${handle}`), features: [{ $type: 'app.bsky.richtext.facet#mention', did: other }] },
      { index: span(`#${tag}`), features: [{ $type: 'app.bsky.richtext.facet#tag', tag }] },
      { index: span(`${link.slice(8, 30)}...`), features: [{ $type: 'app.bsky.richtext.facet#link', uri: link }] },
    ],
    ...(reply ? { reply: { root: subject, parent: subject } } : {}),
    ...(quote ? { embed: { $type: 'app.bsky.embed.record', record: subject } } : {}),
  };
  return { collection: 'app.bsky.feed.post', key: `app.bsky.feed.post/${rkey}`, value, kind: reply ? 'reply' : quote ? 'quote' : 'original' };
}

/** Writes a repository of about `bytes` bytes to `file`; returns the generator's counts. */
export function generateRepo({ bytes, file }) {
  // Pass 1: the records' CIDs, grouped by collection in key order (their rkeys grow with i).
  const counts = { records: 0, posts: 0, original: 0, reply: 0, quote: 0, repost: 0, likes: 0 };
  const byCollection = new Map();
  let estimate = 0;
  for (let i = 0; estimate < bytes; i++) {
    const r = blueskyRecord(i);
    const data = encode(r.value);
    if (!byCollection.has(r.collection)) byCollection.set(r.collection, []);
    byCollection.get(r.collection).push([i, cidOf(data)]);
    estimate += data.length + 48 + 40;  // the record's block, and its share of the tree
    counts.records++;
    if (r.kind === 'like') counts.likes++;
    else { counts.posts++; counts[r.kind]++; }
  }
  const sorted = [...byCollection.keys()].sort().flatMap((c) => byCollection.get(c));
  const keyOf = (i) => blueskyRecord(i).key;
  // The tree: the first third under "l", one entry, the rest under its "t"; at most three entries per leaf.
  const nodes = new Map();  // index range "a:b" -> { cid, data, entries: [i] }
  const build = (a, b) => {
    if (a >= b) return null;
    let node; let entries;
    if (b - a <= 3) {
      node = { l: null, e: [] };
      entries = [];
      let prev = '';
      for (let k = a; k < b; k++) {
        const [i, cid] = sorted[k];
        const key = keyOf(i);
        let p = 0; while (p < prev.length && p < key.length && prev[p] === key[p]) p++;
        node.e.push({ k: Buffer.from(key.slice(p)), p, t: null, v: makeLink(cid) });
        entries.push(i);
        prev = key;
      }
      const data = encode(node);
      const made = { cid: cidOf(data), data, entries, children: [] };
      nodes.set(`${a}:${b}`, made);
      return made;
    }
    const k = a + Math.floor((b - a) / 3);
    const left = build(a, k);
    const right = build(k + 1, b);
    const [i, cid] = sorted[k];
    node = { l: left ? makeLink(left.cid) : null, e: [{ k: Buffer.from(keyOf(i)), p: 0, t: right ? makeLink(right.cid) : null, v: makeLink(cid) }] };
    const data = encode(node);
    const made = { cid: cidOf(data), data, entries: [i], children: [left, right].filter(Boolean) };
    return made;
  };
  const root = build(0, sorted.length);
  const commit = encode({ did: DID, version: 3, data: makeLink(root.cid), rev: tid(START_MS, 0), prev: null, sig: Buffer.alloc(64, 7) });
  const commitCid = cidOf(commit);
  // Pass 2: the commit, then each node before its records and its children (pre-order).
  const fd = fs.openSync(file, 'w');
  let pending = [];
  let pendingBytes = 0;
  const write = (...parts) => { for (const p of parts) { pending.push(p); pendingBytes += p.length; } if (pendingBytes > 1 << 22) flush(); };
  const flush = () => { fs.writeSync(fd, Buffer.concat(pending)); pending = []; pendingBytes = 0; };
  const block = (cid, data) => write(varint(cid.length + data.length), cid, data);
  try {
    const header = encode({ roots: [makeLink(commitCid)], version: 1 });
    write(varint(header.length), header);
    block(commitCid, commit);
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop();
      block(node.cid, node.data);
      for (const i of node.entries) { const data = encode(blueskyRecord(i).value); block(cidOf(data), data); }
      for (const child of [...node.children].reverse()) stack.push(child);
    }
    flush();
  } finally {
    fs.closeSync(fd);
  }
  return counts;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const arg = (name, fallback) => { const k = process.argv.indexOf(name); return k > 0 ? process.argv[k + 1] : fallback; };
  console.log(JSON.stringify(generateRepo({ bytes: Number(arg('--bytes', 10e6)), file: arg('--out', 'repo.car') })));
}
