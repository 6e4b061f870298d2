#include "structurals.h"

#include <cstring>
#include <memory>
#include <mutex>
#include <utility>

#include "text/simd16.h"
#include "text/swar.h"

namespace chorus {

bool verify_prepared_structurals = false;
uint64_t structurals_mismatches = 0;
uint64_t structurals_used = 0;

namespace {

/// Whether simdjson's stage 1 of `real` finds exactly the prepared structurals in their buffer, without error.
bool stage1_matches(const simdjson::implementation& real, const prepared_structurals& p) {
  std::unique_ptr<simdjson::internal::dom_parser_implementation> check;
  if (real.create_dom_parser_implementation(p.size, simdjson::DEFAULT_MAX_DEPTH, check)) return false;
  if (check->stage1(reinterpret_cast<const uint8_t*>(p.data), p.size, simdjson::stage1_mode::regular)) return false;
  return check->n_structural_indexes == p.count &&
         std::memcmp(check->structural_indexes.get(), p.indexes, p.count * sizeof(uint32_t)) == 0;
}

/// A parser implementation that takes offered structurals for stage 1 and leaves everything else (and
/// stage 1 of any other buffer) to simdjson's implementation for this machine.
class prepared_parser final : public simdjson::internal::dom_parser_implementation, public structurals_taker {
 public:
  void offer(const prepared_structurals* prepared) override { offered_ = prepared; }

  prepared_parser(const simdjson::implementation& real, std::unique_ptr<dom_parser_implementation> inner)
      : real_(real), inner_(std::move(inner)) {}

  simdjson::error_code stage1(const uint8_t* buf, size_t len, simdjson::stage1_mode mode) noexcept override {
    const prepared_structurals* p = offered_;
    if (p && mode == simdjson::stage1_mode::regular && reinterpret_cast<const uint8_t*>(p->data) == buf &&
        p->size == len && p->count > 0 && p->count <= len) {
      if (verify_prepared_structurals) {
        // Against this machine's stage 1 and the portable one (which wasm runs): they may differ on bytes
        // the record copy leaves to them, never on what it offers.
        const simdjson::implementation* portable = simdjson::get_available_implementations()["fallback"];
        if (!stage1_matches(real_, *p) || (portable && !stage1_matches(*portable, *p))) ++structurals_mismatches;
      }
      ++structurals_used;
      std::memcpy(structural_indexes.get(), p->indexes, p->count * sizeof(uint32_t));
      // What simdjson's stage 1 leaves after the last index (see its structural_scanner::scan).
      structural_indexes[p->count] = static_cast<uint32_t>(len);
      structural_indexes[p->count + 1] = static_cast<uint32_t>(len);
      structural_indexes[p->count + 2] = 0;
      n_structural_indexes = static_cast<uint32_t>(p->count);
      next_structural_index = 0;
      return simdjson::SUCCESS;
    }
    return with_inner_indexes([&] { return inner_->stage1(buf, len, mode); });
  }

  simdjson::error_code parse(const uint8_t* buf, size_t len, simdjson::dom::document& doc) noexcept override {
    return with_inner_indexes([&] { return inner_->parse(buf, len, doc); });
  }
  simdjson::error_code stage2(simdjson::dom::document& doc) noexcept override {
    return with_inner_indexes([&] { return inner_->stage2(doc); });
  }
  simdjson::error_code stage2_next(simdjson::dom::document& doc) noexcept override {
    return with_inner_indexes([&] { return inner_->stage2_next(doc); });
  }
  /// A string's bytes up to its closing quote, sixteen at a time with SIMD and eight without, while there is
  /// no escape (the portable implementation copies them one by one); from the first backslash on, simdjson's
  /// own parse_string unescapes the rest, as it would have from the start (each escape is read where it
  /// begins). The wide reads and stores past the quote stay within the padding simdjson keeps after the
  /// document and after the string buffer (64 bytes; its own SIMD kernels store 32 at a time).
  uint8_t* parse_string(const uint8_t* src, uint8_t* dst, bool allow_replacement) const noexcept override {
#ifdef CHORUS_SIMD16
    for (;;) {
      const simd16::bytes v = simd16::load(src);
      simd16::store(dst, v);
      if (const uint32_t m = simd16::mask_of(v, '"', '\\')) {
        const auto k = static_cast<size_t>(__builtin_ctz(m));
        if (src[k] == '"') return dst + k;
        return inner_->parse_string(src + k, dst + k, allow_replacement);
      }
      src += 16;
      dst += 16;
    }
#else
    for (;;) {
      const uint64_t v = swar::load64(src);
      std::memcpy(dst, &v, sizeof v);
      if (const uint64_t m = swar::has_byte(v, '"') | swar::has_byte(v, '\\')) {  // the lowest mark is exact
        const auto k = static_cast<size_t>(__builtin_ctzll(m) >> 3);
        if (src[k] == '"') return dst + k;
        return inner_->parse_string(src + k, dst + k, allow_replacement);
      }
      src += sizeof v;
      dst += sizeof v;
    }
#endif
  }
  uint8_t* parse_wobbly_string(const uint8_t* src, uint8_t* dst) const noexcept override {
    return inner_->parse_wobbly_string(src, dst);
  }
  simdjson::error_code set_capacity(size_t capacity) noexcept override {
    if (auto e = inner_->set_capacity(capacity)) return e;
    inner_->structural_indexes.reset();  // it works on this parser's (see with_inner_indexes)
    // As many as simdjson's own implementations allocate (one per byte at most, and the padding).
    structural_indexes.reset(new (std::nothrow) uint32_t[SIMDJSON_ROUNDUP_N(capacity, 64) + 2 + 7]);
    if (!structural_indexes) return simdjson::MEMALLOC;
    structural_indexes[0] = 0;
    n_structural_indexes = 0;
    _capacity = capacity;
    return simdjson::SUCCESS;
  }
  simdjson::error_code set_max_depth(size_t max_depth) noexcept override {
    if (auto e = inner_->set_max_depth(max_depth)) return e;
    _max_depth = max_depth;
    return simdjson::SUCCESS;
  }

