// The format seam. A format recognises its files from their first bytes and their path, names the entries of
// an archive it reads and their order, and turns bytes into normalized posts, plus facts of its own (likes,
// an account, expected part counts). The engine (analysis.h) sees formats only through this header; each
// format lives in core/formats/<name>/ and is one line of core/formats/registry.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "post.h"
#include "problem.h"

namespace simdjson::dom {
class element;
}

namespace chorus {

class json_writer;
struct zone_rules;

/// Where readers hand their results. Implemented by the analysis.
class post_sink {
 public:
  virtual ~post_sink() = default;
  /// A post that passed all checks. The reference is only valid during the call.
  virtual void on_post(const post& p) = 0;
  /// A problem found in the input.
  virtual void on_problem(problem p) = 0;
  /// on_problem for a problem of `file`, its fields given (record and byte_offset -1: not about one).
  void report(problem_level level, problem_code code, std::string file, std::string message, int64_t record = -1,
              int64_t byte_offset = -1);
};

/// What a reader learned about one input file.
struct input_stats {
  std::string name;                         ///< file name as given by the caller
  std::string format = "unknown";           ///< the format's name for this kind of file, e.g. "x-archive-tweets"
  std::string data_name;                    ///< what the file says it holds, e.g. "window.YTD.tweets.part0"
  std::string role = "unknown";             ///< what the file holds for its format: "posts", "likes", ...
  uint64_t bytes = 0;                       ///< bytes fed
  uint64_t records_read = 0;                ///< records seen, complete or not
  uint64_t records_counted = 0;             ///< records used: posts, long posts, likes or a manifest
  uint64_t edits_collapsed = 0;             ///< older versions of edited posts not counted separately
  uint64_t posts = 0;                       ///< posts counted from this file (set by the analysis)
  uint64_t duplicates = 0;                  ///< posts dropped because an earlier one had their id (set by the analysis)
  std::string platform;                     ///< the platform of its format (format::id_space), empty when unread (set by the analysis)
  std::map<std::string, uint64_t> skipped;  ///< skipped records by problem_code name
  bool readable = false;                    ///< the file was recognised as a file of posts
  bool fragment = false;                    ///< a byte range of a file read in parallel, not a whole file

