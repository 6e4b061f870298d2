// A streaming reader for X (Twitter) archive post files: tweets.js and its older relatives.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "post.h"
#include "problem.h"

namespace chorus {

class structurals_taker;  // structurals.h

/// What an X archive file holds, as its header (or its path in an archive) tells.
enum class file_role : uint8_t {
  UNKNOWN,     ///< not recognised (yet)
  POSTS,       ///< tweets.js, tweets-partN.js, tweet.js, deleted-tweets.js, Grailbird month files, JSON arrays
  LONG_POSTS,  ///< note-tweet.js: the full text of posts longer than 280 characters
  LIKES,       ///< like.js: liked posts, which carry no date
  MANIFEST,    ///< manifest.js: the archive's list of files and the account
  OTHER,       ///< a known archive file that holds none of the above
};

/// The stable name of a role ("posts", "long_posts", "likes", "manifest", "other", "unknown").
std::string_view file_role_name(file_role role);

/// The role of a file by its path inside an X archive (ZIP or unzipped folder), or UNKNOWN for files
/// Chorus does not read from archives (media, other data types). Used to pick entries before reading.
file_role archive_path_role(std::string_view path);

/// The order in which files of an archive are read: manifest, long posts, posts, likes.
int file_role_order(file_role role);

/// A long post from note-tweet.js.
struct long_post {
  int64_t time_ms = 0;                ///< createdAt, matched against the truncated post's created_at
  std::string text;                   ///< the full text (note text is not HTML-escaped)
  std::vector<std::string> hashtags;  ///< without '#'
  std::vector<std::string> mentions;  ///< handles without '@'
  std::vector<std::string> urls;      ///< expanded URLs
};

/// What data/manifest.js says about the archive.
struct archive_manifest {
  std::string account;  ///< userInfo.userName
  /// One data file listed for posts, long posts or likes.
  struct listed_file {
    std::string path;  ///< e.g. "data/tweets-part1.js"
    file_role role = file_role::UNKNOWN;
    uint64_t count = 0;  ///< records the manifest says the file holds
  };
  std::vector<listed_file> files;
};

/// Where the reader hands its results. Implemented by the analysis.
class post_sink {
 public:
  virtual ~post_sink() = default;
  /// A post that passed all checks. The reference is only valid during the call.
  virtual void on_post(const post& p) = 0;
  /// A problem found in the input.
  virtual void on_problem(problem p) = 0;
  /// Gives a post that may be the truncated form of a long post the chance to take its full text.
  virtual void complete_post(post& /*p*/) {}
  /// A long post read from note-tweet.js.
  virtual void on_long_post(long_post&& /*lp*/) {}
  /// One liked post from like.js.
  virtual void on_like() {}
  /// The archive's manifest.
  virtual void on_manifest(archive_manifest&& /*m*/) {}
};

/// What the reader learned about one input file.
struct input_stats {
  std::string name;                         ///< file name as given by the caller
  std::string format = "unknown";           ///< "x-archive-tweets", "x-archive-grailbird", "json-array" or "unknown"
  std::string data_name;                    ///< the JS global the file assigns, e.g. "window.YTD.tweets.part0"
  file_role role = file_role::UNKNOWN;      ///< what the file holds
  uint64_t bytes = 0;                       ///< bytes fed
  uint64_t records_read = 0;                ///< array elements seen, complete or not
  uint64_t records_counted = 0;             ///< records used: posts, long posts, likes or the manifest
  uint64_t edits_collapsed = 0;             ///< older versions of edited posts not counted separately
  std::map<std::string, uint64_t> skipped;  ///< skipped records by problem_code name
  bool readable = false;                    ///< the file was recognised as a post file
  bool fragment = false;                    ///< a byte range of a file read in parallel, not a whole file

  uint64_t records_skipped() const;
};

/// How a record's bytes are copied for simdjson. COMPACT drops the whitespace between tokens (about 40%
/// of a pretty-printed record), which pays where simdjson runs its portable, byte-at-a-time stage 1
/// (wasm); VERBATIM copies them as they are, scanned 64 bytes at a time, where its SIMD stage 1 makes
/// whitespace cheap (x86-64). The posts and problems read are the same either way.
enum class record_copy : uint8_t { VERBATIM, COMPACT };

#if defined(__SSE2__)
inline constexpr record_copy DEFAULT_RECORD_COPY = record_copy::VERBATIM;
#else
inline constexpr record_copy DEFAULT_RECORD_COPY = record_copy::COMPACT;
#endif

/// Streaming reader of `window.YTD.tweets.partN = [ ... ]` (also `YTD.tweet`, `YTD.deleted_tweets`),
/// Grailbird month files (`Grailbird.data.tweets_YYYY_MM = [ ... ]`), plain JSON arrays of tweets, and
/// the archive files that complete them: note-tweet.js, like.js and manifest.js.
/// Bytes may be fed in chunks cut anywhere; memory is bounded by the largest single record.
class x_tweets_reader {
 public:
  /// The largest record kept; bigger ones are skipped and reported.
  static constexpr size_t MAX_RECORD_BYTES = 16u << 20;

  x_tweets_reader(std::string file_name, post_sink& sink, record_copy copy = DEFAULT_RECORD_COPY);
  ~x_tweets_reader();
  x_tweets_reader(const x_tweets_reader&) = delete;
  x_tweets_reader& operator=(const x_tweets_reader&) = delete;

