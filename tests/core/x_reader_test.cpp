#include <doctest/doctest.h>

#include <algorithm>

#include "test_support.h"
#include "time_parse.h"
#include "formats/tweet_v1/tweet_v1.h"

using namespace chorus;
using chorus::test::collecting_sink;
using chorus::test::fixture_path;
using chorus::test::read_all;
using chorus::test::read_file;

namespace {

const post* find_post(const collecting_sink& sink, const std::string& id) {
  for (const auto& p : sink.posts) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

size_t count_kind(const collecting_sink& sink, post_kind kind) {
  return static_cast<size_t>(
      std::count_if(sink.posts.begin(), sink.posts.end(), [&](const post& p) { return p.kind == kind; }));
}

bool has_problem(const collecting_sink& sink, problem_code code) {
  return std::any_of(sink.problems.begin(), sink.problems.end(), [&](const problem& p) { return p.code == code; });
}

const problem& first_problem(const collecting_sink& sink) {
  REQUIRE_FALSE(sink.problems.empty());
  return sink.problems.front();
}

}  // namespace

TEST_CASE("a pretty-printed tweets.js yields every post with its kind") {
  collecting_sink sink;
  const auto stats = read_all("tweets.js", read_file(fixture_path("x-archive-small/data/tweets.js")), sink);
  CHECK(stats.format == "x-archive-tweets");
  CHECK(stats.data_name == "window.YTD.tweets.part0");
  CHECK(stats.records_read == 12);
  CHECK(stats.records_counted == 11);
  CHECK(stats.edits_collapsed == 1);
  CHECK(stats.records_skipped() == 0);
  CHECK(sink.problems.empty());
  CHECK(count_kind(sink, post_kind::ORIGINAL) == 6);
  CHECK(count_kind(sink, post_kind::REPLY) == 2);
  CHECK(count_kind(sink, post_kind::REPOST) == 2);
  CHECK(count_kind(sink, post_kind::QUOTE) == 1);
}

TEST_CASE("post fields are normalized: string ids, UTC time, decoded text, entities, client") {
  collecting_sink sink;
  read_all("tweets.js", read_file(fixture_path("x-archive-small/data/tweets.js")), sink);

  SUBCASE("HTML entities in full_text are decoded after reading") {
    const post* p = find_post(sink, "920000000000000002");
    REQUIRE(p != nullptr);
    CHECK(p->text == "Me too. #metoo & solidarity with everyone speaking up \xF0\x9F\x92\x9C");
    CHECK(p->hashtags == std::vector<std::string>{"metoo"});
    CHECK(format_iso_utc(p->time_ms) == "2017-10-16T08:00:00Z");
  }
  SUBCASE("a reply knows whom it answers and the client it came from") {
    const post* p = find_post(sink, "920000000000000003");
    REQUIRE(p != nullptr);
    CHECK(p->kind == post_kind::REPLY);
    CHECK(p->reply_to == "alyssa_milano");
    CHECK(p->client == "Twitter for iPhone");
    CHECK(p->lang == "fr");
    CHECK(p->hashtags == std::vector<std::string>{"MeToo", "BalanceTonPorc"});
  }
  SUBCASE("a retweet is recognised by its RT @ prefix alone") {
    const post* p = find_post(sink, "920000000000000004");
    REQUIRE(p != nullptr);
    CHECK(p->kind == post_kind::REPOST);
    CHECK(p->mentions == std::vector<std::string>{"TaranaBurke"});
  }
  SUBCASE("a quote is recognised by a link to a status") {
    const post* p = find_post(sink, "920000000000000005");
    REQUIRE(p != nullptr);
    CHECK(p->kind == post_kind::QUOTE);
  }
  SUBCASE("linked domains come from expanded URLs without www") {
    const post* p = find_post(sink, "920000000000000006");
    REQUIRE(p != nullptr);
    CHECK(p->domains == std::vector<std::string>{"nytimes.com"});
    CHECK(p->text.find("&lt;") == std::string::npos);
    CHECK(p->text.find("<3") != std::string::npos);
    CHECK(p->hashtags.back() == "YoTambi\xC3\xA9n");
  }
  SUBCASE("only the last version of an edited post is counted") {
    CHECK(find_post(sink, "920000000000000008") == nullptr);
    const post* p = find_post(sink, "920000000000000009");
    REQUIRE(p != nullptr);
    CHECK(p->text == "First version, fixed #MeToo");
  }
}

TEST_CASE("chunk boundaries anywhere and either record copy give the same summary") {
  for (const char* file :
       {"x-archive-small/data/tweets.js", "x-archive-2020/tweet.js", "grailbird/2013_09.js",
        "x-archive-parts/data/tweets-part1.js", "bad/bad-records-tweets.js", "bad/truncated-tweets.js"}) {
    CAPTURE(file);
    const std::string bytes = read_file(fixture_path(file));
    const std::string whole = test::summary_of("tweets.js", bytes, 0, record_copy::VERBATIM);
    for (const record_copy copy : {record_copy::VERBATIM, record_copy::COMPACT}) {
      for (const size_t chunk : {1, 2, 3, 7, 13, 63, 64, 65, 130, 4096, 0}) {
        CAPTURE(chunk);
        CHECK(test::summary_of("tweets.js", bytes, chunk, copy) == whole);
      }
    }
  }
}

TEST_CASE("an older one-line tweet.js with a BOM and a trailing semicolon reads cleanly") {
  collecting_sink sink;
  const auto stats = read_all("tweet.js", read_file(fixture_path("x-archive-2020/tweet.js")), sink, 5);
  CHECK(stats.data_name == "window.YTD.tweet.part0");
  CHECK(stats.records_counted == 2);
  CHECK(sink.problems.empty());
  CHECK(count_kind(sink, post_kind::REPLY) == 1);
}

TEST_CASE("a Grailbird month file reads with its own date style, numeric ids and retweeted_status") {
  collecting_sink sink;
  const auto stats = read_all("2013_09.js", read_file(fixture_path("grailbird/2013_09.js")), sink, 11);
  CHECK(stats.format == "x-archive-grailbird");
  CHECK(stats.records_counted == 2);
  CHECK(sink.problems.empty());
  const post* rt = find_post(sink, "384112069539282944");
  REQUIRE(rt != nullptr);
  CHECK(rt->kind == post_kind::REPOST);
  CHECK(rt->author == "icco");
  CHECK(rt->client == "Twitter for iPhone");
  CHECK(rt->hashtags == std::vector<std::string>{"SF"});  // not the nested retweeted_status's own entities
  const post* own = find_post(sink, "384000000000000001");
  REQUIRE(own != nullptr);
  CHECK(own->kind == post_kind::ORIGINAL);
  CHECK(own->text == "New post & more: http://t.co/xyz");
  CHECK(own->domains == std::vector<std::string>{"blog.natwelch.com"});
  CHECK(format_iso_utc(own->time_ms) == "2013-09-28T18:20:00Z");
  CHECK(own->client == "web");
}

TEST_CASE("a file cut off mid-record keeps the records before the cut and says where") {
  collecting_sink sink;
  const std::string bytes = read_file(fixture_path("bad/truncated-tweets.js"));
  for (const size_t chunk : {size_t{1}, size_t{100}, size_t{0}}) {
    CAPTURE(chunk);
    sink = {};
    const auto stats = read_all("tweets.js", bytes, sink, chunk);
    CHECK(stats.records_counted == 1);
    CHECK(stats.skipped.at("truncated") == 1);
    const problem& p = first_problem(sink);
    CHECK(p.code == problem_code::TRUNCATED);
    CHECK(p.record == 2);
    CHECK(p.byte_offset > 500);
    CHECK(p.message.find("cut off") != std::string::npos);
  }
}

TEST_CASE("bad records are skipped with their number and reason while good ones count") {
  collecting_sink sink;
  const auto stats = read_all("tweets.js", read_file(fixture_path("bad/bad-records-tweets.js")), sink, 9);
  CHECK(stats.records_read == 6);
  CHECK(stats.records_counted == 2);
  CHECK(stats.skipped.at("missing_field") == 1);
  CHECK(stats.skipped.at("bad_field") == 2);
  CHECK(stats.skipped.at("malformed_json") == 1);
  REQUIRE(sink.problems.size() == 4);
  CHECK(sink.problems[0].record == 2);
  CHECK(sink.problems[0].message.find("created_at") != std::string::npos);
  CHECK(sink.problems[1].record == 3);
  CHECK(sink.problems[1].message.find("yesterday at noon") != std::string::npos);
  CHECK(sink.problems[2].record == 4);
  CHECK(sink.problems[2].message.find("full_text") != std::string::npos);
  CHECK(sink.problems[3].record == 5);
  CHECK(sink.problems[3].code == problem_code::MALFORMED_JSON);
  CHECK(sink.problems[3].byte_offset > 0);
}

TEST_CASE("reply and quote ids count as strings or numbers, not as null or empty, and other types are reported") {
  const auto record = [](const std::string& id, const std::string& field) {
    return R"({"tweet": {"id_str": ")" + id +
           R"(", "created_at": "Wed Nov 01 10:00:00 +0000 2017", "full_text": "x", )" + field + "}}";
  };
  const std::string file =
      "window.YTD.tweets.part0 = [" + record("1", R"("in_reply_to_status_id_str": "123")") + ", " +
      record("2", R"("in_reply_to_status_id": 123)") + ", " + record("3", R"("in_reply_to_status_id_str": null)") +
      ", " + record("4", R"("in_reply_to_user_id_str": "")") + ", " + record("5", R"("in_reply_to_user_id": 1.5)") +
      ", " + record("6", R"("quoted_status_id_str": true)") + ", " + record("7", R"("quoted_status_id_str": "9")") +
      ", " + record("8", R"("quoted_status_id_str": 9)") + "]";
  for (const size_t chunk : {size_t{7}, size_t{4096}}) {
    collecting_sink sink;
    read_all("tweets.js", file, sink, chunk);
    REQUIRE(sink.posts.size() == 6);
    CHECK(find_post(sink, "1")->kind == post_kind::REPLY);
    CHECK(find_post(sink, "2")->kind == post_kind::REPLY);
    CHECK(find_post(sink, "3")->kind == post_kind::ORIGINAL);
    CHECK(find_post(sink, "4")->kind == post_kind::ORIGINAL);
    CHECK(find_post(sink, "7")->kind == post_kind::QUOTE);
    CHECK(find_post(sink, "8")->kind == post_kind::QUOTE);
    REQUIRE(sink.problems.size() == 2);
    CHECK(sink.problems[0].record == 5);
    CHECK(sink.problems[0].message.find("in_reply_to_user_id\" is not a whole number") != std::string::npos);
    CHECK(sink.problems[1].record == 6);
    CHECK(sink.problems[1].message.find("quoted_status_id_str\" is not an id") != std::string::npos);
  }
}

