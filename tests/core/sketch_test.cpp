// Fixed-memory tables: Space-Saving top lists, HyperLogLog distinct counts, and the counters that switch to
// them past their exact size.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>

#include "aggregator.h"
#include "json_writer.h"
#include "simdjson.h"
#include "sketch/hyperloglog.h"
#include "sketch/space_saving.h"
#include "time_parse.h"

using namespace chorus;

namespace {

/// A skewed stream as hashtags are: key k drawn with weight 1 / (k + 1) (Zipf), over `keys` keys.
std::vector<std::string> zipf_stream(size_t length, size_t keys, uint32_t seed) {
  std::vector<double> weights(keys);
  for (size_t k = 0; k < keys; ++k) weights[k] = 1.0 / static_cast<double>(k + 1);
  std::discrete_distribution<size_t> pick(weights.begin(), weights.end());
  std::mt19937 random(seed);
  std::vector<std::string> out;
  out.reserve(length);
  for (size_t i = 0; i < length; ++i) out.push_back("tag" + std::to_string(pick(random)));
  return out;
}

/// Checks Space-Saving's guarantees against the true counts: every kept count is at most its error above
/// the truth and never below it, errors are at most the least kept count, and every key counted more
/// than total / capacity times is kept.
void check_guarantees(const space_saving& s, const std::map<std::string, uint64_t>& truth) {
  uint64_t total = 0;
  for (const auto& [key, n] : truth) total += n;
  CHECK(s.total() == total);
  std::map<std::string, space_saving::entry> kept;
  for (const auto& e : s.sorted()) kept[e.key] = e;
  for (const auto& [key, e] : kept) {
    const uint64_t real = truth.count(key) ? truth.at(key) : 0;
    CHECK(e.count >= real);
    CHECK(e.count - e.error <= real);
    CHECK(e.error <= s.min_count());
  }
  for (const auto& [key, n] : truth) {
    if (n > total / s.capacity()) CHECK_MESSAGE(kept.count(key) == 1, key << " counted " << n << " times was dropped");
  }
}

simdjson::dom::element parse(simdjson::dom::parser& parser, const std::string& json) {
  simdjson::dom::element e;
  REQUIRE(parser.parse(json).get(e) == simdjson::SUCCESS);
  return e;
}

std::string state_of(const folded_counter& c) {
  json_writer w;
  c.write_state(w);
  return w.str();
}

}  // namespace

TEST_CASE("Space-Saving keeps every frequent key of a skewed stream, each count within its stated error") {
  const auto stream = zipf_stream(200000, 50000, 7);
  std::map<std::string, uint64_t> truth;
  space_saving s(1000);
  for (const auto& key : stream) {
    ++truth[key];
    s.add(key, key, 1);
  }
  CHECK(s.full());
  CHECK(s.min_count() > 0);
  CHECK(s.min_count() <= s.total() / s.capacity());
  check_guarantees(s, truth);
  // The heaviest keys are exact here: their counts are far above the least kept.
  const auto top = s.sorted();
  CHECK(top[0].key == "tag0");
  CHECK(top[0].count == truth["tag0"]);
  CHECK(top[0].error == 0);
}

TEST_CASE("Space-Saving keeps exactly the keys of the rule it states: least count, then the larger key, goes") {
  // A plain model of the rule (a linear search for the least), beside the heap and its 16-byte prefixes, on
  // keys made to tie: equal counts everywhere, keys alike in their first 8 or 16 bytes or differing only
  // past them, one the other's beginning, NUL and high bytes, weighted adds.
  struct model_entry {
    std::string key;
    uint64_t count, error;
  };
  const size_t capacity = 97;
  std::vector<model_entry> model;
  space_saving s(capacity);
  std::mt19937 random(11);
  const std::vector<std::string> stems = {"", "a", "voice_", "voice_12", "voice_1234567890", "voice_12345678901",
                                          std::string("nul\0nul", 7), "\xC3\xA9t\xC3\xA9", "\xFF\xFF"};
  for (int i = 0; i < 40000; ++i) {
    std::string key = stems[random() % stems.size()] + std::to_string(random() % 400);
    if (random() % 7 == 0) key.push_back('\0');
    const uint64_t n = random() % 5 == 0 ? 1 + random() % 3 : 1;
    s.add(key, key, n);
    auto it = std::find_if(model.begin(), model.end(), [&](const model_entry& e) { return e.key == key; });
    if (it != model.end()) {
      it->count += n;
    } else if (model.size() < capacity) {
      model.push_back({key, n, 0});
    } else {
      auto least = std::min_element(model.begin(), model.end(), [](const model_entry& a, const model_entry& b) {
        return a.count != b.count ? a.count < b.count : a.key > b.key;
      });
      *least = {key, least->count + n, least->count};
    }
    if (i % 997 == 0 || i == 39999) {
      std::sort(model.begin(), model.end(), [](const model_entry& a, const model_entry& b) {
        return a.count != b.count ? a.count > b.count : a.key < b.key;
      });
      const auto sorted = s.sorted();
      REQUIRE(sorted.size() == model.size());
      for (size_t k = 0; k < model.size(); ++k) {
        CHECK(sorted[k].key == model[k].key);
        CHECK(sorted[k].count == model[k].count);
        CHECK(sorted[k].error == model[k].error);
      }
      CHECK(s.min_count() == (model.size() < capacity ? 0 : model.back().count));
    }
  }
  // Merged, assigned and added to again: still the rule's keys.
  space_saving copy(capacity);
  REQUIRE(copy.assign(s.sorted(), s.total()));
  for (int i = 0; i < 500; ++i) {
    const std::string key = "voice_1234567890" + std::to_string(i % 50);
    copy.add(key, key, 1);
    s.add(key, key, 1);
  }
  const auto a = s.sorted(), b = copy.sorted();
  REQUIRE(a.size() == b.size());
  for (size_t k = 0; k < a.size(); ++k) CHECK(a[k].key == b[k].key);
}

