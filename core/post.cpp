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

std::string url_domain(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  const size_t end = rest.find_first_of("/?#");
  std::string_view host = rest.substr(0, end);
  if (const size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  if (const size_t colon = host.find(':'); colon != std::string_view::npos) host = host.substr(0, colon);
  std::string out(host);
  for (char& c : out) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  if (out.compare(0, 4, "www.") == 0) out.erase(0, 4);
  return out;
}

}  // namespace chorus