TEST_CASE("files that are not post files are named for what they are") {
  // Through the analysis, which gives each file to the format that claims it, or says what it is.
  analysis run;
  auto read_one = [&](const std::string& name, const std::string& bytes, size_t chunk = 0) {
    run.begin_file(name);
    if (chunk == 0) chunk = bytes.empty() ? 1 : bytes.size();
    for (size_t i = 0; i < bytes.size(); i += chunk) run.feed(bytes.data() + i, std::min(chunk, bytes.size() - i));
    run.end_file();
    return run.inputs().back();
  };
  auto first_problem = [&] { return run.problems().empty() ? problem{} : run.problems().front(); };
  SUBCASE("an empty file") {
    const auto stats = read_one("tweets.js", "");
    CHECK_FALSE(stats.readable);
    CHECK(first_problem().code == problem_code::EMPTY_FILE);
  }
  SUBCASE("a PNG image") {
    const auto stats = read_one("photo.png", read_file(fixture_path("bad/photo.png")), 3);
    CHECK_FALSE(stats.readable);
    CHECK(first_problem().code == problem_code::NOT_AN_EXPORT);
    CHECK(first_problem().message.find("PNG image") != std::string::npos);
  }
  SUBCASE("a CSV file of no layout Chorus knows, its columns not mapped") {
    // (bad/comments.csv was such a file until Reddit's export became one Chorus reads.)
    const auto stats = read_one("people.csv", "name,city\nAna,Paris\nBea,Lyon\n");
    CHECK_FALSE(stats.readable);
    CHECK(first_problem().message.find("column") != std::string::npos);
  }
  SUBCASE("a ZIP archive is named") {
    read_one("archive.zip", std::string("PK\x03\x04\x14\x00\x00\x00", 8));
    CHECK(first_problem().message.find("ZIP archive") != std::string::npos);
  }
  SUBCASE("an archive file that holds no posts") {
    const auto stats =
        read_one("follower.js", "window.YTD.follower.part0 = [ {\"follower\" : {\"accountId\" : \"1\"}} ]");
    CHECK_FALSE(stats.readable);
    CHECK(stats.role == "other");
    CHECK(first_problem().code == problem_code::UNSUPPORTED_FILE);
    CHECK(first_problem().message.find("\"follower\"") != std::string::npos);
  }
  SUBCASE("random text") {
    read_one("notes.txt", "hello world, this is a note\nsecond line");
    CHECK(first_problem().code == problem_code::NOT_AN_EXPORT);
  }
  CHECK(run.tables().posts() == 0);
}

