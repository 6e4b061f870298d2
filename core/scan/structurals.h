// Structural indexes found while a record is copied, handed to simdjson in place of its stage 1.
//
// simdjson parses in two stages: stage 1 finds the position of every structural character (brackets,
// ':', ',', the opening quote of each string, the first byte of each number or literal) and checks UTF-8;
// stage 2 walks those positions. In wasm, stage 1 is simdjson's portable byte-by-byte loop, ~20% of the
// time, over bytes the record copy (x_reader.cpp) has just stepped through itself. The copy records the
// positions as it goes; a parser set up with `use_prepared_structurals` takes them instead of running stage 1
// when they describe the exact buffer it is asked to parse, and runs simdjson's own stage 1 otherwise.
#pragma once

#include <cstddef>
#include <cstdint>

#include "simdjson.h"

namespace chorus {

/// What a record copy found in the buffer it wrote: the positions simdjson's stage 1 would find there.
struct prepared_structurals {
  const char* data = nullptr;  ///< the buffer they describe
  size_t size = 0;             ///< its length (padding excluded)
  const uint32_t* indexes = nullptr;
  size_t count = 0;
};

/// Where a parser set up by use_prepared_structurals takes its structurals from.
class structurals_taker {
 public:
  /// Offers structurals for the parser's next parse (taken when they describe the buffer it parses);
  /// nullptr withdraws them.
  virtual void offer(const prepared_structurals* prepared) = 0;

 protected:
  ~structurals_taker() = default;
};

/// Makes `parser` take offered structurals instead of running stage 1 (call before its first use). Returns
/// where to offer them, owned by the parser; nullptr when the parser could not be set up (it then runs
/// simdjson's stage 1 as usual).
structurals_taker* use_prepared_structurals(simdjson::ondemand::parser& parser);

/// True when `data` is valid UTF-8 by the rules of simdjson's stage 1 (no overlong forms, surrogates or
/// code points above U+10FFFF).
bool valid_utf8(const char* data, size_t size);

/// For tests: when set, every offered set of structurals is also compared with simdjson's own stage 1 on
/// the same buffer, and `structurals_mismatches` counts the differences.
extern bool verify_prepared_structurals;
extern uint64_t structurals_mismatches;
extern uint64_t structurals_used;

}  // namespace chorus
