// Regression tests for the defects in ../shared/repro (copied to tests/fixtures/repro), each named after what
// it fixes.
#include <doctest/doctest.h>

#include <cstring>
#include <string>

#include "analysis.h"
#include "containers/zip.h"
#include "formats/twitter_v1_jsonl/twitter_v1_jsonl.h"
#include "test_support.h"
#include "time_parse.h"
#include "time_zone.h"

using namespace chorus;
using chorus::test::fixture_path;
using chorus::test::read_file;

namespace {

std::string repro(const std::string& name) {
  return read_file(fixture_path("repro/" + name));
}

}  // namespace

TEST_CASE("a TZif file whose counts run past its end is refused, never read beyond it") {
  zone_rules zone;
  std::string error;
  CHECK_FALSE(parse_tzif(repro("tzif/heap-overflow.tzif"), "X", zone, error));
  CHECK_FALSE(error.empty());
}

TEST_CASE("a TZif file cut off in its second header is refused without an exception") {
  zone_rules zone;
  std::string error;
  CHECK_FALSE(parse_tzif(repro("tzif/min-uncaught-out_of_range.tzif"), "X", zone, error));
  CHECK(error.find("cut off") != std::string::npos);
}

TEST_CASE("TZif transitions far from 1970 are brought within range, never overflowing milliseconds") {
  zone_rules zone;
  std::string error;
  if (parse_tzif(repro("tzif/min-mul-overflow.tzif"), "X", zone, error)) {
    for (size_t i = 1; i < zone.starts.size(); ++i) {
      CHECK(zone.starts[i] > zone.starts[i - 1]);
      CHECK(zone.starts[i] >= -MAX_TIME_MS * 2);
      CHECK(zone.starts[i] <= MAX_TIME_MS * 2);
    }
    CHECK(zone.offset_at(0) >= -26 * 60);
  } else {
    CHECK_FALSE(error.empty());
  }
}

TEST_CASE("the compact and the verbatim copy accept and reject the same records, with the same reasons") {
  for (const char* name : {"reader/compact-accepts-junk-tweets.js", "reader/skip-reason-differs-tweets.js",
                           "reader/control-byte-read-as-colon-statuses.jsonl"}) {
    const std::string bytes = repro(name);
    const std::string expected = test::summary_of("tweets.js", bytes, 0, record_copy::VERBATIM);
    for (size_t chunk = 1; chunk <= 64; ++chunk) {
      CAPTURE(name);
      CAPTURE(chunk);
      CHECK(test::summary_of("tweets.js", bytes, chunk, record_copy::COMPACT) == expected);
      CHECK(test::summary_of("tweets.js", bytes, chunk, record_copy::VERBATIM) == expected);
    }
  }
  // The junk inside a skipped field makes the record invalid JSON in both.
  test::collecting_sink sink;
  const auto stats = test::read_all("tweets.js", repro("reader/compact-accepts-junk-tweets.js"), sink, 0,
                                    record_copy::COMPACT);
  CHECK(sink.posts.empty());
  CHECK(stats.skipped.count("malformed_json") == 1);
  // A 0x1A between two values is structural to the CLI's stage 1 (it tests byte | 0x20), and not a ':': where
  // On-Demand meets it, its record is refused in both copies, whatever stage 1 reads the copy.
  test::collecting_sink lines;
  test::read_all("statuses.jsonl", repro("reader/control-byte-read-as-colon-statuses.jsonl"), lines, 0,
                 record_copy::COMPACT, twitter_v1_jsonl_format());
  REQUIRE(lines.problems.size() >= 2);
  CHECK(lines.problems[1].record == 2);
  CHECK(lines.problems[1].code == problem_code::MALFORMED_JSON);
}

TEST_CASE("problem messages do not depend on where the chunks were cut") {
  const std::string bytes = repro("reader/chunk-dependent-message-note-tweet.js");
  const std::string whole = test::summary_of("note-tweet.js", bytes);
  for (size_t chunk = 1; chunk <= bytes.size(); ++chunk) {
    CAPTURE(chunk);
    CHECK(test::summary_of("note-tweet.js", bytes, chunk, record_copy::COMPACT) == whole);
    CHECK(test::summary_of("note-tweet.js", bytes, chunk, record_copy::VERBATIM) == whole);
  }
}

