#include "post_store.h"

namespace chorus {

uint32_t post_store::id_of(size_t list, std::string_view spelling) {
  auto it = ids_[list].find(spelling);
  if (it != ids_[list].end()) return it->second;
  const auto id = static_cast<uint32_t>(spellings_[list].size());
  spellings_[list].emplace_back(spelling);
  ids_[list].emplace(std::string(spelling), id);
  return id;
}

void post_store::add(const post& p, uint64_t query_bits, int32_t offset_minutes) {
  time_.push_back(p.time_ms);
  offset_.push_back(offset_minutes);
  flags_.push_back(static_cast<uint8_t>(static_cast<uint8_t>(p.kind) | (p.engagement_known ? 4 : 0) |
                                        (is_truncated_repost(p) ? 8 : 0)));
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
      bool seen = false;
      for (size_t j = 0; j < i && !seen; ++j) seen = same_key(values[j], values[i]);
      if (!seen) keep(list, values[i]);
    }
  }
  if (p.kind == post_kind::REPLY && !p.reply_to.empty()) keep(2, p.reply_to);
  if (!p.lang.empty()) keep(4, p.lang);
  if (!p.client.empty()) keep(5, p.client);
  if (!p.author.empty()) keep(6, p.author);
  item_end_.push_back(static_cast<uint32_t>(items_.size()));
}

aggregator post_store::aggregate(const post_filter& filter, size_t query_count) const {
  aggregator out;
  std::array<std::vector<uint64_t>, LISTS> counts;
  for (size_t list = 0; list < LISTS; ++list) counts[list].assign(spellings_[list].size(), 0);
  for (size_t i = 0; i < time_.size(); ++i) {
    const auto kind = static_cast<post_kind>(flags_[i] & 3);
    if (!(filter.kinds >> (flags_[i] & 3) & 1)) continue;
    const int64_t day = local_day(time_[i], offset_[i]);
    if (day < filter.from_day || day > filter.to_day) continue;
    out.count_post(time_[i], kind, offset_[i], queries_[i], query_count, (flags_[i] & 4) != 0, (flags_[i] & 8) != 0);
    for (uint32_t k = i == 0 ? 0 : item_end_[i - 1]; k < item_end_[i]; ++k)
      ++counts[items_[k] >> 28][items_[k] & 0x0FFFFFFF];
  }
  const auto counters = out.counters();
  for (size_t list = 0; list < LISTS; ++list) {
    for (size_t id = 0; id < counts[list].size(); ++id) {
      if (counts[list][id] > 0) counters[list]->add(spellings_[list][id], counts[list][id]);
    }
  }
  return out;
}

}  // namespace chorus
