// The container readers: a ZIP directory from the archive's tail (asking for more bytes as it does), each entry's
// data located; a tar stream cut where the input says.
#include <algorithm>
#include <string>

#include "containers/tar.h"
#include "containers/zip.h"
#include "fuzz_support.h"

namespace {

struct counting : chorus::tar_reader::handler {
  uint64_t bytes = 0;
  int open = 0;
  bool begin_entry(std::string_view name, uint64_t) override {
    chorus::fuzz::require(name.size() < (2u << 20));
    ++open;
    return true;
  }
  void entry_data(const char*, size_t size) override { bytes += size; }
  void end_entry() override { --open; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* raw, size_t size) {
  const std::string_view data(reinterpret_cast<const char*>(raw), size);
  chorus::zip_directory dir;
  uint64_t start = size > chorus::ZIP_SHORT_TAIL_BYTES ? size - chorus::ZIP_SHORT_TAIL_BYTES : 0;
  chorus::zip_status status;
  for (int tries = 0; tries < 3; ++tries) {
    status = chorus::read_zip_directory(data.substr(static_cast<size_t>(start)), start, size, dir);
    if (status.code != chorus::zip_code::NEED_BYTES) break;
    chorus::fuzz::require(status.need_offset < start && status.need_offset + status.need_size == size);
    start = status.need_offset;
  }
  for (const auto& entry : dir.entries) {
    chorus::fuzz::require(entry.local_header_offset + 30 <= size);
    uint64_t at = 0;
    const auto header = data.substr(static_cast<size_t>(entry.local_header_offset), chorus::ZIP_LOCAL_HEADER_BYTES);
    if (chorus::locate_zip_entry_data(entry, header, size, at).code == chorus::zip_code::OK) {
      chorus::fuzz::require(at <= size && entry.compressed_size <= size - at);
    }
  }
  counting entries;
  chorus::tar_reader tar(entries);
  const size_t chunk = chorus::fuzz::chunk_of(data);
  for (size_t i = 0; i < size; i += chunk) {
    if (!tar.feed(data.data() + i, std::min(chunk, size - i))) break;
  }
  tar.finish();
  chorus::fuzz::require(entries.bytes <= size);
  return 0;
}
