// The subset of DAG-CBOR (RFC 8949 as atproto restricts it, ../shared/FORMATS.md 4.2) that a Bluesky repository
// needs, and CIDs: bounded and allocation-free. A block is checked whole once (cbor::well_formed: every length
// inside the block, definite lengths only, nesting at most MAX_DEPTH); the accessors then read items of it and
// answer "not that type" with an empty optional, never with undefined behaviour.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace chorus::cbor {

/// Deeper nesting is refused: atproto records nest a few levels (a post's embed of a record with media).
inline constexpr int MAX_DEPTH = 32;

/// Major types (the top three bits of an item's first byte).
enum class major : uint8_t { UNSIGNED = 0, NEGATIVE = 1, BYTES = 2, TEXT = 3, ARRAY = 4, MAP = 5, TAG = 6, SIMPLE = 7 };

/// One encoded item: [begin, end) holds exactly its bytes (nested items included).
struct item {
  const uint8_t* begin = nullptr;
  const uint8_t* end = nullptr;

  bool empty() const { return begin == end; }
  major type() const { return static_cast<major>(*begin >> 5); }
};

/// An item's head: its type and its argument (a length, a count, a value or a tag number); nullopt when
/// the bytes end first or the argument is indefinite or reserved.
struct head {
  major type;
  uint64_t value;
  const uint8_t* content;  ///< first byte after the head
};
std::optional<head> read_head(const uint8_t* p, const uint8_t* end);

/// The end of the item that starts at `p`, checked to lie within `end`; nullptr when the bytes are not one
/// well-formed item (cut, indefinite, too deep).
const uint8_t* skip(const uint8_t* p, const uint8_t* end, int depth = 0);

/// The first item of `bytes`, when it is well-formed and exactly fills them.
std::optional<item> whole(std::string_view bytes);

std::optional<std::string_view> text(item it);
std::optional<std::string_view> bytes(item it);
std::optional<uint64_t> unsigned_int(item it);
std::optional<bool> boolean(item it);
bool is_null(item it);
/// A link (tag 42 over the byte string 0x00 + a binary CID): the CID's bytes, without the 0x00.
std::optional<std::string_view> link(item it);

/// Calls fn(key, value) for each entry of a map whose keys are text; false when `it` is not such a map or
/// fn returns false.
template <typename Fn>
bool for_each_entry(item it, Fn&& fn) {
  const auto h = read_head(it.begin, it.end);
  if (!h || h->type != major::MAP) return false;
  const uint8_t* p = h->content;
  for (uint64_t k = 0; k < h->value; ++k) {
    const uint8_t* key_end = skip(p, it.end);
    if (key_end == nullptr) return false;
    const auto key = text({p, key_end});
    if (!key) return false;
    const uint8_t* value_end = skip(key_end, it.end);
    if (value_end == nullptr) return false;
    if (!fn(*key, item{key_end, value_end})) return false;
    p = value_end;
  }
  return true;
}

/// Calls fn(element) for each element of an array; false when `it` is not an array or fn returns false.
template <typename Fn>
bool for_each_element(item it, Fn&& fn) {
  const auto h = read_head(it.begin, it.end);
  if (!h || h->type != major::ARRAY) return false;
  const uint8_t* p = h->content;
  for (uint64_t k = 0; k < h->value; ++k) {
    const uint8_t* next = skip(p, it.end);
    if (next == nullptr) return false;
    if (!fn(item{p, next})) return false;
    p = next;
  }
  return true;
}

/// The value of `key` in a map, or an empty item.
item field(item map, std::string_view key);

/// An unsigned LEB128 varint (CAR framing, CIDs) at `p`: its value and the bytes it took (0 when cut, or
/// longer than 9 bytes).
struct varint {
  uint64_t value = 0;
  size_t size = 0;
};
varint read_varint(const uint8_t* p, const uint8_t* end);

/// A binary CID at `p` (CIDv1: version, codec, multihash; or a bare CIDv0 sha2-256 multihash): its size in
/// bytes (0 when it is not one) and a 64-bit key for hash maps, from the digest's first bytes and the codec.
struct cid {
  size_t size = 0;
  uint64_t key = 0;
};
cid read_cid(const uint8_t* p, const uint8_t* end);
/// The CID a link names (link()'s bytes), or size 0.
cid link_cid(std::string_view link_bytes);

}  // namespace chorus::cbor
