// The wasm boundary: bytes in, plain data out. Only this file knows Embind. Every call answers with one shape:
// {ok: true, ...result} or {ok: false, error: {code, message, where}}; none starts an analysis by itself.
#include <emscripten/bind.h>
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "analysis.h"
#include "archive_feed.h"
#include "containers/zip.h"
#include "time_parse.h"
#include "version.h"

// When memory cannot grow (the module's limit, or the tab's), allocation fails. Without C++ exceptions
// that would end in a bare abort(); this throws a JS error the worker recognises instead. The instance is
// not used again after it: the worker discards it.
EM_JS(void, chorus_out_of_memory, (), {
  throw Object.assign(new Error('out of memory'), { code: 'out_of_memory' });
});

namespace {

using emscripten::val;

const bool new_handler_installed = [] {
  std::set_new_handler([] { chorus_out_of_memory(); });
  return true;
}();

std::unique_ptr<chorus::analysis> current;   // one analysis at a time per module instance
std::unique_ptr<chorus::analysis> finished;  // the last finished one, for its views and matched posts
std::vector<unsigned char> chunk;            // where JS puts bytes: one copy, straight into wasm memory
std::string handed;                          // the last state or batch handed out, until the next call

val ok() {
  val out = val::object();
  out.set("ok", true);
  return out;
}

val failure(const std::string& code, const std::string& message, const std::string& where = {}) {
  val error = val::object();
  error.set("code", code);
  error.set("message", message);
  error.set("where", where.empty() ? val::null() : val(where));
  val out = val::object();
  out.set("ok", false);
  out.set("error", error);
  return out;
}

val no_analysis() {
  return failure("no_analysis", "No analysis is running: call begin first.");
}

/// The first `size` bytes of the chunk buffer (JS has just filled them).
std::string_view chunk_bytes(size_t size) {
  return {reinterpret_cast<const char*>(chunk.data()), std::min(size, chunk.size())};
}

/// A Uint8Array view of `bytes`, kept in `handed`, valid until the next call into the module: the caller
/// copies it out.
val view_of(std::string bytes) {
  handed = std::move(bytes);
  return val(emscripten::typed_memory_view(handed.size(), reinterpret_cast<const unsigned char*>(handed.data())));
}

/// A filter from the page's numbers: local days (not finite: open), a kinds bit set, and the platforms'
/// keys (absent: all).
chorus::post_filter make_filter(const val& filter) {
  chorus::post_filter out;
  const auto day = [&](const char* name, int64_t& target) {
    const val v = filter[name];
    if (v.isNumber() && std::isfinite(v.as<double>())) target = static_cast<int64_t>(v.as<double>());
  };
  if (filter.isUndefined() || filter.isNull()) return out;
  day("fromDay", out.from_day);
  day("toDay", out.to_day);
  if (filter["kinds"].isNumber()) out.kinds = static_cast<uint8_t>(filter["kinds"].as<int>() & 0x0F);
  if (filter["platforms"].isArray()) {
    std::vector<std::string> keys;
    const val platforms = filter["platforms"];
    const int n = platforms["length"].as<int>();
    for (int i = 0; i < n; ++i) {
      if (platforms[i].isString()) keys.push_back(platforms[i].as<std::string>());
    }
    out.sources = chorus::platform_sources(keys);
  }
  return out;
}

/// Starts a new analysis, dropping any unfinished one: {queries: [term...], timeZone, transitions, columns,
/// privatePosts}, where
/// transitions are the zone's "utcMs offsetMinutes ..." (see chorus::parse_transitions).
val begin(const val& options) {
  finished.reset();
  chorus::analysis_options analysis_options;
  if (options["columns"].isString()) analysis_options.columns = options["columns"].as<std::string>();
  if (options["privatePosts"].isTrue()) analysis_options.private_posts = true;
  current = std::make_unique<chorus::analysis>(analysis_options);
  std::vector<std::string> terms;
  if (options["queries"].isArray()) terms = emscripten::vecFromJSArray<std::string>(options["queries"]);
  std::string error;
  if (!current->set_queries(terms, error)) return failure("bad_query", error);
  const val zone = options["timeZone"];
  if (zone.isString() && zone.as<std::string>() != "UTC") {
    const std::string name = zone.as<std::string>();
    chorus::zone_rules rules;
    const std::string transitions = options["transitions"].isString() ? options["transitions"].as<std::string>() : "";
    if (!chorus::parse_transitions(transitions, name, rules, error)) return failure("bad_time_zone", error, name);
    current->set_time_zone(std::move(rules));
  }
  return ok();
}

/// What an entry of an archive (or a dropped folder's file) at `path` is: {ok, format, role, order}; an
/// empty role: no format reads it.
val plan_entry(const std::string& path) {
  const chorus::archive_entry_plan plan = chorus::plan_entry(path);
  val out = ok();
  out.set("format", plan.fmt ? std::string(plan.fmt->name()) : std::string());
  out.set("role", plan.role.role);
  out.set("order", plan.role.order);
  return out;
}

/// Starts the next file; with `stop` >= 0, records from that offset on are left to a helper's range. `size`: the
/// bytes the file holds, when known (else 0 or less), which sizes the set of ids (analysis::begin_file).
val begin_file(const std::string& name, double stop, double size) {
  if (!current) return no_analysis();
  current->begin_file(name, size > 0 ? static_cast<uint64_t>(size) : 0);
  if (stop >= 0) current->stop_at(static_cast<uint64_t>(stop));
  return ok();
}

/// The bytes of the inputs still to be read after the file begun next, of its order (a collection's next files),
/// which size the set of ids too (analysis::expect_later).
val expect_later(double bytes) {
  if (!current) return no_analysis();
  current->expect_later(bytes > 0 ? static_cast<uint64_t>(bytes) : 0);
  return ok();
}

/// A Uint8Array view of a module buffer of `size` bytes: JS fills it, then calls the function that reads it.
val chunk_buffer(size_t size) {
  if (chunk.size() < size) chunk.resize(size);
  return val(emscripten::typed_memory_view(size, chunk.data()));
}

std::unique_ptr<chorus::tar_feed> tar;  // the pass over a tar stream under way, which chunks go to

/// Feeds the first `size` bytes of the chunk buffer to the current file, or to the tar pass under way:
/// {ok, more}, more false once no more bytes are needed.
val feed_chunk(size_t size) {
  if (!current && !tar) return no_analysis();
  const std::string_view bytes = chunk_bytes(size);
  val out = ok();
  out.set("more", tar ? tar->feed(bytes.data(), bytes.size()) : current->feed(bytes.data(), bytes.size()));
  return out;
}

/// Records a problem with the current file found while reading it (a corrupt or encrypted ZIP entry).
val file_problem(const std::string& code, const std::string& message) {
  if (!current) return no_analysis();
  chorus::problem_code c = chorus::problem_code::CORRUPT_ARCHIVE;
  if (!chorus::problem_code_from_name(code, c)) c = chorus::problem_code::CORRUPT_ARCHIVE;
  current->file_problem(c, message);
  return ok();
}

val end_file() {
  if (!current) return no_analysis();
  current->end_file();
  return ok();
}

/// What a file whose first bytes are in the chunk buffer (`head_size` of them) shows for a column mapping:
/// {ok, preview} with preview the format's JSON ({columns, rows, known}), or null when it has no columns.
val preview(const std::string& name, size_t head_size) {
  const std::string json = chorus::analysis::preview(chunk_bytes(head_size), name);
  val out = ok();
  out.set("preview", json.empty() ? val::null() : val::global("JSON").call<val>("parse", json));
  return out;
}

/// The ids counted so far, for a helper that reads a range of the next file (see addSeen): {ok, bytes}, a
/// view valid until the next call.
val seen_keys() {
  if (!current) return no_analysis();
  val out = ok();
  out.set("bytes", view_of(current->seen_keys()));
  return out;
}

/// Takes the ids in the chunk buffer (`size` bytes, from seenKeys) as counted already.
val add_seen(size_t size) {
  if (!current) return no_analysis();
  return current->add_seen_keys(chunk_bytes(size)) ? ok() : failure("malformed_state", "The ids handed over could not be read.");
}

/// Where a record starts in a window of a large file, both in the chunk buffer (the head's `head_size`
/// bytes, then the window's `window_size`): {ok, offset} (-1: the file cannot be cut there).
val record_start(const std::string& name, size_t head_size, size_t window_size) {
  const std::string_view bytes = chunk_bytes(head_size + window_size);
  val out = ok();
  out.set("offset", static_cast<double>(chorus::analysis::record_start(
                        bytes.substr(0, head_size), bytes.substr(std::min(head_size, bytes.size())), name)));
  return out;
}

/// Starts reading a byte range of a file (a helper's share): from the record at `start` up to the one at
/// `stop` (negative: to the end). The file's first bytes are in the chunk buffer (`head_size` of them).
val begin_range(const std::string& name, double start, double stop, size_t head_size) {
  if (!current) return no_analysis();
  if (!current->begin_fragment(name, static_cast<uint64_t>(start), chunk_bytes(head_size))) {
    return failure("unreadable_file", "No format reads " + name + ".", name);
  }
  if (stop >= 0) current->stop_at(static_cast<uint64_t>(stop));
  return ok();
}

/// What another module instance merges (see merge): `what` "state", everything counted so far (see
/// chorus::analysis::state; `max_matched`, negative for all, is the matched posts the merging module has room
/// for), or "posts", the posts kept for filters so far, taken out (chorus::analysis::take_posts).
/// {ok, bytes}: a view, valid until the next call.
val take(const std::string& what, bool fragments_only, double max_matched) {
  if (!current) return no_analysis();
  val out = ok();
  out.set("bytes", view_of(what == "posts" ? current->take_posts()
                                           : current->state(fragments_only, max_matched < 0
                                                                                ? SIZE_MAX
                                                                                : static_cast<size_t>(max_matched))));
  return out;
}

/// Adds another instance's state or batch of posts (`what`: "state" or "posts"), put in the chunk buffer.
val merge(const std::string& what, size_t size) {
  if (!current) return no_analysis();
  handed.clear();
  handed.shrink_to_fit();
  const bool merged = what == "posts" ? current->merge_posts(chunk_bytes(size)) : current->merge_state(chunk_bytes(size));
  if (chunk.size() > (8u << 20)) std::vector<unsigned char>().swap(chunk);  // a state is larger than a chunk
  if (!merged && what == "state" && current->merge_overlapped()) {
    return failure("overlap", "A helper's range shares posts with another range of the same file; it was not merged.");
  }
  return merged ? ok() : failure("malformed_state", "A helper's " + what + " could not be read; it was not merged.");
}

/// How many more matched posts this analysis keeps: {ok, room}.
val matched_room() {
  if (!current) return no_analysis();
  val out = ok();
  out.set("room", static_cast<double>(current->matched_room()));
  return out;
}

/// Ends the analysis: {ok, summary} (schema chorus-summary/2).
val finish() {
  if (!current) return no_analysis();
  const std::string json = current->summary_json();
  finished = std::move(current);  // kept, so that its views and matched posts can be read, until the next begin
  val out = ok();
  out.set("summary", val::global("JSON").call<val>("parse", json));
  return out;
}

/// The summary of what the current analysis counted so far, while it reads (see partial_summary_json):
/// {ok, summary}.
val partial() {
  if (!current) return no_analysis();
  val out = ok();
  out.set("summary", val::global("JSON").call<val>("parse", current->partial_summary_json()));
  return out;
}

/// A view of the last finished analysis for a filter ({fromDay, toDay, kinds}), from the posts it kept:
/// `kind` "summary" (the summary of the posts that pass) or "hourly" (posts per local hour). {ok, view}.
val view(const std::string& kind, const val& filter) {
  if (!finished) return failure("no_finished_analysis", "There is no finished analysis.");
  std::string json, error;
  const chorus::post_filter f = make_filter(filter);
  const bool made = kind == "hourly" ? finished->hourly_json(f, json, error) : finished->filtered_summary_json(f, json, error);
  if (!made) return failure("cannot_filter", error);
  val out = ok();
  out.set("view", val::global("JSON").call<val>("parse", json));
  return out;
}

/// Posts of the last finished analysis that matched query term `term` and pass the filter: {ok, total,
/// posts: [{id, time, author, text, url}]}, `count` of them from the `offset`-th.
val matches(int term, int offset, int count, const val& filter) {
  if (!finished) return failure("no_finished_analysis", "There is no finished analysis.");
  if (term < 0 || offset < 0 || count < 0) return failure("bad_request", "term, offset and count are counts.");
  const chorus::post_filter f = make_filter(filter);
  val posts = val::array();
  for (const chorus::matched_post& m :
       finished->matched_posts(static_cast<size_t>(term), static_cast<size_t>(offset), static_cast<size_t>(count), f)) {
    val post = val::object();
    post.set("id", m.id);
    post.set("time", chorus::format_iso_utc(m.time_ms));
    post.set("author", m.author);
    post.set("text", m.text);
    post.set("url", m.url);
    posts.call<void>("push", post);
  }
  val out = ok();
  out.set("total", static_cast<double>(finished->matched_count(static_cast<size_t>(term), f)));
  out.set("posts", posts);
  return out;
}

/// Reads a ZIP archive's directory from its tail (the last `size` bytes of an archive of `archive_size`,
/// in the chunk buffer). {ok, entries} when the tail held the whole directory, {ok, need: {offset, size}}
/// when the directory lies further back (call again with those bytes, which are then where the tail
/// starts), or an error that says what is wrong with the archive.
val zip_directory(double archive_size, double tail_offset, size_t size) {
  chorus::zip_directory directory;
  const chorus::zip_status status = chorus::read_zip_directory(chunk_bytes(size), static_cast<uint64_t>(tail_offset),
                                                               static_cast<uint64_t>(archive_size), directory);
  if (status.code != chorus::zip_code::OK && status.code != chorus::zip_code::NEED_BYTES) {
    return failure(std::string(chorus::zip_problem_name(status.code)), status.message);
  }
  val out = ok();
  if (status.code == chorus::zip_code::NEED_BYTES) {
    val need = val::object();
    need.set("offset", static_cast<double>(status.need_offset));
    need.set("size", static_cast<double>(status.need_size));
    out.set("need", need);
    return out;
  }
  val entries = val::array();
  for (const chorus::zip_entry& e : directory.entries) {
    val entry = val::object();
    entry.set("name", e.name);
    entry.set("method", e.method);
    entry.set("encrypted", e.encrypted);
    entry.set("compressedSize", static_cast<double>(e.compressed_size));
    entry.set("uncompressedSize", static_cast<double>(e.uncompressed_size));
    entry.set("localHeaderOffset", static_cast<double>(e.local_header_offset));
    entries.call<void>("push", entry);
  }
  out.set("entries", entries);
  return out;
}

/// Checks a ZIP entry before it is read: its local header (30 bytes or more at its offset, in the chunk
/// buffer) and what its directory entry claims. {ok, dataOffset, dataSize} where its stored or deflated
/// bytes lie, or an error (encrypted, unknown method, zip bomb, damaged).
val zip_entry_data(const val& entry, double archive_size, size_t header_size) {
  chorus::zip_entry e;
  e.name = entry["name"].as<std::string>();
  e.method = entry["method"].as<int>();
  e.encrypted = entry["encrypted"].as<bool>();
  e.compressed_size = static_cast<uint64_t>(entry["compressedSize"].as<double>());
  e.uncompressed_size = static_cast<uint64_t>(entry["uncompressedSize"].as<double>());
  e.local_header_offset = static_cast<uint64_t>(entry["localHeaderOffset"].as<double>());
  uint64_t offset = 0;
  const chorus::zip_status status =
      chorus::locate_zip_entry_data(e, chunk_bytes(header_size), static_cast<uint64_t>(archive_size), offset);
  if (status.code != chorus::zip_code::OK) {
    return failure(std::string(chorus::zip_problem_name(status.code)), status.message, e.name);
  }
  val out = ok();
  out.set("dataOffset", static_cast<double>(offset));
  out.set("dataSize", static_cast<double>(e.compressed_size));
  return out;
}

/// Starts a pass over a tar stream (inflated by the caller; its bytes go to feedChunk until tarEnd): with
/// `order` null, a listing of the reading orders its entries need; else the entries of that order are read as
/// files of the analysis (`last`: the last pass, which reports damage to the archive itself).
val tar_begin(const val& order, bool last) {
  if (order.isNull() || order.isUndefined()) {
    tar = std::make_unique<chorus::tar_feed>();
    return ok();
  }
  if (!current) return no_analysis();
  tar = std::make_unique<chorus::tar_feed>(*current, order.as<int>(), last);
  return ok();
}

/// Ends the tar pass: {ok, orders} (a listing's reading orders, ascending) or, when a listing found the
/// archive damaged before any entry, the error.
val tar_end(const std::string& archive) {
  if (!tar) return failure("no_tar", "No tar pass is under way: call tarBegin first.");
  tar->finish(archive);
  const std::unique_ptr<chorus::tar_feed> pass = std::move(tar);
  val orders = val::array();
  for (const int order : pass->orders()) orders.call<void>("push", order);
  val out = ok();
  out.set("orders", orders);
  out.set("damage", pass->error());
  return out;
}

std::string version() {
  return chorus::VERSION;
}

/// What the module reads, in the registry's order: [{name, label, platform}], for the page to say so.
val format_list() {
  val list = val::array();
  for (const chorus::format* f : chorus::formats()) {
    val entry = val::object();
    entry.set("name", std::string(f->name()));
    entry.set("label", std::string(f->label()));
    entry.set("platform", std::string(f->platform()));
    list.call<void>("push", entry);
  }
  return list;
}

}  // namespace

