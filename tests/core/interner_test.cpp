#include "text/interner.h"

#include <doctest/doctest.h>

#include <string>
#include <unordered_map>

using namespace chorus;

TEST_CASE("the interner numbers each distinct string once, in the order first met, through its growth") {
  interner names;
  std::unordered_map<std::string, uint32_t> expected;
  // Strings of every length around the 8-byte steps of the hash, the empty string, bytes past ASCII and NUL.
  std::vector<std::string> all = {"", std::string(1, '\0'), std::string(9, '\0'), "\xC3\xA9", "MeToo", "metoo"};
  for (int i = 0; i < 100000; ++i) all.push_back(std::string(static_cast<size_t>(i % 23), 'x') + std::to_string(i));
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& s : all) {
      const uint32_t id = names.intern(s);
      const auto [it, added] = expected.emplace(s, static_cast<uint32_t>(expected.size()));
      REQUIRE(id == it->second);  // a new string gets the next number; one met again keeps its own
    }
  }
  CHECK(names.size() == all.size());
  for (const auto& [s, id] : expected) CHECK(names.at(id) == s);
  CHECK(names.bytes() >= names.size() * 4);
}

TEST_CASE("strings that differ only past their first eight bytes, or only in length, stay apart") {
  interner names;
  CHECK(names.intern("abcdefgh1") == 0);
  CHECK(names.intern("abcdefgh2") == 1);
  CHECK(names.intern("abcdefgh") == 2);
  CHECK(names.intern(std::string("abcdefgh\0", 9)) == 3);
  CHECK(names.intern("abcdefgh1") == 0);
  CHECK(names.at(3) == std::string_view("abcdefgh\0", 9));
}

TEST_CASE("find looks up without adding, and clear forgets every string so that numbering starts again") {
  interner names;
  CHECK(names.find("a") == interner::NONE);
  for (int i = 0; i < 1000; ++i) names.intern("id" + std::to_string(i));
  CHECK(names.find("id999") == 999);
  CHECK(names.find("id1000") == interner::NONE);
  CHECK(names.size() == 1000);
  names.clear();
  CHECK(names.size() == 0);
  CHECK(names.find("id5") == interner::NONE);
  CHECK(names.intern("id5") == 0);
  CHECK(names.intern("other") == 1);
  CHECK(names.find("id5") == 0);
  CHECK(names.at(1) == "other");
}
