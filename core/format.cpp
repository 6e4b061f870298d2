#include "format.h"

#include <climits>
#include <vector>

#include "json_writer.h"
#include "time_zone.h"
#include "simdjson.h"

namespace chorus {

uint64_t input_stats::records_skipped() const {
  uint64_t n = 0;
  for (const auto& [reason, count] : skipped) n += count;
  return n;
}

void post_sink::report(problem_level level, problem_code code, std::string file, std::string message, int64_t record,
                       int64_t byte_offset) {
  problem p;
  p.level = level;
  p.code = code;
  p.file = std::move(file);
  p.message = std::move(message);
  p.record = record;
  p.byte_offset = byte_offset;
  on_problem(std::move(p));
}

void format_session::write_facts(json_writer& w, const std::vector<input_stats>& /*inputs*/) const {
  w.begin_object();
  w.key("facts");
  w.begin_array();
  w.end_array();
  w.key("notes");
  w.begin_array();
  w.end_array();
  w.end_object();
}

void format_session::write_state(json_writer& w, bool /*fragments_only*/) const {
  w.begin_object();
  w.end_object();
}

bool format_session::merge_state(const simdjson::dom::element& state) {
  return state.is_object();
}

std::string local_times_note(std::string_view platform, const reader_options& options) {
  return std::string(platform) + " writes its times without a time zone: they were read as times in " +
         (options.local_zone ? options.local_zone->name : std::string("UTC")) + ", the zone chosen for days and hours";
}

void write_state_counts(json_writer& w, std::initializer_list<uint64_t> counts) {
  w.key("counts");
  w.begin_array();
  for (const uint64_t n : counts) w.value(n);
  w.end_array();
}

bool add_state_counts(const simdjson::dom::element& state, std::initializer_list<uint64_t*> fields) {
  simdjson::dom::array counts;
  if (state["counts"].get(counts) || counts.size() != fields.size()) return false;
  std::vector<uint64_t> values;
  for (simdjson::dom::element value : counts) {
    uint64_t n = 0;
    if (value.get(n) || n > (uint64_t{1} << 53)) return false;
    values.push_back(n);
  }
  size_t k = 0;
  for (uint64_t* field : fields) *field += values[k++];
  return true;
}

const format* format_named(std::string_view name) {
  for (const format* f : formats()) {
    if (f->name() == name) return f;
  }
  return nullptr;
}

uint32_t platform_sources(const std::vector<std::string>& platforms) {
  uint32_t sources = 0;
  const auto& all = formats();
  for (size_t i = 0; i < all.size() && i < 32; ++i) {
    for (const auto& key : platforms) {
      if (all[i]->id_space() == key) sources |= uint32_t{1} << i;
    }
  }
  return sources;
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
  archive_entry_plan plan{nullptr, {std::string(), INT_MAX}};  // read last, when read at all
  for (const format* f : formats()) {
    entry_role role = f->entry(path);
    if (role.never) return {nullptr, {std::string(), INT_MAX}};
    if (!plan.fmt && !role.role.empty()) plan = {f, std::move(role)};
  }
  return plan;
}

}  // namespace chorus