EMSCRIPTEN_BINDINGS(chorus) {
  emscripten::function("version", &version);
  emscripten::function("formats", &format_list);
  emscripten::function("begin", &begin);
  emscripten::function("planEntry", &plan_entry);
  emscripten::function("chunkBuffer", &chunk_buffer);
  emscripten::function("expectLater", &expect_later);
  emscripten::function("beginFile", &begin_file);
  emscripten::function("feedChunk", &feed_chunk);
  emscripten::function("fileProblem", &file_problem);
  emscripten::function("endFile", &end_file);
  emscripten::function("recordStart", &record_start);
  emscripten::function("preview", &preview);
  emscripten::function("seenKeys", &seen_keys);
  emscripten::function("addSeen", &add_seen);
  emscripten::function("beginRange", &begin_range);
  emscripten::function("take", &take);
  emscripten::function("merge", &merge);
  emscripten::function("matchedRoom", &matched_room);
  emscripten::function("finish", &finish);
  emscripten::function("partial", &partial);
  emscripten::function("view", &view);
  emscripten::function("matches", &matches);
  emscripten::function("zipDirectory", &zip_directory);
  emscripten::function("zipEntryData", &zip_entry_data);
  emscripten::function("tarBegin", &tar_begin);
  emscripten::function("tarEnd", &tar_end);
}
