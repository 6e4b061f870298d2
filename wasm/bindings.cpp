// The wasm boundary: begin, feed chunks, finish with a plain object. Only this file knows Embind.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "analysis.h"
#include "time_parse.h"
#include "version.h"

namespace {

using emscripten::val;

std::unique_ptr<chorus::analysis> current;   // one analysis at a time per module instance
std::unique_ptr<chorus::analysis> finished;  // the last finished one, for its matched posts

/// A filter from the page's numbers: local days (not finite: open) and a kinds bit set.
chorus::post_filter make_filter(double from_day, double to_day, int kinds) {
  chorus::post_filter filter;
  if (std::isfinite(from_day)) filter.from_day = static_cast<int64_t>(from_day);
  if (std::isfinite(to_day)) filter.to_day = static_cast<int64_t>(to_day);
  filter.kinds = static_cast<uint8_t>(kinds & 0x0F);
  return filter;
}

/// Starts a new analysis, dropping any unfinished one. `queries`: query terms, one per line. Returns ""
/// or, for a term that cannot match anything, a message saying why (the analysis then has no queries).
std::string begin_with(const std::string& queries) {
  finished.reset();
  current = std::make_unique<chorus::analysis>();
  std::vector<std::string> terms;
  for (size_t start = 0; start < queries.size();) {
    const size_t end = std::min(queries.find('\n', start), queries.size());
    if (end > start) terms.push_back(queries.substr(start, end - start));
    start = end + 1;
  }
  std::string error;
  current->set_queries(terms, error);
  return error;
}

void begin() {
  begin_with("");
}

/// Sets the time zone of days and hours: its name and its transitions as "utcMs offsetMinutes ...".
/// Returns "" or a message when the transitions are malformed (the zone then stays UTC).
std::string set_time_zone(const std::string& name, const std::string& transitions) {
  if (!current) begin();
  chorus::zone_rules zone;
  std::string error;
  if (chorus::parse_transitions(transitions, name, zone, error)) current->set_time_zone(std::move(zone));
  return error;
}

/// Starts the next file of the analysis.
void begin_file(const std::string& name) {
  if (!current) begin();
  current->begin_file(name);
}

std::vector<unsigned char> chunk;  // where JS puts the next chunk: one copy, straight into wasm memory

/// A Uint8Array view of a module buffer of `size` bytes: JS fills it, then calls feedChunk(size) at once.
/// (Passing a Uint8Array as std::string would make Embind copy it byte by byte in JS.)
val chunk_buffer(size_t size) {
  if (chunk.size() < size) chunk.resize(size);
  return val(emscripten::typed_memory_view(size, chunk.data()));
}

/// The first `size` bytes of the chunk buffer (JS has just filled them).
std::string_view chunk_bytes(size_t size) {
  return {reinterpret_cast<const char*>(chunk.data()), std::min(size, chunk.size())};
}

/// Feeds the first `size` bytes of the chunk buffer to the current file. Returns false once the file
/// needs no more bytes, so the reader can stop.
bool feed_chunk(size_t size) {
  if (!current) begin();
  const std::string_view bytes = chunk_bytes(size);
  return current->feed(bytes.data(), bytes.size());
}

/// Records a problem with the current file found while reading it (a corrupt or encrypted ZIP entry).
void file_problem(const std::string& code, const std::string& message) {
  if (!current) begin();
  chorus::problem_code c = chorus::problem_code::CORRUPT_ARCHIVE;
  if (code == "encrypted_entry")
    c = chorus::problem_code::ENCRYPTED_ENTRY;
  else if (code == "not_an_export")
    c = chorus::problem_code::NOT_AN_EXPORT;
  current->file_problem(c, message);
}

/// What a path inside an archive holds ("posts", "long_posts", "likes", "manifest", or "" to skip it)
/// and the order to read it in.
val archive_entry(const std::string& path) {
  const chorus::file_role role = chorus::archive_path_role(path);
  val out = val::object();
  out.set("role", role == chorus::file_role::UNKNOWN ? std::string() : std::string(chorus::file_role_name(role)));
  out.set("order", chorus::file_role_order(role));
  return out;
}

/// Ends the current file.
void end_file() {
  if (current) current->end_file();
}

/// Starts reading a byte range of a posts file at the '{' of a record at `offset` (a helper's share).
void begin_fragment(const std::string& name, double offset) {
  if (!current) begin();
  current->begin_fragment(name, static_cast<uint64_t>(offset));
}

/// Leaves records starting at or after `offset` in the current file to the next range's reader.
void stop_at(double offset) {
  if (current) current->stop_at(static_cast<uint64_t>(offset));
}

std::string state;  // the last state or batch of posts handed out, until the next call

/// `bytes`, kept in `state`, as a Uint8Array view of module memory, valid until the next call into the
/// module. The caller copies it out (and can then transfer the copy between workers without another copy).
val handed_out(std::string bytes) {
  state = std::move(bytes);
  return val(emscripten::typed_memory_view(state.size(), reinterpret_cast<const unsigned char*>(state.data())));
}

/// Everything counted so far (see chorus::analysis::state), for mergeState in another module instance.
/// `max_matched` (a count, or a negative number for all): the matched posts the merging module has room for.
val state_bytes(bool fragments_only, double max_matched) {
  if (!current) begin();
  return handed_out(current->state(fragments_only, max_matched < 0 ? SIZE_MAX : static_cast<size_t>(max_matched)));
}

/// The posts kept for filters so far, taken out (see chorus::analysis::take_posts), for mergePosts in
/// another module instance.
val take_posts() {
  if (!current) begin();
  return handed_out(current->take_posts());
}

/// Keeps the posts another instance handed over, put in the chunk buffer; false when they are malformed.
bool merge_posts(size_t size) {
  if (!current) begin();
  return current->merge_posts(chunk_bytes(size));
}

/// How many more matched posts this analysis keeps.
double matched_room() {
  if (!current) begin();
  return static_cast<double>(current->matched_room());
}

/// Adds another instance's state, put in the chunk buffer (chunkBuffer(size)); false, changing nothing,
/// when it is malformed.
bool merge_state(size_t size) {
  if (!current) begin();
  state.clear();
  state.shrink_to_fit();
  const bool merged = current->merge_state(chunk_bytes(size));
  if (chunk.size() > (8u << 20)) std::vector<unsigned char>().swap(chunk);  // a state is larger than a chunk
  return merged;
}

/// Ends the analysis and returns the summary as a plain JS object (schema chorus-summary/1).
val finish() {
  if (!current) begin();
  const std::string json = current->summary_json();
  finished = std::move(current);  // kept, so that its matched posts can be read, until the next begin
  return val::global("JSON").call<val>("parse", json);
}

/// A view of the last finished analysis for a filter (local days `from_day` to `to_day`, days since
/// 1970-01-01, not finite: open; kinds: bit k for original, reply, repost, quote), from the kept posts:
/// the view's JSON as a plain object, or {error: message} when it cannot be made.
using filtered_view = bool (chorus::analysis::*)(const chorus::post_filter&, std::string&, std::string&);
val view_of_finished(filtered_view view, double from_day, double to_day, int kinds) {
  std::string json, error = "There is no finished analysis.";
  if (finished && ((*finished).*view)(make_filter(from_day, to_day, kinds), json, error)) {
    return val::global("JSON").call<val>("parse", json);
  }
  val failure = val::object();
  failure.set("error", error);
  return failure;
}

/// The summary of the posts that pass the filter, without reading again.
val filtered_summary(double from_day, double to_day, int kinds) {
  return view_of_finished(&chorus::analysis::filtered_summary_json, from_day, to_day, kinds);
}

/// Posts per local hour for the filter:
/// {time_zone, buckets: [{start: "2017-10-15T20", posts, original, reply, repost, quote, terms: [...]}]}.
val hourly(double from_day, double to_day, int kinds) {
  return view_of_finished(&chorus::analysis::hourly_json, from_day, to_day, kinds);
}

/// Posts of the last finished analysis that matched query term `term` and pass the filter (as in
/// filteredSummary): [{id, time, author, text}].
val matched_posts(int term, int offset, int count, double from_day, double to_day, int kinds) {
  val out = val::array();
  if (!finished || term < 0 || offset < 0 || count < 0) return out;
  for (const chorus::matched_post& m :
       finished->matched_posts(static_cast<size_t>(term), static_cast<size_t>(offset), static_cast<size_t>(count),
                               make_filter(from_day, to_day, kinds))) {
    val post = val::object();
    post.set("id", m.id);
    post.set("time", chorus::format_iso_utc(m.time_ms));
    post.set("author", m.author);
    post.set("text", m.text);
    out.call<void>("push", post);
  }
  return out;
}

/// How many posts of the last finished analysis matched query term `term` and were kept.
int matched_count(int term, double from_day, double to_day, int kinds) {
  return finished && term >= 0 ? static_cast<int>(finished->matched_count(static_cast<size_t>(term),
                                                                          make_filter(from_day, to_day, kinds)))
                               : 0;
}

std::string version() {
  return chorus::VERSION;
}

}  // namespace

EMSCRIPTEN_BINDINGS(chorus) {
  emscripten::function("begin", &begin_with);
  emscripten::function("beginFile", &begin_file);
  emscripten::function("setTimeZone", &set_time_zone);
  emscripten::function("chunkBuffer", &chunk_buffer);
  emscripten::function("feedChunk", &feed_chunk);
  emscripten::function("fileProblem", &file_problem);
  emscripten::function("beginFragment", &begin_fragment);
  emscripten::function("stopAt", &stop_at);
  emscripten::function("stateBytes", &state_bytes);
  emscripten::function("mergeState", &merge_state);
  emscripten::function("takePosts", &take_posts);
  emscripten::function("mergePosts", &merge_posts);
  emscripten::function("matchedRoom", &matched_room);
  emscripten::function("archiveEntry", &archive_entry);
  emscripten::function("endFile", &end_file);
  emscripten::function("finish", &finish);
  emscripten::function("matchedPosts", &matched_posts);
  emscripten::function("filteredSummary", &filtered_summary);
  emscripten::function("hourly", &hourly);
  emscripten::function("matchedCount", &matched_count);
  emscripten::function("version", &version);
}
