#include "post_store.h"

#include "format.h"
#include "time_parse.h"

#include <algorithm>

namespace chorus {

namespace {

void put_number(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool get_number(const char*& p, const char* end, uint64_t& v) {
  if (p < end && static_cast<uint8_t>(*p) < 0x80) {  // most numbers are below 128
    v = static_cast<uint8_t>(*p++);
    return true;
  }
  v = 0;
  for (int shift = 0; shift < 64 && p < end; shift += 7) {
    const auto byte = static_cast<uint8_t>(*p++);
    v |= uint64_t{byte & 0x7Fu} << shift;
    if (byte < 0x80) return true;
  }
  return false;
}

uint64_t zigzag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

}  // namespace

class post_store::reader {
 public:
  explicit reader(std::string_view stream) : p_(stream.data()), end_(stream.data() + stream.size()) {}
  bool done() const { return p_ == end_; }
  /// Times are differences from the post before, and a post's format is written only when it is not the one
  /// before's: `time` and `source` are those of the post before the first read here.
  void start_at(int64_t time, uint8_t source) {
    time_ = time;
    source_ = source;
  }
  /// The next post into `out`; false when the stream ends inside it or holds a number out of range.
  bool next(kept& out) {
    uint64_t delta = 0, queries = 0, items = 0;
    if (p_ == end_) return false;
    out.flags = static_cast<uint8_t>(*p_++);
    if (out.flags & NEW_SOURCE) {
      if (p_ == end_) return false;
      source_ = static_cast<uint8_t>(*p_++);
    }
    out.source = source_;
    if (!get_number(p_, end_, delta)) return false;
    int64_t step = unzigzag(delta);
    if (out.flags & WHOLE_SECONDS) {
      if (step > 2 * MAX_TIME_MS / 1000 || step < -2 * MAX_TIME_MS / 1000) return false;
      step *= 1000;
    } else if (step > 2 * MAX_TIME_MS || step < -2 * MAX_TIME_MS) {
      return false;
    }
    out.time = time_ += step;
    if (out.time < -MAX_TIME_MS || out.time > MAX_TIME_MS) return false;  // days are computed from it
    if ((out.flags & HAS_QUERIES) && !get_number(p_, end_, queries)) return false;
    out.queries = queries;
    if (!get_number(p_, end_, items) || items > static_cast<uint64_t>(end_ - p_)) return false;
    out.items.resize(items);
    for (auto& item : out.items) {
      uint64_t v = 0;
      if (!get_number(p_, end_, v) || v > UINT32_MAX) return false;
      item = static_cast<uint32_t>(v);
    }
    return true;
  }
 private:
  const char* p_;
  const char* end_;
  int64_t time_ = 0;
  uint8_t source_ = 0;
};

post_store::post_store() { last_id_.fill(UINT32_MAX); }

uint32_t post_store::id_of(size_t list, std::string_view spelling) {
  uint32_t& last = last_id_[list];
  if (last != UINT32_MAX && spellings_[list].at(last) == spelling) return last;
  return last = spellings_[list].intern(spelling);
}

void post_store::put(const kept& post) {
  encoded_.clear();
  const int64_t step = post.time - last_time_;
  const bool seconds = step % 1000 == 0;
  const bool new_source = post.source != last_source_;
  encoded_.push_back(static_cast<char>((post.flags & 31) | (post.queries != 0 ? HAS_QUERIES : 0) |
                                       (seconds ? WHOLE_SECONDS : 0) | (new_source ? NEW_SOURCE : 0)));
  if (new_source) encoded_.push_back(static_cast<char>(post.source));
  put_number(encoded_, zigzag(seconds ? step / 1000 : step));
  if (post.queries != 0) put_number(encoded_, post.queries);
  put_number(encoded_, post.items.size());
  for (const uint32_t item : post.items) put_number(encoded_, item);
  if (blocks_.empty() || blocks_.back().size() + encoded_.size() > blocks_.back().capacity()) {
    blocks_.emplace_back().reserve(std::max(BLOCK, encoded_.size()));
    block_bytes_ += blocks_.back().capacity();
  }
  blocks_.back().append(encoded_);
  last_time_ = post.time;
  last_source_ = post.source;
  ++posts_;
}

template <typename F>
void post_store::for_each(F&& each) const {
  kept post;
  for (const auto& block : blocks_) {
    reader in(block);
    in.start_at(post.time, post.source);  // the last post of the block before (0 and 0 before the first)
    while (!in.done() && in.next(post)) each(post);
  }
}

template <typename F>
void post_store::for_each_passing(const post_filter& filter, const zone_rules& zone, F&& each) const {
  for_each([&](const kept& post) {
    const int32_t offset = zone.offset_at(post.time);
    const int64_t day = local_day(post.time, offset);
    if (filter.passes(day, static_cast<post_kind>(post.flags & 3), post.source)) each(post, offset, day);
  });
}

std::pair<std::string_view, std::string_view> post_store::author_and_language(const kept& post) const {
  std::string_view author, lang;
  for (const uint32_t item : post.items) {
    const uint32_t list = item & 7;
    if (list == static_cast<uint32_t>(top_list::AUTHORS)) author = spellings_[list].at(item >> 3);
    if (list == static_cast<uint32_t>(top_list::LANGUAGES)) lang = spellings_[list].at(item >> 3);
  }
  return {author, lang};
}

void post_store::add(const post& p, uint64_t query_bits, uint8_t source) {
  kept& k = scratch_;
  k.time = p.time_ms;
  k.source = source;
  k.flags = static_cast<uint8_t>(static_cast<uint8_t>(p.kind) | (p.engagement_known ? ENGAGEMENT_KNOWN : 0) |
                                 (is_truncated_repost(p) ? TRUNCATED_REPOST : 0) |
                                 (p.text_repaired ? TEXT_REPAIRED : 0));
  k.queries = query_bits;
  k.items.clear();
  // The same values per post as aggregator::add counts.
  for_each_listed(p, [&](top_list l, std::string_view spelling) {
    const auto list = static_cast<size_t>(l);
    k.items.push_back(static_cast<uint32_t>(list) | id_of(list, spelling) << 3);
  });
  put(k);
}

std::vector<aggregator> post_store::aggregate(const post_filter& filter, size_t query_count,
                                             const zone_rules& zone) const {
  const size_t sources = formats().size();
  std::vector<aggregator> out(sources);
  for (auto& tables : out) tables.query_days.assign(query_count, {});
  // Values are counted per format, then added to its table once: a format's lists get each spelling once.
  std::vector<std::array<std::vector<uint64_t>, LISTS>> counts(sources);
  for_each_passing(filter, zone, [&](const kept& post, int32_t offset, int64_t day) {
    const auto kind = static_cast<post_kind>(post.flags & 3);
    out[post.source].count_post(post.time, kind, offset, post.queries, query_count,
                                (post.flags & ENGAGEMENT_KNOWN) != 0, (post.flags & TRUNCATED_REPOST) != 0,
                                (post.flags & TEXT_REPAIRED) != 0);
    for (const uint32_t item : post.items) {
      auto& mine = counts[post.source][item & 7];
      if (mine.empty()) mine.assign(spellings_[item & 7].size(), 0);
      ++mine[item >> 3];
    }
    if (day >= TIMELINE_FIRST_DAY && day < TIMELINE_END_DAY) {
      const auto [author, lang] = author_and_language(post);
      out[post.source].movement.add(day, author, lang);
    }
  });
  for (size_t source = 0; source < sources; ++source) {
    for (size_t list = 0; list < LISTS; ++list) {
      const auto& mine = counts[source][list];
      for (size_t id = 0; id < mine.size(); ++id) {
        if (mine[id] > 0) out[source].lists[list].add(spellings_[list].at(static_cast<uint32_t>(id)), mine[id]);
      }
    }
  }
  return out;
}

std::vector<std::array<post_store::exact_list, TOP_LIST_COUNT>> post_store::exact_lists(
    const post_filter& filter, const zone_rules& zone, const std::vector<uint32_t>& scopes, uint8_t lists,
    size_t n) const {
  std::vector<std::array<exact_list, TOP_LIST_COUNT>> out(scopes.size());
  // One list at a time, so that only its counts are held: posts per spelling, per format (place in formats(),
  // up to 32).
  // (32 bits a count: a store holds fewer posts.)
  std::vector<std::vector<uint32_t>> counts;
  std::vector<uint32_t> sum;
  for (size_t list = 0; list < LISTS; ++list) {
    if (!(lists >> list & 1)) continue;
    counts.clear();
    for_each_passing(filter, zone, [&](const kept& post, int32_t, int64_t) {
      if (post.source >= 32) return;
      for (const uint32_t item : post.items) {
        if ((item & 7) != list) continue;
        if (counts.size() <= post.source) counts.resize(post.source + 1u);
        auto& mine = counts[post.source];
        if (mine.empty()) mine.assign(spellings_[list].size(), 0);
        ++mine[item >> 3];
      }
    });
    for (size_t scope = 0; scope < scopes.size(); ++scope) {
      std::vector<const std::vector<uint32_t>*> parts;
      for (size_t source = 0; source < counts.size(); ++source) {
        if (scopes[scope] >> source & 1 && !counts[source].empty()) parts.push_back(&counts[source]);
      }
      const std::vector<uint32_t>* whole = parts.size() == 1 ? parts[0] : &sum;
      if (parts.size() != 1) {
        sum.assign(spellings_[list].size(), 0);
        for (const auto* part : parts) {
          for (size_t id = 0; id < part->size(); ++id) sum[id] += (*part)[id];
        }
      }
      exact_list& e = out[scope][list];
      e.top = group_spellings(spellings_[list], *whole, n, e.distinct);
    }
  }
  return out;
}

namespace {

/// The local hour (hours since 1970-01-01 00:00 local) of an instant at an offset in minutes.
int64_t local_hour(int64_t time_ms, int32_t offset_minutes) {
  return floor_div(time_ms + int64_t{offset_minutes} * 60000, 3600000);
}

}  // namespace

std::map<int64_t, std::vector<uint64_t>> post_store::hours(const post_filter& filter, size_t query_count,
                                                           const zone_rules& zone) const {
  std::map<int64_t, std::vector<uint64_t>> out;
  for_each_passing(filter, zone, [&](const kept& post, int32_t offset, int64_t day) {
    if (day < TIMELINE_FIRST_DAY || day >= TIMELINE_END_DAY) return;  // as the day buckets
    auto& counts = out[local_hour(post.time, offset)];
    if (counts.empty()) counts.assign(POST_KIND_COUNT + query_count, 0);
    ++counts[post.flags & 3];
    for (size_t q = 0; q < query_count && q < 64; ++q) counts[POST_KIND_COUNT + q] += post.queries >> q & 1;
  });
  return out;
}

movement_tables post_store::hourly_movement(const post_filter& filter, const zone_rules& zone) const {
  movement_tables out;
  for_each_passing(filter, zone, [&](const kept& post, int32_t offset, int64_t day) {
    if (day < TIMELINE_FIRST_DAY || day >= TIMELINE_END_DAY) return;  // as the day buckets
    const auto [author, lang] = author_and_language(post);
    out.add(local_hour(post.time, offset), author, lang);
  });
  return out;
}

void post_store::write_state(byte_writer& out) const {
  size_t stream_bytes = 0;
  for (const auto& block : blocks_) stream_bytes += block.size();
  size_t bytes = 16 + LISTS * 4 + stream_bytes;
  for (const auto& spellings : spellings_) bytes += spellings.size() * 4 + spellings.bytes();
  out.reserve(bytes);
  for (const auto& spellings : spellings_) {
    out.u32(static_cast<uint32_t>(spellings.size()));
    for (uint32_t id = 0; id < spellings.size(); ++id) out.str(spellings.at(id));
  }
  out.u64(posts_);
  // The stream as one string (its length, then its bytes), written block by block: never joined first.
  out.u32(static_cast<uint32_t>(stream_bytes));
  for (const auto& block : blocks_) out.raw(block.data(), block.size());
}

bool post_store::read_state(byte_reader& in) {
  for (size_t list = 0; list < LISTS; ++list) {
    uint32_t n = 0;
    if (!in.u32(n) || n > in.left() / 4) return false;
    for (uint32_t id = 0; id < n; ++id) {
      std::string_view spelling;
      if (!in.str(spelling) || spellings_[list].intern(spelling) != id) return false;  // each spelling once
    }
  }
  uint64_t posts = 0;
  std::string_view stream;
  if (!in.u64(posts) || !in.str(stream) || posts > stream.size() / 3) return false;
  reader posts_in(stream);
  kept post;
  for (uint64_t i = 0; i < posts; ++i) {
    if (!posts_in.next(post) || post.source >= formats().size()) return false;
    for (const uint32_t item : post.items) {
      if ((item & 7) >= LISTS || (item >> 3) >= spellings_[item & 7].size()) return false;
    }
    put(post);
  }
  return posts_in.done();
}

bool post_store::append(const post_store& other, size_t max_posts, size_t max_bytes) {
  if (other.size() == 0) return true;
  if (size() + other.size() > max_posts || bytes() + other.bytes() > max_bytes) return false;  // at most this much more
  std::array<std::vector<uint32_t>, LISTS> ids;  // other's spelling number -> this store's
  for (size_t list = 0; list < LISTS; ++list) {
    for (uint32_t id = 0; id < other.spellings_[list].size(); ++id) {
      ids[list].push_back(spellings_[list].intern(other.spellings_[list].at(id)));
    }
  }
  other.for_each([&](const kept& post) {
    kept& mine = scratch_;
    mine.time = post.time;
    mine.flags = post.flags;
    mine.source = post.source;
    mine.queries = post.queries;
    mine.items.clear();
    for (const uint32_t item : post.items) mine.items.push_back((item & 7) | ids[item & 7][item >> 3] << 3);
    put(mine);
  });
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
