// Top lists past folded_counter::EXACT_SPELLINGS spellings: counted again exactly from the kept posts, so that
// one reader, ranges merged in any grouping and filtered summaries give the same exact figures; sketches
// (marked as estimates) only once the posts were let go.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "aggregator.h"
#include "analysis.h"
#include "simdjson.h"
#include "test_support.h"

using namespace chorus;
using chorus::test::feed_all;

namespace {

constexpr int POSTS = 90000;
constexpr int TAGS = 70000;     // post i carries tag (i % TAGS): tags below POSTS - TAGS are carried twice
constexpr int AUTHORS = 75000;  // post i is by voice (i % AUTHORS): voices below POSTS - AUTHORS post twice

/// Twitter API v1.1 JSON Lines of POSTS posts. The first time a tag is carried it is spelled "Tag<k>", the
/// second time "tag<k>" (one key, two spellings); every third post also carries #MeToo, spelled "MeToo"
/// and "metoo" in turn; every fifth post is a reply. Each post is on 15 Oct 2017 or, from post 45,000 on,
/// a day later.
std::string collection() {
  std::string out;
  for (int i = 0; i < POSTS; ++i) {
    const int k = i % TAGS;
    std::string tags = R"({"text":")" + std::string(i < TAGS ? "Tag" : "tag") + std::to_string(k) + R"("})";
    if (i % 3 == 0) tags += std::string(R"(,{"text":")") + (i % 2 ? "MeToo" : "metoo") + R"("})";
    out += R"({"created_at":")" + std::string(i < POSTS / 2 ? "Sun Oct 15" : "Mon Oct 16") + R"( 20:21:59 +0000 2017","id_str":")" + std::to_string(100000000 + i) + R"(","text":"post )" +
           std::to_string(i) + R"(","user":{"screen_name":"voice)" + std::to_string(i % AUTHORS) + "\"}" +
           (i % 5 == 0 ? R"(,"in_reply_to_status_id_str":"1","in_reply_to_screen_name":"seed")" : "") +
           R"(,"entities":{"hashtags":[)" + tags + R"(],"user_mentions":[],"urls":[]}})" + "\n";
  }
  return out;
}

const std::string& bytes() {
  static const std::string all = collection();
  return all;
}

/// Line starts near `pieces` even shares of the collection.
std::vector<size_t> cuts(size_t pieces) {
  std::vector<size_t> out;
  for (size_t k = 1; k < pieces; ++k) out.push_back(bytes().find('\n', bytes().size() * k / pieces) + 1);
  return out;
}

void read_range(analysis& run, size_t from, size_t to) {
  if (from == 0) {
    run.begin_file("statuses.jsonl");
  } else {
    REQUIRE(run.begin_fragment("statuses.jsonl", from, std::string_view(bytes()).substr(0, SNIFF_BYTES)));
  }
  if (to < bytes().size()) run.stop_at(to);
  feed_all(run, std::string_view(bytes()).substr(from), 1 << 16);
  run.end_file();
}

/// Bytes [from, to) of the collection as a file of its own.
void read_file(analysis& run, const std::string& name, size_t from, size_t to) {
  run.begin_file(name);
  feed_all(run, std::string_view(bytes()).substr(from, to - from), 1 << 16);
  run.end_file();
}

/// The collection read in ranges at `at` by separate analyses: the first reads into `first`, the others'
/// states are merged into it in order.
void read_in_ranges(analysis& first, const std::vector<size_t>& at) {
  read_range(first, 0, at.empty() ? bytes().size() : at[0]);
  for (size_t k = 0; k < at.size(); ++k) {
    analysis helper;
    read_range(helper, at[k], k + 1 < at.size() ? at[k + 1] : bytes().size());
    REQUIRE(first.merge_state(helper.state(true)));
  }
}

using field = simdjson::simdjson_result<simdjson::dom::element>;

uint64_t number(field f) {
  uint64_t v = 0;
  REQUIRE_FALSE(f.get(v));
  return v;
}

std::string_view text(field f) {
  std::string_view v;
  REQUIRE_FALSE(f.get(v));
  return v;
}

size_t object_size(field f) {
  simdjson::dom::object v;
  REQUIRE_FALSE(f.get(v));
  return v.size();
}

simdjson::dom::array array(field f) {
  simdjson::dom::array v;
  REQUIRE_FALSE(f.get(v));
  return v;
}

std::string minified(field f) {
  simdjson::dom::element v;
  REQUIRE_FALSE(f.get(v));
  return simdjson::minify(v);
}

struct parsed {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  explicit parsed(const std::string& json) { REQUIRE_FALSE(parser.parse(json).get(root)); }
};

}  // namespace

TEST_CASE("lists past the exact tables are counted exactly from the kept posts, the same however they were merged") {
  analysis whole;
  read_range(whole, 0, bytes().size());
  const std::string expected = whole.summary_json();
  parsed summary(expected);
  // Figures from the rule the collection was made by, not from Chorus.
  CHECK(number(summary.root["totals"]["posts"]) == POSTS);
  CHECK(number(summary.root["distinct"]["hashtags"]) == TAGS + 1);
  CHECK(number(summary.root["distinct"]["authors"]) == AUTHORS);
  CHECK(object_size(summary.root["quality"]["approximate"]) == 0);
  simdjson::dom::array tags = array(summary.root["top"]["hashtags"]);
  REQUIRE(tags.size() == 25);
  CHECK(text(tags.at(0)["key"]) == "metoo");
  CHECK(number(tags.at(0)["count"]) == POSTS / 3);
  CHECK(text(tags.at(0)["label"]) == "MeToo");  // 15,000 each: the spelling that sorts first
  // Then the tags carried twice (0 to 19,999), by key: tag0, tag1, tag10, tag100, ...
  CHECK(text(tags.at(1)["key"]) == "tag0");
  CHECK(text(tags.at(1)["label"]) == "Tag0");
  CHECK(number(tags.at(1)["count"]) == 2);
  CHECK(text(tags.at(3)["key"]) == "tag10");
  CHECK(text(tags.at(4)["key"]) == "tag100");
  simdjson::dom::array authors = array(summary.root["top"]["authors"]);
  CHECK(text(authors.at(0)["key"]) == "voice0");
  CHECK(number(authors.at(0)["count"]) == 2);

  // Ranges read apart, merged in twos and threes: the same bytes.
  for (size_t pieces : {2, 3, 5}) {
    CAPTURE(pieces);
    analysis first;
    read_in_ranges(first, cuts(pieces));
    CHECK(first.summary_json() == expected);
  }
  // The collection as four files read apart, their states reduced as a tree (as a cluster reduces them):
  // the summary of one analysis reading the four, with the same exact lists as the whole.
  const auto at = cuts(4);
  const std::vector<size_t> bounds{0, at[0], at[1], at[2], bytes().size()};
  analysis_options with_ids;
  with_ids.ids_in_state = true;
  analysis in_order(with_ids);
  std::vector<std::string> states;
  for (size_t f = 0; f < 4; ++f) {
    read_file(in_order, "part-" + std::to_string(f) + ".jsonl", bounds[f], bounds[f + 1]);
    analysis part(with_ids);
    read_file(part, "part-" + std::to_string(f) + ".jsonl", bounds[f], bounds[f + 1]);
    states.push_back(part.state(false));
  }
  analysis left(with_ids), right(with_ids), root(with_ids);
  REQUIRE(left.merge_state(states[0]));
  REQUIRE(left.merge_state(states[1]));
  REQUIRE(right.merge_state(states[2]));
  REQUIRE(right.merge_state(states[3]));
  REQUIRE(root.merge_state(left.state(false)));
  REQUIRE(root.merge_state(right.state(false)));
  CHECK(root.summary_json() == in_order.summary_json());
  parsed reduced(root.summary_json());
  CHECK(minified(reduced.root["top"]) == minified(summary.root["top"]));
  CHECK(minified(reduced.root["distinct"]) == minified(summary.root["distinct"]));

  // A filtered summary of replies counts its lists exactly too: every fifth post.
  post_filter replies;
  replies.kinds = 1 << static_cast<int>(post_kind::REPLY);
  std::string json, error;
  REQUIRE(whole.filtered_summary_json(replies, json, error));
  parsed filtered(json);
  CHECK(number(filtered.root["totals"]["posts"]) == POSTS / 5);
  CHECK(number(filtered.root["distinct"]["authors"]) == 15000);  // i % 5 == 0 meets every fifth voice
  CHECK(object_size(filtered.root["quality"]["approximate"]) == 0);
  analysis ranges;
  read_in_ranges(ranges, cuts(3));
  std::string merged_json;
  REQUIRE(ranges.filtered_summary_json(replies, merged_json, error));
  CHECK(merged_json == json);
}

TEST_CASE("past the posts an analysis keeps, lists past the exact tables are sketches, marked as estimates") {
  analysis_options options;
  options.max_stored_posts = 1000;
  analysis run(options);
  read_range(run, 0, bytes().size());
  parsed summary(run.summary_json());
  CHECK(number(summary.root["totals"]["posts"]) == POSTS);
  CHECK(object_size(summary.root["quality"]["approximate"]) == 2);  // hashtags and authors
  const uint64_t max_error = number(summary.root["quality"]["approximate"]["hashtags"]["max_error"]);
  CHECK(max_error > 0);
  const double distinct = double(number(summary.root["distinct"]["authors"]));
  CHECK(distinct > AUTHORS * 0.98);
  CHECK(distinct < AUTHORS * 1.02);
  simdjson::dom::array tags = array(summary.root["top"]["hashtags"]);
  CHECK(text(tags.at(0)["key"]) == "metoo");
  CHECK(number(tags.at(0)["count"]) >= POSTS / 3);
  CHECK(number(tags.at(0)["count"]) <= POSTS / 3 + max_error);
  std::string json, error;
  CHECK_FALSE(run.filtered_summary_json({}, json, error));
  CHECK(error.find("4,000,000") == std::string::npos);  // the limit this analysis keeps to
  CHECK(error.find("1,000 posts") != std::string::npos);
}

TEST_CASE("a list of more spellings than are counted again stays a sketch, the other lists exact") {
  // 55,000 posts with 20 hashtags of their own each: 1,100,000 distinct hashtags, past
  // MAX_RECOUNTED_SPELLINGS; 55,000 authors, each posting once.
  constexpr int posts = 55000, per_post = 20;
  static_assert(size_t{posts} * per_post > analysis::MAX_RECOUNTED_SPELLINGS);
  std::string lines;
  for (int i = 0; i < posts; ++i) {
    std::string tags;
    for (int k = 0; k < per_post; ++k) tags += (k ? "," : "") + std::string(R"({"text":"t)") + std::to_string(i * per_post + k) + "\"}";
    lines += R"({"created_at":"Sun Oct 15 20:21:59 +0000 2017","id_str":")" + std::to_string(200000000 + i) +
             R"(","text":"post","user":{"screen_name":"v)" + std::to_string(i) + R"("},"entities":{"hashtags":[)" +
             tags + "],\"user_mentions\":[],\"urls\":[]}}\n";
  }
  analysis run;
  run.begin_file("statuses.jsonl");
  feed_all(run, lines, 1 << 16);
  parsed summary(run.summary_json());
  CHECK(object_size(summary.root["quality"]["approximate"]) == 1);
  CHECK(number(summary.root["quality"]["approximate"]["hashtags"]["max_error"]) >= 1);
  const double distinct = double(number(summary.root["distinct"]["hashtags"]));
  CHECK(distinct > posts * per_post * 0.98);
  CHECK(distinct < posts * per_post * 1.02);
  CHECK(number(summary.root["distinct"]["authors"]) == posts);  // exact: below the exact tables' bound
  std::string json, error;
  CHECK(run.filtered_summary_json({}, json, error));  // every post was kept
}

TEST_CASE("spellings grouped in parts give the first entries and the key count of one grouping of all") {
  // 200,000 spellings of 120,000 keys (some in two letter cases), counts 1 to 4: many ties at the n-th count.
  interner spellings;
  std::vector<uint64_t> counts;
  uint64_t state = 12345;
  const auto next = [&state] { return (state = state * 6364136223846793005u + 1442695040888963407u) >> 33; };
  for (int i = 0; i < 200000; ++i) {
    const uint64_t key = next() % 120000;
    const std::string spelling = (next() % 3 == 0 ? "Voice_" : "voice_") + std::to_string(key);
    const uint32_t id = spellings.intern(spelling);
    if (id == counts.size()) counts.push_back(0);
    counts[id] += 1 + next() % 4;
  }
  uint64_t all_keys = 0, keys = 0;
  const std::vector<top_entry> all = group_spellings(spellings, counts, SIZE_MAX, all_keys);  // one part
  for (size_t n : {1, 25, 1000}) {
    CAPTURE(n);
    const std::vector<top_entry> top = group_spellings(spellings, counts, n, keys);  // in parts
    CHECK(keys == all_keys);
    REQUIRE(top.size() == n);
    for (size_t i = 0; i < n; ++i) {
      CHECK(top[i].key == all[i].key);
      CHECK(top[i].label == all[i].label);
      CHECK(top[i].count == all[i].count);
    }
  }
  // The keys counted, independently: the distinct numbers drawn.
  std::set<std::string> distinct_keys;
  for (uint32_t id = 0; id < spellings.size(); ++id) {
    std::string key(spellings.at(id));
    key[0] = 'v';
    distinct_keys.insert(key);
  }
  CHECK(all_keys == distinct_keys.size());
}
