#include "format.h"

#include <climits>

namespace chorus {

uint64_t input_stats::records_skipped() const {
  uint64_t n = 0;
  for (const auto& [reason, count] : skipped) n += count;
  return n;
}

const format* format_named(std::string_view name) {
  for (const format* f : formats()) {
    if (f->name() == name) return f;
  }
  return nullptr;
}

const format* sniff_format(std::string_view head, std::string_view path) {
  constexpr std::string_view BOM = "\xEF\xBB\xBF";
  if (head.substr(0, BOM.size()) == BOM) head.remove_prefix(BOM.size());
  const format* best = nullptr;
  int best_score = 0;
  for (const format* f : formats()) {
    const int score = f->sniff(head, path);
    if (score > best_score) {
      best = f;
      best_score = score;
    }
  }
  return best;
}

archive_entry_plan plan_entry(std::string_view path) {
  for (const format* f : formats()) {
    entry_role role = f->entry(path);
    if (!role.role.empty()) return {f, std::move(role)};
  }
  return {nullptr, {std::string(), INT_MAX}};  // read last, when read at all
}

}  // namespace chorus