TEST_CASE(
    "a list missing its closing bracket keeps its posts and reports the cut, and brackets inside strings are text") {
  collecting_sink sink;
  const auto stats = read_all("tweets.js",
                              "window.YTD.tweets.part0 = [ {\"tweet\":{\"id_str\":\"1\",\"created_at\":"
                              "\"Sun Oct 15 20:21:59 +0000 2017\",\"full_text\":\"a } ] \\\" {\"}}",
                              sink, 4);
  CHECK(stats.records_counted == 1);
  CHECK(first_problem(sink).code == problem_code::TRUNCATED);
  CHECK(sink.posts[0].text == "a } ] \" {");
}

TEST_CASE("the real milahu104 archive subset reads completely" *
          doctest::skip(!test::exists(test::shared_fixture_path("x-archive-milahu104-2026/data/tweets.js")))) {
  collecting_sink sink;
  const auto stats = read_all(
      "tweets.js", read_file(test::shared_fixture_path("x-archive-milahu104-2026/data/tweets.js")), sink, 4093);
  CHECK(stats.records_counted == 37);
  CHECK(sink.problems.empty());
  CHECK(count_kind(sink, post_kind::REPOST) == 14);
  const bool has_infographic = std::any_of(sink.posts.begin(), sink.posts.end(), [](const post& p) {
    return std::find(p.hashtags.begin(), p.hashtags.end(), "infographic") != p.hashtags.end();
  });
  CHECK(has_infographic);
  for (const auto& p : sink.posts) {
    CHECK(p.id.size() >= 18);  // 64-bit ids kept as strings
    CHECK(p.text.find("&amp;") == std::string::npos);
  }
}

