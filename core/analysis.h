// One analysis: files are read one after another into one summary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aggregator.h"
#include "format.h"
#include "id_set.h"
#include "json_writer.h"
#include "post_store.h"
#include "problem.h"
#include "query.h"
#include "time_zone.h"

namespace chorus {

/// The most posts an analysis keeps for filtered summaries and exact top lists (see analysis::MAX_STORED_POSTS).
inline constexpr size_t DEFAULT_MAX_STORED_POSTS = 4000000;

/// Limits of what a summary lists.
struct analysis_options {
  size_t top_n = 25;                       ///< entries per top list
  size_t max_problems = 100;               ///< problems listed one by one; the rest are only counted
  record_copy copy = DEFAULT_RECORD_COPY;  ///< how JSON records are copied for parsing (same results either way)
  std::string columns;                     ///< the user's column mapping for tables (see reader_options::columns)
  bool private_posts = false;              ///< count private posts too (see reader_options::private_posts)
  /// Every counted post's id goes into the state, not only those of ranges (8 bytes a post): for states of
  /// whole files that are merged later, where another state may hold the same posts (overlapping files).
  bool ids_in_state = false;
  /// The most posts kept for filters and exact top lists; past it they are let go (fewer in tests, to read
  /// what a summary says past it without millions of posts).
  size_t max_stored_posts = DEFAULT_MAX_STORED_POSTS;
};

/// Reads inputs and builds the summary. Never throws on bad input: problems become data. It knows formats
/// only through format.h: each file goes to the format that claims its first bytes.
class analysis final : public post_sink {
 public:
  explicit analysis(analysis_options options = {});
  ~analysis() override;

  /// Sets the query terms counted over time (before any file). Returns false with a message for a term
  /// that cannot match anything; the terms are then left unchanged.
  bool set_queries(const std::vector<std::string>& terms, std::string& error);

  /// Sets the time zone of days and hours (before any file; UTC by default).
  void set_time_zone(zone_rules zone) { zone_ = std::move(zone); }

  /// Starts the next input file. An unfinished previous file is finished first. Its format is chosen from its
  /// first bytes (and its name), once they are fed. `size`, the bytes the file holds when known (0: not
  /// known), sizes the set of ids: once SIZE_IDS_AFTER_BYTES of a larger file are read, the set is made as
  /// large as the posts read so far say the whole file needs, in one step. Growing on the way, its last
  /// doubling would hold the old table beside the new one (12 of 36 MB for the 2.7 million posts of a 4 GB
  /// tweets.js). Summaries are the same either way.
  void begin_file(std::string name, uint64_t size = 0);
  static constexpr uint64_t SIZE_IDS_AFTER_BYTES = uint64_t{32} << 20;
  /// The bytes of the inputs still to be read after the file begun next, when known (a collection's next files;
  /// told before each file, it holds for that file only): when the set of ids is sized for it (see
  /// begin_file), it is sized for them too, at four
  /// fifths of the file's rate (later files of a collection often repeat posts, and a set a doubling too large
  /// costs more than one more doubling near the end). Each doubling moves every id: without this a 2 GB
  /// collection's 1.75 million ids took 139 ms of doublings, on each reader of -j 2. Summaries are the same.
  void expect_later(uint64_t bytes) { next_later_bytes_ = bytes; }
  /// Feeds the next bytes of the current file, cut anywhere. Returns false once the file needs no more
  /// bytes (rejected, or its data has ended), so the caller may stop reading it.
  bool feed(const char* data, size_t size);
  /// Reports a problem with the current file found outside the core, such as a corrupt ZIP entry.
  void file_problem(problem_code code, std::string message);
  /// Ends the current file.
  void end_file();

