// Every format reader (X archive, Bluesky, Mastodon, API v1.1 and v2, snscrape, CSV), through the analysis (which sniffs the
// format), fed in chunks cut where the input says.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string_view data(reinterpret_cast<const char*>(bytes), size);
  // The name picks the role an archive would give the file; the format still comes from the bytes (a CSV's
  // from its name too: a table of any layout, read with a column mapping half of the time).
  static const char* const NAMES[] = {"data/tweets.js", "data/note-tweet.js", "data/like.js", "data/manifest.js",
                                      "statuses.jsonl", "notes.txt", "posts.csv"};
  const std::string name = NAMES[size % 7];
  chorus::analysis_options options;
  if (size % 2 == 1) options.columns = "time=1,text=2,author=3,id=4,kind=5,reply_to=6";
  chorus::analysis run(options);
  std::string error;
  run.set_queries({"#MeToo", "me too", "@a"}, error);
  chorus::fuzz::read_chunked(run, name, data, chorus::fuzz::chunk_of(data));
  const std::string summary = run.summary_json();
  chorus::fuzz::require(!summary.empty() && summary.front() == '{');
  // Views from the kept posts never fail on what was read.
  std::string json;
  if (run.filtered_summary_json({}, json, error)) chorus::fuzz::require(json.front() == '{');
  return 0;
}