TEST_CASE("the real deleted-tweets.js of the milahu104 archive reads as posts" *
          doctest::skip(!test::exists(test::shared_fixture_path("x-archive-milahu104-2026/data/deleted-tweets.js")))) {
  collecting_sink sink;
  const auto stats =
      read_all("deleted-tweets.js",
               read_file(test::shared_fixture_path("x-archive-milahu104-2026/data/deleted-tweets.js")), sink);
  CHECK(stats.data_name == "window.YTD.deleted_tweets.part0");
  CHECK(stats.records_counted + stats.edits_collapsed == 47);
  CHECK(sink.problems.empty());
}

TEST_CASE("helpers: domains, status links and client names") {
  CHECK(url_domain("https://WWW.Example.org:8080/a?b") == "example.org");
  CHECK(url_domain("not a url").empty());
  CHECK(is_status_link("https://x.com/milahu104/status/2027739112069878026"));
  CHECK(is_status_link("https://twitter.com/a/status/1?s=20"));
  CHECK_FALSE(is_status_link("https://x.com/milahu104/status/2027739112069878026/photo/1"));
  CHECK_FALSE(is_status_link("https://example.com/a/status/1"));
  CHECK(client_name("<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>") ==
        "Twitter Web App");
  CHECK(client_name("web") == "web");
}

