// Every format Chorus reads: one line each. A new format is a folder of core/formats/ and a line here.
#include "format.h"
#include "formats/bluesky/bluesky.h"
#include "formats/csv/csv.h"
#include "formats/linkedin/linkedin.h"
#include "formats/mastodon/mastodon.h"
#include "formats/meta/meta.h"
#include "formats/reddit/reddit.h"
#include "formats/snscrape/snscrape.h"
#include "formats/tiktok/tiktok.h"
#include "formats/twitter_api_v2/twitter_api_v2.h"
#include "formats/twitter_v1_jsonl/twitter_v1_jsonl.h"
#include "formats/x_archive/x_archive.h"

namespace chorus {

const std::vector<const format*>& formats() {
  static const std::vector<const format*> all = {
      &x_archive_format(),
      &mastodon_format(),  // before the collections, which read any .json of a folder or an archive
      &bluesky_format(),
      &instagram_format(),
      &facebook_format(),
      &threads_format(),
      &reddit_format(),
      &linkedin_format(),
      &tiktok_format(),
      &twitter_v1_jsonl_format(),
      &twitter_api_v2_format(),
      &snscrape_format(),
      &csv_format(),
  };
  return all;
}

}  // namespace chorus
