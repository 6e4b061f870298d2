#include "movement.h"

#include <algorithm>

#include "json_writer.h"
#include "simdjson.h"
#include "sketch/hyperloglog.h"
#include "text/text_fold.h"
#include "time_parse.h"

namespace chorus {


movement_tables::movement_tables() = default;
movement_tables::movement_tables(movement_tables&&) noexcept = default;
movement_tables& movement_tables::operator=(movement_tables&&) noexcept = default;
movement_tables::~movement_tables() = default;

movement_tables::movement_tables(const movement_tables& other) { *this = other; }

movement_tables& movement_tables::operator=(const movement_tables& other) {
  if (this == &other) return *this;
  capacity_ = other.capacity_;
  size_ = other.size_;
  untracked_ = other.untracked_;
  keys_.reset(capacity_ ? new uint64_t[capacity_] : nullptr);
  days_.reset(capacity_ ? new int32_t[capacity_] : nullptr);
  if (capacity_) {
    std::copy(other.keys_.get(), other.keys_.get() + capacity_, keys_.get());
    std::copy(other.days_.get(), other.days_.get() + capacity_, days_.get());
  }
  language_names_ = other.language_names_;
  language_days_ = other.language_days_;
  return *this;
}

void movement_tables::grow() {
  const size_t capacity = capacity_ == 0 ? 256 : capacity_ * 2;
  std::unique_ptr<uint64_t[]> keys(new uint64_t[capacity]);
  std::unique_ptr<int32_t[]> days(new int32_t[capacity]);
  std::fill(keys.get(), keys.get() + capacity, EMPTY);
  for (size_t i = 0; i < capacity_; ++i) {
    if (keys_[i] == EMPTY) continue;
    size_t j = mix64(keys_[i]) & (capacity - 1);
    while (keys[j] != EMPTY) j = (j + 1) & (capacity - 1);
    keys[j] = keys_[i];
    days[j] = days_[i];
  }
  keys_ = std::move(keys);
  days_ = std::move(days);
  capacity_ = capacity;
}

void movement_tables::note_first(uint64_t key, int32_t day) {
  if (key == EMPTY) key = EMPTY - 1;
  if (capacity_ > 0) {
    for (size_t i = mix64(key) & (capacity_ - 1);; i = (i + 1) & (capacity_ - 1)) {
      if (keys_[i] == key) {
        days_[i] = std::min(days_[i], day);
        return;
      }
      if (keys_[i] == EMPTY) break;
    }
  }
  if (size_ >= MAX_AUTHORS) {
    ++untracked_;
    return;
  }
  if ((size_ + 1) * 4 > capacity_ * 3) grow();
  size_t i = mix64(key) & (capacity_ - 1);
  while (keys_[i] != EMPTY) i = (i + 1) & (capacity_ - 1);
  keys_[i] = key;
  days_[i] = day;
  ++size_;
}

void movement_tables::add(int64_t day, std::string_view author, std::string_view lang) {
  if (!author.empty()) {
    folded_.clear();
    fold_text(author, folded_);
    note_first(stable_hash(folded_), static_cast<int32_t>(day));
  }
  if (lang.empty()) return;
  std::string name(lang);
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  ++day_row(day)[language_slot(name)];
}

size_t movement_tables::language_slot(std::string_view name) {
  const size_t index = std::find(language_names_.begin(), language_names_.end(), name) - language_names_.begin();
  if (index < language_names_.size()) return index;
  if (language_names_.size() == MAX_LANGUAGES) return MAX_LANGUAGES;  // other
  language_names_.emplace_back(name);
  return index;
}

std::vector<uint64_t>& movement_tables::day_row(int64_t day) {
  auto& counts = language_days_[day];
  if (counts.size() <= MAX_LANGUAGES) counts.resize(MAX_LANGUAGES + 1, 0);
  return counts;
}

void movement_tables::reserve(size_t n) {
  n = std::min(n, MAX_AUTHORS);
  while (n * 4 > capacity_ * 3 && capacity_ < MAX_SLOTS) grow();
}

void movement_tables::merge(const movement_tables& other) {
  reserve(size_ + other.size_);
  for (size_t i = 0; i < other.capacity_; ++i) {
    if (other.keys_[i] != EMPTY) note_first(other.keys_[i], other.days_[i]);
  }
  untracked_ += other.untracked_;
  for (const auto& [day, counts] : other.language_days_) {
    for (size_t k = 0; k < counts.size(); ++k) {
      if (counts[k] == 0) continue;
      // Counted under its name (the last place is "other" in every table).
      const size_t index = k < other.language_names_.size() ? language_slot(other.language_names_[k]) : MAX_LANGUAGES;
      day_row(day)[index] += counts[k];
    }
  }
}

std::map<int64_t, uint64_t> movement_tables::new_authors() const {
  std::map<int64_t, uint64_t> out;
  for (size_t i = 0; i < capacity_; ++i) {
    if (keys_[i] != EMPTY) ++out[days_[i]];
  }
  return out;
}

void movement_tables::languages(size_t n, std::vector<std::string>& names,
                                std::map<int64_t, std::vector<uint64_t>>& days) const {
  std::vector<uint64_t> totals(MAX_LANGUAGES + 1, 0);
  for (const auto& [day, counts] : language_days_) {
    for (size_t k = 0; k < counts.size(); ++k) totals[k] += counts[k];
  }
  std::vector<size_t> order(language_names_.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return totals[a] != totals[b] ? totals[a] > totals[b] : language_names_[a] < language_names_[b];
  });
  if (order.size() > n) order.resize(n);
  names.clear();
  for (const size_t k : order) names.push_back(language_names_[k]);
  days.clear();
  for (const auto& [day, counts] : language_days_) {
    std::vector<uint64_t> row(order.size() + 1, 0);
    uint64_t all = 0;
    for (const uint64_t c : counts) all += c;
    uint64_t named = 0;
    for (size_t i = 0; i < order.size(); ++i) {
      row[i] = counts[order[i]];
      named += row[i];
    }
    row[order.size()] = all - named;
    days[day] = std::move(row);
  }
}