TEST_CASE("whitespace between tokens is dropped, never where it separates two values") {
  // Numbers separated only by whitespace are invalid JSON and must stay invalid once the record's
  // whitespace is dropped; numbers, true/false/null and strings must keep their values. Every chunk size.
  const std::string good =
      "window.YTD.tweets.part0 = [\n  {\n    \"tweet\" : {\n      \"id_str\" : \"1\",\n      \"created_at\" : "
      "\"Sun Oct 15 20:21:59 +0000 2017\",\n      \"full_text\" : \"a  b\\\"  c\",\n      \"favorite_count\" :   12 ,"
      "\n      \"retweeted\" :\tfalse ,\n      \"truncated\" : false,\n      \"display_text_range\" : [ 0 ,\n   8 ]\n"
      "    }\n  },\n  {\n    \"tweet\" : {\n      \"id_str\" : \"2\",\n      \"created_at\" : \"Sun Oct 15 20:21:59 "
      "+0000 2017\",\n      \"full_text\" : \"x\",\n      \"favorite_count\" : 1        2\n    }\n  }\n]\n";
  for (const auto& [chunk, copy] : {std::pair{1, record_copy::COMPACT},
                                    {2, record_copy::COMPACT},
                                    {5, record_copy::COMPACT},
                                    {9, record_copy::COMPACT},
                                    {4096, record_copy::COMPACT},
                                    {1, record_copy::VERBATIM},
                                    {4096, record_copy::VERBATIM}}) {
    CAPTURE(chunk);
    collecting_sink sink;
    const auto stats = read_all("tweets.js", good, sink, chunk, copy);
    CHECK(stats.records_read == 2);
    REQUIRE(sink.posts.size() == 1);
    CHECK(sink.posts[0].text == "a  b\"  c");
    CHECK(sink.posts[0].engagement_known);
    REQUIRE(sink.problems.size() == 1);
    CHECK(sink.problems[0].record == 2);
    CHECK(sink.problems[0].code == problem_code::MALFORMED_JSON);
  }
}

TEST_CASE("a record over 16 MiB is skipped and reported, and the next one still counts, in either copy") {
  const std::string date = "\"created_at\" : \"Sun Oct 15 20:21:59 +0000 2017\"";
  const std::string huge(json_record_reader::MAX_RECORD_BYTES + 1000, 'a');
  const std::string file = "window.YTD.tweets.part0 = [\n  {\n    \"tweet\" : {\n      \"id_str\" : \"1\", " + date +
                           ",\n      \"full_text\" : \"" + huge +
                           "\"\n    }\n  },\n  {\n    \"tweet\" : {\n"
                           "      \"id_str\" : \"2\", " +
                           date + ",\n      \"full_text\" : \"me too\"\n    }\n  }\n]\n";
  for (const record_copy copy : {record_copy::VERBATIM, record_copy::COMPACT}) {
    for (const size_t chunk : {size_t{65536}, size_t{1} << 20, file.size()}) {
      CAPTURE(chunk);
      collecting_sink sink;
      const auto stats = read_all("tweets.js", file, sink, chunk, copy);
      CHECK(stats.records_read == 2);
      REQUIRE(sink.posts.size() == 1);
      CHECK(sink.posts[0].id == "2");
      REQUIRE(sink.problems.size() == 1);
      CHECK(sink.problems[0].code == problem_code::RECORD_TOO_LARGE);
      CHECK(sink.problems[0].record == 1);
    }
  }
}
