#include <doctest/doctest.h>

#include <string>

#include "formats/bluesky/cbor.h"

namespace cbor = chorus::cbor;

namespace {

std::string bytes(std::initializer_list<int> list) {
  std::string out;
  for (const int b : list) out += static_cast<char>(b);
  return out;
}

}  // namespace

TEST_CASE("DAG-CBOR: a map of text keys, its values read by type, and a link's CID") {
  // {"a": 1, "b": "hi", "l": 42(h'00' + CIDv1 dag-cbor sha2-256 of 32 bytes 0x11)}
  std::string link = bytes({0xd8, 42, 0x58, 37, 0x00, 0x01, 0x71, 0x12, 0x20});
  link += std::string(32, '\x11');
  const std::string map = bytes({0xa3, 0x61, 'a', 0x01, 0x61, 'b', 0x62, 'h', 'i', 0x61, 'l'}) + link;
  const auto item = cbor::whole(map);
  REQUIRE(item);
  CHECK(cbor::unsigned_int(cbor::field(*item, "a")) == 1u);
  CHECK(cbor::text(cbor::field(*item, "b")) == "hi");
  CHECK_FALSE(cbor::text(cbor::field(*item, "a")));  // not that type: nothing, no undefined behaviour
  CHECK(cbor::field(*item, "zz").empty());
  const auto l = cbor::link(cbor::field(*item, "l"));
  REQUIRE(l);
  const cbor::cid id = cbor::link_cid(*l);
  CHECK(id.size == 36);
  CHECK(id.key != 0);
}

TEST_CASE("DAG-CBOR: what a hostile block holds is refused, never read past its end") {
  CHECK_FALSE(cbor::whole(bytes({0x9f, 0x01, 0xff})));              // an indefinite array
  CHECK_FALSE(cbor::whole(bytes({0x7f, 0x61, 'a', 0xff})));         // an indefinite string
  CHECK_FALSE(cbor::whole(bytes({0x1c})));                          // a reserved length
  CHECK_FALSE(cbor::whole(bytes({0x62, 'a'})));                     // a string cut short
  CHECK_FALSE(cbor::whole(bytes({0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff})));  // 2^64-1 elements
  CHECK_FALSE(cbor::whole(bytes({0xbb, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x01})));         // 2^63 entries
  CHECK_FALSE(cbor::whole(bytes({0x01, 0x02})));                    // two items where one is expected
  std::string deep(cbor::MAX_DEPTH + 2, '\x81');                    // [[[[...0...]]]] past the nesting limit
  deep += '\x00';
  CHECK_FALSE(cbor::whole(deep));
  std::string shallow(cbor::MAX_DEPTH, '\x81');
  shallow += '\x00';
  CHECK(cbor::whole(shallow));
  // A varint longer than 9 bytes, and one cut short, give nothing.
  const std::string long_varint(10, '\x80');
  const auto* p = reinterpret_cast<const uint8_t*>(long_varint.data());
  CHECK(cbor::read_varint(p, p + long_varint.size()).size == 0);
  CHECK(cbor::read_varint(p, p + 3).size == 0);
  // A CID whose digest length runs past the bytes is not one.
  const std::string short_cid = bytes({0x01, 0x71, 0x12, 0x20, 0x11, 0x11});
  const auto* c = reinterpret_cast<const uint8_t*>(short_cid.data());
  CHECK(cbor::read_cid(c, c + short_cid.size()).size == 0);
}
