#include "post.h"

namespace chorus {

std::string_view post_kind_name(post_kind kind) {
  switch (kind) {
    case post_kind::ORIGINAL:
      return "original";
    case post_kind::REPLY:
      return "reply";
    case post_kind::REPOST:
      return "repost";
    case post_kind::QUOTE:
      return "quote";
  }
  return "original";
}

void post::clear() {
  id.clear();
  time_ms = 0;
  author.clear();
  kind = post_kind::ORIGINAL;
  text.clear();
  hashtags.clear();
  mentions.clear();
  urls.clear();
  domains.clear();
  reply_to.clear();
  lang.clear();
  client.clear();
  engagement_known = false;
  text_repaired = false;
}

}  // namespace chorus
