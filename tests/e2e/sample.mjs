// What the page's sample holds (web/gen/sample/: an X archive, a Mastodon outbox and a Bluesky repository, as
// scripts/build.sh writes them), counted by the tests' own readers, not by Chorus: JSON.parse for the X archive
// and the outbox (private activities, addressed to no Public, left out as the page leaves them out), and the
// independent CAR reader of tests/js/car.mjs for the repository's posts and reposts.
import fs from 'node:fs';
import path from 'node:path';
import { readRepo } from '../js/car.mjs';
import { ROOT } from '../js/helpers.mjs';

const SAMPLE = path.join(ROOT, 'web', 'gen', 'sample');
const PUBLIC = new Set(['https://www.w3.org/ns/activitystreams#Public', 'as:Public', 'Public']);
const asList = (x) => (x == null ? [] : Array.isArray(x) ? x : [x]);

export function samplePosts() {
  const archive = fs.readFileSync(path.join(SAMPLE, 'tweets.js'), 'utf8');
  const x = JSON.parse(archive.slice(archive.indexOf('=') + 1)).length;
  const outbox = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'outbox.json'), 'utf8')).orderedItems;
  const mastodon = outbox.filter((item) => [...asList(item.to), ...asList(item.cc)].some((a) => PUBLIC.has(a))).length;
  const { records } = readRepo(fs.readFileSync(path.join(SAMPLE, 'repo.car')));
  const bluesky = [...records.keys()].filter((key) => /^app\.bsky\.feed\.(post|repost)\//.test(key)).length;
  return { x, mastodon, bluesky, total: x + mastodon + bluesky };
}

/** The sample's posts as the page writes them in a locale. */
export const sampleTotal = (locale = 'en') => samplePosts().total.toLocaleString(locale);
