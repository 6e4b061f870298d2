#include "post_store.h"

#include "format.h"
#include "time_parse.h"

#include <algorithm>

namespace chorus {

uint32_t post_store::id_of(size_t list, std::string_view spelling) {
  uint32_t& last = last_id_[list];
  if (last != UINT32_MAX && spellings_[list][last] == spelling) return last;
  auto it = ids_[list].find(spelling);
  if (it != ids_[list].end()) return last = it->second;
  const auto id = static_cast<uint32_t>(spellings_[list].size());
  spellings_[list].emplace_back(spelling);
  ids_[list].emplace(std::string(spelling), id);
  spelling_bytes_ += spelling_bytes(spelling);
  return last = id;
}

void post_store::add(const post& p, uint64_t query_bits, uint8_t source) {
  time_.push_back(p.time_ms);
  source_.push_back(source);
  flags_.push_back(static_cast<uint8_t>(static_cast<uint8_t>(p.kind) | (p.engagement_known ? 4 : 0) |
                                        (is_truncated_repost(p) ? 8 : 0) | (p.text_repaired ? 16 : 0)));
  queries_.push_back(query_bits);
  // The same values per post as aggregator::add counts.
  for_each_listed(p, [&](top_list l, std::string_view spelling) {
    const auto list = static_cast<size_t>(l);
    items_.push_back(static_cast<uint32_t>(list << 28) | id_of(list, spelling));
  });
  item_end_.push_back(static_cast<uint32_t>(items_.size()));
}

std::vector<aggregator> post_store::aggregate(const post_filter& filter, size_t query_count,
                                             const zone_rules& zone) const {
  const size_t sources = formats().size();
  std::vector<aggregator> out(sources);
  for (auto& tables : out) tables.query_days.assign(query_count, {});
  // Values are counted per format, then added to its table once: a format's lists get each spelling once.
  std::vector<std::array<std::vector<uint64_t>, LISTS>> counts(sources);
  auto item = items_.begin();
  uint32_t item_index = 0;
  for (size_t i = 0; i < time_.size(); ++i) {
    const uint8_t flags = flags_[i];
    const uint8_t source = source_[i];
    const int32_t offset = zone.offset_at(time_[i]);
    const int64_t day = local_day(time_[i], offset);
    const bool pass = filter.passes(day, static_cast<post_kind>(flags & 3), source);
    if (pass) {
      out[source].count_post(time_[i], static_cast<post_kind>(flags & 3), offset, queries_[i], query_count,
                             (flags & 4) != 0, (flags & 8) != 0, (flags & 16) != 0);
    }
    std::string_view author, lang;
    for (; item_index < item_end_[i]; ++item_index, ++item) {
      if (!pass) continue;
      const uint32_t list = *item >> 28, id = *item & 0x0FFFFFFF;
      auto& mine = counts[source][list];
      if (mine.empty()) mine.assign(spellings_[list].size(), 0);
      ++mine[id];
      if (list == static_cast<uint32_t>(top_list::AUTHORS)) author = spellings_[list][id];
      if (list == static_cast<uint32_t>(top_list::LANGUAGES)) lang = spellings_[list][id];
    }
    if (pass && day >= TIMELINE_FIRST_DAY && day < TIMELINE_END_DAY) out[source].movement.add(day, author, lang);
  }
  for (size_t source = 0; source < sources; ++source) {
    for (size_t list = 0; list < LISTS; ++list) {
      const auto& mine = counts[source][list];
      for (size_t id = 0; id < mine.size(); ++id) {
        if (mine[id] > 0) out[source].lists[list].add(spellings_[list][id], mine[id]);
      }
    }
  }
  return out;
}

std::map<int64_t, std::vector<uint64_t>> post_store::hours(const post_filter& filter, size_t query_count,
                                                           const zone_rules& zone) const {
  std::map<int64_t, std::vector<uint64_t>> out;
  for (size_t i = 0; i < time_.size(); ++i) {
    const uint8_t flags = flags_[i];
    const int32_t offset = zone.offset_at(time_[i]);
    const int64_t day = local_day(time_[i], offset);
    if (!filter.passes(day, static_cast<post_kind>(flags & 3), source_[i])) continue;
    if (day < TIMELINE_FIRST_DAY || day >= TIMELINE_END_DAY) continue;  // as the day buckets
    const int64_t local_ms = time_[i] + int64_t{offset} * 60000;
    const int64_t hour = floor_div(local_ms, 3600000);
    auto& counts = out[hour];
    if (counts.empty()) counts.assign(POST_KIND_COUNT + query_count, 0);
    ++counts[flags & 3];
    for (size_t q = 0; q < query_count && q < 64; ++q) counts[POST_KIND_COUNT + q] += queries_[i] >> q & 1;
  }
  return out;
}

void post_store::write_state(byte_writer& out) const {
  size_t bytes = 16 + time_.size() * (8 + 1 + 1 + 8 + 4) + items_.size() * 4;
  for (const auto& spellings : spellings_) {
    bytes += 4;
    for (const auto& spelling : spellings) bytes += 4 + spelling.size();
  }
  out.reserve(bytes);
  for (const auto& spellings : spellings_) {
    out.u32(static_cast<uint32_t>(spellings.size()));
    for (const auto& spelling : spellings) out.str(spelling);
  }
  // Column by column: a few loops over plain numbers, not a call per value.
  out.u64(time_.size());
  out.u64(items_.size());
  out.column(time_);
  out.column(flags_);
  out.column(source_);
  out.column(queries_);
  out.column(item_end_);
  out.column(items_);
}

bool post_store::read_state(byte_reader& in) {
  for (size_t list = 0; list < LISTS; ++list) {
    uint32_t n = 0;
    if (!in.u32(n) || n > in.left() / 4) return false;
    for (uint32_t id = 0; id < n; ++id) {
      std::string_view spelling;
      if (!in.str(spelling) || id_of(list, spelling) != id) return false;  // each spelling once
    }
  }
  uint64_t posts = 0, items = 0;
  if (!in.u64(posts) || !in.u64(items) || !in.column(posts, time_) || !in.column(posts, flags_) ||
      !in.column(posts, source_) || !in.column(posts, queries_) || !in.column(posts, item_end_) || !in.column(items, items_)) {
    return false;
  }
  uint32_t previous = 0;
  for (const uint32_t end : item_end_) {
    if (end < previous || end > items) return false;
    previous = end;
  }
  if (previous != items) return false;
  for (const int64_t time : time_) {
    if (time < -MAX_TIME_MS || time > MAX_TIME_MS) return false;  // days are computed from it
  }
  for (const uint8_t flags : flags_) {
    if (flags >= 32) return false;
  }
  for (const uint8_t source : source_) {
    if (source >= formats().size()) return false;
  }
  for (const uint32_t item : items_) {
    const uint32_t list = item >> 28;
    if (list >= LISTS || (item & 0x0FFFFFFF) >= spellings_[list].size()) return false;
  }
  return true;
}

bool post_store::append(const post_store& other, size_t max_posts, size_t max_bytes) {
  if (other.size() == 0) return true;
  if (size() + other.size() > max_posts || bytes() + other.bytes() > max_bytes) return false;  // at most this much more
  std::array<std::vector<uint32_t>, LISTS> ids;  // other's spelling id -> this store's
  for (size_t list = 0; list < LISTS; ++list) {
    for (const auto& spelling : other.spellings_[list]) ids[list].push_back(id_of(list, spelling));
  }
  const auto base = static_cast<uint32_t>(items_.size());
  time_.insert(time_.end(), other.time_.begin(), other.time_.end());
  flags_.insert(flags_.end(), other.flags_.begin(), other.flags_.end());
  source_.insert(source_.end(), other.source_.begin(), other.source_.end());
  queries_.insert(queries_.end(), other.queries_.begin(), other.queries_.end());
  for (const uint32_t end : other.item_end_) item_end_.push_back(base + end);
  for (const uint32_t item : other.items_) {
    const uint32_t list = item >> 28;
    items_.push_back(list << 28 | ids[list][item & 0x0FFFFFFF]);
  }
  return true;
}

void matched_post_store::add(std::string_view id, std::string_view author, std::string_view text, int64_t time_ms,
                             uint64_t terms, post_kind kind, uint8_t source) {
  const size_t need = id.size() + author.size() + text.size();
  if (blocks_.empty() || blocks_.back().size() + need > blocks_.back().capacity()) {
    blocks_.emplace_back().reserve(std::max(BLOCK, need));
  }
  std::string& block = blocks_.back();
  kept_.push_back({static_cast<uint32_t>(blocks_.size() - 1), static_cast<uint32_t>(block.size()),
                   static_cast<uint32_t>(id.size()), static_cast<uint32_t>(author.size()),
                   static_cast<uint32_t>(text.size()), time_ms, terms, kind, source});
  block.append(id).append(author).append(text);
}

matched_post_store::texts matched_post_store::texts_of(size_t i) const {
  const kept& k = kept_[i];
  const std::string_view block = blocks_[k.block];
  return {block.substr(k.offset, k.id_size), block.substr(k.offset + k.id_size, k.author_size),
          block.substr(k.offset + k.id_size + k.author_size, k.text_size)};
}

matched_post matched_post_store::get(size_t i) const {
  const kept& k = kept_[i];
  const texts t = texts_of(i);
  matched_post out;
  out.id = t.id;
  out.author = t.author;
  out.text = t.text;
  out.time_ms = k.time_ms;
  out.terms = k.terms;
  out.kind = k.kind;
  out.source = k.source;
  return out;
}

void matched_post_store::write_state(byte_writer& out, size_t max_posts) const {
  const size_t n = std::min(max_posts, kept_.size());
  size_t bytes = 8;
  for (size_t i = 0; i < n; ++i)
    bytes += 3 * 4 + kept_[i].id_size + kept_[i].author_size + kept_[i].text_size + 8 + 8 + 2;
  out.reserve(bytes);
  out.u64(n);
  for (size_t i = 0; i < n; ++i) {
    const kept& k = kept_[i];
    const texts t = texts_of(i);
    out.str(t.id);
    out.str(t.author);
    out.str(t.text);
    out.i64(k.time_ms);
    out.u64(k.terms);
    out.u8(static_cast<uint8_t>(k.kind));
    out.u8(k.source);
  }
}

bool matched_post_store::read_state(byte_reader& in) {
  uint64_t n = 0;
  if (!in.count(n, 3 * 4 + 8 + 8 + 2)) return false;
  for (uint64_t i = 0; i < n; ++i) {
    std::string_view id, author, text;
    int64_t time_ms = 0;
    uint64_t terms = 0;
    uint8_t kind = 0, source = 0;
    if (!in.str(id) || !in.str(author) || !in.str(text) || !in.i64(time_ms) || !in.u64(terms) || !in.u8(kind) ||
        !in.u8(source) || kind >= POST_KIND_COUNT || time_ms < -MAX_TIME_MS || time_ms > MAX_TIME_MS) {
      return false;
    }
    add(id, author, text, time_ms, terms, static_cast<post_kind>(kind), source);
  }
  return true;
}

size_t matched_post_store::bytes() const {
  size_t out = kept_.size() * sizeof(kept);
  for (const auto& block : blocks_) out += block.capacity();
  return out;
}

bool matched_post_store::fits(size_t text_bytes, size_t max_bytes) const {
  const bool new_block = blocks_.empty() || blocks_.back().size() + text_bytes > blocks_.back().capacity();
  return bytes() + sizeof(kept) + (new_block ? std::max(BLOCK, text_bytes) : 0) <= max_bytes;
}

void matched_post_store::append(const matched_post_store& other, size_t max_posts, size_t max_bytes) {
  for (size_t i = 0; i < other.size() && size() < max_posts; ++i) {
    const kept& k = other.kept_[i];
    const texts t = other.texts_of(i);  // copied straight from block to block, no string per post
    if (!fits(k.id_size + k.author_size + k.text_size, max_bytes)) break;
    add(t.id, t.author, t.text, k.time_ms, k.terms, k.kind, k.source);
  }
}

}  // namespace chorus
