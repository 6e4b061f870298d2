// The pieces of a research collection that are not a format: the id set that drops duplicates, the CSV row
// splitter, and the movement tables (first days of authors, languages per day) with their merge.
#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "analysis.h"
#include "scan/csv_rows.h"
#include "id_set.h"
#include "json_writer.h"
#include "movement.h"
#include "simdjson.h"
#include "test_support.h"

using namespace chorus;

TEST_CASE("ids: decimal ids are their own keys in a space, other ids hashed, spaces kept apart") {
  CHECK(id_set::key_of("x", "919659447309041664") != id_set::key_of("x", "919659447309041665"));
  CHECK(id_set::key_of("x", "42") != id_set::key_of("mastodon", "42"));
  CHECK(id_set::key_of("x", "abc") != id_set::key_of("x", "abd"));
  CHECK(id_set::key_of("x", "007") != id_set::key_of("x", "7"));  // a leading zero is another id
  id_set ids;
  for (uint64_t i = 0; i < 100000; ++i) CHECK(ids.insert(id_set::key_of("x", std::to_string(1000000000000000000ULL + i))));
  CHECK(ids.size() == 100000);
  for (uint64_t i = 0; i < 100000; i += 997) CHECK_FALSE(ids.insert(id_set::key_of("x", std::to_string(1000000000000000000ULL + i))));
  CHECK(ids.size() == 100000);
  CHECK(ids.bytes() <= 100000 * 8 * 4 / 3 * 2);
}

namespace {

/// The rows of a CSV text fed `step` bytes at a time, fields joined by '|'.
std::vector<std::string> rows_of(const std::string& text, size_t step, bool* complete = nullptr) {
  csv_rows rows;
  std::vector<std::string> out;
  auto take = [&](const csv_rows::row& r) {
    std::string joined;
    for (size_t i = 0; i < r.fields.size(); ++i) joined += (i ? "|" : "") + std::string(r.fields[i]);
    out.push_back(joined);
  };
  for (size_t i = 0; i < text.size(); i += step) rows.feed(text.data() + i, std::min(step, text.size() - i), take);
  const bool ok = rows.finish(take);
  if (complete) *complete = ok;
  return out;
}

}  // namespace

TEST_CASE("CSV rows: RFC 4180 quoting, CRLF, a BOM, blank lines, at every chunk size") {
  const std::string text = "\xEF\xBB\xBFid,text\r\n1,\"a, \"\"b\"\"\r\nc\"\r\n\r\n2,plain\n3,\"\"\n4,x\"y";
  for (size_t step : {1, 2, 3, 7, 64, 4096}) {
    CAPTURE(step);
    bool complete = false;
    const auto rows = rows_of(text, step, &complete);
    CHECK(complete);
    REQUIRE(rows.size() == 5);
    CHECK(rows[0] == "id|text");
    CHECK(rows[1] == "1|a, \"b\"\r\nc");
    CHECK(rows[2] == "2|plain");
    CHECK(rows[3] == "3|");
    CHECK(rows[4] == "4|x\"y");  // a quote inside an unquoted field is data
  }
  bool complete = true;
  const auto cut = rows_of("id,text\n1,\"never closed\n2,x\n", 5, &complete);
  CHECK_FALSE(complete);
  CHECK(cut.size() == 1);
}

TEST_CASE("CSV rows: unquoted fields end at the right byte, whatever their length and the chunk size") {
  // Fields of every length around the 8- and 16-byte steps of the field scan, each ended by each byte that
  // ends an unquoted field, with non-ASCII and control bytes inside; compared with a plain split.
  std::string text;
  std::vector<std::string> expected;
  const std::string filler = "ab\xC3\xA9\x01\tcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  for (size_t length = 0; length <= 40; ++length) {
    const std::string field = filler.substr(length % 3, length);
    // field,field\n  then  field,"q"\r\n  then  field\r\n
    text += field + "," + field + "\n";
    expected.push_back(field + "|" + field);
    text += field + ",\"q\"\r\n";
    expected.push_back(field + "|q");
    text += "x" + field + "\r\n";
    expected.push_back("x" + field);
  }
  for (size_t step : {1, 5, 8, 16, 17, 33, 1000, 100000}) {
    CAPTURE(step);
    bool complete = false;
    CHECK(rows_of(text, step, &complete) == expected);
    CHECK(complete);
  }
}

