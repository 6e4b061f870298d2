#include "scan/structurals.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "test_support.h"

using namespace chorus;
using chorus::test::collecting_sink;
using chorus::test::fixture_path;
using chorus::test::read_all;
using chorus::test::read_file;
using chorus::test::summary_of;

namespace {

/// Turns on the comparison with simdjson's own stage 1 for one test, and counts from zero.
struct verifying {
  verifying() {
    verify_prepared_structurals = true;
    structurals_mismatches = structurals_used = 0;
  }
  ~verifying() { verify_prepared_structurals = false; }
};

/// A record pretty-printed as X does, with `fields` inside "tweet".
std::string record(const std::string& id, const std::string& fields) {
  return "  {\n    \"tweet\" : {\n      \"id_str\" : \"" + id +
         "\",\n      \"created_at\" : \"Sun Oct 15 20:21:59 +0000 2017\",\n      " + fields + "\n    }\n  }";
}

/// A posts file: a record with `fields`, then a plain one (which must count whatever became of the first).
std::string posts_file(const std::string& fields) {
  return "window.YTD.tweets.part0 = [\n" + record("7", fields) + ",\n" + record("8", "\"full_text\" : \"me too\"") +
         "\n]\n";
}

}  // namespace

TEST_CASE("valid_utf8 agrees with simdjson's UTF-8 check on edge bytes and random sequences") {
  const std::vector<std::string> cases = {"",
                                          "plain",
                                          "caf\xC3\xA9",
                                          "\xE2\x80\x9Cquoted\xE2\x80\x9D",
                                          "\xF0\x9F\x98\x80 emoji",
                                          "\xE4\xB8\xAD\xE6\x96\x87",
                                          "\xC3",
                                          "\xC3\x28",
                                          "\xC0\x80",
                                          "\xC1\xBF",
                                          "\xE0\x80\xAF",
                                          "\xE0\xA0\x80",
                                          "\xED\x9F\xBF",
                                          "\xED\xA0\x80",
                                          "\xEF\xBF\xBF",
                                          "\xF0\x8F\xBF\xBF",
                                          "\xF0\x90\x80\x80",
                                          "\xF4\x8F\xBF\xBF",
                                          "\xF4\x90\x80\x80",
                                          "\xF5\x80\x80\x80",
                                          "\xFF",
                                          "\x80",
                                          "abcdefg\xC3\xA9xyz0123",
                                          "abcdefgh\xE2\x80"};
  for (const auto& s : cases) {
    CAPTURE(s);
    CHECK(valid_utf8(s.data(), s.size()) == simdjson::validate_utf8(s.data(), s.size()));
  }
  // Random strings over the bytes where UTF-8's rules change, some ASCII runs long enough for the word path.
  const unsigned char edges[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                                 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
  std::mt19937 random(12345);
  int valid = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string s;
    const int length = static_cast<int>(random() % 24);
    for (int k = 0; k < length; ++k) {
      if (random() % 5 == 0) {
        s.append(random() % 12, 'a');
      } else {
        s.push_back(static_cast<char>(edges[random() % sizeof edges]));
      }
    }
    const bool expected = simdjson::validate_utf8(s.data(), s.size());
    valid += expected;
    if (valid_utf8(s.data(), s.size()) != expected) FAIL_CHECK("disagree on " << s.size() << " bytes");
  }
  CHECK(valid > 1000);  // the sample held both kinds
}

TEST_CASE("the structurals found while copying are simdjson's own, on every fixture at every chunk size") {
  verifying check;
  for (const char* file :
       {"x-archive-small/data/tweets.js", "x-archive-2020/tweet.js", "grailbird/2013_09.js",
        "x-archive-parts/data/tweets-part1.js", "x-archive-parts/data/note-tweet.js",
        "x-archive-parts/data/manifest.js", "bad/bad-records-tweets.js", "bad/truncated-tweets.js"}) {
    CAPTURE(file);
    const std::string bytes = read_file(fixture_path(file));
    const std::string name = std::string(file).substr(std::string(file).rfind('/') + 1);
    const std::string expected = summary_of(name, bytes, 0, record_copy::VERBATIM);
    for (const size_t chunk : {1, 7, 64, 4096, 0}) {
      CAPTURE(chunk);
      CHECK(summary_of(name, bytes, chunk, record_copy::COMPACT) == expected);
    }
  }
  CHECK(structurals_used > 100);
  CHECK(structurals_mismatches == 0);
}

