// A streaming reader for X (Twitter) archive post files: tweets.js and its older relatives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "post.h"
#include "problem.h"

namespace chorus {

/// Where the reader hands its results. Implemented by the analysis.
class post_sink {
 public:
  virtual ~post_sink() = default;
  /// A post that passed all checks. The reference is only valid during the call.
  virtual void on_post(const post& p) = 0;
  /// A problem found in the input.
  virtual void on_problem(problem p) = 0;
};

/// What the reader learned about one input file.
struct input_stats {
  std::string name;                         ///< file name as given by the caller
  std::string format = "unknown";           ///< "x-archive-tweets", "x-archive-grailbird", "json-array" or "unknown"
  std::string data_name;                    ///< the JS global the file assigns, e.g. "window.YTD.tweets.part0"
  uint64_t bytes = 0;                       ///< bytes fed
  uint64_t records_read = 0;                ///< array elements seen, complete or not
  uint64_t records_counted = 0;             ///< posts handed to the sink
  uint64_t edits_collapsed = 0;             ///< older versions of edited posts not counted separately
  std::map<std::string, uint64_t> skipped;  ///< skipped records by problem_code name
  bool readable = false;                    ///< the file was recognised as a post file

  uint64_t records_skipped() const;
};

/// Streaming reader of `window.YTD.tweets.partN = [ ... ]` (also `YTD.tweet`, `YTD.deleted_tweets`),
/// Grailbird month files (`Grailbird.data.tweets_YYYY_MM = [ ... ]`) and plain JSON arrays of tweets.
/// Bytes may be fed in chunks cut anywhere; memory is bounded by the largest single record.
class x_tweets_reader {
 public:
  /// The largest record kept; bigger ones are skipped and reported.
  static constexpr size_t MAX_RECORD_BYTES = 16u << 20;

  x_tweets_reader(std::string file_name, post_sink& sink);
  ~x_tweets_reader();
  x_tweets_reader(const x_tweets_reader&) = delete;
  x_tweets_reader& operator=(const x_tweets_reader&) = delete;

  /// Consumes the next bytes of the file.
  void feed(const char* data, size_t size);
  /// Ends the file: reports a cut-off file or an empty one.
  void finish();
  /// What has been read so far.
  const input_stats& stats() const { return stats_; }

 private:
  enum class state : uint8_t { HEADER, BEFORE_ELEMENT, IN_ELEMENT, AFTER_END, FAILED };

  size_t feed_header(const char* data, size_t size);
  bool accept_header(std::string_view before, char opener);
  bool reject_known_file(const std::string& data_name, std::string message);
  void reject_unrecognised(bool at_end);
  size_t feed_before_element(const char* data, size_t size);
  size_t feed_element(const char* data, size_t size);
  size_t feed_after_end(const char* data, size_t size);
  void finish_element();
  void report(problem_level level, problem_code code, std::string message, int64_t record, int64_t offset);
  void skip_record(problem_code code, std::string message);

  struct record_parser;

  std::string name_;
  post_sink& sink_;
  input_stats stats_;
  state state_ = state::HEADER;
  std::string header_;
  std::string element_;
  uint64_t element_start_ = 0;
  uint64_t offset_ = 0;  // file offset of the byte being looked at
  int depth_ = 0;
  bool in_string_ = false;
  bool escape_ = false;
  bool oversize_ = false;
  std::unique_ptr<record_parser> parser_;
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
