// What the page's sample holds (web/gen/sample/: an X archive, a Mastodon outbox and a Bluesky repository, as
// scripts/build.sh writes them), counted by the tests' own readers, not by Chorus: JSON.parse for the X archive
// and the outbox (private activities, addressed to no Public, left out as the page leaves them out), and the
// independent CAR reader of tests/js/car.mjs for the repository's posts and reposts.
import fs from 'node:fs';
import path from 'node:path';
import { readRepo } from '../js/car.mjs';
import { FIXTURES, ROOT, isPublic } from '../js/helpers.mjs';

const SAMPLE = path.join(ROOT, 'web', 'gen', 'sample');

export function samplePosts() {
  const archive = fs.readFileSync(path.join(SAMPLE, 'tweets.js'), 'utf8');
  const x = JSON.parse(archive.slice(archive.indexOf('=') + 1)).length;
  const outbox = JSON.parse(fs.readFileSync(path.join(SAMPLE, 'outbox.json'), 'utf8')).orderedItems;
  const mastodon = outbox.filter(isPublic).length;
  const { records } = readRepo(fs.readFileSync(path.join(SAMPLE, 'repo.car')));
  const bluesky = [...records.keys()].filter((key) => /^app\.bsky\.feed\.(post|repost)\//.test(key)).length;
  return { x, mastodon, bluesky, total: x + mastodon + bluesky };
}

/** The sample's posts as the page writes them in a locale. */
export const sampleTotal = (locale = 'en') => samplePosts().total.toLocaleString(locale);

/** The project's small X archive (tests/fixtures/x-archive-small) and every post text in it, read with JSON.parse:
 * what a visitor drops in the embed tests, and what no message to a host may carry. */
export const SMALL_ARCHIVE = fs.readFileSync(path.join(FIXTURES, 'x-archive-small/data/tweets.js'));
export const SMALL_ARCHIVE_TEXTS = JSON.parse(SMALL_ARCHIVE.toString('utf8').replace(/^[^=]*=\s*/, '')).map((t) => t.tweet.full_text);