TEST_CASE("records with escapes, non-ASCII text, odd literals and bad bytes read as with simdjson's stage 1") {
  // Each record either takes the copied structurals (checked against simdjson's stage 1) or, where its
  // bytes are ones stage 1 treats specially, is left to stage 1: the summary is the same either way.
  const std::vector<std::string> records = {
      "\"full_text\" : \"caf\xC3\xA9 \xF0\x9F\x98\x80 \xE4\xB8\xAD\xE6\x96\x87 #MeToo\"",
      "\"full_text\" : \"esc \\\" \\\\ \\/ \\n \\t \\u00e9 \\ud83d\\ude00 end\\\\\"",
      "\"full_text\" : \"x\", \"favorite_count\" : -1.5e+10, \"retweeted\" : true, \"place\" : null",
      "\"full_text\" : \"x\", \"display_text_range\" : [ [ 1 , 2 ] , [ 3, [ 4 ] ], { }, [ ] ]",
      "\"full_text\" : \"x\", \"k\\\"ey\" : \"v\"",
      "\"full_text\" : \"x\", \"favorite_count\" : 1 2",
      "\"full_text\" : \"x\", \"favorite_count\" : 1\"2\"",
      "\"full_text\" : \"x\", \"retweeted\" : true\"a\"",
      "\"full_text\" : \"x\", \"retweeted\" : tru e",
      "\"full_text\" : \"tab\tinside\"",
      "\"full_text\" : \"bell\x07inside\"",
      "\"full_text\" : \"bad \xC3\x28 utf8\"",
      "\"full_text\" : \"overlong \xC0\x80\"",
      "\"full_text\" : \"surrogate \xED\xA0\x80\"",
      "\"full_text\" : \"too large \xF4\x90\x80\x80\"",
      "\"full_text\" : \"cut \xE2\x80\"",
      "\"full_text\" : \"escaped non-ASCII \\\xC3\xA9\"",
      "\"full_text\" : \"x\", \"lang\" : caf\xC3\xA9",
      "\"full_text\" : \"x\", \"lang\" : \xFF",
      "\"full_text\" : \"x\",, \"lang\" : \"en\"",
      "\"full_text\" : \"x\" \"lang\" : \"en\"",
  };
  verifying check;
  for (const auto& fields : records) {
    CAPTURE(fields);
    const std::string bytes = posts_file(fields);
    const std::string expected = summary_of("tweets.js", bytes, 0, record_copy::VERBATIM);
    for (const size_t chunk : {1, 3, 16, 0}) {
      CAPTURE(chunk);
      CHECK(summary_of("tweets.js", bytes, chunk, record_copy::COMPACT) == expected);
    }
  }
  CHECK(structurals_used > 0);
  CHECK(structurals_mismatches == 0);
}

