// Merging what a helper hands over: a state, or a batch of kept posts, is input like any other.
#include <string>

#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* raw, size_t size) {
  const std::string_view data(reinterpret_cast<const char*>(raw), size);
  chorus::analysis run;
  std::string error;
  run.set_queries({"#MeToo", "me too"}, error);
  if (data.substr(0, 14) == "CHORUS-POSTS-1") {
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
