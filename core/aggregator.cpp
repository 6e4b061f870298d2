#include "aggregator.h"

#include <algorithm>

#include "json_writer.h"
#include "sketch/hyperloglog.h"
#include "sketch/space_saving.h"
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

namespace {

/// Top entries in their order: by count, then key.
bool ranks_before(const top_entry& a, const top_entry& b) {
  return a.count != b.count ? a.count > b.count : a.key < b.key;
}

/// group_spellings for the spellings `in(id)` takes: 16 bytes per spelling, then per key in the same place, and
/// no string per key. Keys are folded again where they are compared.
template <typename Count, typename In>
std::vector<top_entry> group_part(const interner& spellings, const std::vector<Count>& counts, size_t n, In in,
                                  uint64_t& distinct) {
  std::string folded;
  const auto key_of = [&](uint32_t id) -> const std::string& {
    folded.clear();
    fold_text(spellings.at(id), folded);
    return folded;
  };
  struct group {
    uint64_t count;  // first the hash of the folded key, while the spellings are sorted by it
    uint32_t key;    // a spelling of the key (fold it to read the key)
    uint32_t best;   // the most common spelling
  };
  std::vector<group> groups;
  for (uint32_t id = 0; id < counts.size() && id < spellings.size(); ++id) {
    if (counts[id] > 0 && in(id)) groups.push_back({stable_hash(key_of(id)), id, id});
  }
  std::sort(groups.begin(), groups.end(),
            [](const group& a, const group& b) { return a.count != b.count ? a.count < b.count : a.key < b.key; });
  const auto join = [&](group& g, uint32_t id) {
    g.count += counts[id];
    if (counts[id] > counts[g.best] || (counts[id] == counts[g.best] && spellings.at(id) < spellings.at(g.best))) g.best = id;
  };
  // Each run of one hash becomes its keys' groups, written over the spellings already read.
  size_t written = 0;
  for (size_t i = 0; i < groups.size();) {
    size_t end = i + 1;
    while (end < groups.size() && groups[end].count == groups[i].count) ++end;
    if (end == i + 1) {
      const uint32_t id = groups[i].key;
      groups[written++] = {counts[id], id, id};
    } else {
      // Spellings of one hash: one key's spellings, or (seldom) keys whose hashes collide, kept apart.
      std::vector<std::pair<std::string, uint32_t>> run;
      for (size_t j = i; j < end; ++j) run.emplace_back(key_of(groups[j].key), groups[j].key);
      std::sort(run.begin(), run.end());
      for (size_t j = 0; j < run.size(); ++j) {
        if (j == 0 || run[j].first != run[j - 1].first) groups[written++] = {0, run[j].second, run[j].second};
        join(groups[written - 1], run[j].second);
      }
    }
    i = end;
  }
  groups.resize(written);
  distinct = groups.size();
  // The n first by count, then key. Keys sharing the n-th count beyond the room left are folded one at a
  // time, keeping the smallest: never a string per key.
  const size_t kept = std::min(n, groups.size());
  auto tied = groups.end();
  uint64_t last = 0;  // the n-th count
  if (kept < groups.size() && kept > 0) {
    std::nth_element(groups.begin(), groups.begin() + static_cast<std::ptrdiff_t>(kept - 1), groups.end(),
                     [](const group& a, const group& b) { return a.count > b.count; });
    last = groups[kept - 1].count;
    tied = std::partition(groups.begin(), groups.end(), [&](const group& g) { return g.count > last; });
  }
  // Exactly `kept` entries: the keys counted more than the n-th count, and the smallest of those counted
  // as often.
  std::vector<top_entry> out;
  out.reserve(kept);
  const auto entry_of = [&](const group& g, std::string key) {
    return top_entry{std::move(key), std::string(spellings.at(g.best)), g.count, 0};
  };
  for (auto g = groups.begin(); g != tied; ++g) out.push_back(entry_of(*g, key_of(g->key)));
  if (tied != groups.end()) {
    const size_t room = kept - out.size();
    using keyed_group = std::pair<std::string, const group*>;
    std::vector<keyed_group> smallest;  // a max-heap of the smallest keys of count `last`
    const auto by_key = [](const keyed_group& a, const keyed_group& b) { return a.first < b.first; };
    for (auto g = tied; g != groups.end(); ++g) {
      if (g->count != last) continue;
      const std::string& key = key_of(g->key);
      if (smallest.size() < room) {
        smallest.emplace_back(key, &*g);
        std::push_heap(smallest.begin(), smallest.end(), by_key);
      } else if (key < smallest.front().first) {
        std::pop_heap(smallest.begin(), smallest.end(), by_key);
        smallest.back() = {key, &*g};
        std::push_heap(smallest.begin(), smallest.end(), by_key);
      }
    }
    for (auto& [key, g] : smallest) out.push_back(entry_of(*g, std::move(key)));
  }
  std::sort(out.begin(), out.end(), ranks_before);
  return out;
}

}  // namespace