  /// Starts reading a byte range of a posts file, as one of several readers sharing it: the bytes fed
  /// next start exactly at a record at `offset` (found by record_start). `head`: the file's first bytes
  /// (SNIFF_BYTES), which name its format. False, with a problem recorded, when no format reads it. `size`:
  /// the whole file's bytes when known, which size the set of ids as begin_file's do (each reader of a file
  /// is handed the others' ids).
  bool begin_fragment(std::string name, uint64_t offset, std::string_view head, uint64_t size = 0);
  /// What the format of a file whose first bytes are `head` shows of it for a column mapping (see
  /// format::preview): JSON, or empty when its format has no columns to map.
  static std::string preview(std::string_view head, std::string_view name);
  /// Where a record starts in `window`, a piece of a file whose first bytes are `head` (see
  /// format::record_start): an offset in `window`, or -1 when the file cannot be cut there.
  static int64_t record_start(std::string_view head, std::string_view window, std::string_view name);
  /// Leaves the records of the current file that start at or after `offset` to the next range's reader.
  void stop_at(uint64_t offset);
  /// Everything counted so far, for merge_state in another analysis: the tables as JSON, then the posts
  /// kept for filters and the matched posts, in a binary layout (see byte_codec.h), then the ids of the
  /// posts counted from ranges (or of all posts, with analysis_options::ids_in_state). With
  /// `fragments_only`, only what came from ranges begun with begin_fragment (a helper's long posts and
  /// manifest are its caller's too).
  /// At most `max_matched` of its matched posts are included (the merging analysis keeps no more).
  /// With `with_ids` false the ids are left out (the merging analysis was handed them already, see ids_since).
  /// With `with_tables` false its tables and kept posts are left empty (merge_reader adds them from the
  /// analysis itself).
  std::string state(bool fragments_only, size_t max_matched = SIZE_MAX, bool with_ids = true, bool with_tables = true);
  /// The ids this analysis counted (from ranges, or all with ids_in_state) since `mark`, 8 bytes each, for
  /// add_seen_keys in an analysis reading beside it; `mark` moves past them.
  std::string ids_since(size_t& mark) const;
  /// Whether any of these ids (8 bytes each) was counted here, or taken as counted.
  bool counted_any(std::string_view keys) const;
  /// The ids of the posts counted so far (8 bytes each), for add_seen_keys in an analysis that reads a range
  /// of the next file: it then counts none of them again.
  std::string seen_keys() const;
  /// Takes ids as already counted (from seen_keys of another analysis). False when `keys` is malformed.
  bool add_seen_keys(std::string_view keys);
  /// As add_seen_keys, and sets `repeated` when one of the ids was counted here already, or taken as counted
  /// (ids an analysis reading another range of the same file counted: a post in both ranges).
  bool add_seen_keys(std::string_view keys, bool& repeated);
  /// Also takes as counted, without copying them, the ids `other` counted or was told (nullptr: none): for a
  /// reader of the end of a range of a file that comes before `other`'s range, on the same thread (`other`
  /// reads nothing meanwhile, and stays alive). Posts dropped for that reason are listed (take_found_in_other).
  void also_seen_in(const analysis* other) { also_ = other; }
  /// The ids of the posts dropped since the last call because `other` (see also_seen_in) had them.
  std::vector<uint64_t> take_found_in_other() { return std::exchange(found_in_other_, {}); }
  /// Takes the ids a state carries (see state) as already counted: the posts of that state are then not
  /// counted again here, so that this analysis's state merges with it. False when `state` is malformed.
  bool add_seen_from_state(std::string_view state);
  /// Whether the last merge_state was refused because the other analysis counted a post this one counted
  /// too (the same id in two ranges of one file): the file must then be read by one analysis.
  bool merge_overlapped() const { return overlapped_; }
  /// Whether the last merge_state was refused because the other analysis counted other query terms, or in
  /// another time zone, or with another column mapping (see setup_text).
  bool merge_setup_differs() const { return setup_differs_; }
  /// What a state must share with this analysis to be merged: the query terms, time zone and column mapping,
  /// as JSON.
  std::string setup_text() const;
  /// Adds another analysis's state: its posts count after this one's. A fragment joins the input of the same name, and
  /// its problems' record numbers continue that input's. Returns false, changing nothing, when `state` is malformed.
  bool merge_state(std::string_view state);
  /// Adds an analysis that read beside this one, with the same setup, whose ids this one was handed already
  /// (see ids_since): as merge_state(other.state(true, matched_room(), false)), but the tables and the kept
  /// posts, the bulk of such a state, are added in memory instead of written and read back (for a reader of a
  /// 2 GB collection, 31 MB and about 0.6 s on one thread). False when the rest of its state is refused.
  bool merge_reader(analysis& other);
  /// Runs two pieces of work that touch disjoint data: at once where the caller has threads, or one after the other.
  using run_both = std::function<void(const std::function<void()>&, const std::function<void()>&)>;
  /// merge_reader for several analyses, in order, with their tables and their kept posts (disjoint parts of this
  /// analysis) merged by `both`: the CLI merges them on two threads at once, as its last step while the other
  /// cores wait. Returns how many were refused (none of their posts is counted).
  size_t merge_readers(const std::vector<analysis*>& others, const run_both& both);
  /// The posts kept for filters so far, taken out of this analysis for merge_posts in another: a helper sets
  /// them aside in batches while it reads a long range, so that its module never holds them all and no
  /// state is built of them whole. The state written later holds only the posts kept after this.
  std::string take_posts();
  /// Keeps the posts of another analysis's take_posts (their order does not matter to filters). Returns
  /// false, changing nothing, when `posts` is malformed.
  bool merge_posts(std::string_view posts);
  /// How many more matched posts this analysis keeps (see MAX_MATCHED_POSTS).
  /// None once the kept posts take MAX_MATCHED_BYTES.
  size_t matched_room() const {
    if (!matched_.fits(0, MAX_MATCHED_BYTES)) return 0;
    return MAX_MATCHED_POSTS - std::min(MAX_MATCHED_POSTS, matched_.size());
  }

