#include "formats/x_archive/long_posts.h"

#include "text/text_fold.h"
#include "time_parse.h"

namespace chorus {

namespace {

constexpr std::string_view ELLIPSIS = "\xE2\x80\xA6";  // U+2026

bool is_handle_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

int64_t second_of(int64_t ms) {
  return floor_div(ms, 1000);
}

/// Adds the values of `more` that `into` lacks (case-folded).
void add_missing(std::vector<std::string>& into, const std::vector<std::string>& more) {
  for (const auto& value : more) {
    bool present = false;
    for (const auto& have : into) present = present || same_key(have, value);
    if (!present) into.push_back(value);
  }
}

}  // namespace

std::string_view truncated_prefix(std::string_view text) {
  // Leading reply mentions: "@a @b text" -> "text".
  for (;;) {
    size_t i = 0;
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size() || text[i] != '@') {
      text.remove_prefix(i);
      break;
    }
    size_t j = i + 1;
    while (j < text.size() && is_handle_char(text[j])) ++j;
    if (j == i + 1 || (j < text.size() && !is_space(text[j]))) {
      text.remove_prefix(i);
      break;
    }
    text.remove_prefix(j);
  }
  // Trailing t.co links, whitespace and the ellipsis X puts where it cut the text.
  for (bool changed = true; changed;) {
    changed = false;
    while (!text.empty() && is_space(text.back())) {
      text.remove_suffix(1);
      changed = true;
    }
    const size_t link = text.rfind("https://t.co/");
    if (link != std::string_view::npos && text.find_first_of(" \n\t", link) == std::string_view::npos) {
      text = text.substr(0, link);
      changed = true;
    }
    if (text.size() >= ELLIPSIS.size() && text.substr(text.size() - ELLIPSIS.size()) == ELLIPSIS) {
      text.remove_suffix(ELLIPSIS.size());
      changed = true;
    }
  }
  return text;
}

std::vector<uint64_t> long_post_index::matched_positions() const {
  std::vector<uint64_t> out;
  for (size_t i = 0; i < used_.size(); ++i) {
    if (used_[i]) out.push_back(i);
  }
  return out;
}

void long_post_index::mark_matched(uint64_t position) {
  if (position >= used_.size() || used_[position]) return;
  used_[position] = true;
  ++matched_;
}

void long_post_index::add(long_post&& lp) {
  // Readers of the same archive read note-tweet.js alike, so every one keeps the same first long posts.
  size_t bytes = sizeof(long_post) + 32 + lp.text.size();
  for (const auto* values : {&lp.hashtags, &lp.mentions, &lp.urls}) {
    for (const auto& v : *values) bytes += sizeof(std::string) + v.size();
  }
  if (dropped_ > 0 || bytes_ + bytes > MAX_BYTES) {
    ++dropped_;
    return;
  }
  bytes_ += bytes;
  by_second_.emplace(second_of(lp.time_ms), notes_.size());
  notes_.push_back(std::move(lp));
  used_.push_back(false);
}

bool long_post_index::complete(post& p) {
  if (notes_.empty()) return false;
  const auto [begin, end] = by_second_.equal_range(second_of(p.time_ms));
  if (begin == end) return false;
  const std::string_view prefix = truncated_prefix(p.text);
  size_t found = notes_.size();
  size_t candidates = 0;
  for (auto it = begin; it != end; ++it) {
    if (used_[it->second]) continue;
    ++candidates;
    const std::string& text = notes_[it->second].text;
    if (!prefix.empty() && text.compare(0, prefix.size(), prefix) == 0) {
      found = it->second;
      break;
    }
    if (prefix.empty()) found = it->second;
  }
  if (found == notes_.size() || (prefix.empty() && candidates != 1)) return false;
  used_[found] = true;
  ++matched_;
  long_post& lp = notes_[found];
  p.text = lp.text;
  add_missing(p.hashtags, lp.hashtags);
  add_missing(p.mentions, lp.mentions);
  add_missing(p.urls, lp.urls);
  // The full text stays with the post now; the note's copy is no longer needed.
  lp.text.clear();
  lp.text.shrink_to_fit();
  return true;
}

}  // namespace chorus
