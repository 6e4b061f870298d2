// Shared by the fuzz targets: how a target reads its input as a file fed in chunks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "analysis.h"

namespace chorus::fuzz {

/// The chunk size a target feeds `data` in, from its last byte (1 to 256), so that seeds can be plain files and
/// the fuzzer still moves the cuts.
inline size_t chunk_of(std::string_view data) {
  return data.empty() ? 1 : 1 + static_cast<unsigned char>(data.back());
}

/// Reads `data` as one file named `name` into `run`, `chunk` bytes at a time.
inline void read_chunked(analysis& run, const std::string& name, std::string_view data, size_t chunk) {
  run.begin_file(name);
  for (size_t i = 0; i < data.size(); i += chunk) {
    if (!run.feed(data.data() + i, std::min(chunk, data.size() - i))) break;
  }
  run.end_file();
}

/// Stops the process when a promise does not hold: libFuzzer keeps the input that broke it.
inline void require(bool holds) {
  if (!holds) __builtin_trap();
}

}  // namespace chorus::fuzz
