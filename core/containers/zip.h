// ZIP archives, read by random access: the central directory first (Zip64 included), then where each entry's
// bytes lie. No I/O and no inflating here: the caller reads the byte ranges asked for, and inflates a deflated
// entry itself (the browser's DecompressionStream, zlib in the CLI).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chorus {

/// What a ZIP call found.
enum class zip_code : uint8_t {
  OK,          ///< done
  NEED_BYTES,  ///< call again with the bytes from need_offset to the end of the archive
  CORRUPT,     ///< the archive or the entry is damaged, cut off or impossible (a zip bomb)
  ENCRYPTED,   ///< the entry is password-protected
};

/// The problem_code name of a zip_code ("corrupt_archive", "encrypted_entry").
std::string_view zip_problem_name(zip_code code);

struct zip_status {
  zip_code code = zip_code::OK;
  std::string message;       ///< for the user, when not OK
  uint64_t need_offset = 0;  ///< NEED_BYTES: where the bytes needed start
  uint64_t need_size = 0;    ///< NEED_BYTES: how many (to the end of the archive)
};

/// One entry of the central directory.
struct zip_entry {
  std::string name;  ///< its path in the archive, '/' separated
  int method = 0;    ///< 0 stored, 8 deflated
  bool encrypted = false;
  uint64_t compressed_size = 0;
  uint64_t uncompressed_size = 0;
  uint64_t local_header_offset = 0;
};

struct zip_directory {
  std::vector<zip_entry> entries;
};

/// The most bytes of the archive's end the directory's end records can take: the end record, the longest
/// comment and the Zip64 locator. Most archives have no comment: read ZIP_SHORT_TAIL_BYTES first.
inline constexpr uint64_t ZIP_TAIL_BYTES = 22 + 0xFFFF + 20;
inline constexpr uint64_t ZIP_SHORT_TAIL_BYTES = 1024 + 20 + 56;

/// Reads the central directory from `bytes`, the archive's bytes from `offset` to its end (`archive_size`).
/// Start with the last ZIP_SHORT_TAIL_BYTES (or all of a smaller archive); NEED_BYTES asks for more.
zip_status read_zip_directory(std::string_view bytes, uint64_t offset, uint64_t archive_size, zip_directory& out);

/// The bytes to read of an entry's local header before locating its data.
inline constexpr uint64_t ZIP_LOCAL_HEADER_BYTES = 30;

/// Where an entry's stored or deflated bytes start (`data_offset`; they are `compressed_size` long), from
/// its local header (`header`, ZIP_LOCAL_HEADER_BYTES at its offset). Refuses encrypted entries, methods
/// other than stored and deflate, sizes that cannot be (a zip bomb) and entries cut off.
zip_status locate_zip_entry_data(const zip_entry& entry, std::string_view header, uint64_t archive_size,
                                 uint64_t& data_offset);

/// Deflate cannot expand data more than about 1032:1; an entry that claims more is lying.
inline constexpr uint64_t MAX_DEFLATE_RATIO = 1032;

/// The message for an entry that unpacks to more than its directory declares (checked while inflating).
std::string zip_overflow_message(const zip_entry& entry);

/// True when `head` starts with a ZIP signature (a local file header, or an empty archive's end record).
bool looks_like_zip(std::string_view head);

}  // namespace chorus
