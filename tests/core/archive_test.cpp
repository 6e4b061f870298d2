#include <doctest/doctest.h>

#include "analysis.h"
#include "formats/x_archive/long_posts.h"
#include "test_support.h"

using namespace chorus;
using chorus::test::fixture_path;
using chorus::test::read_file;

namespace {

/// Reads the files of tests/fixtures/x-archive-parts/data in the given order, in chunks of `chunk` bytes.
void read_parts(analysis& run, const std::vector<std::string>& names, size_t chunk = 5) {
  for (const auto& name : names) {
    const std::string bytes = read_file(fixture_path("x-archive-parts/data/" + name));
    run.begin_file("data/" + name);
    for (size_t i = 0; i < bytes.size(); i += chunk) run.feed(bytes.data() + i, std::min(chunk, bytes.size() - i));
    run.end_file();
  }
}

bool has_code(const analysis& run, problem_code code) {
  for (const auto& p : run.problems()) {
    if (p.code == code) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("archive paths are classified by folder and name, parts included") {
  CHECK(test::x_role("data/tweets.js") == "posts");
  CHECK(test::x_role("twitter-2026-03-06-abc/data/tweets-part12.js") == "posts");
  CHECK(test::x_role("data/tweet.js") == "posts");
  CHECK(test::x_role("data/note-tweet.js") == "long_posts");
  CHECK(test::x_role("data/like-part1.js") == "likes");
  CHECK(test::x_role("data/manifest.js") == "manifest");
  CHECK(test::x_role("archive/data/js/tweets/2013_09.js") == "posts");
  CHECK(test::x_role("data/tweets_media/123-abc.jpg").empty());
  CHECK(test::x_role("data/tweets-partX.js").empty());
  CHECK(test::x_role("data/tweet-headers.js").empty());
  CHECK(test::x_role("data/deleted-tweets.js").empty());
  CHECK(test::x_role("tweets.js").empty());  // outside data/: not an archive file
  CHECK(x_archive_format().entry("data/note-tweet.js").order < x_archive_format().entry("data/tweets.js").order);
  CHECK(x_archive_format().entry("data/manifest.js").order < x_archive_format().entry("data/note-tweet.js").order);
}

TEST_CASE("the prefix of a truncated post drops reply mentions, the ellipsis and trailing t.co links") {
  CHECK(truncated_prefix("@a @b_c Hello world\xE2\x80\xA6 https://t.co/xyz") == "Hello world");
  CHECK(truncated_prefix("Plain text") == "Plain text");
  CHECK(truncated_prefix("@only") == "");
  CHECK(truncated_prefix("email@example.org is here") == "email@example.org is here");
}

TEST_CASE("an archive read part by part: long posts merged, likes counted, parts checked against the manifest") {
  analysis run;
  read_parts(run, {"manifest.js", "note-tweet.js", "tweets-part1.js", "tweets.js", "like.js"});
  (void)run.summary_json();
  CHECK(run.tables().posts() == 5);
  CHECK(run.tables().by_kind()[static_cast<size_t>(post_kind::REPLY)] == 2);
  // The long post's hashtags count, not only those of the truncated text.
  const auto tags = run.tables().list(top_list::HASHTAGS).top(10);
  REQUIRE(tags.size() == 4);
  CHECK(tags[0].key == "metoo");
  CHECK(tags[0].count == 2);
  bool has_at5 = false, has_open_science = false;
  for (const auto& t : tags) {
    has_at5 = has_at5 || t.key == "metooat5";
    has_open_science = has_open_science || t.key == "openscience";
  }
  CHECK(has_at5);
  CHECK(has_open_science);
  CHECK(has_code(run, problem_code::MISSING_PART));
  CHECK(has_code(run, problem_code::UNMATCHED_LONG_POSTS));
  CHECK_FALSE(has_code(run, problem_code::COUNT_MISMATCH));
  const auto& inputs = run.inputs();
  REQUIRE(inputs.size() == 5);
  CHECK(inputs[0].role == "manifest");
  CHECK(inputs[1].role == "long_posts");
  CHECK(inputs[1].records_counted == 4);
  CHECK(inputs[4].role == "likes");
  CHECK(inputs[4].records_counted == 4);
}

TEST_CASE("the summary reports likes, long posts and the manifest's parts") {
  analysis run;
  read_parts(run, {"manifest.js", "note-tweet.js", "tweets.js", "tweets-part1.js", "like.js"}, 64);
  const std::string json = run.summary_json();
  CHECK(json.find("\"likes\": 4") != std::string::npos);
  CHECK(json.find("\"account\": \"chorus_fixture\"") != std::string::npos);
  CHECK(json.find("\"matched\": 3") != std::string::npos);
  CHECK(json.find("\"unmatched\": 1") != std::string::npos);
  CHECK(json.find("data/tweets-part2.js with 1 post, but it was not read") != std::string::npos);
}

TEST_CASE("thread posts made in the same second find their own long posts by prefix") {
  analysis run;
  read_parts(run, {"note-tweet.js", "tweets.js", "tweets-part1.js"});
  (void)run.summary_json();
  CHECK(run.tables().list(top_list::HASHTAGS).top(10).size() == 4);  // OpenScience comes only from thread part 2's note
  bool unmatched_reported = false;
  for (const auto& p : run.problems()) {
    if (p.code == problem_code::UNMATCHED_LONG_POSTS) {
      unmatched_reported = true;
      CHECK(p.message.find("1 of 4") != std::string::npos);
    }
  }
  CHECK(unmatched_reported);
}

TEST_CASE("without note-tweet.js the truncated posts still count, with their own text") {
  analysis run;
  read_parts(run, {"tweets.js", "tweets-part1.js"});
  (void)run.summary_json();
  CHECK(run.tables().posts() == 5);
  CHECK(run.tables().list(top_list::HASHTAGS).top(10).size() == 2);
}
