// The id set: exact membership through every growth of its table, listing, reserving and its bound.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "id_set.h"

using namespace chorus;

namespace {

/// Snowflake-like ids: a millisecond time in the high bits and a sequence in the low ones, as X's are (far
/// from uniform: what the mixing is for).
std::vector<uint64_t> snowflakes(size_t n, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<uint64_t> out;
  uint64_t ms = 1508025600000ULL - 1288834974657ULL;  // 15 October 2017, in X's epoch
  for (size_t i = 0; i < n; ++i) {
    ms += random() % 3;
    out.push_back((ms << 22) | (random() % 4096));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace

TEST_CASE("id set: every key found after the table grew, no other, listed once each") {
  const std::vector<uint64_t> keys = snowflakes(700000, 1);
  id_set ids;
  for (size_t i = 0; i < keys.size(); i += 2) REQUIRE(ids.insert(keys[i]));
  CHECK(ids.size() == (keys.size() + 1) / 2);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (ids.contains(keys[i]) != (i % 2 == 0)) FAIL("key " << i << " misplaced");
  }
  for (size_t i = 0; i < keys.size(); i += 2) {
    if (ids.insert(keys[i])) FAIL("key " << i << " taken as new a second time");
  }
  CHECK(ids.size() == (keys.size() + 1) / 2);
  // Slots filled to between 9/20 and 9/10 (at most 20/9 slots a key, at least 10/9), of 6 bytes at most
  // from 2^18 buckets on (this many keys need more), 5.5 bytes at least below 2^22.
  CHECK(ids.bytes() <= ids.size() * 6 * 20 / 9 + 8);
  CHECK(ids.bytes() >= ids.size() * 55 / 10 * 10 / 9);

  std::vector<uint64_t> listed;
  ids.for_each([&](uint64_t key) { listed.push_back(key); });
  std::sort(listed.begin(), listed.end());
  std::vector<uint64_t> even;
  for (size_t i = 0; i < keys.size(); i += 2) even.push_back(keys[i]);
  CHECK(listed == even);

  ids.clear();
  CHECK(ids.size() == 0);
  CHECK(ids.bytes() == 0);
  CHECK_FALSE(ids.contains(keys[0]));
  CHECK(ids.insert(keys[0]));
}

TEST_CASE("id set: keys listed from a larger set, added to a reserved one, are all found") {
  const std::vector<uint64_t> keys = snowflakes(300000, 2);
  id_set big;
  for (uint64_t k : keys) big.insert(k);
  id_set small;
  small.insert(keys[5]);
  small.reserve(small.size() + big.size());
  const size_t reserved = small.bytes();
  size_t added = 0;
  big.for_each([&](uint64_t key) { added += small.insert(key) ? 1 : 0; });
  CHECK(added == keys.size() - 1);
  CHECK(small.size() == keys.size());
  CHECK(small.bytes() == reserved);  // the table did not have to grow after the reservation
  for (uint64_t k : keys) {
    if (!small.contains(k)) FAIL("lost " << k);
  }
}

TEST_CASE("id set: keys added in bulk (insert_each, which fetches ahead) are kept as one by one, through growth") {
  const std::vector<uint64_t> keys = snowflakes(400000, 3);
  // Every third key twice, so that some are found; no reservation, so that the table doubles on the way.
  std::vector<uint64_t> bulk;
  for (size_t i = 0; i < keys.size(); ++i) {
    bulk.push_back(keys[i]);
    if (i % 3 == 0) bulk.push_back(keys[i]);
  }
  id_set ids;
  REQUIRE(ids.insert(keys[1]));  // one known before
  const size_t found = ids.insert_each(bulk.size(), [&](size_t i) { return bulk[i]; });
  CHECK(found == (keys.size() + 2) / 3 + 1);
  CHECK(ids.size() == keys.size());
  id_set one_by_one;
  for (const uint64_t k : bulk) one_by_one.insert(k);
  std::vector<uint64_t> a, b;
  ids.for_each([&](uint64_t key) { a.push_back(key); });
  one_by_one.for_each([&](uint64_t key) { b.push_back(key); });
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  CHECK(a == keys);
  CHECK(b == keys);
  CHECK(ids.insert_each(0, [&](size_t i) { return bulk[i]; }) == 0);
  CHECK(ids.insert_each(3, [&](size_t i) { return keys[i]; }) == 3);  // shorter than the distance fetched ahead
}

TEST_CASE("id set: filled to the brim before each doubling, every key kept and listed once") {
  // Past 9/10 of its slots the table doubles; just before, a new key often finds both its buckets full and
  // moves others along (cuckoo moves). Every key must still be found, and no other.
  std::mt19937_64 random(3);
  id_set ids;
  std::vector<uint64_t> keys;
  for (int doublings = 0; doublings < 6;) {
    const size_t before = ids.bytes();
    const uint64_t key = random();
    REQUIRE(ids.insert(key));
    keys.push_back(key);
    if (ids.bytes() == before || before == 0) continue;
    ++doublings;
    // The table just doubled: the keys before this one filled the old one to 9/10 of its slots (2^bits
    // buckets of 4 slots of 66 - bits bits, as its size in bytes tells).
    size_t old_slots = 0;
    for (int bits = 10; bits <= 22; ++bits) {
      if (((size_t{4} << bits) * (66 - bits) + 7) / 8 + 8 == before) old_slots = size_t{4} << bits;
    }
    CHECK(keys.size() - 1 == old_slots / 10 * 9);
    for (uint64_t k : keys) {
      if (!ids.contains(k)) FAIL("lost " << k << " after " << keys.size() << " keys");
    }
    size_t listed = 0;
    ids.for_each([&](uint64_t) { ++listed; });
    CHECK(listed == keys.size());
  }
  for (int i = 0; i < 10000; ++i) CHECK_FALSE(ids.contains(random()));
}

TEST_CASE("id set: the 4 GB benchmark file's 2,690,836 posts in 24 MB (8-byte slots took 32 MiB)") {
  const std::vector<uint64_t> keys = snowflakes(2700000, 4);
  id_set ids;
  for (size_t i = 0; i < 2690836; ++i) ids.insert(keys[i]);
  CHECK(ids.size() == 2690836);
  CHECK(ids.bytes() < 24200000);  // 2^22 slots of 46 bits
  for (size_t i = 0; i < 2690836; i += 101) REQUIRE(ids.contains(keys[i]));
  for (size_t i = 2690836; i < keys.size(); ++i) REQUIRE_FALSE(ids.contains(keys[i]));
}

TEST_CASE("id set: exact up to MAX_IDS, then full (new keys pass unkept, known ones still found)") {
  id_set ids;
  ids.reserve(id_set::MAX_IDS);
  CHECK(ids.bytes() == id_set::MAX_SLOTS * 44 / 8 + 8);  // 88 MiB, and 8 bytes so that each slot is one load
  uint64_t key = 0;
  size_t taken_as_new = 0;
  while (!ids.full()) taken_as_new += ids.insert(key++ * 0x9E3779B97F4A7C15ULL) ? 1 : 0;
  CHECK(taken_as_new == id_set::MAX_IDS);
  CHECK(ids.size() == id_set::MAX_IDS);
  CHECK(key == id_set::MAX_IDS);
  CHECK(ids.insert(key * 0x9E3779B97F4A7C15ULL));       // new: taken as new, not kept
  CHECK_FALSE(ids.contains(key * 0x9E3779B97F4A7C15ULL));
  CHECK_FALSE(ids.insert(7 * 0x9E3779B97F4A7C15ULL));  // known: still a duplicate
  CHECK(ids.size() == id_set::MAX_IDS);
  CHECK(ids.bytes() == id_set::MAX_SLOTS * 44 / 8 + 8);
}