template <typename Count>
std::vector<top_entry> group_spellings(const interner& spellings, const std::vector<Count>& counts, size_t n,
                                       uint64_t& distinct) {
  // A list of many spellings is grouped in parts of about PART spellings, chosen by their key's hash (so a
  // key's spellings share a part), each part's n first kept: a collection's few hundred thousand authors
  // take half a MB at a time, not 16 bytes each at once (the page's memory is at its highest by then).
  constexpr size_t PART = size_t{1} << 15;
  size_t counted = 0;
  for (size_t id = 0; id < counts.size(); ++id) counted += counts[id] > 0;
  unsigned bits = 0;
  while (n != SIZE_MAX && (counted >> bits) > PART && bits < 8) ++bits;
  if (bits == 0) return group_part(spellings, counts, n, [](uint32_t) { return true; }, distinct);
  std::vector<uint8_t> part_of(counts.size());
  std::string folded;
  for (uint32_t id = 0; id < counts.size() && id < spellings.size(); ++id) {
    if (counts[id] == 0) continue;
    folded.clear();
    fold_text(spellings.at(id), folded);
    part_of[id] = static_cast<uint8_t>(stable_hash(folded) >> (64 - bits));
  }
  distinct = 0;
  std::vector<top_entry> out;
  for (unsigned part = 0; part < 1u << bits; ++part) {
    uint64_t keys = 0;
    for (top_entry& e : group_part(spellings, counts, n, [&](uint32_t id) { return part_of[id] == part; }, keys)) {
      out.push_back(std::move(e));
    }
    distinct += keys;
  }
  std::sort(out.begin(), out.end(), ranks_before);
  if (out.size() > n) out.resize(n);
  return out;
}

template std::vector<top_entry> group_spellings(const interner&, const std::vector<uint32_t>&, size_t, uint64_t&);
template std::vector<top_entry> group_spellings(const interner&, const std::vector<uint64_t>&, size_t, uint64_t&);

struct folded_counter::sketch {
  space_saving top{TOP_CAPACITY};
  hyperloglog distinct;
  std::string folded;  // scratch for the key of the value being added
};

folded_counter::folded_counter() = default;
folded_counter::folded_counter(const folded_counter& other)
    : spellings_(other.spellings_), counts_(other.counts_), sketch_(other.sketch_ ? std::make_unique<sketch>(*other.sketch_) : nullptr) {}
folded_counter& folded_counter::operator=(const folded_counter& other) {
  if (this != &other) *this = folded_counter(other);
  return *this;
}
folded_counter::folded_counter(folded_counter&&) noexcept = default;
folded_counter& folded_counter::operator=(folded_counter&&) noexcept = default;
folded_counter::~folded_counter() = default;

void folded_counter::add(std::string_view spelling, uint64_t n) {
  if (grouped_valid_) drop_grouped();
  if (sketch_) {
    std::string& key = sketch_->folded;
    key.clear();
    fold_text(spelling, key);
    const uint64_t hash = stable_hash(key);  // one hash for both sketches
    sketch_->distinct.add_hash(hash);
    sketch_->top.add(key, spelling, n, hash);
    return;
  }
  const uint32_t id = spellings_.intern(spelling);
  if (id < counts_.size()) {
    counts_[id] += n;
    return;
  }
  counts_.push_back(n);
  if (counts_.size() > EXACT_SPELLINGS) become_sketch();
}

