// The two record copies (COMPACT in wasm, VERBATIM natively) must accept and reject the same records with the
// same problems and messages, whatever the chunk cuts: any difference stops the fuzzer.
#include "fuzz_support.h"

namespace {

std::string summary(std::string_view data, chorus::record_copy copy, size_t chunk) {
  chorus::analysis_options options;
  options.copy = copy;
  chorus::analysis run(options);
  chorus::fuzz::read_chunked(run, "tweets.js", data, chunk);
  return run.summary_json();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* bytes, size_t size) {
  const std::string_view data(reinterpret_cast<const char*>(bytes), size);
  const std::string whole = summary(data, chorus::record_copy::VERBATIM, data.size() + 1);
  const size_t chunk = chorus::fuzz::chunk_of(data);
  chorus::fuzz::require(summary(data, chorus::record_copy::COMPACT, chunk) == whole);
  chorus::fuzz::require(summary(data, chorus::record_copy::VERBATIM, chunk) == whole);
  chorus::fuzz::require(summary(data, chorus::record_copy::COMPACT, 1 + chunk / 7) == whole);
  return 0;
}