TEST_CASE("manifest counts that are not plain counts are refused, never shown as huge numbers") {
  analysis run;
  for (const char* name : {"manifest.js", "tweets.js"}) {
    const std::string bytes = repro(std::string("manifest/archive-with-bad-counts/data/") + name);
    run.begin_file(std::string("data/") + name);
    run.feed(bytes.data(), bytes.size());
    run.end_file();
  }
  const std::string summary = run.summary_json();
  CHECK(summary.find("18446744073709551611") == std::string::npos);
  bool refused = false;
  for (const auto& p : run.problems()) refused = refused || (p.code == problem_code::BAD_FIELD && p.message.find("count") != std::string::npos);
  CHECK(refused);
}

TEST_CASE("a ZIP directory whose names run past its end is reported as damaged") {
  for (const char* name : {"zip/dir-RangeError--1.zip", "zip/dir-RangeError--2.zip"}) {
    const std::string zip = repro(name);
    zip_directory dir;
    const zip_status status = read_zip_directory(zip, 0, zip.size(), dir);
    CAPTURE(name);
    CHECK(status.code == zip_code::CORRUPT);
    CHECK(status.message.find("directory") != std::string::npos);
  }
}

TEST_CASE("a post whose edit chain does not name it is counted, not taken for an earlier version") {
  const std::string other_chain =
      R"(window.YTD.tweets.part0 = [ {"tweet": {"id_str": "5", "created_at": "Sun Oct 15 20:21:59 +0000 2017",
      "full_text": "me too", "edit_info": {"initial": {"editTweetIds": ["7", "8"]}}}},
      {"tweet": {"id_str": "7", "created_at": "Sun Oct 15 20:22:59 +0000 2017", "full_text": "v1",
      "edit_info": {"initial": {"editTweetIds": ["7", "8"]}}}} ])";
  test::collecting_sink sink;
  const auto stats = test::read_all("tweets.js", other_chain, sink);
  REQUIRE(sink.posts.size() == 1);
  CHECK(sink.posts[0].id == "5");
  CHECK(stats.edits_collapsed == 1);  // "7" is an earlier version of "8"
}

TEST_CASE("a helper's state with numbers no reading gives is refused, changing nothing") {
  analysis helper;
  const std::string bytes = read_file(fixture_path("bad/truncated-tweets.js"));
  helper.begin_file("tweets.js");
  helper.feed(bytes.data(), bytes.size());
  const std::string state = helper.state(false);
  // The state: magic, the tables' JSON with its length, then binary posts.
  const size_t magic = state.find('\n') + 1;
  uint32_t length = 0;
  std::memcpy(&length, state.data() + magic, 4);
  const std::string json = state.substr(magic + 4, length);
  const auto with = [&](const std::string& from, const std::string& to) {
    std::string changed = json;
    const size_t at = changed.find(from);
    REQUIRE(at != std::string::npos);
    changed.replace(at, from.size(), to);
    const auto n = static_cast<uint32_t>(changed.size());
    return state.substr(0, magic) + std::string(reinterpret_cast<const char*>(&n), 4) + changed +
           state.substr(magic + 4 + length);
  };
  analysis merging;
  const std::string before = merging.summary_json();
  CHECK(merging.merge_state(state));  // the state as written merges
  analysis fresh;
  CHECK_FALSE(fresh.merge_state(with("\"record\": 2", "\"record\": 9223372036854775807")));
  CHECK_FALSE(fresh.merge_state(with("\"first_ms\": ", "\"first_ms\": -9223372036854775808, \"x\": ")));
  CHECK_FALSE(fresh.merge_state(with("\"records_read\": 2", "\"records_read\": 18446744073709551615")));
  CHECK(fresh.summary_json() == analysis().summary_json());
}