TEST_CASE("Space-Saving summaries of two streams merge to a summary of both with the same guarantees") {
  const auto a = zipf_stream(100000, 30000, 1), b = zipf_stream(100000, 30000, 2);
  std::map<std::string, uint64_t> truth;
  space_saving left(800), right(800);
  for (const auto& key : a) ++truth[key], left.add(key, key, 1);
  for (const auto& key : b) ++truth[key], right.add(key, key, 1);
  left.merge(right);
  CHECK(left.sorted().size() <= 800);
  check_guarantees(left, truth);
}

TEST_CASE("Space-Saving refuses contents that cannot be a summary, and keeps what it had") {
  space_saving s(3);
  s.add("a", "A", 5);
  CHECK_FALSE(s.assign({{"x", "x", 1, 0}, {"y", "y", 1, 0}, {"z", "z", 1, 0}, {"w", "w", 1, 0}}, 4));  // over capacity
  CHECK_FALSE(s.assign({{"x", "x", 2, 3}}, 10));                        // error above count
  CHECK_FALSE(s.assign({{"x", "x", 0, 0}}, 10));                        // an empty counter
  CHECK_FALSE(s.assign({{"x", "x", 6, 0}, {"y", "y", 6, 0}}, 10));      // more counted than the total
  CHECK_FALSE(s.assign({{"x", "x", 2, 0}, {"x", "X", 2, 0}}, 10));      // the same key twice
  REQUIRE(s.sorted().size() == 1);
  CHECK(s.sorted()[0].key == "a");
  CHECK(s.total() == 5);
}

TEST_CASE("HyperLogLog counts a million distinct values within 2%, and a few exactly enough") {
  hyperloglog h;
  CHECK(h.empty());
  CHECK(h.estimate() == 0);
  for (int i = 0; i < 1000000; ++i) {
    h.add("author" + std::to_string(i));
    if (i % 3 == 0) h.add("author" + std::to_string(i / 2));  // repeats change nothing
  }
  CHECK(std::abs(static_cast<double>(h.estimate()) - 1e6) < 0.02 * 1e6);
  hyperloglog few;
  for (int i = 0; i < 100; ++i) few.add("tag" + std::to_string(i));
  CHECK(std::abs(static_cast<double>(few.estimate()) - 100) <= 2);
}

TEST_CASE("HyperLogLog sketches merge to the sketch of the union, and round-trip through text") {
  hyperloglog a, b, both;
  for (int i = 0; i < 300000; ++i) {
    const std::string v = "v" + std::to_string(i);
    (i < 200000 ? a : b).add(v);
    if (i >= 100000 && i < 200000) b.add(v);  // overlap
    both.add(v);
  }
  a.merge(b);
  CHECK(a.encode() == both.encode());
  hyperloglog copy;
  REQUIRE(copy.decode(both.encode()));
  CHECK(copy.estimate() == both.estimate());
  CHECK_FALSE(copy.decode("ABC"));                                             // too short
  CHECK_FALSE(copy.decode(std::string(hyperloglog::REGISTERS, '_')));           // ranks above the largest
  CHECK_FALSE(copy.decode(std::string(hyperloglog::REGISTERS, '!')));           // not the alphabet
  CHECK(copy.estimate() == both.estimate());                                   // unchanged by refusals
}

TEST_CASE("a stable hash is the same in every build") {
  // Values printed by a wasm32 build of hyperloglog.cpp (em++ -sSINGLE_FILE, run in node): a sketch written
  // by the page's module merges into one written natively only while these hold.
  CHECK(stable_hash("") == UINT64_C(0x925c815b886c082b));
  CHECK(stable_hash("metoo") == UINT64_C(0xc5b62f7cc5206b48));
  CHECK(stable_hash("a longer value of 23 by") == UINT64_C(0xdb22ed8792c511e4));
}

