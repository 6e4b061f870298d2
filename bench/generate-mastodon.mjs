#!/usr/bin/env node
// Writes a synthetic Mastodon outbox.json as Mastodon 4.2 and later write it: one line, HTML escaped as Rails
// escapes it (\u003c), Create activities with a Note (hashtag and mention tags, links, replies, content
// warnings, quotes) and Announce activities, in the four visibilities (about 4% private). Activity i is the same
// whatever the size, so counts can be derived from i alone.
//
//   node bench/generate-mastodon.mjs --bytes 500000000 --out bench/data/outbox.json
import { ACCOUNTS, DOMAINS, HASHTAGS, LANGS, MIDDLES, OPENERS, rng } from './generate-x-archive.mjs';

const ACTOR = 'https://mastodon.example/users/ana';
const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
const FOLLOWERS = `${ACTOR}/followers`;
const START_MS = Date.UTC(2017, 9, 15, 20, 21, 59);
const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** JSON as Rails' to_json writes it: <, > and & as \u003c, \u003e and \u0026. */
const railsJson = (value) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

/** Activity i: {json, visibility, kind}. */
export function mastodonActivity(i) {
  const random = rng(0x6d61 + i);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const published = new Date(START_MS + i * 45000 + Math.floor(random() * 40000)).toISOString().replace('.000', '');
  const roll = random();
  const visibility = roll < 0.9 ? 'public' : roll < 0.96 ? 'unlisted' : roll < 0.985 ? 'private' : 'direct';
  const other = pick(ACCOUNTS).toLowerCase();
  const otherActor = `https://social.example/users/${other}`;
  const to = visibility === 'public' ? [PUBLIC] : visibility === 'unlisted' ? [FOLLOWERS]
    : visibility === 'private' ? [FOLLOWERS] : [otherActor];
  const cc = visibility === 'public' ? [FOLLOWERS, otherActor] : visibility === 'unlisted' ? [PUBLIC] : [];
  const id = `${ACTOR}/statuses/${109000000000000000n + BigInt(i)}`;
  if (random() < 0.15) {
    const json = railsJson({ id: `${id}/activity`, type: 'Announce', actor: ACTOR, published, to, cc,
      object: `${otherActor}/statuses/${108000000000000000n + BigInt(i)}` });
    return { json, visibility, kind: 'repost' };
  }
  const tag = pick(HASHTAGS);
  const link = `https://${pick(DOMAINS)}/2017/10/${i.toString(36)}`;
  const reply = random() < 0.35;
  const quote = !reply && random() < 0.08;
  const text = `${pick(OPENERS)} ${pick(MIDDLES)}`;
  const content = `<p><span class="h-card" translate="no"><a href="https://social.example/@${other}" class="u-url mention">@<span>${other}</span></a></span> ` +
    `${escapeHtml(text)} <a href="https://mastodon.example/tags/${tag}" class="mention hashtag" rel="tag">#<span>${tag}</span></a></p>` +
    `<p><a href="${link}" target="_blank" rel="nofollow noopener"><span class="invisible">https://</span><span class="ellipsis">${link.slice(8, 30)}</span><span class="invisible">${link.slice(30)}</span></a></p>`;
  const lang = pick(LANGS);
  const note = {
    id, type: 'Note', summary: random() < 0.05 ? 'content warning: abuse' : null,
    inReplyTo: reply ? `${otherActor}/statuses/${107000000000000000n + BigInt(i)}` : null,
    published, url: `https://mastodon.example/@ana/${109000000000000000n + BigInt(i)}`, attributedTo: ACTOR, to, cc,
    sensitive: false, atomUri: id, inReplyToAtomUri: null, conversation: `tag:mastodon.example,2017:objectId=${i}:objectType=Conversation`,
    content, contentMap: { [lang === 'und' ? 'en' : lang]: content }, attachment: [],
    tag: [{ type: 'Mention', href: otherActor, name: `@${other}@social.example` },
      { type: 'Hashtag', href: `https://mastodon.example/tags/${tag.toLowerCase()}`, name: `#${tag}` }],
    replies: { id: `${id}/replies`, type: 'Collection', first: { type: 'CollectionPage', next: `${id}/replies?only_other_accounts=true&page=true`, partOf: `${id}/replies`, items: [] } },
    ...(quote ? { quote: `${otherActor}/statuses/${106000000000000000n + BigInt(i)}` } : {}),
  };
  const json = railsJson({ id: `${id}/activity`, type: 'Create', actor: ACTOR, published, to, cc, object: note });
  return { json, visibility, kind: reply ? 'reply' : quote ? 'quote' : 'original' };
}

/** Writes an outbox of about `bytes` bytes through `write`; returns {items, counted, private}. */
export function generateOutbox({ bytes, write }) {
  let written = 0;
  let items = 0;
  let hidden = 0;
  const head = `{"@context":"https://www.w3.org/ns/activitystreams","id":"outbox.json","type":"OrderedCollection","orderedItems":[`;
  write(head);
  written += head.length;
  while (written < bytes) {
    const { json, visibility } = mastodonActivity(items);
    const piece = (items > 0 ? ',' : '') + json;
    write(piece);
    written += piece.length;
    items++;
    if (visibility === 'private' || visibility === 'direct') hidden++;
  }
  write(']}');
  return { items, counted: items - hidden, private: hidden };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const option = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : fallback;
  };
  const out = option('--out', 'outbox.json');
  const { writeGenerated } = await import('./harness.mjs');
  const result = writeGenerated(out, (write) => generateOutbox({ bytes: Number(option('--bytes', 100e6)), write }));
  console.error(`wrote ${out}: ${result.items} activities, ${result.counted} counted, ${result.private} private`);
}
