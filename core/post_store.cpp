#include "post_store.h"

#include <algorithm>

namespace chorus {

uint32_t post_store::id_of(size_t list, std::string_view spelling) {
  auto it = ids_[list].find(spelling);
  if (it != ids_[list].end()) return it->second;
  const auto id = static_cast<uint32_t>(spellings_[list].size());
  spellings_[list].emplace_back(spelling);
  ids_[list].emplace(std::string(spelling), id);
  return id;
}

void post_store::add(const post& p, uint64_t query_bits) {
  time_.push_back(p.time_ms);
  flags_.push_back(static_cast<uint8_t>(static_cast<uint8_t>(p.kind) | (p.engagement_known ? 4 : 0) |
                                        (is_truncated_repost(p) ? 8 : 0) | (p.text_repaired ? 16 : 0)));
  queries_.push_back(query_bits);
  auto keep = [&](size_t list, std::string_view spelling) {
    items_.push_back(static_cast<uint32_t>(list << 28) | id_of(list, spelling));
  };
  // The same distinct values per post as aggregator::add counts.
  const std::vector<std::string>* lists[] = {&p.hashtags, &p.mentions, nullptr, &p.domains};
  for (size_t list = 0; list < 4; ++list) {
    if (!lists[list]) continue;
    const auto& values = *lists[list];
    for (size_t i = 0; i < values.size(); ++i) {
      if (first_of_key(values, i)) keep(list, values[i]);
    }
  }
  if (p.kind == post_kind::REPLY && !p.reply_to.empty()) keep(2, p.reply_to);
  if (!p.lang.empty()) keep(4, p.lang);
  if (!p.client.empty()) keep(5, p.client);
  if (!p.author.empty()) keep(6, p.author);
  item_end_.push_back(static_cast<uint32_t>(items_.size()));
}

aggregator post_store::aggregate(const post_filter& filter, size_t query_count, const zone_rules& zone) const {
  aggregator out;
  std::array<std::vector<uint64_t>, LISTS> counts;
  for (size_t list = 0; list < LISTS; ++list) counts[list].assign(spellings_[list].size(), 0);
  auto item = items_.begin();
  uint32_t item_index = 0;
  for (size_t i = 0; i < time_.size(); ++i) {
    const uint8_t flags = flags_[i];
    const int32_t offset = zone.offset_at(time_[i]);
    const int64_t day = local_day(time_[i], offset);
    const bool pass = (filter.kinds >> (flags & 3) & 1) && day >= filter.from_day && day <= filter.to_day;
    if (pass) {
      out.count_post(time_[i], static_cast<post_kind>(flags & 3), offset, queries_[i], query_count, (flags & 4) != 0,
                     (flags & 8) != 0, (flags & 16) != 0);
    }
    for (; item_index < item_end_[i]; ++item_index, ++item) {
      if (pass) ++counts[*item >> 28][*item & 0x0FFFFFFF];
    }
  }
  const auto counters = out.counters();
  for (size_t list = 0; list < LISTS; ++list) {
    for (size_t id = 0; id < counts[list].size(); ++id) {
      if (counts[list][id] > 0) counters[list]->add(spellings_[list][id], counts[list][id]);
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
    if (!(filter.kinds >> (flags & 3) & 1) || day < filter.from_day || day > filter.to_day) continue;
    const int64_t local_ms = time_[i] + int64_t{offset} * 60000;
    const int64_t hour = local_ms >= 0 ? local_ms / 3600000 : -((-local_ms + 3599999) / 3600000);
    auto& counts = out[hour];
    if (counts.empty()) counts.assign(POST_KIND_COUNT + query_count, 0);
    ++counts[flags & 3];
    for (size_t q = 0; q < query_count && q < 64; ++q) counts[POST_KIND_COUNT + q] += queries_[i] >> q & 1;
  }
  return out;
}

void matched_post_store::add(std::string_view id, std::string_view author, std::string_view text, int64_t time_ms,
                             uint64_t terms, post_kind kind) {
  constexpr size_t BLOCK = 1 << 20;
  const size_t need = id.size() + author.size() + text.size();
  if (blocks_.empty() || blocks_.back().size() + need > blocks_.back().capacity()) {
    blocks_.emplace_back().reserve(std::max(BLOCK, need));
  }
  std::string& block = blocks_.back();
  kept_.push_back({static_cast<uint32_t>(blocks_.size() - 1), static_cast<uint32_t>(block.size()),
                   static_cast<uint32_t>(id.size()), static_cast<uint32_t>(author.size()),
                   static_cast<uint32_t>(text.size()), time_ms, terms, kind});
  block.append(id).append(author).append(text);
}

matched_post matched_post_store::get(size_t i) const {
  const kept& k = kept_[i];
  const std::string_view block = blocks_[k.block];
  matched_post out;
  out.id = block.substr(k.offset, k.id_size);
  out.author = block.substr(k.offset + k.id_size, k.author_size);
  out.text = block.substr(k.offset + k.id_size + k.author_size, k.text_size);
  out.time_ms = k.time_ms;
  out.terms = k.terms;
  out.kind = k.kind;
  return out;
}

}  // namespace chorus