namespace {

/// The CSV rules of csv_rows, one byte at a time and nothing else (quotes open a field only at its start, a
/// doubled quote is one, CR, LF and CRLF end rows, blank lines are none): the reference for its fast paths.
std::vector<std::string> reference_rows(const std::string& text, bool* complete) {
  std::vector<std::string> out, fields;
  std::string field;
  bool started = false, quoted = false, after_quote = false, after_cr = false;
  const auto emit = [&] {
    fields.push_back(field);
    std::string joined;
    for (size_t i = 0; i < fields.size(); ++i) joined += (i ? "|" : "") + fields[i];
    out.push_back(joined);
    fields.clear();
    field.clear();
    started = quoted = after_quote = false;
  };
  for (const char c : text) {
    if (after_cr) {
      after_cr = false;
      if (c == '\n') continue;
    }
    if (quoted) {
      if (!after_quote) {
        if (c == '"') {
          after_quote = true;
        } else {
          field += c;
        }
        continue;
      }
      after_quote = false;
      if (c == '"') {
        field += '"';
        continue;
      }
      quoted = false;
    }
    if (c == ',') {
      started = true;
      fields.push_back(field);
      field.clear();
    } else if (c == '\r' || c == '\n') {
      after_cr = c == '\r';
      if (started) emit();
    } else if (c == '"' && field.empty()) {
      started = quoted = true;
    } else {
      started = true;
      field += c;
    }
  }
  *complete = !(quoted && !after_quote);
  if (*complete && started) emit();
  return out;
}

}  // namespace

TEST_CASE("CSV rows: random tables of quotes, commas and line breaks read as the byte-by-byte rules say") {
  std::mt19937 random(2017);
  const std::string alphabet[] = {"a", "b", ",", ",", ",", "\"", "\"", "\"\"", "\n", "\r\n", "\r", "\xC3\xA9", " "};
  for (int round = 0; round < 300; ++round) {
    std::string text;
    const size_t parts = 1 + random() % 120;
    for (size_t k = 0; k < parts; ++k) text += alphabet[random() % std::size(alphabet)];
    bool expected_complete = false;
    const auto expected = reference_rows(text, &expected_complete);
    for (size_t step : {1, 2, 3, 5, 16, 17, 4096}) {
      CAPTURE(text);
      CAPTURE(step);
      bool complete = false;
      const auto rows = rows_of(text, step, &complete);
      CHECK(complete == expected_complete);
      CHECK(rows == expected);
    }
  }
}

TEST_CASE("movement: an author's first day is the earliest, whatever the order and the merge") {
  movement_tables a, b;
  a.add(100, "Sara_R", "en");
  a.add(90, "sara_r", "en");  // the same author, another spelling, earlier
  a.add(95, "Omar", "fr");
  b.add(80, "SARA_R", "en");
  b.add(120, "nina", "ja");
  json_writer w;
  b.write_state(w);
  simdjson::dom::parser parser;
  simdjson::dom::element state;
  REQUIRE_FALSE(parser.parse(w.str()).get(state));
  REQUIRE(a.merge_state(state));
  const auto firsts = a.new_authors();
  CHECK(firsts == std::map<int64_t, uint64_t>{{80, 1}, {95, 1}, {120, 1}});
  std::vector<std::string> names;
  std::map<int64_t, std::vector<uint64_t>> days;
  a.languages(2, names, days);
  CHECK(names == std::vector<std::string>{"en", "fr"});
  CHECK(days[120] == std::vector<uint64_t>{0, 0, 1});  // ja is "other" past the two named
  CHECK(days[80] == std::vector<uint64_t>{1, 0, 0});
  REQUIRE_FALSE(parser.parse(std::string(R"({"untracked":0,"first_days":["12",-5],"languages":[],"language_days":[]})")).get(state));
  CHECK_FALSE(a.merge_state(state));  // a day no reading gives
}

TEST_CASE("an analysis counts a post met again once, in any file and format of the same id space") {
  analysis run;
  run.begin_file("a.jsonl");
  const std::string line = R"({"data":[{"id":"5","text":"me too","created_at":"2017-10-15T20:21:59.000Z","author_id":"1"}],"includes":{"users":[{"id":"1","username":"a"}]}})";
  run.feed(line.data(), line.size());
  run.feed("\n", 1);
  run.feed(line.data(), line.size());
  run.end_file();
  run.begin_file("b.csv");
  const std::string csv = "id,created_at,text,author_id\n5,2017-10-15T20:21:59.000Z,me too,1\n6,2017-10-15T20:22:00.000Z,me too,1\n";
  run.feed(csv.data(), csv.size());
  run.end_file();
  CHECK(run.tables().posts() == 2);
  REQUIRE(run.inputs().size() == 2);
  CHECK(run.inputs()[0].posts == 1);
  CHECK(run.inputs()[0].duplicates == 1);
  CHECK(run.inputs()[1].posts == 1);
  CHECK(run.inputs()[1].duplicates == 1);
}
