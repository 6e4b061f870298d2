#include "post.h"

#include "enum_names.h"

namespace chorus {

namespace {

constexpr enum_names<post_kind, POST_KIND_COUNT> KINDS{{"original", "reply", "repost", "quote"}};

}  // namespace

std::string_view post_kind_name(post_kind kind) {
  return KINDS(kind);
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

void add_url_domains(post& p) {
  for (const auto& url : p.urls) {
    std::string domain = url_domain(url);
    if (!domain.empty()) p.domains.push_back(std::move(domain));
  }
}

}  // namespace chorus