 private:
  /// Runs `step` of the inner implementation on this parser's index buffer (which the ondemand parser
  /// reads), then takes its count and position.
  template <typename F>
  simdjson::error_code with_inner_indexes(F&& step) noexcept {
    structural_indexes.swap(inner_->structural_indexes);
    const simdjson::error_code e = step();
    structural_indexes.swap(inner_->structural_indexes);
    n_structural_indexes = inner_->n_structural_indexes;
    next_structural_index = inner_->next_structural_index;
    return e;
  }

  const simdjson::implementation& real_;
  std::unique_ptr<dom_parser_implementation> inner_;
  const prepared_structurals* offered_ = nullptr;
};

/// The implementation installed just for the parsers that take prepared structurals.
class prepared_implementation final : public simdjson::implementation {
 public:
  explicit prepared_implementation(const simdjson::implementation& real)
      : simdjson::implementation("chorus_prepared", "structurals found by the record copy", 0), real_(real) {}

  simdjson::error_code create_dom_parser_implementation(
      size_t capacity, size_t max_depth,
      std::unique_ptr<simdjson::internal::dom_parser_implementation>& dst) const noexcept override {
    std::unique_ptr<simdjson::internal::dom_parser_implementation> inner;
    if (auto e = real_.create_dom_parser_implementation(capacity, max_depth, inner)) return e;
    auto mine = std::unique_ptr<prepared_parser>(new (std::nothrow) prepared_parser(real_, std::move(inner)));
    if (!mine) return simdjson::MEMALLOC;
    if (auto e = mine->set_capacity(capacity)) return e;
    if (auto e = mine->set_max_depth(max_depth)) return e;
    created = mine.get();
    dst = std::move(mine);
    return simdjson::SUCCESS;
  }
  simdjson::error_code minify(const uint8_t* buf, size_t len, uint8_t* dst, size_t& dst_len) const noexcept override {
    return real_.minify(buf, len, dst, dst_len);
  }
  bool validate_utf8(const char* buf, size_t len) const noexcept override { return real_.validate_utf8(buf, len); }

  /// The parser implementation made last (read under the lock of use_prepared_structurals).
  static inline prepared_parser* created = nullptr;

 private:
  const simdjson::implementation& real_;
};

}  // namespace

structurals_taker* use_prepared_structurals(simdjson::ondemand::parser& parser) {
  // The parser creates its implementation from simdjson's active one, once, on its first allocation: ours
  // is made active for that moment. (A parser made by another thread in that moment would get one too, and
  // behave exactly like simdjson's, as nothing is ever offered to it.)
  static std::mutex setting_up;
  const std::lock_guard<std::mutex> lock(setting_up);
  auto& active = simdjson::get_active_implementation();
  const simdjson::implementation* real = active;
  static const prepared_implementation prepared(*real);
  prepared_implementation::created = nullptr;
  active = &prepared;
  const auto error = parser.allocate(4096);
  active = real;
  structurals_taker* taker = error ? nullptr : prepared_implementation::created;
  prepared_implementation::created = nullptr;
  return taker;
}

bool valid_utf8(const char* data, size_t size) {
  const auto* s = reinterpret_cast<const uint8_t*>(data);
  size_t i = 0;
  while (i < size) {
#ifdef CHORUS_SIMD16
    if (i + 16 <= size && simd16::non_ascii(simd16::load(s + i)) == 0) {
      i += 16;
      continue;
    }
#endif
    if (i + 8 <= size && swar::all_ascii(swar::load64(s + i))) {
      i += 8;
      continue;
    }
    const uint8_t c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    const auto continuation = [&](size_t k) { return i + k < size && (s[i + k] & 0xC0) == 0x80; };
    if (c < 0xC2) return false;  // a continuation byte without a lead, or an overlong 2-byte form
    if (c < 0xE0) {
      if (!continuation(1)) return false;
      i += 2;
    } else if (c < 0xF0) {
      if (!continuation(1) || !continuation(2)) return false;
      if (c == 0xE0 && s[i + 1] < 0xA0) return false;   // overlong
      if (c == 0xED && s[i + 1] >= 0xA0) return false;  // surrogates
      i += 3;
    } else if (c < 0xF5) {
      if (!continuation(1) || !continuation(2) || !continuation(3)) return false;
      if (c == 0xF0 && s[i + 1] < 0x90) return false;   // overlong
      if (c == 0xF4 && s[i + 1] >= 0x90) return false;  // above U+10FFFF
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace chorus
