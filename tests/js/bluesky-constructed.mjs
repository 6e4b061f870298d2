// Our constructed Bluesky repository (tests/fixtures/bluesky/constructed.car is its newest-first form; run
// `node tests/js/bluesky-constructed.mjs > tests/fixtures/bluesky/constructed.car` to write it again). Every
// trap of ../shared/FORMATS.md section 4 we could build: facets after astral characters (byte offsets), a tag
// facet and a plain #word, a post-level `tags` list, a reply, a quote and a quote with media, a link card, legacy
// entities, createdAt with an offset and with microseconds, a post without createdAt (its TID rkey dates it), a
// record that is not a map, a deleted post still in the file (history), and likes, follows and a profile.
import { fileURLToPath } from 'node:url';
import { makeLink, makeRepo, tid } from './car.mjs';

export const DID = 'did:plc:constructed0000000000000';
const OTHER = 'did:plc:someoneelse00000000000000';
const at = (ms) => new Date(ms).toISOString();
const T0 = Date.UTC(2017, 9, 15, 20, 21, 59);  // 15 October 2017
const post = (n, value) => ({ key: `app.bsky.feed.post/${tid(T0 + n * 3600_000)}`, value: { $type: 'app.bsky.feed.post', ...value } });
const ref = (collection, n) => ({ uri: `at://${OTHER}/${collection}/${tid(T0 - n * 1000)}`, cid: 'bafyreiexamplecidstring' });

const text0 = '😂 me too, @alice.bsky.social #MeToo';
const start = (s, part) => Buffer.byteLength(s.slice(0, s.indexOf(part)));
const facet = (s, part, feature) => ({ $type: 'app.bsky.richtext.facet', index: { byteStart: start(s, part), byteEnd: start(s, part) + Buffer.byteLength(part) }, features: [feature] });

export const RECORDS = [
  post(0, { text: text0, createdAt: at(T0), langs: ['en'],
    facets: [facet(text0, '@alice.bsky.social', { $type: 'app.bsky.richtext.facet#mention', did: 'did:plc:alice' }),
      facet(text0, '#MeToo', { $type: 'app.bsky.richtext.facet#tag', tag: 'MeToo' })] }),
  post(1, { text: 'Yo también. #YoTambién', createdAt: '2017-10-15T14:21:59-07:00', langs: ['es', 'en'] }),
  post(2, { text: 'Replying: me too', createdAt: at(T0 + 2 * 3600_000), reply: { root: ref('app.bsky.feed.post', 1), parent: ref('app.bsky.feed.post', 2) } }),
  post(3, { text: 'Quoting this', createdAt: at(T0 + 3 * 3600_000), embed: { $type: 'app.bsky.embed.record', record: ref('app.bsky.feed.post', 3) } }),
  post(4, { text: 'Quote with a picture', createdAt: at(T0 + 4 * 3600_000), tags: ['balancetonporc'],
    embed: { $type: 'app.bsky.embed.recordWithMedia', record: { record: ref('app.bsky.feed.post', 4) }, media: { $type: 'app.bsky.embed.images', images: [] } } }),
  post(5, { text: 'Read this: example.org/a...', createdAt: '2017-10-16T01:21:59.123456Z',
    facets: [facet('Read this: example.org/a...', 'example.org/a...', { $type: 'app.bsky.richtext.facet#link', uri: 'https://www.example.org/a/long/path' })],
    embed: { $type: 'app.bsky.embed.external', external: { uri: 'https://www.example.org/a/long/path', title: 'A', description: '' } } }),
  post(6, { text: 'hello @bob.test see http://old.example.com', createdAt: at(T0 + 6 * 3600_000),
    entities: [{ type: 'mention', value: 'did:plc:bob', index: { start: 6, end: 15 } }, { type: 'link', value: 'http://old.example.com', index: { start: 20, end: 42 } }] }),
  post(7, { text: 'No date but my key' }),
  { key: `app.bsky.feed.post/${tid(T0 + 8 * 3600_000)}`, value: 'not a record' },
  { key: `app.bsky.feed.repost/${tid(T0 + 9 * 3600_000)}`, value: { $type: 'app.bsky.feed.repost', subject: ref('app.bsky.feed.post', 9), createdAt: at(T0 + 9 * 3600_000) } },
  { key: `app.bsky.feed.like/${tid(T0 + 10 * 3600_000)}`, value: { $type: 'app.bsky.feed.like', subject: ref('app.bsky.feed.post', 10), createdAt: at(T0 + 10 * 3600_000) } },
  { key: `app.bsky.feed.like/${tid(T0 + 11 * 3600_000)}`, value: { $type: 'app.bsky.feed.like', subject: ref('app.bsky.feed.post', 11), createdAt: at(T0 + 11 * 3600_000) } },
  { key: `app.bsky.graph.follow/${tid(T0 + 12 * 3600_000)}`, value: { $type: 'app.bsky.graph.follow', subject: OTHER, createdAt: at(T0 + 12 * 3600_000) } },
  { key: 'app.bsky.actor.profile/self', value: { $type: 'app.bsky.actor.profile', displayName: 'Constructed', avatar: { $type: 'blob', ref: makeLink(Buffer.from([1, 0x55, 0x12, 0x20, ...Buffer.alloc(32, 9)])), mimeType: 'image/png', size: 10 } } },
];
/** A post deleted since: its block is still in the file, the tree no longer reaches it. */
export const HISTORY = [{ $type: 'app.bsky.feed.post', text: 'deleted me too #MeToo', createdAt: at(T0 - 86400_000) }];

export const constructedRepo = (order = 'newest-first', seed = 1) => makeRepo({ did: DID, records: RECORDS, history: HISTORY, order, seed });

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(constructedRepo());
