// tar archives (ustar, with GNU long names and pax paths), read as a stream: entries come in the order they
// were written, so a reader that needs another order reads the stream again (see archive_feed.h). A gzip
// layer around them is the face's to remove (zlib in the CLI, DecompressionStream in the page).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chorus {

/// True when `head` (the first 512 bytes or more) is a tar header: the ustar magic with a valid checksum.
bool looks_like_tar(std::string_view head);
/// True when `head` starts with gzip's magic bytes.
bool looks_like_gzip(std::string_view head);

/// Splits a tar stream into its regular files.
class tar_reader {
 public:
  /// Where the entries go.
  class handler {
   public:
    /// A regular file starts: true to receive its bytes.
    virtual bool begin_entry(std::string_view name, uint64_t size) = 0;
    virtual void entry_data(const char* data, size_t size) = 0;
    virtual void end_entry() = 0;

   protected:
    ~handler() = default;
  };

  explicit tar_reader(handler& h) : handler_(h) {}
  /// Consumes the next bytes, cut anywhere. False once the archive has ended or is damaged (see error()).
  bool feed(const char* data, size_t size);
  /// Ends the stream: an archive cut off inside an entry or a header is damaged (an entry cut off gets no
  /// end_entry: its handler learns of the cut from error()).
  void finish();
  /// Why the archive could not be read to its end, or empty.
  const std::string& error() const { return error_; }

 private:
  bool take_header();

  handler& handler_;
  std::string block_;          // the header (or long name) being gathered
  uint64_t left_ = 0;          // bytes of the current entry still to come
  uint64_t padding_ = 0;       // bytes up to the next 512-byte block after it
  bool delivering_ = false;    // the current entry's bytes go to the handler
  int long_name_kind_ = 0;     // 'L' (GNU long name) or 'x' (pax header) being gathered into long_name_
  std::string long_name_;      // a long name or pax header's bytes
  std::string next_name_;      // the name the next entry takes from a long-name or pax entry
  int zero_blocks_ = 0;
  bool ended_ = false;
  std::string error_;
};

}  // namespace chorus