TEST_CASE("a counter is exact up to its limit, then a sketch: frequent keys kept, distinct count estimated") {
  folded_counter c;
  // Heavy hitters spelled two ways, then a long tail of values seen once, past the exact limit.
  for (int i = 0; i < 500; ++i) c.add(i % 2 ? "MeToo" : "metoo");
  for (int i = 0; i < 300; ++i) c.add("TimesUp");
  const size_t tail = folded_counter::EXACT_SPELLINGS * 3;
  for (size_t i = 0; i < folded_counter::EXACT_SPELLINGS - 10; ++i) c.add("tail" + std::to_string(i));
  CHECK_FALSE(c.approximate());
  CHECK(c.max_error() == 0);
  for (size_t i = folded_counter::EXACT_SPELLINGS - 10; i < tail; ++i) c.add("tail" + std::to_string(i));
  CHECK(c.approximate());
  const double distinct = static_cast<double>(tail + 2);
  CHECK(std::abs(static_cast<double>(c.distinct()) - distinct) < 0.02 * distinct);
  const auto top = c.top(2);
  REQUIRE(top.size() == 2);
  CHECK(top[0].key == "metoo");
  CHECK(top[0].count >= 500);
  CHECK(top[0].count <= 500 + c.max_error());
  CHECK(top[1].key == "timesup");
  CHECK(top[1].label == "TimesUp");
  CHECK(c.max_error() <= (800 + tail) / folded_counter::TOP_CAPACITY);
}

TEST_CASE("a sketched counter's state round-trips and merges with exact counters either way") {
  folded_counter big;
  for (size_t i = 0; i < folded_counter::EXACT_SPELLINGS + 5000; ++i) big.add("v" + std::to_string(i));
  for (int i = 0; i < 1000; ++i) big.add("Heavy");
  REQUIRE(big.approximate());
  simdjson::dom::parser parser;

  folded_counter copy;
  REQUIRE(copy.merge_state(parse(parser, state_of(big))));
  CHECK(copy.approximate());
  CHECK(state_of(copy) == state_of(big));
  CHECK(copy.distinct() == big.distinct());

  folded_counter small;
  small.add("heavy", 7);
  small.add("Other", 3);
  folded_counter exact_then_sketch = small, sketch_then_exact = big;
  exact_then_sketch.merge(big);
  sketch_then_exact.merge(small);
  for (const folded_counter* merged : {&exact_then_sketch, &sketch_then_exact}) {
    const auto top = merged->top(1);
    REQUIRE(top.size() == 1);
    CHECK(top[0].key == "heavy");
    CHECK(top[0].count >= 1007);
    CHECK(top[0].count <= 1007 + merged->max_error());
  }
  CHECK(exact_then_sketch.distinct() == sketch_then_exact.distinct());
}

TEST_CASE("a malformed sketch state is refused: labels not of their key, impossible counts, bad registers") {
  folded_counter big;
  for (size_t i = 0; i < folded_counter::EXACT_SPELLINGS + 1; ++i) big.add("v" + std::to_string(i));
  const std::string good = state_of(big);
  const std::string registers = good.substr(good.find("\"distinct\""));
  simdjson::dom::parser parser;
  const auto refused = [&](const std::string& state) {
    folded_counter c;
    c.add("kept");
    const bool merged = c.merge_state(parse(parser, state));
    CHECK(c.top(5).size() == 1);  // nothing changed
    return !merged;
  };
  CHECK(refused(R"({"total":5,"top":[["metoo","Other",5,0]],)" + registers));  // a label of another key
  CHECK(refused(R"({"total":5,"top":[["a","a",2,3]],)" + registers));          // error above count
  CHECK(refused(R"({"total":5,"top":[["a","a",9,0]],)" + registers));          // above the total
  CHECK(refused(R"({"total":9,"top":[["a","a",2,0],["a","A",2,0]],)" + registers));  // a key twice
  CHECK(refused(R"({"total":9007199254740993,"top":[],)" + registers));      // past 2^53
  CHECK(refused(R"({"total":5,"top":[["a","a",5,0]],"distinct":"AB"})"));   // registers cut short
  CHECK(refused(R"({"total":5,"top":[["a","a",5,0]]})"));                    // no registers
  CHECK(refused(R"([["a",9007199254740993]])"));                             // an exact count past 2^53
}

TEST_CASE("posts dated outside the timeline count in totals and lists, not in its days") {
  aggregator a;
  post p;
  p.kind = post_kind::ORIGINAL;
  p.hashtags = {"MeToo"};
  p.time_ms = -3600000;  // 1969-12-31 23:00 UTC
  a.add(p);
  p.time_ms = *parse_timestamp("2150-01-01 00:00:00 +0000");
  a.add(p);
  p.time_ms = *parse_timestamp("2017-10-15 20:00:00 +0000");
  a.add(p);
  CHECK(a.posts() == 3);
  CHECK(a.outside_timeline == 2);
  REQUIRE(a.days().size() == 1);
  CHECK(format_day(a.days().begin()->first) == "2017-10-15");
  CHECK(a.list(top_list::HASHTAGS).top(1)[0].count == 3);
  uint64_t in_week = 0;
  for (const auto& row : a.week_hours)
    for (const uint64_t n : row) in_week += n;
  CHECK(in_week == 1);
}