  /// Consumes the next bytes of the file. Returns false once nothing more will be read from it
  /// (it was rejected, or its data ended), so the caller can stop reading.
  bool feed(const char* data, size_t size);
  /// Ends the file: reports a cut-off file or an empty one.
  void finish();
  /// Stops reading without judging the file: its problem was reported by whoever could not read it.
  void abandon() { state_ = state::FAILED; }
  /// Reads a byte range of a posts file instead of a whole file: the bytes fed next start exactly at the
  /// '{' of a record at `offset` in the file (the caller found it). The file's header was read elsewhere.
  void start_at_record(uint64_t offset);
  /// Leaves records that start at or after `offset` to the reader of the next range: reading ends there.
  void stop_at(uint64_t offset) { stop_at_ = offset; }
  /// What has been read so far.
  const input_stats& stats() const { return stats_; }

 private:
  enum class state : uint8_t { HEADER, BEFORE_ELEMENT, IN_ELEMENT, AFTER_END, DONE, FAILED };

  size_t feed_header(const char* data, size_t size);
  bool accept_header(std::string_view before, char opener);
  bool reject_known_file(const std::string& data_name, std::string message);
  void reject_unrecognised(bool at_end);
  size_t feed_before_element(const char* data, size_t size);
  size_t feed_element(const char* data, size_t size);
  size_t feed_element_verbatim(const char* data, size_t size);
  size_t feed_element_compact(const char* data, size_t size);
  /// Starts a record at its '{' (file offset `offset`).
  void begin_record(uint64_t offset);
  /// Follows strings and brackets from `i` up to `end`; sets `complete` at the record's closing bracket.
  /// With Copy, also writes the bytes to `out` without the whitespace between tokens (see copy_gap), and
  /// at `index` the position (from `base`) of each structural character written, as simdjson's stage 1
  /// would find it; a byte that stage 1 treats specially clears `prepared_`.
  template <bool Copy>
  size_t scan_tokens(const char* data, size_t i, size_t end, bool& complete, char*& out, uint32_t*& index,
                     const char* base);
  /// scan_tokens without copying: follows the record, keeps nothing.
  size_t skip_tokens(const char* data, size_t i, size_t end, bool& complete);
  size_t feed_after_end(const char* data, size_t size);
  void finish_element();
  void finish_post();
  bool record_failed(int json_error);
  void report(problem_level level, problem_code code, std::string message, int64_t record, int64_t offset);
  void skip_record(problem_code code, std::string message);

  struct record_parser;
  /// The most bytes feed_element looks at in one call (and so makes room for).
  static constexpr size_t ELEMENT_STEP = 64u << 10;

  /// A growing array the scanner writes into directly (no zero-filling): the current record's bytes as they
  /// are copied out of the chunks, with the whitespace between tokens dropped, and (COMPACT) the positions
  /// of its structural characters there.
  template <typename T>
  class record_buffer {
   public:
    /// Room for `n` more items after the current end (to write, then commit).
    T* room(size_t n) {
      if (size_ + n > capacity_) {
        const size_t capacity = std::max({size_ + n, capacity_ * 2, size_t{4096}});
        std::unique_ptr<T[]> bigger(new T[capacity]);
        if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_ * sizeof(T));
        data_ = std::move(bigger);
        capacity_ = capacity;
      }
      return data_.get() + size_;
    }
    void commit(T* end) { size_ = static_cast<size_t>(end - data_.get()); }
    void assign(T c) {
      size_ = 0;
      room(1)[0] = c;
      size_ = 1;
    }
    void clear() { size_ = 0; }
    void release() {
      data_.reset();
      size_ = capacity_ = 0;
    }
    T* data() { return data_.get(); }
    size_t size() const { return size_; }

   private:
    std::unique_ptr<T[]> data_;
    size_t size_ = 0;
    size_t capacity_ = 0;
  };
  /// Records up to this size (copied, COMPACT) bring their structural positions to the parser; larger ones
  /// leave them to simdjson's stage 1, so that the positions never take more than ~4 MiB.
  static constexpr size_t MAX_PREPARED_BYTES = 1u << 20;

  std::string name_;
  post_sink& sink_;
  record_copy copy_;
  input_stats stats_;
  state state_ = state::HEADER;
  std::string header_;
  record_buffer<char> element_;
  record_buffer<uint32_t> structural_positions_;  // COMPACT: where in element_ simdjson's stage 1 would stop
  bool prepared_ = false;   // structurals_ holds them all (no byte that simdjson's stage 1 treats specially)
  bool non_ascii_ = false;  // a string holds a byte >= 0x80: the record's UTF-8 is checked before use
  uint64_t element_start_ = 0;
  uint64_t offset_ = 0;  // file offset of the byte being looked at
  uint64_t start_ = 0;   // file offset of the first byte fed
  uint64_t stop_at_ = UINT64_MAX;
  int depth_ = 0;
  bool in_string_ = false;
  bool escape_ = false;
  bool oversize_ = false;
  uint8_t literal_ = 0;  // whether the last byte kept ends a number or true/false/null (see copy_gap)
  std::unique_ptr<record_parser> parser_;
  structurals_taker* structurals_ = nullptr;  // the parser's, when it takes structural_positions_
};

/// Decodes the HTML entities X leaves in post text (&amp; &lt; &gt; &quot; &#39;), in place.
void decode_html_entities(std::string& text);

/// The host of a URL in lower case without a leading "www.", or empty.
std::string url_domain(std::string_view url);

/// True for links to a single post on twitter.com or x.com: the archive's only sign of a quote.
bool is_status_link(std::string_view url);

/// The application name inside X's `source` HTML (`<a href=...>Twitter Web App</a>`).
std::string client_name(std::string_view source);

}  // namespace chorus
