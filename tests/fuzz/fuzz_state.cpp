// Merging what a helper hands over: a state, or a batch of kept posts, is input like any other. An input that
// starts with '[' or '{' is one top list's state on its own (exact counts, or a sketch), merged into a counter
// that is already a sketch; "R" in it stands for a real sketch's registers, longer than a fuzz input.
#include <string>

#include "aggregator.h"
#include "fuzz_support.h"
#include "json_writer.h"
#include "simdjson.h"

namespace {

const chorus::folded_counter& sketched() {
  static const chorus::folded_counter counter = [] {
    chorus::folded_counter c;
    for (size_t i = 0; i <= chorus::folded_counter::EXACT_SPELLINGS; ++i) c.add("v" + std::to_string(i), 1 + i % 7);
    return c;
  }();
  return counter;
}

std::string registers_of(const chorus::folded_counter& c) {
  chorus::json_writer w;
  c.write_state(w);
  const std::string& state = w.str();
  const size_t at = state.find("\"distinct\": \"") + 13;
  return state.substr(at, state.find('"', at) - at);
}

void merge_list_state(std::string_view data) {
  static const std::string registers = registers_of(sketched());
  std::string json(data);
  if (const size_t at = json.find("\"R\""); at != std::string::npos) json.replace(at, 3, "\"" + registers + "\"");
  simdjson::dom::parser parser;
  simdjson::dom::element state;
  if (parser.parse(json).get(state)) return;
  for (chorus::folded_counter into : {chorus::folded_counter{}, sketched()}) {
    const std::string before = [&] { chorus::json_writer w; into.write_state(w); return w.str(); }();
    const bool merged = into.merge_state(state);
    chorus::json_writer after;
    into.write_state(after);
    if (!merged) chorus::fuzz::require(after.str() == before);  // refused: nothing changed
    for (const auto& e : into.top(100)) chorus::fuzz::require(e.error <= e.count);
    (void)into.distinct();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* raw, size_t size) {
  const std::string_view data(reinterpret_cast<const char*>(raw), size);
  if (!data.empty() && (data[0] == '[' || data[0] == '{')) {
    merge_list_state(data);
    return 0;
  }
  chorus::analysis run;
  std::string error;
  run.set_queries({"#MeToo", "me too"}, error);
  if (data.substr(0, 14) == "CHORUS-POSTS-3") {
    (void)run.merge_posts(data);
  } else {
    (void)run.merge_state(data);
  }
  std::string json;
  (void)run.summary_json();
  (void)run.filtered_summary_json({}, json, error);
  (void)run.hourly_json({}, json, error);
  (void)run.matched_posts(0, 0, 100);
  return 0;
}
