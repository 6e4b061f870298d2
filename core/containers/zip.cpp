#include "containers/zip.h"

#include <algorithm>

namespace chorus {

namespace {

constexpr uint32_t EOCD = 0x06054b50;
constexpr uint32_t ZIP64_LOCATOR = 0x07064b50;
constexpr uint32_t ZIP64_EOCD = 0x06064b50;
constexpr uint32_t CENTRAL = 0x02014b50;
constexpr uint32_t LOCAL = 0x04034b50;
constexpr uint64_t MAX_COMMENT = 0xFFFF;

uint64_t le(std::string_view b, size_t at, int bytes) {
  uint64_t v = 0;
  for (int k = bytes - 1; k >= 0; --k) v = v << 8 | static_cast<unsigned char>(b[at + static_cast<size_t>(k)]);
  return v;
}

zip_status corrupt(std::string message) {
  return {zip_code::CORRUPT, std::move(message), 0, 0};
}

/// Where the end-of-central-directory record starts in `tail`, or npos.
size_t find_end(std::string_view tail) {
  if (tail.size() < 22) return std::string_view::npos;
  for (size_t i = tail.size() - 22 + 1; i-- > 0;) {
    if (tail.size() - 22 - i > MAX_COMMENT) break;
    if (le(tail, i, 4) == EOCD && i + 22 + le(tail, i + 20, 2) <= tail.size()) return i;
  }
  return std::string_view::npos;
}

zip_status parse_directory(std::string_view bytes, uint64_t count, uint64_t archive_size, zip_directory& out) {
  size_t at = 0;
  for (uint64_t n = 0; n < count; ++n) {
    if (at + 46 > bytes.size() || le(bytes, at, 4) != CENTRAL) {
      return corrupt("This ZIP archive's directory is damaged at entry " + std::to_string(n + 1) + " of " +
                     std::to_string(count) + ".");
    }
    zip_entry e;
    const uint64_t flags = le(bytes, at + 8, 2);
    e.method = static_cast<int>(le(bytes, at + 10, 2));
    e.encrypted = (flags & 1) != 0;
    e.compressed_size = le(bytes, at + 20, 4);
    e.uncompressed_size = le(bytes, at + 24, 4);
    const size_t name_length = le(bytes, at + 28, 2);
    const size_t extra_length = le(bytes, at + 30, 2);
    const size_t comment_length = le(bytes, at + 32, 2);
    e.local_header_offset = le(bytes, at + 42, 4);
    if (at + 46 + name_length + extra_length + comment_length > bytes.size()) {
      return corrupt("This ZIP archive's directory is cut off at entry " + std::to_string(n + 1) + " of " +
                     std::to_string(count) + ".");
    }
    e.name.assign(bytes.substr(at + 46, name_length));
    // Zip64 extended information: 64-bit values for the fields that hold 0xFFFFFFFF, in this order.
    size_t extra = at + 46 + name_length;
    const size_t extra_end = extra + extra_length;
    while (extra + 4 <= extra_end) {
      const uint64_t id = le(bytes, extra, 2);
      const size_t length = le(bytes, extra + 2, 2);
      if (id == 0x0001) {
        size_t field = extra + 4;
        const size_t field_end = std::min(extra + 4 + length, extra_end);
        auto next64 = [&](uint64_t& value) {
          if (value != 0xFFFFFFFFu || field + 8 > field_end) return;
          value = le(bytes, field, 8);
          field += 8;
        };
        next64(e.uncompressed_size);
        next64(e.compressed_size);
        next64(e.local_header_offset);
      }
      extra += 4 + length;
    }
    if (e.local_header_offset > archive_size || archive_size - e.local_header_offset < 30) {
      return corrupt(e.name + " lies beyond the end of this ZIP archive: the download is incomplete.");
    }
    out.entries.push_back(std::move(e));
    at = extra_end + comment_length;
  }
  return {};
}

}  // namespace

std::string_view zip_problem_name(zip_code code) {
  return code == zip_code::ENCRYPTED ? "encrypted_entry" : "corrupt_archive";
}

zip_status read_zip_directory(std::string_view bytes, uint64_t offset, uint64_t archive_size, zip_directory& out) {
  out.entries.clear();
  if (archive_size < 22) return corrupt("This ZIP file is too small to be an archive: it is empty or cut off.");
  if (offset > archive_size || archive_size - offset != bytes.size()) {
    return corrupt("The bytes given are not the end of this ZIP archive.");
  }
  const size_t end = find_end(bytes);
  if (end == std::string_view::npos && offset > 0 && archive_size - offset < ZIP_TAIL_BYTES) {
    // A long comment may hide the end record further back: look at the longest tail there can be.
    const uint64_t from = archive_size > ZIP_TAIL_BYTES ? archive_size - ZIP_TAIL_BYTES : 0;
    return {zip_code::NEED_BYTES, {}, from, archive_size - from};
  }
  if (end == std::string_view::npos) {
    return corrupt(
        "This ZIP archive has no directory at its end: the download is incomplete (cut off) or the file is damaged. "
        "Download the archive again.");
  }
  uint64_t count = le(bytes, end + 10, 2);
  uint64_t directory_size = le(bytes, end + 12, 4);
  uint64_t directory_offset = le(bytes, end + 16, 4);
  uint64_t first_needed = UINT64_MAX;
  if (end >= 20 && le(bytes, end - 20, 4) == ZIP64_LOCATOR) {
    const uint64_t record = le(bytes, end - 20 + 8, 8);
    if (record > archive_size || archive_size - record < 56) {
      return corrupt("This ZIP archive's Zip64 directory record is missing or damaged.");
    }
    if (record < offset) {
      first_needed = record;
    } else {
      const std::string_view r = bytes.substr(static_cast<size_t>(record - offset));
      if (r.size() < 56 || le(r, 0, 4) != ZIP64_EOCD) {
        return corrupt("This ZIP archive's Zip64 directory record is missing or damaged.");
      }
      count = le(r, 32, 8);
      directory_size = le(r, 40, 8);
      directory_offset = le(r, 48, 8);
    }
  }
  if (first_needed == UINT64_MAX) {
    if (directory_offset > archive_size || directory_size > archive_size - directory_offset) {
      return corrupt("This ZIP archive's directory points past the end of the file (" + std::to_string(archive_size) +
                     " bytes): the download is incomplete. Download the archive again.");
    }
    if (count > directory_size / 46 + 1) return corrupt("This ZIP archive's directory is damaged: it lists more entries than it holds.");
    if (directory_offset < offset) first_needed = directory_offset;
  }
  if (first_needed != UINT64_MAX) return {zip_code::NEED_BYTES, {}, first_needed, archive_size - first_needed};
  return parse_directory(bytes.substr(static_cast<size_t>(directory_offset - offset), static_cast<size_t>(directory_size)),
                         count, archive_size, out);
}

zip_status locate_zip_entry_data(const zip_entry& entry, std::string_view header, uint64_t archive_size,
                                 uint64_t& data_offset) {
  if (entry.encrypted) {
    return {zip_code::ENCRYPTED, entry.name + " is encrypted: Chorus cannot read password-protected archives.", 0, 0};
  }
  if (entry.method != 0 && entry.method != 8) {
    return corrupt(entry.name + " uses compression method " + std::to_string(entry.method) +
                   ", which Chorus cannot unpack.");
  }
  if (entry.compressed_size < UINT64_MAX / MAX_DEFLATE_RATIO &&
      entry.uncompressed_size > entry.compressed_size * MAX_DEFLATE_RATIO + 1024) {
    return corrupt(entry.name + " claims to unpack to " + std::to_string(entry.uncompressed_size) + " bytes from " +
                   std::to_string(entry.compressed_size) +
                   ", more than compression allows: the archive is damaged or a zip bomb. It was not read.");
  }
  if (header.size() < 30 || le(header, 0, 4) != LOCAL) {
    return corrupt(entry.name + " is missing from where the ZIP directory says it is: the archive is damaged.");
  }
  const uint64_t start = entry.local_header_offset + 30 + le(header, 26, 2) + le(header, 28, 2);
  if (start > archive_size || entry.compressed_size > archive_size - start) {
    return corrupt(entry.name + " is cut off: the archive ends before its data does. Download the archive again.");
  }
  if (entry.method == 0 && entry.compressed_size != entry.uncompressed_size) {
    return corrupt(entry.name + " is stored uncompressed, yet its directory gives two sizes (" +
                   std::to_string(entry.compressed_size) + " and " + std::to_string(entry.uncompressed_size) +
                   "): the archive is damaged.");
  }
  data_offset = start;
  return {};
}

std::string zip_overflow_message(const zip_entry& entry) {
  return entry.name + " unpacks to more than the " + std::to_string(entry.uncompressed_size) +
         " bytes its directory declares: the archive is damaged or a zip bomb. Reading stopped.";
}

bool looks_like_zip(std::string_view head) {
  return head.size() >= 4 && head[0] == 'P' && head[1] == 'K' &&
         ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
}

}  // namespace chorus
