#include "aggregator.h"

#include <algorithm>

#include "json_writer.h"
#include "simdjson.h"
#include "text/text_fold.h"
#include "time_parse.h"

namespace chorus {

bool first_of_key(const std::vector<std::string>& values, size_t i) {
  for (size_t j = 0; j < i; ++j) {
    if (same_key(values[j], values[i])) return false;
  }
  return true;
}

void folded_counter::add(std::string_view spelling, uint64_t n) {
  grouped_valid_ = false;
  auto it = spellings_.find(spelling);
  if (it == spellings_.end()) {
    spellings_.emplace(std::string(spelling), n);
  } else {
    it->second += n;
  }
}

void folded_counter::write_state(json_writer& w) const {
  std::vector<std::pair<std::string_view, uint64_t>> all(spellings_.begin(), spellings_.end());
  std::sort(all.begin(), all.end());
  w.begin_array();
  for (const auto& [spelling, n] : all) {
    w.begin_array();
    w.value(spelling);
    w.value(n);
    w.end_array();
  }
  w.end_array();
}

void folded_counter::merge(const folded_counter& other) {
  for (const auto& [spelling, n] : other.spellings_) add(spelling, n);
}

const std::vector<top_entry>& folded_counter::grouped() const {
  if (grouped_valid_) return grouped_;
  // Spellings grouped under their folded key; the label is the most common spelling, ties going to the
  // one that sorts first, so that output is stable.
  struct group {
    uint64_t count = 0;
    const std::string* best = nullptr;
    uint64_t best_count = 0;
  };
  string_map<group> groups;
  std::string key;
  for (const auto& [spelling, count] : spellings_) {
    key.clear();
    fold_text(spelling, key);
    group& g = groups[key];
    g.count += count;
    if (!g.best || count > g.best_count || (count == g.best_count && spelling < *g.best)) {
      g.best = &spelling;
      g.best_count = count;
    }
  }
  grouped_.clear();
  grouped_.reserve(groups.size());
  for (const auto& [folded, g] : groups) grouped_.push_back({folded, *g.best, g.count});
  std::sort(grouped_.begin(), grouped_.end(), [](const top_entry& a, const top_entry& b) {
    return a.count != b.count ? a.count > b.count : a.key < b.key;
  });
  grouped_valid_ = true;
  return grouped_;
}

std::vector<top_entry> folded_counter::top(size_t n) const {
  const auto& all = grouped();
  return {all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min(n, all.size()))};
}

int64_t local_day(int64_t time_ms, int32_t offset_minutes) {
  return day_of(time_ms + int64_t{offset_minutes} * 60000);
}



void aggregator::count_post(int64_t time_ms, post_kind kind_of_post, int32_t offset_minutes, uint64_t query_bits,
                            size_t query_count, bool engagement_known, bool truncated_repost, bool repaired) {
  const auto kind = static_cast<size_t>(kind_of_post);
  const int64_t day = local_day(time_ms, offset_minutes);
  const int64_t local_ms = time_ms + int64_t{offset_minutes} * 60000;
  const int64_t hour = (local_ms - day * 86400000) / 3600000;
  ++week_hours[static_cast<size_t>(((day + 3) % 7 + 7) % 7)][static_cast<size_t>(hour)];  // 1970-01-01 was a Thursday
  if (posts_ == 0 || time_ms < first_ms_) first_ms_ = time_ms;
  if (posts_ == 0 || time_ms > last_ms_) last_ms_ = time_ms;
  ++posts_;
  ++by_kind_[kind];
  ++days_[day][kind];
  if (!engagement_known) ++missing_engagement;
  if (truncated_repost) ++truncated_reposts;
  if (repaired) ++text_repaired;
  if (query_days.size() < query_count) query_days.resize(query_count);
  for (size_t q = 0; q < query_count && q < 64; ++q) {
    if (query_bits >> q & 1) ++query_days[q][day];
  }
}

uint64_t query_bits_of(const std::vector<bool>& hits) {
  uint64_t bits = 0;
  for (size_t q = 0; q < hits.size() && q < 64; ++q) bits |= hits[q] ? uint64_t{1} << q : 0;
  return bits;
}

bool is_truncated_repost(const post& p) {
  return p.kind == post_kind::REPOST && p.text.size() >= 3 && p.text.compare(p.text.size() - 3, 3, "\xE2\x80\xA6") == 0;
}

void aggregator::add(const post& p, const std::vector<bool>& query_hits, int32_t offset_minutes) {
  count_post(p.time_ms, p.kind, offset_minutes, query_bits_of(query_hits), query_hits.size(), p.engagement_known,
             is_truncated_repost(p), p.text_repaired);
  for_each_listed(p, [&](top_list l, std::string_view value) { list(l).add(value); });
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
  for (size_t d = 0; d < 7; ++d) {
    for (size_t h = 0; h < 24; ++h) week_hours[d][h] += other.week_hours[d][h];
  }
  if (query_days.size() < other.query_days.size()) query_days.resize(other.query_days.size());
  for (size_t q = 0; q < other.query_days.size(); ++q) {
    for (const auto& [day, n] : other.query_days[q]) query_days[q][day] += n;
  }
  truncated_reposts += other.truncated_reposts;
  missing_engagement += other.missing_engagement;
  text_repaired += other.text_repaired;
  for (size_t l = 0; l < TOP_LIST_COUNT; ++l) lists[l].merge(other.lists[l]);
}

