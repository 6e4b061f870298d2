#include "formats/bluesky/cbor.h"

#include <cstring>

namespace chorus::cbor {

std::optional<head> read_head(const uint8_t* p, const uint8_t* end) {
  if (p >= end) return std::nullopt;
  const auto type = static_cast<major>(*p >> 5);
  const uint8_t info = *p & 31;
  ++p;
  uint64_t value = info;
  if (info >= 24) {
    if (info > 27) return std::nullopt;  // 28-30 reserved, 31 indefinite: DAG-CBOR has neither
    const size_t n = size_t{1} << (info - 24);
    if (static_cast<size_t>(end - p) < n) return std::nullopt;
    value = 0;
    for (size_t k = 0; k < n; ++k) value = (value << 8) | p[k];
    p += n;
  }
  return head{type, value, p};
}

const uint8_t* skip(const uint8_t* p, const uint8_t* end, int depth) {
  if (depth > MAX_DEPTH) return nullptr;
  const auto h = read_head(p, end);
  if (!h) return nullptr;
  const auto left = static_cast<uint64_t>(end - h->content);
  switch (h->type) {
    case major::UNSIGNED:
    case major::NEGATIVE:
    case major::SIMPLE:  // false, true, null, and floats (their bytes are the head's argument)
      return h->content;
    case major::BYTES:
    case major::TEXT:
      return h->value <= left ? h->content + h->value : nullptr;
    case major::ARRAY:
    case major::MAP: {
      // Every item takes at least one byte: a count beyond the bytes left is refused before any loop.
      const uint64_t items = h->type == major::MAP ? h->value * 2 : h->value;
      if (h->value > left || items > left) return nullptr;
      const uint8_t* q = h->content;
      for (uint64_t k = 0; k < items && q != nullptr; ++k) q = skip(q, end, depth + 1);
      return q;
    }
    case major::TAG:
      return skip(h->content, end, depth + 1);
  }
  return nullptr;
}

std::optional<item> whole(std::string_view bytes) {
  const auto* begin = reinterpret_cast<const uint8_t*>(bytes.data());
  const auto* end = begin + bytes.size();
  const uint8_t* stop = skip(begin, end);
  if (stop != end) return std::nullopt;
  return item{begin, end};
}

namespace {

std::optional<std::string_view> string_of(item it, major type) {
  const auto h = read_head(it.begin, it.end);
  if (!h || h->type != type || h->value > static_cast<uint64_t>(it.end - h->content)) return std::nullopt;
  return std::string_view(reinterpret_cast<const char*>(h->content), h->value);
}

}  // namespace

std::optional<std::string_view> text(item it) {
  return string_of(it, major::TEXT);
}

std::optional<std::string_view> bytes(item it) {
  return string_of(it, major::BYTES);
}

std::optional<uint64_t> unsigned_int(item it) {
  const auto h = read_head(it.begin, it.end);
  if (!h || h->type != major::UNSIGNED) return std::nullopt;
  return h->value;
}

std::optional<bool> boolean(item it) {
  if (it.empty()) return std::nullopt;
  if (*it.begin == 0xf4) return false;
  if (*it.begin == 0xf5) return true;
  return std::nullopt;
}

bool is_null(item it) {
  return !it.empty() && *it.begin == 0xf6;
}

std::optional<std::string_view> link(item it) {
  const auto h = read_head(it.begin, it.end);
  if (!h || h->type != major::TAG || h->value != 42) return std::nullopt;
  const auto b = bytes({h->content, it.end});
  if (!b || b->empty() || (*b)[0] != '\0') return std::nullopt;
  return b->substr(1);
}

item field(item map, std::string_view key) {
  item found;
  for_each_entry(map, [&](std::string_view k, item value) {
    if (k != key) return true;
    found = value;
    return false;
  });
  return found;
}

varint read_varint(const uint8_t* p, const uint8_t* end) {
  varint v;
  for (size_t k = 0; k < 9 && p + k < end; ++k) {
    v.value |= static_cast<uint64_t>(p[k] & 0x7f) << (7 * k);
    if ((p[k] & 0x80) == 0) {
      v.size = k + 1;
      return v;
    }
  }
  return {};
}

cid read_cid(const uint8_t* p, const uint8_t* end) {
  const uint8_t* start = p;
  uint64_t codec = 0x70;  // CIDv0 is dag-pb
  if (end - p >= 34 && p[0] == 0x12 && p[1] == 0x20) {
    p += 2;
  } else {
    const varint version = read_varint(p, end);
    if (version.size == 0 || version.value != 1) return {};
    p += version.size;
    const varint codec_v = read_varint(p, end);
    if (codec_v.size == 0) return {};
    codec = codec_v.value;
    p += codec_v.size;
    const varint hash = read_varint(p, end);
    if (hash.size == 0) return {};
    p += hash.size;
    const varint length = read_varint(p, end);
    if (length.size == 0 || length.value > 64 || length.value > static_cast<uint64_t>(end - p - length.size)) return {};
    p += length.size;
    uint8_t digest[8] = {};
    std::memcpy(digest, p, length.value < 8 ? length.value : 8);
    uint64_t key = 0;
    for (const uint8_t b : digest) key = (key << 8) | b;
    return {static_cast<size_t>(p + length.value - start), key ^ (codec * 0x9E3779B97F4A7C15ull)};
  }
  uint64_t key = 0;
  for (size_t k = 0; k < 8; ++k) key = (key << 8) | p[k];
  return {34, key ^ (codec * 0x9E3779B97F4A7C15ull)};
}

cid link_cid(std::string_view link_bytes) {
  const auto* p = reinterpret_cast<const uint8_t*>(link_bytes.data());
  const cid c = read_cid(p, p + link_bytes.size());
  return c.size == link_bytes.size() ? c : cid{};
}

}  // namespace chorus::cbor