  uint64_t records_skipped() const;
};

/// Reads one file of a format.
class file_reader {
 public:
  virtual ~file_reader() = default;
  /// Consumes the next bytes of the file, cut anywhere. Returns false once nothing more will be read from
  /// it (it was rejected, or its data ended), so the caller can stop reading.
  virtual bool feed(const char* data, size_t size) = 0;
  /// Ends the file: reports a cut-off file or an empty one.
  virtual void finish() = 0;
  /// Stops reading without judging the file: its problem was reported by whoever could not read it.
  virtual void abandon() = 0;
  /// Reads a byte range of the file instead of the whole file: the bytes fed next start exactly at a record
  /// at `offset` (found by record_start). The file's head was read elsewhere.
  virtual void start_at_record(uint64_t offset) = 0;
  /// Leaves records that start at or after `offset` to the reader of the next range: reading ends there.
  virtual void stop_at(uint64_t offset) = 0;
  /// What has been read so far.
  virtual const input_stats& stats() const = 0;
};

/// What one entry of an archive (a ZIP, a tar, a dropped folder) holds for a format.
struct entry_role {
  std::string role;  ///< the format's name for it ("posts", "likes", ...); empty: the entry is not read
  int order = 0;     ///< entries are read in ascending order (then by path)
  /// Whether such an entry is read the same by a session of its own as after the others of its order: all it
  /// teaches the session goes into states (format_session::write_state). Readers may then read several at once.
  bool independent = false;
  /// The entry is never opened, whatever another format would make of it: an export's private files (messages,
  /// contacts, logins) and files of its own that hold no posts, which a format for any JSON would otherwise read.
  bool never = false;
};

/// How a JSON record's bytes are copied for simdjson (see scan/json_records.h). COMPACT drops the whitespace between tokens (about 40%
/// of a pretty-printed record), which pays where simdjson runs its portable, byte-at-a-time stage 1
/// (wasm); VERBATIM copies them as they are, scanned 64 bytes at a time, where its SIMD stage 1 makes
/// whitespace cheap (x86-64). The records and problems read are the same either way.
enum class record_copy : uint8_t { VERBATIM, COMPACT };

#if defined(__SSE2__)
inline constexpr record_copy DEFAULT_RECORD_COPY = record_copy::VERBATIM;
#else
inline constexpr record_copy DEFAULT_RECORD_COPY = record_copy::COMPACT;
#endif

/// How readers read, the same for every format of an analysis.
struct reader_options {
  record_copy copy = DEFAULT_RECORD_COPY;
  /// Which columns of a table whose layout no format knows hold what, as the user said:
  /// "time=created,text=body,author=user,id=tweet_id,kind=type,reply_to=parent" (header names, or 1-based
  /// column numbers). Empty: such tables are reported, with their columns, instead of read.
  std::string columns;
  /// Whether posts their authors shared with only some people (Mastodon's followers-only and direct posts) are
  /// counted. By default they are only counted apart, in the format's facts.
  bool private_posts = false;
  /// The zone of the times exports write without one (LinkedIn's, TikTok's): the zone the user chose for days
  /// and hours. Null: UTC.
  const zone_rules* local_zone = nullptr;
};

/// The fields a column mapping (reader_options::columns) may name; time and text are required.
inline constexpr std::string_view MAPPED_FIELDS[] = {"time", "text", "author", "id", "kind", "reply_to"};

/// A format's part in one analysis: it opens the format's files and keeps what it learns across them.
class format_session {
 public:
  virtual ~format_session() = default;
  /// A reader for a file whose first bytes the format claimed (sniff). Posts and problems go to `sink`.
  virtual std::unique_ptr<file_reader> open(std::string name, post_sink& sink) = 0;
  /// After the last file: checks across files (a manifest against the parts read), reported to `sink`.
  /// Called once per summary, before write_facts. None by default.
  virtual void check(const std::vector<input_stats>& /*inputs*/, post_sink& /*sink*/) {}
  /// The format's own facts for the summary, as one JSON object with at least "facts" (sentences about what
  /// was read) and "notes" (sentences for the data-quality panel). By default both are empty.
  virtual void write_facts(json_writer& w, const std::vector<input_stats>& inputs) const;
  /// Likes read (they carry no date, so they are only counted).
  virtual uint64_t likes() const { return 0; }
  /// Private posts read (shared with only some people: reader_options::private_posts), and of them those
  /// counted because the user asked.
  struct private_count {
    uint64_t read = 0;
    uint64_t counted = 0;
  };
  virtual private_count private_posts() const { return {}; }
  /// The account the files belong to, when they say so.
  virtual std::string account() const { return {}; }
  /// What another analysis needs to merge this session into its own, as one JSON value. With
  /// `fragments_only`, only what came from ranges of files (a helper's cross-file facts are its caller's).
  /// By default nothing: {}.
  virtual void write_state(json_writer& w, bool fragments_only) const;
  /// Adds a state written by write_state. Returns false, changing nothing, when it is malformed.
  virtual bool merge_state(const simdjson::dom::element& state);
};

/// The note of a format whose times carry no zone: which zone they were read in (reader_options::local_zone).
std::string local_times_note(std::string_view platform, const reader_options& options);

/// For sessions whose state is counts (write_state, merge_state): writes "counts": [n, ...] into the open object.
void write_state_counts(json_writer& w, std::initializer_list<uint64_t> counts);
/// Adds a state's "counts" (exactly as many as `fields`, each at most 2^53) to `fields`; false, changing nothing,
/// when they are missing or malformed.
bool add_state_counts(const simdjson::dom::element& state, std::initializer_list<uint64_t*> fields);

/// A file format: one per folder of core/formats/, one line each in the registry.
class format {
 public:
  virtual ~format() = default;
  /// The stable name used in summaries and states ("x-archive").
  virtual std::string_view name() const = 0;
  /// What a person calls it, with the file to drop ("X archive (data/tweets.js or the ZIP)").
  virtual std::string_view label() const = 0;
  /// How sure the format is that a file is its own, 0 (not at all) to 100, from its first bytes (SNIFF_BYTES,
  /// fewer when the file is shorter; a UTF-8 byte order mark removed) and its path or name.
  virtual int sniff(std::string_view head, std::string_view path) const = 0;
  /// What an entry of an archive at `path` holds for this format, to pick and order entries before any is
  /// read. A loose file gets the role of "data/<name>" when it is not in a folder.
  virtual entry_role entry(std::string_view path) const = 0;
  /// Where a record starts in `window`, a piece of a large file whose first bytes are `head`: the offset in
  /// `window` of a record's first byte, or -1 when the file cannot be cut there (or at all).
  virtual int64_t record_start(std::string_view /*head*/, std::string_view /*window*/) const { return -1; }
  /// Whose ids the format's posts carry: posts of formats with the same id space and the same id are one
  /// post, counted once ("x" for every capture of X/Twitter posts).
  virtual std::string_view id_space() const { return name(); }
  /// The platform its posts were written on, as people name it ("X", "Mastodon"): the summary counts posts per
  /// platform, keyed by id_space(), so formats of one id space name the same platform.
  virtual std::string_view platform() const = 0;
  /// For a table whose columns the user maps (reader_options::columns): its columns and first rows, as JSON
  /// {"columns": [...], "rows": [[...], ...], "known": layout name or null}. Empty for other formats.
  virtual std::string preview(std::string_view /*head*/) const { return {}; }
  /// A link to a post on its platform, or empty.
  virtual std::string post_url(std::string_view /*id*/, std::string_view /*author*/) const { return {}; }
  /// The format's part in a new analysis.
  virtual std::unique_ptr<format_session> begin(const reader_options& options) const = 0;
};

/// How many first bytes of a file sniff() is shown.
inline constexpr size_t SNIFF_BYTES = 4096;

/// Every format Chorus reads, in the order of core/formats/registry.cpp.
const std::vector<const format*>& formats();
/// The format with this name, or nullptr.
const format* format_named(std::string_view name);
/// The format that claims a file most surely (ties: the first registered), or nullptr when none does.
const format* sniff_format(std::string_view head, std::string_view path);
/// What an archive entry at `path` holds, for the first format that reads it: the format and its role
/// (format nullptr: no format reads it, or one says it is never opened).
struct archive_entry_plan {
  const format* fmt = nullptr;
  entry_role role;
};
archive_entry_plan plan_entry(std::string_view path);
/// The formats of these platforms (keys: format::id_space), as bits of their places in formats().
uint32_t platform_sources(const std::vector<std::string>& platforms);

}  // namespace chorus
