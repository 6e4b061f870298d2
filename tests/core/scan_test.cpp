#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "scan/json_fields.h"
#include "scan/json_records.h"
#include "formats/twitter_v1_jsonl/twitter_v1_jsonl.h"
#include "text/text_util.h"
#include "test_support.h"

using namespace chorus;

namespace {

/// Keeps the "id" of every record it is handed; a record without one is skipped.
struct id_mapper final : record_mapper {
  std::vector<std::string> ids;
  std::string id;
  bool accept_prefix(std::string_view, char, input_stats& stats, post_sink&) override {
    stats.readable = true;
    return true;
  }
  simdjson::error_code read(simdjson::ondemand::object record, record_context& ctx) override {
    id.clear();
    return json_fields::for_each(record, [&](std::string_view key, simdjson::ondemand::value& v) {
      return key == "id" ? json_fields::id(v, key, id, ctx) : simdjson::SUCCESS;
    });
  }
  void use(record_context& ctx) override {
    if (id.empty()) {
      ctx.skip(problem_code::MISSING_FIELD, "no id");
      return;
    }
    ctx.counted();
    ids.push_back(id);
  }
};

struct result {
  std::vector<std::string> ids;
  std::vector<std::pair<problem_code, int64_t>> problems;  // code, record
  uint64_t records_read = 0;
  bool operator==(const result&) const = default;
};

result scan(const std::string& bytes, framing how, size_t chunk, record_copy copy, const std::string& member = {}) {
  test::collecting_sink sink;
  id_mapper mapper;
  json_record_reader reader("f", sink, mapper, how, copy, member);
  for (size_t i = 0; i < bytes.size(); i += chunk) reader.feed(bytes.data() + i, std::min(chunk, bytes.size() - i));
  reader.finish();
  result out{mapper.ids, {}, reader.stats().records_read};
  for (const auto& p : sink.problems) out.problems.emplace_back(p.code, p.record);
  return out;
}

/// The same records and problems at chunks of every size from 1 to 40 and whole, copied either way.
result scan_everywhere(const std::string& bytes, framing how, const std::string& member = {}) {
  const result whole = scan(bytes, how, bytes.size(), record_copy::VERBATIM, member);
  for (const record_copy copy : {record_copy::VERBATIM, record_copy::COMPACT}) {
    for (size_t chunk = 1; chunk <= 40; ++chunk) {
      CAPTURE(chunk);
      CHECK(scan(bytes, how, chunk, copy, member) == whole);
    }
  }
  return whole;
}

}  // namespace

TEST_CASE("JSON Lines: one record per line, blank lines skipped, a broken line reported and the next one read") {
  const std::string lines =
      "\xEF\xBB\xBF{\"id\": \"1\", \"text\": \"a } in a string\"}\r\n"
      "\n"
      "{\"id\": 2, \"nested\": {\"deep\": [1, {\"x\": \"]\"}]}}\n"
      "{\"id\": \"3\", \"text\": \"cut here\n"  // a line that ends inside its record
      "not json at all\n"
      "{\"text\": \"no id\"}\n"
      "{\"id\": \"4\"}\n"
      "{\"id\": \"5\", \"cut\": ";  // the last line cut off
  const result r = scan_everywhere(lines, framing::LINES);
  CHECK(r.ids == std::vector<std::string>{"1", "2", "4"});
  CHECK(r.records_read == 7);
  CHECK(r.problems == std::vector<std::pair<problem_code, int64_t>>{{problem_code::MALFORMED_JSON, 3},
                                                                     {problem_code::MALFORMED_JSON, 4},
                                                                     {problem_code::MISSING_FIELD, 5},
                                                                     {problem_code::TRUNCATED, 7}});
}

TEST_CASE("JSON Lines with escapes at every place in a 64-byte block: the same records whole and in small chunks") {
  // Whole, the native copy steps over 64 bytes at a time, escapes included; in chunks under 64 bytes it goes
  // token by token. Escaped quotes, backslash runs and brackets inside strings fall at every offset of a
  // block, and each line is a record; a backslash outside strings breaks its line only.
  std::string lines;
  std::vector<std::string> expected;
  for (int pad = 0; pad < 72; ++pad) {
    const std::string id = std::to_string(pad + 1);
    lines += "{\"id\": \"" + id + "\", \"p\": \"" + std::string(static_cast<size_t>(pad), 'x') +
             R"(", "t": "\"}]\\\\\"{ \\", "u": ["\\\"", "}\\\\\\"], "v": {"w": "\\\\\\\"\\"}})" + "\n";
    expected.push_back(id);
  }
  lines += R"({"id": "0", \"x": "}"})" "\n";  // a backslash outside strings
  lines += "{\"id\": \"73\", \"t\": \"" + std::string(100, '\\') + "\"}\n";
  expected.push_back("73");
  const result r = scan_everywhere(lines, framing::LINES);
  CHECK(r.ids == expected);
  CHECK(r.records_read == 74);
  CHECK(r.problems == std::vector<std::pair<problem_code, int64_t>>{{problem_code::MALFORMED_JSON, 73}});
}