TEST_CASE("strings are copied and unescaped as simdjson does, whatever the escape and wherever it falls") {
  // The prepared parser copies a string eight bytes at a time up to its first escape and leaves the rest to
  // simdjson: every kind of escape (valid, invalid, a lone or broken surrogate), at every offset, in texts
  // and in keys, must read as simdjson's own parser reads it (the verbatim copy), text and problems alike.
  const std::vector<std::string> escapes = {
      "\\\"",    "\\\\",           "\\/",     "\\b",      "\\f",      "\\n",   "\\r", "\\t",    "\\u00e9",
      "\\u4e2d", "\\ud83d\\ude00", "\\ud83d", "\\ude00x", "\\ud83dx", "\\u12", "\\x", "\\u0000"};
  verifying check;
  for (const auto& escape : escapes) {
    for (size_t offset = 0; offset <= 17; ++offset) {
      const std::string before(offset, 'a');
      const std::string after(17 - offset, 'b');
      for (const std::string& fields :
           {"\"full_text\" : \"" + before + escape + after + "\"",
            "\"full_text\" : \"x\", \"" + before + escape + "\" : \"" + after + escape + before + "\""}) {
        CAPTURE(fields);
        const std::string bytes = posts_file(fields);
        collecting_sink verbatim, compact;
        read_all("tweets.js", bytes, verbatim, 0, record_copy::VERBATIM);
        read_all("tweets.js", bytes, compact, 0, record_copy::COMPACT);
        REQUIRE(compact.posts.size() == verbatim.posts.size());
        for (size_t i = 0; i < verbatim.posts.size(); ++i) CHECK(compact.posts[i].text == verbatim.posts[i].text);
        REQUIRE(compact.problems.size() == verbatim.problems.size());
        for (size_t i = 0; i < verbatim.problems.size(); ++i) {
          CHECK(compact.problems[i].message == verbatim.problems[i].message);
        }
      }
    }
  }
  CHECK(structurals_used > 0);
  CHECK(structurals_mismatches == 0);
}

TEST_CASE("generated records at every alignment read the same through the compact copy's 64-byte blocks") {
  // Where there is SIMD (the native build's SSE2, the page's SIMD128 build) the compact copy takes 64 plain
  // bytes at a time and hands the rest to the token copy: strings, literals, whitespace and escapes at random
  // lengths put every kind of byte at every position of a block and across blocks.
  std::mt19937 random(2017);
  const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  const auto blank = [&]() {
    static const char* const gaps[] = {"", " ", "  ", "\n", "\n      ", "\r\n\t", "\n                        "};
    return std::string(gaps[pick(7)]);
  };
  const auto text = [&]() {
    static const char* const pieces[] = {"me", " ", "too", "#MeToo", "\xC3\xA9", "\xF0\x9F\x98\x80", "\\n", "\\\"",
                                         "\\\\", "\\u00e9", "abcdefghijklmnopqrstuvwxyz", "0123456789"};
    std::string s;
    for (int k = pick(24); k > 0; --k) s += pieces[pick(12)];
    if (pick(50) == 0) s += '\t';  // refused: a control byte inside a string
    return s;
  };
  std::string file = "window.YTD.tweets.part0 = [";
  for (int n = 0; n < 400; ++n) {
    const auto field = [&](const std::string& key, const std::string& value) {
      return blank() + "\"" + key + "\"" + blank() + ":" + blank() + value + blank();
    };
    std::string fields = field("id_str", "\"" + std::to_string(1000 + n) + "\"") + "," +
                         field("created_at", "\"Sun Oct 15 20:21:59 +0000 2017\"") + "," +
                         field("full_text", "\"" + text() + "\"");
    for (int k = pick(4); k > 0; --k) {
      static const char* const literals[] = {"true", "false", "null", "12", "-1.5e+10", "0"};
      fields += "," + field("k" + std::to_string(k), literals[pick(6)]);
    }
    if (pick(3) == 0) fields += "," + field("display_text_range", "[" + blank() + "\"0\"" + blank() + "," + blank() + "[ ]" + blank() + "]");
    if (pick(4) == 0) fields += "," + field("entities", "{" + field("hashtags", "[ {" + field("text", "\"MeToo\"") + "} ]") + "}");
    file += std::string(n == 0 ? "" : ",") + blank() + "{" + blank() + "\"tweet\"" + blank() + ":" + blank() + "{" + fields +
            "}" + blank() + "}";
  }
  file += "\n]\n";
  verifying check;
  const std::string expected = summary_of("tweets.js", file, 0, record_copy::VERBATIM);
  CHECK(expected.find("\"records_read\": 400") != std::string::npos);
  CHECK(expected.find("\"posts\": 3") != std::string::npos);  // a few hundred counted, a few refused
  for (const size_t chunk : {0, 4096, 61, 1}) {
    CAPTURE(chunk);
    CHECK(summary_of("tweets.js", file, chunk, record_copy::COMPACT) == expected);
  }
  CHECK(structurals_used > 1000);
  CHECK(structurals_mismatches == 0);
}