namespace {


}  // namespace


void aggregator::write_state(json_writer& w) const {
  w.begin_object();
  w.field("posts", posts_);
  w.key("by_kind");
  w.begin_array();
  for (const uint64_t n : by_kind_) w.value(n);
  w.end_array();
  w.field("first_ms", first_ms_);
  w.field("last_ms", last_ms_);
  w.key("days");
  w.begin_array();
  for (const auto& [day, counts] : days_) {
    w.begin_array();
    w.value(day);
    for (const uint64_t n : counts) w.value(n);
    w.end_array();
  }
  w.end_array();
  for (size_t i = 0; i < TOP_LIST_COUNT; ++i) {
    w.key(TOP_LIST_NAMES.names[i]);
    lists[i].write_state(w);
  }
  w.field("truncated_reposts", truncated_reposts);
  w.field("missing_engagement", missing_engagement);
  w.field("text_repaired", text_repaired);
  w.key("week_hours");
  w.begin_array();
  for (const auto& hours : week_hours) {
    for (const uint64_t n : hours) w.value(n);
  }
  w.end_array();
  w.key("queries");
  w.begin_array();
  for (const auto& days : query_days) {
    w.begin_array();
    for (const auto& [day, n] : days) {
      w.begin_array();
      w.value(day);
      w.value(n);
      w.end_array();
    }
    w.end_array();
  }
  w.end_array();
  w.end_object();
}

bool aggregator::plausible() const {
  const auto count_ok = [](uint64_t n) { return n <= MAX_STATE_COUNT; };
  const auto day_ok = [](int64_t day) { return day >= -MAX_DAY && day <= MAX_DAY; };
  if (!count_ok(posts_) || first_ms_ < -MAX_TIME_MS || first_ms_ > MAX_TIME_MS || last_ms_ < -MAX_TIME_MS ||
      last_ms_ > MAX_TIME_MS || !std::all_of(by_kind_.begin(), by_kind_.end(), count_ok) ||
      !count_ok(truncated_reposts) || !count_ok(missing_engagement) || !count_ok(text_repaired)) {
    return false;
  }
  for (const auto& [day, counts] : days_) {
    if (!day_ok(day) || !std::all_of(counts.begin(), counts.end(), count_ok)) return false;
  }
  for (const auto& hours : week_hours) {
    if (!std::all_of(hours.begin(), hours.end(), count_ok)) return false;
  }
  for (const auto& series : query_days) {
    for (const auto& [day, n] : series) {
      if (!day_ok(day) || !count_ok(n)) return false;
    }
  }
  return true;
}

bool aggregator::merge_state(const simdjson::dom::element& state) {
  aggregator other;
  uint64_t posts = 0;
  int64_t first = 0, last = 0;
  simdjson::dom::array by_kind, days;
  if (state["posts"].get(posts) || state["first_ms"].get(first) || state["last_ms"].get(last) ||
      state["by_kind"].get(by_kind) || state["days"].get(days) || by_kind.size() != POST_KIND_COUNT) {
    return false;
  }
  other.posts_ = posts;
  other.first_ms_ = first;
  other.last_ms_ = last;
  size_t k = 0;
  for (simdjson::dom::element n : by_kind) {
    if (n.get(other.by_kind_[k++])) return false;
  }
  for (simdjson::dom::element day : days) {
    simdjson::dom::array row;
    if (day.get(row) || row.size() != POST_KIND_COUNT + 1) return false;
    int64_t number = 0;
    kind_counts counts{};
    size_t i = 0;
    for (simdjson::dom::element v : row) {
      if (i == 0 ? v.get(number) != simdjson::SUCCESS : v.get(counts[i - 1]) != simdjson::SUCCESS) return false;
      ++i;
    }
    other.days_[number] = counts;
  }
  for (size_t i = 0; i < TOP_LIST_COUNT; ++i) {
    simdjson::dom::array entries;
    if (state[TOP_LIST_NAMES.names[i]].get(entries)) return false;
    for (simdjson::dom::element entry : entries) {
      std::string_view spelling;
      uint64_t n = 0;
      if (entry.at(0).get(spelling) || entry.at(1).get(n)) return false;
      other.lists[i].add(spelling, n);
    }
  }
  if (state["truncated_reposts"].get(other.truncated_reposts) ||
      state["missing_engagement"].get(other.missing_engagement) || state["text_repaired"].get(other.text_repaired)) {
    return false;
  }
  simdjson::dom::array week_hours_state;
  if (state["week_hours"].get(week_hours_state) || week_hours_state.size() != 7 * 24) return false;
  size_t cell = 0;
  for (simdjson::dom::element n : week_hours_state) {
    if (n.get(other.week_hours[cell / 24][cell % 24])) return false;
    ++cell;
  }
  simdjson::dom::array queries;
  if (state["queries"].get(queries)) return false;
  for (simdjson::dom::element series : queries) {
    simdjson::dom::array days_of_query;
    if (series.get(days_of_query)) return false;
    auto& target = other.query_days.emplace_back();
    for (simdjson::dom::element row : days_of_query) {
      int64_t day = 0;
      uint64_t n = 0;
      if (row.at(0).get(day) || row.at(1).get(n)) return false;
      target[day] = n;
    }
  }
  if (!other.plausible()) return false;
  merge(other);
  return true;
}

}  // namespace chorus