void movement_tables::write_state(json_writer& w) const {
  w.begin_object();
  w.field("untracked", untracked_);
  // Keys as decimal strings (JSON numbers lose precision past 2^53 in other readers), sorted for stable output.
  std::vector<std::pair<uint64_t, int32_t>> firsts;
  firsts.reserve(size_);
  for (size_t i = 0; i < capacity_; ++i) {
    if (keys_[i] != EMPTY) firsts.emplace_back(keys_[i], days_[i]);
  }
  std::sort(firsts.begin(), firsts.end());
  w.key("first_days");
  w.begin_array();
  for (const auto& [key, day] : firsts) {
    w.value(std::to_string(key));
    w.value(static_cast<int64_t>(day));
  }
  w.end_array();
  w.key("languages");
  w.begin_array();
  for (const auto& name : language_names_) w.value(name);
  w.end_array();
  w.key("language_days");
  w.begin_array();
  for (const auto& [day, counts] : language_days_) {
    w.begin_array();
    w.value(day);
    for (const uint64_t c : counts) w.value(c);
    w.end_array();
  }
  w.end_array();
  w.end_object();
}

bool movement_tables::merge_state(const simdjson::dom::element& state) {
  movement_tables other;
  simdjson::dom::array firsts, languages, language_days;
  if (state["untracked"].get(other.untracked_) || state["first_days"].get(firsts) ||
      state["languages"].get(languages) || state["language_days"].get(language_days)) {
    return false;
  }
  if (other.untracked_ > MAX_STATE_COUNT || firsts.size() % 2 != 0 || firsts.size() / 2 > MAX_AUTHORS ||
      languages.size() > MAX_LANGUAGES) {
    return false;
  }
  const auto day_ok = [](int64_t day) { return day >= TIMELINE_FIRST_DAY && day < TIMELINE_END_DAY; };
  other.reserve(firsts.size() / 2);
  for (auto it = firsts.begin(); it != firsts.end();) {
    std::string_view key_text;
    int64_t day = 0;
    if ((*it).get(key_text)) return false;
    ++it;
    if ((*it).get(day) || !day_ok(day)) return false;
    ++it;
    uint64_t key = 0;
    if (key_text.empty() || key_text.size() > 20) return false;
    for (char c : key_text) {
      if (c < '0' || c > '9') return false;
      key = key * 10 + static_cast<uint64_t>(c - '0');
    }
    other.note_first(key, static_cast<int32_t>(day));
  }
  for (simdjson::dom::element name : languages) {
    std::string_view s;
    if (name.get(s)) return false;
    other.language_names_.emplace_back(s);
  }
  for (simdjson::dom::element row : language_days) {
    simdjson::dom::array cells;
    if (row.get(cells) || cells.size() != MAX_LANGUAGES + 2) return false;
    int64_t day = 0;
    std::vector<uint64_t> counts;
    size_t i = 0;
    for (simdjson::dom::element v : cells) {
      if (i++ == 0) {
        if (v.get(day) || !day_ok(day)) return false;
        continue;
      }
      uint64_t n = 0;
      if (v.get(n) || n > MAX_STATE_COUNT) return false;
      counts.push_back(n);
    }
    other.language_days_[day] = std::move(counts);
  }
  merge(other);
  return true;
}

}  // namespace chorus