TEST_CASE("a member's array: the records under orderedItems, the object's other members stepped over") {
  const std::string collection =
      "{\"@context\": \"https://www.w3.org/ns/activitystreams\", \"orderedItems_not\": [{\"id\": \"no\"}],"
      " \"first\": {\"orderedItems\": [{\"id\": \"nested, not it\"}]}, \"name\": \"a \\\"quoted\\\" orderedItems\","
      " \"orderedItems\" : [ {\"id\": \"a\"}, {\"id\": \"b\", \"x\": [\"]\"]} ],"
      " \"@context\": [\"a duplicate member after the items\", {\"k\": \"}\"}], \"totalItems\": 2}\n";
  const result r = scan_everywhere(collection, framing::MEMBER_ARRAY, "orderedItems");
  CHECK(r.ids == std::vector<std::string>{"a", "b"});
  CHECK(r.problems.empty());

  const result cut = scan(collection.substr(0, collection.find("\"@context\": [")), framing::MEMBER_ARRAY,
                          7, record_copy::COMPACT, "orderedItems");
  CHECK(cut.ids == std::vector<std::string>{"a", "b"});
  REQUIRE(cut.problems.size() == 1);
  CHECK(cut.problems[0].first == problem_code::TRUNCATED);

  // Mastodon 4.2 wrote the member twice, an empty list first: the records of both are read.
  const result twice = scan_everywhere(
      "{\"orderedItems\":[],\"totalItems\":2,\"x\":{\"orderedItems\":[{\"id\":\"nested\"}]},"
      "\"orderedItems\":[{\"id\":\"a\"},{\"id\":\"b\"}]}",
      framing::MEMBER_ARRAY, "orderedItems");
  CHECK(twice.ids == std::vector<std::string>{"a", "b"});
  CHECK(twice.problems.empty());

  const result missing = scan("{\"items\": [{\"id\": \"1\"}]}", framing::MEMBER_ARRAY, 3, record_copy::VERBATIM,
                              "orderedItems");
  CHECK(missing.ids.empty());
  REQUIRE(missing.problems.size() == 1);
  CHECK(missing.problems[0].first == problem_code::MALFORMED_RECORD);
}

TEST_CASE("invalid UTF-8 becomes U+FFFD, one per bad sequence, and valid text is unchanged") {
  CHECK(repair_utf8("plain #MeToo") == "plain #MeToo");
  CHECK(repair_utf8("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x92\x9C") == "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x92\x9C");
  CHECK(repair_utf8("a\xFF" "b") == "a\xEF\xBF\xBD" "b");                       // a byte never in UTF-8
  CHECK(repair_utf8("\xC3") == "\xEF\xBF\xBD");                                  // cut at the end
  CHECK(repair_utf8("\xE2\x80" "x") == "\xEF\xBF\xBD" "x");                      // cut, one replacement
  CHECK(repair_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // an encoded surrogate
  CHECK(repair_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // an overlong '/'
  CHECK(repair_utf8("\xF4\x90\x80\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // past U+10FFFF
}

TEST_CASE("a post with invalid UTF-8 or a lone surrogate is repaired and counted, in either copy, at any chunk size") {
  const std::string bytes =
      "{\"created_at\": \"Sun Oct 15 20:21:59 +0000 2017\", \"id_str\": \"1\", \"text\": \"bad \xFF\xFE text #MeToo\","
      " \"user\": {\"screen_name\": \"a\"}, \"entities\": {\"hashtags\": [{\"text\": \"MeToo\"}]}}\n"
      "{\"created_at\": \"Sun Oct 15 20:21:59 +0000 2017\", \"id_str\": \"2\", \"text\": \"lone \\ud800 surrogate\","
      " \"user\": {\"screen_name\": \"b\\udfff\"}}\n";
  for (const record_copy copy : {record_copy::VERBATIM, record_copy::COMPACT}) {
    for (const size_t chunk : {size_t{0}, size_t{1}, size_t{7}}) {
      test::collecting_sink sink;
      test::read_all("statuses.jsonl", bytes, sink, chunk, copy, twitter_v1_jsonl_format());
      REQUIRE(sink.posts.size() == 2);
      CHECK(sink.posts[0].text == "bad \xEF\xBF\xBD\xEF\xBF\xBD text #MeToo");
      CHECK(sink.posts[0].text_repaired);
      CHECK(sink.posts[0].hashtags == std::vector<std::string>{"MeToo"});
      CHECK(sink.posts[1].text == "lone \xEF\xBF\xBD surrogate");
      CHECK(sink.posts[1].author == "b\xEF\xBF\xBD");
      REQUIRE(sink.problems.size() == 1);
      CHECK(sink.problems[0].code == problem_code::INVALID_UTF8);
      CHECK(sink.problems[0].level == problem_level::WARNING);
      CHECK(sink.problems[0].record == 1);
    }
  }
}
