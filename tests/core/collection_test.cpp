// The pieces of a research collection that are not a format: the id set that drops duplicates, the CSV row
// splitter, and the movement tables (first days of authors, languages per day) with their merge.
#include <doctest/doctest.h>

#include <cstdio>
#include <map>
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
#include "time_parse.h"

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

TEST_CASE("the id set sized from the file's size: the same summary, duplicates dropped, however wrong the size") {
  // 48 MiB of API v2 pages: the set is sized after 32 MiB (analysis::SIZE_IDS_AFTER_BYTES), then meets posts
  // again (the second half repeats a third of the first's ids).
  std::string bytes;
  size_t posts = 0;
  for (size_t i = 0; bytes.size() < (size_t{48} << 20); ++i) {
    const size_t id = i % 3 == 0 && bytes.size() > (size_t{24} << 20) ? i / 2 : i;
    bytes += R"({"data":[{"id":")" + std::to_string(1000000 + id) + R"(","text":"me too #MeToo","created_at":"2017-10-15T)" +
             (i % 24 < 10 ? "0" : "") + std::to_string(i % 24) + R"(:21:59.000Z","author_id":")" +
             std::to_string(i % 5000) + R"("}],"includes":{"users":[{"id":")" + std::to_string(i % 5000) +
             R"(","username":"u)" + std::to_string(i % 5000) + R"("}]}})" "\n";
    ++posts;
  }
  const auto summary_with = [&](uint64_t size, size_t chunk = size_t{1} << 20, uint64_t later = 0) {
    analysis run;
    std::string error;
    REQUIRE(run.set_queries({"#MeToo", "me too"}, error));
    run.expect_later(later);
    run.begin_file("pages.jsonl", size);
    for (size_t at = 0; at < bytes.size(); at += chunk) run.feed(bytes.data() + at, std::min(chunk, bytes.size() - at));
    run.end_file();
    REQUIRE(run.inputs().size() == 1);
    CHECK(run.inputs()[0].posts + run.inputs()[0].duplicates == posts);
    CHECK(run.inputs()[0].duplicates > 10000);
    return run.summary_json();
  };
  const std::string unsized = summary_with(0);
  CHECK(summary_with(bytes.size()) == unsized);               // the size the file has
  CHECK(summary_with(bytes.size() * 40) == unsized);          // far too large: the most the set holds
  CHECK(summary_with(size_t{40} << 20) == unsized);           // too small: sized for fewer posts than come
  CHECK(summary_with(bytes.size() / 2) == unsized);           // smaller than what is read before sizing
  CHECK(summary_with(bytes.size(), bytes.size()) == unsized);  // fed at once: no rate to size it by
  // Sized for inputs said to follow (expect_later) that never come, or for more than the set can hold.
  CHECK(summary_with(bytes.size(), size_t{1} << 20, bytes.size() * 3) == unsized);
  CHECK(summary_with(bytes.size(), size_t{1} << 20, uint64_t{1} << 50) == unsized);
  CHECK(summary_with(0, size_t{1} << 20, bytes.size()) == unsized);  // no size of its own: not sized at all

  // A range of the file read as one of its readers (begin_fragment), sized for the whole file or not.
  const size_t from = bytes.find('\n', size_t{8} << 20) + 1;
  const auto range_with = [&](uint64_t size) {
    analysis run;
    std::string error;
    REQUIRE(run.set_queries({"#MeToo", "me too"}, error));
    run.expect_later(bytes.size());
    REQUIRE(run.begin_fragment("pages.jsonl", from, std::string_view(bytes).substr(0, SNIFF_BYTES), size));
    for (size_t at = from; at < bytes.size(); at += size_t{1} << 20) {
      run.feed(bytes.data() + at, std::min(size_t{1} << 20, bytes.size() - at));
    }
    run.end_file();
    REQUIRE(run.inputs().size() == 1);
    CHECK(run.inputs()[0].duplicates > 10000);
    return run.summary_json();
  };
  CHECK(range_with(bytes.size()) == range_with(0));
}

namespace {

using json_value = simdjson::simdjson_result<simdjson::dom::element>;
uint64_t u64(json_value v) {
  uint64_t n = 0;
  REQUIRE(!v.get(n));
  return n;
}
simdjson::dom::array array_of(json_value v) {
  simdjson::dom::array a;
  REQUIRE(!v.get(a));
  return a;
}
std::string_view text_of(json_value v) {
  std::string_view s;
  REQUIRE(!v.get(s));
  return s;
}

/// Day (the first 10 characters of a bucket's start) -> the sum of `field` over its buckets, where not 0.
std::map<std::string, uint64_t> by_day(simdjson::dom::array buckets, const char* field) {
  std::map<std::string, uint64_t> out;
  for (simdjson::dom::element b : buckets) {
    std::string_view start;
    uint64_t n = 0;
    REQUIRE(!b["start"].get(start));
    REQUIRE(!b[field].get(n));
    if (n > 0) out[std::string(start.substr(0, 10))] += n;  // days with none are not listed
  }
  return out;
}

}  // namespace