void folded_counter::become_sketch() {
  auto made = std::make_unique<sketch>();
  // Every key counted so far, with its count and most common spelling: the first TOP_CAPACITY of them are
  // kept exactly (error 0), and every key left out was counted no more than the least kept.
  std::vector<space_saving::entry> kept;
  uint64_t total = 0;
  for (const top_entry& e : grouped()) {
    made->distinct.add(e.key);
    total += e.count;
    if (kept.size() < TOP_CAPACITY) kept.push_back({e.key, e.label, e.count, 0});
  }
  made->top.assign(std::move(kept), total);
  sketch_ = std::move(made);
  spellings_ = {};
  counts_ = {};
  drop_grouped();
}

void folded_counter::drop_grouped() {
  // Given back, not only emptied: the grouping of EXACT_SPELLINGS keys would otherwise stay held (a few MB)
  // while counting goes on.
  std::vector<top_entry>().swap(grouped_);
  grouped_valid_ = false;
}

uint64_t folded_counter::distinct() const { return sketch_ ? sketch_->distinct.estimate() : grouped().size(); }

uint64_t folded_counter::max_error() const { return sketch_ ? sketch_->top.min_count() : 0; }

void folded_counter::write_state(json_writer& w) const {
  if (sketch_) {
    w.begin_object();
    w.field("total", sketch_->top.total());
    w.key("top");
    w.begin_array();
    for (const auto& e : sketch_->top.sorted()) {
      w.begin_array();
      w.value(e.key);
      w.value(e.label);
      w.value(e.count);
      w.value(e.error);
      w.end_array();
    }
    w.end_array();
    w.field("distinct", sketch_->distinct.encode());
    w.end_object();
    return;
  }
  std::vector<std::pair<std::string_view, uint64_t>> all;
  all.reserve(counts_.size());
  for (uint32_t id = 0; id < counts_.size(); ++id) all.emplace_back(spellings_.at(id), counts_[id]);
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

bool folded_counter::merge_state(const simdjson::dom::element& state) {
  simdjson::dom::array entries;
  if (state.get(entries) == simdjson::SUCCESS) {
    folded_counter other;
    for (simdjson::dom::element entry : entries) {
      std::string_view spelling;
      uint64_t n = 0;
      if (entry.at(0).get(spelling) || entry.at(1).get(n) || n > MAX_STATE_COUNT) return false;
      other.add(spelling, n);
    }
    merge(other);
    return true;
  }
  uint64_t total = 0;
  std::string_view distinct;
  simdjson::dom::array top;
  if (state["total"].get(total) || state["top"].get(top) || state["distinct"].get(distinct) ||
      total > MAX_STATE_COUNT) {
    return false;
  }
  folded_counter other;
  other.sketch_ = std::make_unique<sketch>();
  std::vector<space_saving::entry> kept;
  for (simdjson::dom::element row : top) {
    space_saving::entry e;
    std::string_view key, label;
    if (row.at(0).get(key) || row.at(1).get(label) || row.at(2).get(e.count) || row.at(3).get(e.error) ||
        e.count > MAX_STATE_COUNT) {
      return false;
    }
    std::string folded;
    fold_text(label, folded);
    if (folded != key) return false;  // a label is a spelling of its key
    e.key = key;
    e.label = label;
    kept.push_back(std::move(e));
  }
  if (!other.sketch_->top.assign(std::move(kept), total) || !other.sketch_->distinct.decode(distinct)) return false;
  merge(other);
  return true;
}

void folded_counter::merge(const folded_counter& other) {
  drop_grouped();
  if (!other.sketch_) {
    // Its spellings counted as if read here (a weighted Space-Saving update once this is a sketch, with the
    // same error bound): far cheaper than merging it as a summary of every key, which a reader's many ranges
    // of a large collection would do once each.
    // In the order the other counter first met them; it becomes a sketch once past the limit.
    for (uint32_t id = 0; id < other.counts_.size(); ++id) add(other.spellings_.at(id), other.counts_[id]);
    return;
  }
  if (!sketch_) become_sketch();
  sketch_->top.merge(other.sketch_->top);
  sketch_->distinct.merge(other.sketch_->distinct);
}

const std::vector<top_entry>& folded_counter::grouped() const {
  if (grouped_valid_) return grouped_;
  grouped_.clear();
  if (sketch_) {
    for (auto& e : sketch_->top.sorted()) grouped_.push_back({std::move(e.key), std::move(e.label), e.count, e.error});
    grouped_valid_ = true;
    return grouped_;
  }
  uint64_t distinct = 0;
  grouped_ = group_spellings(spellings_, counts_, SIZE_MAX, distinct);
  grouped_valid_ = true;
  return grouped_;
}

std::vector<top_entry> folded_counter::top(size_t n) const {
  const auto& all = grouped();
  if (!sketch_) return {all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min(n, all.size()))};
  // A sketch's entry that may have been counted no more often than a key it let go is not a top value.
  const uint64_t floor = max_error();
  std::vector<top_entry> out;
  for (const top_entry& e : all) {
    if (out.size() >= n) break;
    if (e.count - e.error > floor) out.push_back(e);
  }
  return out;
}