  /// True when at least one file was recognised as a post file.
  bool any_readable() const;
  /// Every table counted so far, of all formats together.
  aggregator tables() const;
  const std::vector<input_stats>& inputs() const { return inputs_; }
  const std::vector<problem>& problems() const { return problems_; }
  uint64_t problems_total() const { return problems_total_; }

  /// The most posts kept for reading; later matches are only counted. 25,000 is 500 pages of the page's
  /// list; 100,000 (until 2026-12-06) held 18 MB of a tab reading 500 MB of a collection, and took it past
  /// 300 MB (bench/COLLECTIONS.md).
  static constexpr size_t MAX_MATCHED_POSTS = 25000;
  /// The most memory they take (ids, authors and texts, in blocks of 1 MiB): 25,000 posts of 670 bytes.
  static constexpr size_t MAX_MATCHED_BYTES = size_t{16} << 20;
  /// Posts that matched query term `term`, oldest first: `count` of them from the `offset`-th on.
  /// Only those that pass `filter` (local days in this analysis's zone, kinds).
  std::vector<matched_post> matched_posts(size_t term, size_t offset, size_t count,
                                          const post_filter& filter = {}) const;
  /// How many kept posts matched query term `term`.
  size_t matched_count(size_t term, const post_filter& filter = {}) const;

  /// The most posts kept for filtered summaries and exact top lists (about 11-19 bytes each), and the most
  /// memory they and their distinct values may take: past either, the posts are let go, filters are not
  /// offered, and lists past folded_counter::EXACT_SPELLINGS spellings stay sketches (estimates).
  static constexpr size_t MAX_STORED_POSTS = DEFAULT_MAX_STORED_POSTS;
  static constexpr size_t MAX_STORED_BYTES = size_t{112} << 20;
  /// The most distinct spellings of a list counted again exactly from the kept posts for a summary (once
  /// the list became a sketch): counting takes 20 bytes a spelling for a moment, 20 MiB at most.
  static constexpr size_t MAX_RECOUNTED_SPELLINGS = size_t{1} << 20;
  /// The summary of the posts that pass `filter`, from the kept posts, without reading anything again.
  /// Inputs and problems are those of the whole reading. False with a message when the posts were not
  /// all kept (too many).
  bool filtered_summary_json(const post_filter& filter, std::string& json, std::string& error);

  /// Posts per local hour for the posts that pass `filter` (at most MAX_HOURS hours with posts), as
  /// {"time_zone", "buckets": [{start: "2017-10-15T20", posts, original, reply, repost, quote,
  /// terms: [count per query term]}]}. Over at most MOVEMENT_HOURS hours with posts, the movement's tables
  /// by the hour too: "languages" (the LANGUAGES_OVER_TIME most posted, then "other") and in each bucket
  /// "new_authors" (authors whose first post of these is in that hour) and "languages" (posts per language).
  /// False with a message like filtered_summary_json.
  bool hourly_json(const post_filter& filter, std::string& json, std::string& error);
  static constexpr size_t MAX_HOURS = 50000;
  static constexpr size_t MOVEMENT_HOURS = 2400;
  /// Languages named in the summary's languages over time; the others are summed as "other".
  static constexpr size_t LANGUAGES_OVER_TIME = 8;

  /// The summary as JSON (schema chorus-summary/2). Ends the current file first.
  std::string summary_json();
  /// The summary of what is counted so far, while reading (the current file listed with what it has read so
  /// far): the same schema, without the checks made once everything is read (parts an X manifest lists and
  /// were not read, long posts matched to no post). Changes nothing.
  std::string partial_summary_json();