TEST_CASE("hours carry the movement: new authors and languages per hour add up to the summary's days") {
  analysis run;
  for (const char* name : {"search-2023-02-01.jsonl", "search-2023-02-02.jsonl", "export-twarc-csv.csv"}) {
    run.begin_file(name);
    test::feed_all(run, test::read_file(test::fixture_path(std::string("collection/") + name)));
  }
  std::string hourly, error;
  REQUIRE(run.hourly_json({}, hourly, error));
  const std::string summary_text = run.summary_json();
  simdjson::dom::parser p1, p2;
  simdjson::dom::element hours, summary;
  REQUIRE(!p1.parse(hourly).get(hours));
  REQUIRE(!p2.parse(summary_text).get(summary));
  simdjson::dom::array hour_buckets, new_authors, language_days, hour_names, day_names;
  REQUIRE(!hours["buckets"].get(hour_buckets));
  REQUIRE(!summary["movement"]["new_authors"].get(new_authors));
  REQUIRE(!summary["movement"]["languages"]["buckets"].get(language_days));
  REQUIRE(!hours["languages"].get(hour_names));
  REQUIRE(!summary["movement"]["languages"]["names"].get(day_names));

  // An author's first hour lies in its first day: the hours of a day add up to its new authors.
  std::map<std::string, uint64_t> days_new;
  for (simdjson::dom::element b : new_authors) {
    std::string_view start;
    uint64_t n = 0;
    REQUIRE(!b["start"].get(start));
    REQUIRE(!b["count"].get(n));
    days_new[std::string(start)] = n;
  }
  CHECK(by_day(hour_buckets, "new_authors") == days_new);
  size_t hours_with_newcomers = 0;
  for (simdjson::dom::element b : hour_buckets) hours_with_newcomers += u64(b["new_authors"]) > 0;
  CHECK(hours_with_newcomers > days_new.size());  // finer than the days

  // The same languages named, and each language's posts per hour add up to its posts per day.
  CHECK(simdjson::to_string(hour_names) == simdjson::to_string(day_names));
  std::map<std::string, std::vector<uint64_t>> per_day;
  for (simdjson::dom::element b : hour_buckets) {
    std::string_view start;
    REQUIRE(!b["start"].get(start));
    auto& row = per_day[std::string(start.substr(0, 10))];
    size_t k = 0;
    for (simdjson::dom::element n : array_of(b["languages"])) {
      if (row.size() <= k) row.push_back(0);
      row[k++] += u64(json_value(simdjson::dom::element(n)));
    }
    CHECK(k == hour_names.size());
  }
  std::map<std::string, std::vector<uint64_t>> day_rows;
  for (simdjson::dom::element b : language_days) {
    auto& row = day_rows[std::string(text_of(b["start"]))];
    for (simdjson::dom::element n : array_of(b["counts"])) row.push_back(u64(json_value(simdjson::dom::element(n))));
  }
  CHECK(per_day == day_rows);
}

TEST_CASE("hours over more than MOVEMENT_HOURS hours with posts come without the movement's tables") {
  // One post an hour, by a new author each time, for MOVEMENT_HOURS + 1 hours.
  std::string csv = "id,created_at,text,author_id,author.username,lang\n";
  const int64_t start = days_from_civil(2017, 10, 15) * 24;
  auto table = [&](size_t hours) {
    std::string out = csv;
    for (size_t h = 0; h < hours; ++h) {
      const int64_t hour = start + static_cast<int64_t>(h);
      char row[128];
      std::snprintf(row, sizeof row, "%zu,%sT%02d:30:00.000Z,me too,%zu,voice%zu,en\n", 1000 + h,
                    format_day(hour / 24).c_str(), static_cast<int>(hour % 24), h, h);
      out += row;
    }
    return out;
  };
  for (const size_t hours : {analysis::MOVEMENT_HOURS, analysis::MOVEMENT_HOURS + 1}) {
    analysis run;
    run.begin_file("hours.csv");
    test::feed_all(run, table(hours));
    std::string json, error;
    REQUIRE(run.hourly_json({}, json, error));
    simdjson::dom::parser parser;
    simdjson::dom::element view;
    REQUIRE(!parser.parse(json).get(view));
    CHECK(array_of(view["buckets"]).size() == hours);
    const bool by_hour = hours <= analysis::MOVEMENT_HOURS;
    CHECK((view["languages"].error() == simdjson::SUCCESS) == by_hour);
    CHECK((view["buckets"].at(0)["new_authors"].error() == simdjson::SUCCESS) == by_hour);
    if (by_hour) CHECK(u64(view["buckets"].at(hours - 1)["new_authors"]) == 1);
  }
}