int64_t local_day(int64_t time_ms, int32_t offset_minutes) {
  return day_of(time_ms + int64_t{offset_minutes} * 60000);
}



void aggregator::count_post(int64_t time_ms, post_kind kind_of_post, int32_t offset_minutes, uint64_t query_bits,
                            size_t query_count, bool engagement_known, bool truncated_repost, bool repaired) {
  const auto kind = static_cast<size_t>(kind_of_post);
  const int64_t day = local_day(time_ms, offset_minutes);
  if (posts_ == 0 || time_ms < first_ms_) first_ms_ = time_ms;
  if (posts_ == 0 || time_ms > last_ms_) last_ms_ = time_ms;
  ++posts_;
  ++by_kind_[kind];
  if (!engagement_known) ++missing_engagement;
  if (truncated_repost) ++truncated_reposts;
  if (repaired) ++text_repaired;
  if (day < TIMELINE_FIRST_DAY || day >= TIMELINE_END_DAY) {  // the tables by time have a row per day at most
    ++outside_timeline;
    return;
  }
  const int64_t local_ms = time_ms + int64_t{offset_minutes} * 60000;
  const int64_t hour = (local_ms - day * 86400000) / 3600000;
  ++week_hours[static_cast<size_t>((day + 3) % 7)][static_cast<size_t>(hour)];  // 1970-01-01 was a Thursday
  ++days_[day][kind];
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
  const int64_t day = local_day(p.time_ms, offset_minutes);
  if (day >= TIMELINE_FIRST_DAY && day < TIMELINE_END_DAY) movement.add(day, p.author, p.lang);
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
  outside_timeline += other.outside_timeline;
  for (size_t l = 0; l < TOP_LIST_COUNT; ++l) lists[l].merge(other.lists[l]);
  movement.merge(other.movement);
}

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
  w.field("outside_timeline", outside_timeline);
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
  w.key("movement");
  movement.write_state(w);
  w.end_object();
}

bool aggregator::plausible() const {
  const auto count_ok = [](uint64_t n) { return n <= MAX_STATE_COUNT; };
  const auto day_ok = [](int64_t day) { return day >= TIMELINE_FIRST_DAY && day < TIMELINE_END_DAY; };
  if (!count_ok(posts_) || first_ms_ < -MAX_TIME_MS || first_ms_ > MAX_TIME_MS || last_ms_ < -MAX_TIME_MS ||
      last_ms_ > MAX_TIME_MS || !std::all_of(by_kind_.begin(), by_kind_.end(), count_ok) ||
      !count_ok(truncated_reposts) || !count_ok(missing_engagement) || !count_ok(text_repaired) ||
      !count_ok(outside_timeline)) {
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
    simdjson::dom::element list;
    if (state[TOP_LIST_NAMES.names[i]].get(list) || !other.lists[i].merge_state(list)) return false;
  }
  if (state["truncated_reposts"].get(other.truncated_reposts) ||
      state["missing_engagement"].get(other.missing_engagement) || state["text_repaired"].get(other.text_repaired) ||
      state["outside_timeline"].get(other.outside_timeline)) {
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
  simdjson::dom::element movement_state;
  if (state["movement"].get(movement_state) || !other.movement.merge_state(movement_state)) return false;
  if (!other.plausible()) return false;
  merge(other);
  return true;
}

}  // namespace chorus