  void on_post(const post& p) override;
  void on_problem(problem p) override;

 private:
  /// A format's session in this analysis, made when its first file (or state) comes.
  struct format_part {
    const format* fmt;
    std::unique_ptr<format_session> session;
  };
  format_session& session_of(const format& f);
  /// How every format reads for this analysis (from its options).
  reader_options reader_setup() const { return {options_.copy, options_.columns, options_.private_posts, &zone_}; }
  /// Lists a merged problem where reading in order would have (see merge_state).
  void insert_problem(problem p);
  /// Counts a problem and lists it at position `at` of the listed ones, if that is among the first
  /// max_problems (the last listed one then makes room).
  void list_problem(problem p, size_t at);
  /// Chooses the current file's format from the bytes held so far and opens its reader, or rejects the file.
  void open_reader();
  /// Opens the current file's reader in format `f`.
  void open_with(const format& f);

  analysis_options options_;
  std::vector<aggregator> tables_;  // per format, as its place in formats(): the summary adds them up per platform
  std::vector<input_stats> inputs_;
  std::vector<problem> problems_;
  uint64_t problems_total_ = 0;
  std::map<std::string, uint64_t> problems_per_file_;
  std::vector<format_part> formats_;
  // The current file: its name, its first bytes until its format is known, then its reader.
  bool in_file_ = false;
  std::string file_name_;
  std::string head_;
  std::unique_ptr<file_reader> reader_;
  uint8_t source_ = 0;           // the current file's format, as its place in formats()
  input_stats unread_;           // a file no format reads (or that could not be opened)
  bool abandoned_ = false;       // its problem was reported by whoever could not read it
  uint64_t stop_at_ = UINT64_MAX;  // stop_at, given before the reader was opened
  query_matcher queries_{{}};
  zone_rules zone_;
  matched_post_store matched_;
  post_store store_;
  bool store_dropped_ = false;  // a post could not be kept: the store was let go
  std::vector<bool> hits_;
  id_set seen_;                 // the ids of the posts counted: a post met again is a duplicate, dropped
  uint64_t unchecked_ = 0;      // posts counted once seen_ was full, not checked for duplicates
  const analysis* also_ = nullptr;       // whose ids count as seen too (also_seen_in)
  std::vector<uint64_t> found_in_other_;  // posts dropped because also_ had them
  // Sizing seen_ from the current file's size (see begin_file): its size, the bytes fed so far, the bytes
  // of the inputs after it (expect_later, taken by begin_file from next_later_bytes_), and the ids seen_ held
  // when it began.
  uint64_t file_size_ = 0, file_fed_ = 0;
  uint64_t later_bytes_ = 0, next_later_bytes_ = 0;
  size_t file_ids_from_ = 0;
  void size_seen();
  uint64_t file_posts_ = 0, file_duplicates_ = 0;  // the current file's
  bool in_fragment_ = false;            // the current file is a range begun with begin_fragment
  std::vector<uint64_t> fragment_keys_;  // the ids of the posts counted from ranges (or all), for the merging analysis
  bool overlapped_ = false;              // the last merge_state was refused: the two analyses share posts
  bool setup_differs_ = false;           // the last merge_state was refused: other terms, zone or columns

  /// The JSON part of a state; `with_tables` false leaves the tables out (merge_reader adds them in memory).
  std::string state_tables_json(bool fragments_only, bool with_tables = true) const;
  /// Writes "formats": {name: what `each` writes of that format's session, ...}.
  template <typename F>
  void write_formats(json_writer& w, F&& each) const {
    w.key("formats");
    w.begin_object();
    for (const auto& part : formats_) {
      w.key(part.fmt->name());
      each(*part.session);
    }
    w.end_object();
  }
  /// The summary of tables counted per format (see tables_).
  std::string write_summary(const std::vector<aggregator>& sources, const post_filter* filter, bool complete = true);
  uint64_t posts_counted() const;
  bool store_complete(std::string& error) const;
  /// Adds posts of another analysis to the store, or lets the store go when they do not fit.
  void keep_posts(const post_store& posts);
  /// Frees the kept posts once one could not be kept: filters are then not offered.
  void let_store_go();
  bool kept_match_passes(size_t i, size_t term, const post_filter& filter) const;
};

}  // namespace chorus
