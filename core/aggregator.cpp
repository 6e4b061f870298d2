#include "aggregator.h"

#include <algorithm>

#include "time_parse.h"

namespace chorus {

std::string fold_key(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

void folded_counter::add(std::string_view spelling) {
  entry& e = entries_[fold_key(spelling)];
  ++e.count;
  ++e.spellings[std::string(spelling)];
}

void folded_counter::merge(const folded_counter& other) {
  for (const auto& [key, theirs] : other.entries_) {
    entry& mine = entries_[key];
    mine.count += theirs.count;
    for (const auto& [spelling, n] : theirs.spellings) mine.spellings[spelling] += n;
  }
}

std::vector<top_entry> folded_counter::top(size_t n) const {
  std::vector<top_entry> all;
  all.reserve(entries_.size());
  for (const auto& [key, e] : entries_) {
    // The label is the most common spelling; ties go to the one that sorts first, so output is stable.
    const std::pair<const std::string, uint64_t>* best = nullptr;
    for (const auto& s : e.spellings) {
      if (!best || s.second > best->second || (s.second == best->second && s.first < best->first)) best = &s;
    }
    all.push_back({key, best ? best->first : key, e.count});
  }
  auto order = [](const top_entry& a, const top_entry& b) {
    return a.count != b.count ? a.count > b.count : a.key < b.key;
  };
  if (all.size() > n) {
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), order);
    all.resize(n);
  } else {
    std::sort(all.begin(), all.end(), order);
  }
  return all;
}

namespace {

/// Counts each distinct (folded) value of one post once.
void add_distinct(folded_counter& counter, const std::vector<std::string>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    bool seen = false;
    for (size_t j = 0; j < i && !seen; ++j) seen = fold_key(values[j]) == fold_key(values[i]);
    if (!seen) counter.add(values[i]);
  }
}

}  // namespace

void aggregator::add(const post& p) {
  const auto kind = static_cast<size_t>(p.kind);
  if (posts_ == 0 || p.time_ms < first_ms_) first_ms_ = p.time_ms;
  if (posts_ == 0 || p.time_ms > last_ms_) last_ms_ = p.time_ms;
  ++posts_;
  ++by_kind_[kind];
  ++days_[day_of(p.time_ms)][kind];
  add_distinct(hashtags, p.hashtags);
  add_distinct(mentions, p.mentions);
  add_distinct(domains, p.domains);
  if (p.kind == post_kind::REPLY && !p.reply_to.empty()) reply_targets.add(p.reply_to);
  if (!p.lang.empty()) languages.add(p.lang);
  if (!p.client.empty()) clients.add(p.client);
}

void aggregator::merge(const aggregator& other) {
  if (other.posts_ == 0) return;
  if (posts_ == 0 || other.first_ms_ < first_ms_) first_ms_ = other.first_ms_;
  if (posts_ == 0 || other.last_ms_ > last_ms_) last_ms_ = other.last_ms_;
  posts_ += other.posts_;
  for (size_t k = 0; k < by_kind_.size(); ++k) by_kind_[k] += other.by_kind_[k];
  for (const auto& [day, counts] : other.days_) {
    kind_counts& mine = days_[day];
    for (size_t k = 0; k < mine.size(); ++k) mine[k] += counts[k];
  }
  hashtags.merge(other.hashtags);
  mentions.merge(other.mentions);
  reply_targets.merge(other.reply_targets);
  domains.merge(other.domains);
  languages.merge(other.languages);
  clients.merge(other.clients);
}

}  // namespace chorus
