#include "analysis.h"

#include <cstring>

#include <algorithm>
#include <cstdio>

#include "json_writer.h"
#include "simdjson.h"
#include "text/text_util.h"
#include "time_parse.h"
#include "version.h"

namespace chorus {

analysis::analysis(analysis_options options) : options_(options), tables_(formats().size()) {}

uint64_t analysis::posts_counted() const {
  uint64_t n = 0;
  for (const auto& t : tables_) n += t.posts();
  return n;
}

aggregator analysis::tables() const {
  aggregator all;
  all.query_days.assign(queries_.terms().size(), {});
  for (const auto& t : tables_) all.merge(t);
  return all;
}

analysis::~analysis() = default;

format_session& analysis::session_of(const format& f) {
  for (auto& part : formats_) {
    if (part.fmt == &f) return *part.session;
  }
  formats_.push_back({&f, f.begin(reader_setup())});
  return *formats_.back().session;
}

namespace {

/// Names a binary file from its first bytes, for a helpful message.
std::string_view binary_kind(std::string_view head) {
  if (head.starts_with("\x89PNG")) return "a PNG image";
  if (head.starts_with("\xFF\xD8\xFF")) return "a JPEG image";
  if (head.starts_with("GIF8")) return "a GIF image";
  if (head.starts_with("%PDF")) return "a PDF document";
  if (head.starts_with("PK\x03\x04") || head.starts_with("PK\x05\x06")) return "a ZIP archive";
  if (head.starts_with("\x1F\x8B")) return "a gzip-compressed file";
  if (head.size() >= 12 && head.substr(4, 4) == "ftyp") return "a video file";
  for (unsigned char c : head.substr(0, 512)) {
    if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) return "a binary file";
  }
  return {};
}

/// Why no format reads a file, in words: what it seems to be, and what Chorus reads instead.
problem unreadable_file(std::string_view head, const std::string& name) {
  constexpr std::string_view BOM = "\xEF\xBB\xBF";
  const bool no_bytes = head.empty();
  if (head.starts_with(BOM)) head.remove_prefix(BOM.size());
  problem p;
  p.code = problem_code::NOT_AN_EXPORT;
  p.file = name;
  p.byte_offset = 0;
  std::string reads;
  for (const format* f : formats()) reads += std::string(reads.empty() ? "" : "; ") + std::string(f->label());
  const std::string_view kind = binary_kind(head);
  const std::string_view first_line = trim(head.substr(0, head.find('\n')));
  if (trim(head).empty()) {
    p.code = problem_code::EMPTY_FILE;
    p.byte_offset = -1;
    p.message = no_bytes ? "The file is empty (0 bytes)." : "The file holds only whitespace.";
  } else if (!kind.empty()) {
    p.message = "This file is " + std::string(kind) + ", not an export Chorus reads. Chorus reads: " + reads + ".";
  } else if (first_line.find(',') != std::string_view::npos && first_line.find('=') == std::string_view::npos) {
    p.message = "This looks like a CSV file (first line \"" + excerpt(first_line) +
                "\"), not an export Chorus reads. Chorus reads: " + reads + ".";
  } else {
    p.message = "This is not an export Chorus reads: it starts with \"" + excerpt(trim(head)) +
                "\". Chorus reads: " + reads + ".";
  }
  return p;
}

}  // namespace

void analysis::begin_file(std::string name, uint64_t size) {
  end_file();
  file_size_ = size;
  later_bytes_ = std::exchange(next_later_bytes_, 0);  // what was said of this file's followers, not of the next's
  file_fed_ = 0;
  file_ids_from_ = seen_.size();
  in_file_ = true;
  file_name_ = std::move(name);
  head_.clear();
  abandoned_ = false;
  stop_at_ = UINT64_MAX;
  unread_ = input_stats{};
  unread_.name = file_name_;
  file_posts_ = file_duplicates_ = 0;
  in_fragment_ = false;
}

void analysis::open_with(const format& f) {
  const auto& all = formats();
  source_ = static_cast<uint8_t>(std::find(all.begin(), all.end(), &f) - all.begin());
  reader_ = session_of(f).open(file_name_, *this);
  if (stop_at_ != UINT64_MAX) reader_->stop_at(stop_at_);
}

void analysis::open_reader() {
  const format* f = sniff_format(head_, file_name_);
  if (!f) {
    unread_.bytes = head_.size();
    if (!abandoned_) on_problem(unreadable_file(head_, file_name_));
    abandoned_ = true;
    return;
  }
  open_with(*f);
  std::string head = std::move(head_);
  head_.clear();
  reader_->feed(head.data(), head.size());
}

void analysis::size_seen() {
  if (file_fed_ == 0) return;  // the first bytes fed already reach that far: no rate to go by
  // A little below what the file's rate so far gives: a set a doubling too large would cost more than one
  // that doubles once more near the end. The inputs after it at four fifths of that rate (see expect_later).
  const double rate = static_cast<double>(seen_.size() - file_ids_from_) / static_cast<double>(file_fed_);
  const double bytes = static_cast<double>(file_size_) + static_cast<double>(later_bytes_) * 0.8;
  const double expected = static_cast<double>(file_ids_from_) + rate * bytes * 0.95;
  if (expected > static_cast<double>(seen_.size())) {
    seen_.reserve(static_cast<size_t>(std::min(expected, static_cast<double>(id_set::MAX_IDS))));
  }
}

bool analysis::feed(const char* data, size_t size) {
  if (!in_file_) begin_file("input");
  if (file_fed_ < SIZE_IDS_AFTER_BYTES && file_fed_ + size >= SIZE_IDS_AFTER_BYTES && file_size_ > file_fed_ + size) {
    size_seen();  // with what the bytes before these gave
  }
  file_fed_ += size;
  if (reader_) return reader_->feed(data, size);
  if (abandoned_) return false;  // a file no format reads counts the bytes it was judged by, its head
  const size_t take = std::min(size, SNIFF_BYTES - head_.size());
  head_.append(data, take);
  if (head_.size() < SNIFF_BYTES) return true;
  open_reader();
  if (!reader_) return false;
  return take == size || reader_->feed(data + take, size - take);
}

void analysis::file_problem(problem_code code, std::string message) {
  if (!in_file_) begin_file("input");
  problem p;
  p.code = code;
  p.message = std::move(message);
  p.file = file_name_;
  on_problem(std::move(p));
  // A file that could not be opened at all gets this one problem, not a second one for being empty.
  if (!reader_ && head_.empty()) {
    abandoned_ = true;
  } else if (reader_ && reader_->stats().bytes == 0) {
    reader_->abandon();
  }
}

void analysis::end_file() {
  if (!in_file_) return;
  in_file_ = false;
  if (!reader_ && !abandoned_) open_reader();
  if (reader_) {
    reader_->finish();
    inputs_.push_back(reader_->stats());
    inputs_.back().platform = formats()[source_]->id_space();
    reader_.reset();
  } else {
    inputs_.push_back(unread_);
  }
  inputs_.back().posts = file_posts_;
  inputs_.back().duplicates = file_duplicates_;
}

bool analysis::begin_fragment(std::string name, uint64_t offset, std::string_view head, uint64_t size) {
  begin_file(std::move(name), size);
  const format* f = sniff_format(head, file_name_);
  if (!f) {
    head_.assign(head);
    open_reader();  // reports why no format reads it
    return false;
  }
  open_with(*f);
  reader_->start_at_record(offset);
  in_fragment_ = true;
  return true;
}

std::string analysis::preview(std::string_view head, std::string_view name) {
  const format* f = sniff_format(head, name);
  return f ? f->preview(head) : std::string();
}

int64_t analysis::record_start(std::string_view head, std::string_view window, std::string_view name) {
  const format* f = sniff_format(head, name);
  return f ? f->record_start(head, window) : -1;
}

void analysis::stop_at(uint64_t offset) {
  stop_at_ = offset;
  if (reader_) reader_->stop_at(offset);
}

namespace {


void write_problem(json_writer& w, const problem& p);
/// The text and count fields of an input, as summaries and states name them.
constexpr std::pair<std::string_view, std::string input_stats::*> INPUT_TEXTS[] = {
    {"name", &input_stats::name}, {"format", &input_stats::format}, {"data_name", &input_stats::data_name},
    {"role", &input_stats::role}};
constexpr std::pair<std::string_view, uint64_t input_stats::*> INPUT_COUNTS[] = {
    {"bytes", &input_stats::bytes},
    {"records_read", &input_stats::records_read},
    {"records_counted", &input_stats::records_counted},
    {"edits_collapsed", &input_stats::edits_collapsed},
    {"posts", &input_stats::posts},
    {"duplicates", &input_stats::duplicates}};

void write_input(json_writer& w, const input_stats& in, bool for_state);

}  // namespace

namespace {

/// The first bytes of a state: what it is and the version of its layout.
constexpr std::string_view STATE_MAGIC = "CHORUS-STATE-9\n";
/// The first bytes of a batch of kept posts (take_posts).
constexpr std::string_view POSTS_MAGIC = "CHORUS-POSTS-3\n";

}  // namespace

std::string analysis::state(bool fragments_only, size_t max_matched, bool with_ids, bool with_tables) {
  end_file();
  byte_writer out;
  out.raw(STATE_MAGIC.data(), STATE_MAGIC.size());
  out.str(state_tables_json(fragments_only, with_tables));
  matched_.write_state(out, max_matched);
  if (with_tables) {
    store_.write_state(out);
  } else {
    post_store().write_state(out);  // an empty store, in the same layout
  }
  // The ids of the posts counted from ranges (or all, with ids_in_state): the merging analysis drops none
  // of them, it checks them.
  const std::vector<uint64_t> none;
  const std::vector<uint64_t>& keys = with_ids && (fragments_only || options_.ids_in_state) ? fragment_keys_ : none;
  out.u64(keys.size());
  out.column(keys);
  return out.take();
}

bool analysis::merge_reader(analysis& other) {
  return merge_readers({&other}, [](const std::function<void()>& first, const std::function<void()>& second) {
           first();
           second();
         }) == 0;
}

size_t analysis::merge_readers(const std::vector<analysis*>& others, const run_both& both) {
  // Their states without tables, kept posts and ids first (merge_state leaves tables_ and store_ alone then).
  std::vector<const analysis*> accepted;
  for (analysis* other : others) {
    if (merge_state(other->state(true, matched_room(), false, false))) accepted.push_back(other);
  }
  // What merge_state does with a state's tables and kept posts, from the other analyses themselves.
  both(
      [&] {
        for (const analysis* other : accepted) {
          for (size_t source = 0; source < tables_.size() && source < other->tables_.size(); ++source) {
            tables_[source].merge(other->tables_[source]);
          }
        }
      },
      [&] {
        for (const analysis* other : accepted) keep_posts(other->store_);
      });
  return others.size() - accepted.size();
}

std::string analysis::ids_since(size_t& mark) const {
  const size_t from = std::min(mark, fragment_keys_.size());
  mark = fragment_keys_.size();
  return {reinterpret_cast<const char*>(fragment_keys_.data() + from), (fragment_keys_.size() - from) * sizeof(uint64_t)};
}

bool analysis::counted_any(std::string_view keys) const {
  for (size_t at = 0; at + sizeof(uint64_t) <= keys.size(); at += sizeof(uint64_t)) {
    uint64_t key = 0;
    std::memcpy(&key, keys.data() + at, sizeof key);
    if (seen_.contains(key)) return true;
  }
  return false;
}

namespace {

/// A state's parts after its magic (see analysis::state): the tables' JSON, the matched and kept posts, ids.
struct state_parts {
  std::string_view json;
  matched_post_store matches;
  post_store posts;
  std::vector<uint64_t> keys;
};

/// Reads a state's layout; false when it is not a whole state of this version.
bool read_state_parts(std::string_view state, state_parts& out) {
  if (state.substr(0, STATE_MAGIC.size()) != STATE_MAGIC) return false;
  byte_reader in(state.substr(STATE_MAGIC.size()));
  uint64_t key_count = 0;
  return in.str(out.json) && out.matches.read_state(in) && out.posts.read_state(in) && in.u64(key_count) &&
         key_count <= in.left() / sizeof(uint64_t) && in.column(key_count, out.keys) && in.left() == 0;
}

}  // namespace

bool analysis::add_seen_from_state(std::string_view state) {
  state_parts parts;
  if (!read_state_parts(state, parts)) return false;
  seen_.reserve(seen_.size() + parts.keys.size());
  for (const uint64_t key : parts.keys) seen_.insert(key);
  return true;
}

std::string analysis::seen_keys() const {
  byte_writer out;
  std::vector<uint64_t> keys;
  keys.reserve(seen_.size());
  seen_.for_each([&](uint64_t key) { keys.push_back(key); });
  out.column(keys);
  return out.take();
}

bool analysis::add_seen_keys(std::string_view keys) {
  bool repeated = false;
  return add_seen_keys(keys, repeated);
}

bool analysis::add_seen_keys(std::string_view keys, bool& repeated) {
  if (keys.size() % sizeof(uint64_t) != 0) return false;
  const size_t n = keys.size() / sizeof(uint64_t);
  seen_.reserve(seen_.size() + n);
  const size_t found = seen_.insert_each(n, [&](size_t i) {
    uint64_t key = 0;
    std::memcpy(&key, keys.data() + i * sizeof key, sizeof key);
    return key;
  });
  if (found > 0) repeated = true;
  return true;
}

std::string analysis::take_posts() {
  byte_writer out;
  out.raw(POSTS_MAGIC.data(), POSTS_MAGIC.size());
  store_.write_state(out);
  store_.clear();
  return out.take();
}

bool analysis::merge_posts(std::string_view posts) {
  if (posts.substr(0, POSTS_MAGIC.size()) != POSTS_MAGIC) return false;
  byte_reader in(posts.substr(POSTS_MAGIC.size()));
  post_store incoming;
  if (!incoming.read_state(in) || in.left() != 0) return false;
  keep_posts(incoming);
  return true;
}

std::string analysis::state_tables_json(bool fragments_only, bool with_tables) const {
  json_writer w;
  w.begin_object();
  w.key("inputs");
  w.begin_array();
  std::vector<std::string_view> names;
  for (const auto& in : inputs_) {
    if (fragments_only && !in.fragment) continue;
    names.push_back(in.name);
    write_input(w, in, true);
  }
  w.end_array();
  auto wanted = [&](const std::string& file) {
    return !fragments_only || std::find(names.begin(), names.end(), file) != names.end();
  };
  w.key("problems");
  w.begin_array();
  for (const auto& p : problems_) {
    if (wanted(p.file)) write_problem(w, p);
  }
  w.end_array();
  uint64_t total = 0;
  for (const auto& [file, n] : problems_per_file_) total += wanted(file) ? n : 0;
  w.field("problems_total", total);
  w.field("unchecked_for_duplicates", unchecked_);
  w.field("setup", setup_text());
  w.key("tables");  // per format that counted posts
  w.begin_object();
  for (size_t source = 0; source < tables_.size() && with_tables; ++source) {
    if (tables_[source].posts() == 0) continue;
    w.key(formats()[source]->name());
    tables_[source].write_state(w);
  }
  w.end_object();
  write_formats(w, [&](const format_session& session) { session.write_state(w, fragments_only); });
  w.end_object();
  return w.str();
}

std::string analysis::setup_text() const {
  json_writer w;
  w.begin_object();
  w.key("terms");
  w.begin_array();
  for (const query_term& term : queries_.terms()) w.value(term.text);
  w.end_array();
  w.field("time_zone", zone_.name);
  w.field("columns", options_.columns);
  if (options_.private_posts) w.field("private_posts", true);  // absent by default: states of earlier versions match
  w.end_object();
  return w.str();
}

bool analysis::merge_state(std::string_view state) {
  end_file();
  overlapped_ = false;
  setup_differs_ = false;
  // Read everything first, so that a malformed state changes nothing.
  state_parts parts;
  if (!read_state_parts(state, parts)) return false;
  const std::vector<uint64_t>& incoming_keys = parts.keys;
  // A post the other analysis counted that this one counted too: the two cannot be added up exactly.
  overlapped_ = std::any_of(incoming_keys.begin(), incoming_keys.end(), [&](uint64_t key) { return seen_.contains(key); });
  if (overlapped_) return false;
  simdjson::dom::parser parser;
  simdjson::padded_string padded(parts.json);
  simdjson::dom::element root;
  simdjson::dom::array inputs, problems;
  simdjson::dom::object tables;
  simdjson::dom::object format_states;
  uint64_t total = 0;
  if (parser.parse(padded).get(root) || root["inputs"].get(inputs) || root["problems"].get(problems) ||
      root["tables"].get(tables) || root["problems_total"].get(total) || root["formats"].get(format_states)) {
    return false;
  }
  uint64_t incoming_unchecked = 0;
  std::string_view setup;
  if (root["unchecked_for_duplicates"].get(incoming_unchecked) || incoming_unchecked > MAX_STATE_COUNT ||
      root["setup"].get(setup)) {
    return false;
  }
  // Counted with other terms, zone or columns: its tables do not add up with these.
  if (setup != setup_text()) {
    setup_differs_ = true;
    return false;
  }
  // Each format's state, tried on a fresh session first, so that a malformed one changes nothing.
  std::vector<std::pair<const format*, simdjson::dom::element>> incoming_formats;
  for (auto [name, format_state] : format_states) {
    const format* f = format_named(name);
    if (!f || !f->begin(reader_setup())->merge_state(format_state)) return false;
    incoming_formats.emplace_back(f, format_state);
  }
  std::vector<input_stats> incoming;
  for (simdjson::dom::element e : inputs) {
    input_stats in;
    for (const auto& [name, text] : INPUT_TEXTS) {
      std::string_view value;
      if (e[name].get(value)) return false;
      in.*text = value;
    }
    for (const auto& [name, count] : INPUT_COUNTS) {
      if (e[name].get(in.*count)) return false;
    }
    simdjson::dom::object skipped;
    if (e["readable"].get(in.readable) || e["fragment"].get(in.fragment) || e["skipped_by_reason"].get(skipped)) {
      return false;
    }
    for (auto [reason, count] : skipped) {
      uint64_t n = 0;
      if (count.get(n)) return false;
      in.skipped[std::string(reason)] = n;
    }
    std::string_view platform;
    if (!e["platform"].is_null()) {
      if (e["platform"].get(platform) || platform_sources({std::string(platform)}) == 0) return false;
      in.platform = platform;
    }
    incoming.push_back(std::move(in));
  }
  std::vector<problem> incoming_problems;
  for (simdjson::dom::element e : problems) {
    problem p;
    std::string_view level, code, message, file;
    if (e["level"].get(level) || e["code"].get(code) || e["message"].get(message) || e["file"].get(file) ||
        !problem_code_from_name(code, p.code) || !problem_level_from_name(level, p.level)) {
      return false;
    }
    p.message = message;
    p.file = file;
    int64_t n = -1;
    p.record = e["record"].get(n) ? -1 : n;
    p.byte_offset = e["byte_offset"].get(n) ? -1 : n;
    // A helper's state is input like any other: numbers no reading gives are refused, not computed with.
    const auto position_ok = [](int64_t v) { return v >= -1 && v <= static_cast<int64_t>(MAX_STATE_COUNT); };
    if (!position_ok(p.record) || !position_ok(p.byte_offset)) return false;
    incoming_problems.push_back(std::move(p));
  }
  for (const auto& in : incoming) {
    for (const auto& [name, count] : INPUT_COUNTS) {
      if (in.*count > MAX_STATE_COUNT) return false;
    }
    for (const auto& [reason, n] : in.skipped) {
      if (n > MAX_STATE_COUNT) return false;
    }
  }
  // Each format's tables, read into fresh ones first, so that a malformed one changes nothing.
  std::vector<std::pair<size_t, aggregator>> incoming_tables;
  for (auto [name, format_tables] : tables) {
    const format* f = format_named(name);
    if (!f) return false;
    const auto& all = formats();
    incoming_tables.emplace_back(static_cast<size_t>(std::find(all.begin(), all.end(), f) - all.begin()), aggregator{});
    incoming_tables.back().second.query_days.assign(queries_.terms().size(), {});
    if (!incoming_tables.back().second.merge_state(format_tables)) return false;
  }
  for (const auto& [source, t] : incoming_tables) tables_[source].merge(t);
  matched_.append(parts.matches, MAX_MATCHED_POSTS, MAX_MATCHED_BYTES);
  keep_posts(parts.posts);
  seen_.reserve(seen_.size() + incoming_keys.size());
  for (const uint64_t key : incoming_keys) {
    if (seen_.full()) {
      ++unchecked_;  // a post of the other analysis this one can no longer check against (nor carry on)
      continue;
    }
    seen_.insert(key);
    // Carried on to the analysis this one's state is merged into (at most id_set::MAX_IDS, like seen_).
    if (options_.ids_in_state) fragment_keys_.push_back(key);
  }
  unchecked_ += incoming_unchecked;

  std::map<std::string, uint64_t> record_base;  // records read before each joined fragment
  for (auto& in : incoming) {
    input_stats* joined = nullptr;
    for (auto& mine : inputs_) {
      if (in.fragment && mine.name == in.name) joined = &mine;
    }
    if (!joined) {
      record_base[in.name] = 0;
      inputs_.push_back(std::move(in));
      continue;
    }
    record_base[in.name] = joined->records_read;
    joined->bytes += in.bytes;
    joined->records_read += in.records_read;
    joined->records_counted += in.records_counted;
    joined->edits_collapsed += in.edits_collapsed;
    joined->posts += in.posts;
    joined->duplicates += in.duplicates;
    for (const auto& [reason, n] : in.skipped) joined->skipped[reason] += n;
  }
  for (auto& p : incoming_problems) {
    if (p.record > 0) p.record += static_cast<int64_t>(record_base[p.file]);
    insert_problem(std::move(p));
  }
  // Problems the other analysis counted but did not list.
  problems_total_ += total > incoming_problems.size() ? total - incoming_problems.size() : 0;
  for (const auto& [f, format_state] : incoming_formats) session_of(*f).merge_state(format_state);
  return true;
}

bool analysis::any_readable() const {
  for (const auto& in : inputs_) {
    if (in.readable) return true;
  }
  return false;
}

bool analysis::set_queries(const std::vector<std::string>& terms, std::string& error) {
  std::vector<query_term> parsed;
  for (const auto& text : terms) {
    if (!parse_term(text, parsed.emplace_back(), error)) return false;
  }
  queries_ = query_matcher(std::move(parsed));
  for (auto& t : tables_) t.query_days.assign(queries_.terms().size(), {});
  return true;
}

void analysis::on_post(const post& p) {
  if (!p.id.empty()) {
    const uint64_t key = id_set::key_of(formats()[source_]->id_space(), p.id);
    if (also_ && also_->seen_.contains(key)) {  // counted by the analysis consulted (also_seen_in)
      found_in_other_.push_back(key);
      ++file_duplicates_;
      return;
    }
    // Once the set is full, a new post is counted without being kept in it (and said to be unchecked).
    const bool full = seen_.full();
    if (full ? seen_.contains(key) : !seen_.insert(key)) {
      ++file_duplicates_;
      return;
    }
    if (full) {
      ++unchecked_;  // neither checked here nor carried in a state to be checked where it is merged
    } else if (in_fragment_ || options_.ids_in_state) {
      fragment_keys_.push_back(key);
    }
  }
  ++file_posts_;
  if (!queries_.terms().empty()) queries_.match(p, hits_);
  tables_[source_].add(p, hits_, zone_.offset_at(p.time_ms));
  const uint64_t terms = query_bits_of(hits_);
  if (!store_dropped_) {
    if (store_.size() < options_.max_stored_posts && store_.bytes() < MAX_STORED_BYTES) {
      store_.add(p, terms, source_);
    } else {
      let_store_go();
    }
  }
  if (terms != 0 && matched_.size() < MAX_MATCHED_POSTS &&
      matched_.fits(p.id.size() + p.author.size() + p.text.size(), MAX_MATCHED_BYTES)) {
    matched_.add(p.id, p.author, p.text, p.time_ms, terms, p.kind, source_);
  }
}

bool analysis::kept_match_passes(size_t i, size_t term, const post_filter& filter) const {
  if (term >= 64 || !(matched_.terms(i) >> term & 1)) return false;
  const int64_t time = matched_.time_ms(i);
  return filter.passes(local_day(time, zone_.offset_at(time)), matched_.kind(i), matched_.source(i));
}

std::vector<matched_post> analysis::matched_posts(size_t term, size_t offset, size_t count,
                                                  const post_filter& filter) const {
  // By date (posts read in the same millisecond, or undated, in reading order): at most MAX_MATCHED_POSTS
  // indices sorted per request, a few milliseconds.
  std::vector<size_t> order;
  for (size_t i = 0; i < matched_.size(); ++i) {
    if (kept_match_passes(i, term, filter)) order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return matched_.time_ms(a) < matched_.time_ms(b); });
  std::vector<matched_post> out;
  for (size_t k = offset; k < order.size() && out.size() < count; ++k) {
    matched_post m = matched_.get(order[k]);
    if (m.source < formats().size()) m.url = formats()[m.source]->post_url(m.id, m.author);
    out.push_back(std::move(m));
  }
  return out;
}

size_t analysis::matched_count(size_t term, const post_filter& filter) const {
  size_t n = 0;
  for (size_t i = 0; i < matched_.size(); ++i) n += kept_match_passes(i, term, filter) ? 1 : 0;
  return n;
}

void analysis::insert_problem(problem p) {
  // A range of an input read before others (helpers that read a range of every file of a collection, merged
  // at the end): its problems go where one reader would have listed them, before those of later inputs.
  size_t input = inputs_.size();
  for (size_t i = 0; i < inputs_.size(); ++i) {
    if (inputs_[i].name == p.file) input = i;
  }
  if (input + 1 >= inputs_.size()) {
    on_problem(std::move(p));
    return;
  }
  const auto later = [&](const problem& q) {
    for (size_t i = input + 1; i < inputs_.size(); ++i) {
      if (inputs_[i].name == q.file) return true;
    }
    return false;
  };
  list_problem(std::move(p), static_cast<size_t>(std::find_if(problems_.begin(), problems_.end(), later) -
                                                 problems_.begin()));
}

void analysis::on_problem(problem p) { list_problem(std::move(p), problems_.size()); }

void analysis::list_problem(problem p, size_t at) {
  ++problems_total_;
  ++problems_per_file_[p.file];
  if (at >= options_.max_problems) return;  // counted, not listed
  problems_.insert(problems_.begin() + static_cast<std::ptrdiff_t>(at), std::move(p));
  if (problems_.size() > options_.max_problems) problems_.pop_back();
}

namespace {

void write_input(json_writer& w, const input_stats& in, bool for_state) {
  w.begin_object();
  for (const auto& [name, text] : INPUT_TEXTS) w.field(name, in.*text);
  for (const auto& [name, count] : INPUT_COUNTS) w.field(name, in.*count);
  w.field("records_skipped", in.records_skipped());
  w.key("skipped_by_reason");
  w.begin_object();
  for (const auto& [reason, count] : in.skipped) w.field(reason, count);
  w.end_object();
  w.field("readable", in.readable);
  w.field_or_null("platform", !in.platform.empty(), in.platform);
  if (for_state) {  // what only a merging analysis needs
    w.field("fragment", in.fragment);
  }
  w.end_object();
}

void write_problem(json_writer& w, const problem& p) {
  w.begin_object();
  w.field("level", problem_level_name(p.level));
  w.field("code", problem_code_name(p.code));
  w.field("message", p.message);
  w.field("file", p.file);
  w.field_or_null("record", p.record >= 0, p.record);
  w.field_or_null("byte_offset", p.byte_offset >= 0, p.byte_offset);
  w.end_object();
}

void write_kind_counts(json_writer& w, uint64_t total, const kind_counts& counts) {
  w.field("posts", total);
  for (int k = 0; k < POST_KIND_COUNT; ++k) {
    w.field(post_kind_name(static_cast<post_kind>(k)), counts[static_cast<size_t>(k)]);
  }
}

void write_top(json_writer& w, std::string_view name, const std::vector<top_entry>& top) {
  w.key(name);
  w.begin_array();
  for (const auto& e : top) {
    w.begin_object();
    w.field("key", e.key);
    w.field("label", e.label);
    w.field("count", e.count);
    w.end_object();
  }
  w.end_array();
}

/// Posts per local day by kind, as timeline buckets.
void write_day_buckets(json_writer& w, const aggregator& t) {
  w.begin_array();
  for (const auto& [day, counts] : t.days()) {
    uint64_t total = 0;
    for (const uint64_t c : counts) total += c;
    w.begin_object();
    w.field("start", format_day(day));
    write_kind_counts(w, total, counts);
    w.end_object();
  }
  w.end_array();
}

/// Query term q's posts per local day: its "total" and "buckets" fields.
void write_term_days(json_writer& w, const aggregator& t, size_t q) {
  const auto& days = q < t.query_days.size() ? t.query_days[q] : std::map<int64_t, uint64_t>{};
  uint64_t total = 0;
  for (const auto& [day, n] : days) total += n;
  w.field("total", total);
  w.key("buckets");
  w.begin_array();
  for (const auto& [day, n] : days) {
    w.begin_object();
    w.field("start", format_day(day));
    w.field("count", n);
    w.end_object();
  }
  w.end_array();
}

/// The lists of one scope (a platform, or all) counted again exactly from the kept posts: those of `lists`
/// (bit l: top_list l), or none.
struct recounted {
  uint8_t lists = 0;
  const std::array<post_store::exact_list, TOP_LIST_COUNT>* scope = nullptr;
  bool has(size_t l) const { return scope && (lists >> l & 1); }
};

/// The top lists of tables, `n` entries each (those recounted from `exact`).
void write_top_lists(json_writer& w, const aggregator& t, size_t n, const recounted& exact) {
  w.begin_object();
  for (size_t l = 0; l < TOP_LIST_COUNT; ++l) {
    write_top(w, TOP_LIST_NAMES.names[l], exact.has(l) ? (*exact.scope)[l].top : t.lists[l].top(n));
  }
  w.end_object();
}

/// The counts of the data-quality panel that tables hold.
void write_quality_counts(json_writer& w, const aggregator& t) {
  w.field("truncated_reposts", t.truncated_reposts);
  w.field("missing_engagement", t.missing_engagement);
  w.field("text_repaired", t.text_repaired);
  w.field("outside_timeline", t.outside_timeline);
}

}  // namespace

std::string analysis::summary_json() {
  end_file();
  return write_summary(tables_, nullptr);
}

std::string analysis::partial_summary_json() {
  const size_t read = inputs_.size();
  if (in_file_ && reader_) {
    inputs_.push_back(reader_->stats());
    inputs_.back().platform = formats()[source_]->id_space();
    inputs_.back().posts = file_posts_;
    inputs_.back().duplicates = file_duplicates_;
  }
  std::string json = write_summary(tables_, nullptr, false);
  inputs_.resize(read);
  return json;
}

bool analysis::hourly_json(const post_filter& filter, std::string& json, std::string& error) {
  end_file();
  if (!store_complete(error)) return false;
  const size_t query_count = queries_.terms().size();
  const auto hours = store_.hours(filter, query_count, zone_);
  if (hours.size() > MAX_HOURS) {
    error = "Hourly buckets are shown for at most " + with_commas(MAX_HOURS) + " hours with posts: choose fewer days.";
    return false;
  }
  // The movement by the hour over a short span only: its rows of languages grow with the hours.
  const bool by_hour = hours.size() <= MOVEMENT_HOURS;
  const movement_tables movement = by_hour ? store_.hourly_movement(filter, zone_) : movement_tables();
  const auto new_authors = movement.new_authors();
  std::vector<std::string> languages;
  std::map<int64_t, std::vector<uint64_t>> language_hours;
  movement.languages(LANGUAGES_OVER_TIME, languages, language_hours);
  json_writer w;
  w.begin_object();
  w.field("time_zone", zone_.name);
  if (by_hour) {
    w.key("languages");
    w.begin_array();
    for (const auto& name : languages) w.value(name);
    w.value("other");
    w.end_array();
  }
  w.key("buckets");
  w.begin_array();
  for (const auto& [hour, counts] : hours) {
    const int64_t day = floor_div(hour, 24);
    char start[24];
    std::snprintf(start, sizeof start, "%sT%02d", format_day(day).c_str(), static_cast<int>(hour - day * 24));
    uint64_t total = 0;
    for (int k = 0; k < POST_KIND_COUNT; ++k) total += counts[static_cast<size_t>(k)];
    w.begin_object();
    w.field("start", start);
    w.field("posts", total);
    for (int k = 0; k < POST_KIND_COUNT; ++k) {
      w.field(post_kind_name(static_cast<post_kind>(k)), counts[static_cast<size_t>(k)]);
    }
    w.key("terms");
    w.begin_array();
    for (size_t q = 0; q < query_count; ++q) w.value(counts[POST_KIND_COUNT + q]);
    w.end_array();
    if (by_hour) {
      const auto joined = new_authors.find(hour);
      w.field("new_authors", joined == new_authors.end() ? uint64_t{0} : joined->second);
      w.key("languages");
      w.begin_array();
      const auto row = language_hours.find(hour);
      for (size_t k = 0; k <= languages.size(); ++k) w.value(row == language_hours.end() ? uint64_t{0} : row->second[k]);
      w.end_array();
    }
    w.end_object();
  }
  w.end_array();
  w.end_object();
  json = w.str();
  return true;
}

void analysis::keep_posts(const post_store& posts) {
  if (!store_dropped_ && !store_.append(posts, options_.max_stored_posts, MAX_STORED_BYTES)) let_store_go();
}

void analysis::let_store_go() {
  store_.clear();  // filters need every post: what was kept is of no use now
  store_dropped_ = true;
}

bool analysis::store_complete(std::string& error) const {
  if (!store_dropped_ && store_.size() == posts_counted()) return true;
  error = "Filters and hourly views keep every post in memory, at most " + with_commas(options_.max_stored_posts) +
          " posts and " + std::to_string(MAX_STORED_BYTES >> 20) +
          " MiB with their hashtags, mentions and other values; this input has more, so only the whole summary is "
          "shown.";
  return false;
}

bool analysis::filtered_summary_json(const post_filter& filter, std::string& json, std::string& error) {
  end_file();
  if (!store_complete(error)) return false;
  json = write_summary(store_.aggregate(filter, queries_.terms().size(), zone_), &filter);
  return true;
}

std::string analysis::write_summary(const std::vector<aggregator>& sources, const post_filter* filter, bool complete) {
  // Per platform (the formats of one id space), in the order of formats(): listed once a format of it opened a
  // file or counted posts. One platform's tables are its format's own when only one format counted.
  struct platform_tables {
    std::string_view key, name;
    std::vector<size_t> sources;
    aggregator merged;
    const aggregator* tables = nullptr;
    uint64_t likes = 0;
  };
  std::vector<platform_tables> platforms;
  const auto& all = formats();
  const size_t query_count = queries_.terms().size();
  for (size_t source = 0; source < all.size(); ++source) {
    const auto session = std::find_if(formats_.begin(), formats_.end(), [&](const format_part& part) { return part.fmt == all[source]; });
    if (sources[source].posts() == 0 && session == formats_.end()) continue;
    auto it = std::find_if(platforms.begin(), platforms.end(), [&](const platform_tables& p) { return p.key == all[source]->id_space(); });
    if (it == platforms.end()) it = platforms.insert(platforms.end(), platform_tables{all[source]->id_space(), all[source]->platform(), {}, {}, nullptr, 0});
    if (sources[source].posts() > 0) it->sources.push_back(source);
    if (session != formats_.end()) it->likes += session->session->likes();
  }
  for (auto& p : platforms) {
    if (p.sources.size() == 1) {
      p.tables = &sources[p.sources[0]];
      continue;
    }
    p.merged.query_days.assign(query_count, {});
    for (const size_t source : p.sources) p.merged.merge(sources[source]);
    p.tables = &p.merged;
  }
  aggregator merged;
  merged.query_days.assign(query_count, {});
  if (platforms.size() != 1) {
    for (const auto& p : platforms) merged.merge(*p.tables);
  }
  const aggregator& t = platforms.size() == 1 ? *platforms[0].tables : merged;
  // Lists that outgrew their exact tables (a collection's authors, past EXACT_SPELLINGS spellings) became
  // sketches; when every post was kept (and the list has at most MAX_RECOUNTED_SPELLINGS spellings) they
  // are counted again from the kept posts, exactly. Their counts are then the same whatever order readers,
  // helpers and states were merged in (merged sketches estimate otherwise than one reader's would).
  uint8_t recount = 0;
  std::string not_kept;
  if (complete && store_complete(not_kept)) {
    for (size_t l = 0; l < TOP_LIST_COUNT; ++l) {
      const bool again = t.lists[l].approximate() && store_.spellings(l) <= MAX_RECOUNTED_SPELLINGS;
      recount |= static_cast<uint8_t>(again ? 1u << l : 0u);
    }
  }
  std::vector<std::array<post_store::exact_list, TOP_LIST_COUNT>> exact;
  if (recount) {
    std::vector<uint32_t> scopes{UINT32_MAX};  // all, then each platform's formats
    for (const auto& p : platforms) {
      uint32_t mask = 0;
      for (const size_t source : p.sources) mask |= source < 32 ? uint32_t{1} << source : 0;
      scopes.push_back(mask);
    }
    exact = store_.exact_lists(filter ? *filter : post_filter{}, zone_, scopes, recount, options_.top_n);
  }
  const auto exact_in = [&](size_t scope) { return recounted{recount, exact.empty() ? nullptr : &exact[scope]}; };

  json_writer w;
  w.begin_object();
  w.field("schema", SUMMARY_SCHEMA);
  w.field("chorus_version", VERSION);

  w.key("inputs");
  w.begin_array();
  for (const auto& in : inputs_) write_input(w, in, false);
  w.end_array();

  if (complete) {
    for (auto& part : formats_) part.session->check(inputs_, *this);
  }
  std::string account;
  uint64_t likes = 0;
  format_session::private_count private_posts;
  for (const auto& part : formats_) {
    if (account.empty()) account = part.session->account();
    likes += part.session->likes();
    const format_session::private_count some = part.session->private_posts();
    private_posts.read += some.read;
    private_posts.counted += some.counted;
  }
  w.field_or_null("account", !account.empty(), account);
  w.field("likes", likes);
  w.key("private_posts");
  w.begin_object();
  w.field("read", private_posts.read);
  w.field("counted", private_posts.counted);
  w.end_object();
  write_formats(w, [&](const format_session& session) { session.write_facts(w, inputs_); });

  w.key("filters");
  if (!filter) {
    w.null();
  } else {
    w.begin_object();
    const bool from = filter->from_day != INT64_MIN, to = filter->to_day != INT64_MAX;  // open ends have no date
    w.field_or_null("from", from, from ? format_day(filter->from_day) : std::string());
    w.field_or_null("to", to, to ? format_day(filter->to_day) : std::string());
    w.key("kinds");
    w.begin_array();
    for (int k = 0; k < POST_KIND_COUNT; ++k) {
      if (filter->kinds >> k & 1) w.value(post_kind_name(static_cast<post_kind>(k)));
    }
    w.end_array();
    w.key("platforms");
    w.begin_array();
    for (const auto& p : platforms) {
      if (filter->sources & platform_sources({std::string(p.key)})) w.value(p.key);
    }
    w.end_array();
    w.end_object();
  }

  w.key("totals");
  w.begin_object();
  write_kind_counts(w, t.posts(), t.by_kind());
  w.end_object();

  w.key("date_range");
  w.begin_object();
  w.field_or_null("first", t.posts() > 0, format_iso_utc(t.first_ms()));
  w.field_or_null("last", t.posts() > 0, format_iso_utc(t.last_ms()));
  w.end_object();

  // Each platform's numbers; with several, also its timeline, terms and top lists.
  w.key("platforms");
  w.begin_array();
  for (size_t pi = 0; pi < platforms.size(); ++pi) {
    const auto& p = platforms[pi];
    const aggregator& pt = *p.tables;
    w.begin_object();
    w.field("key", p.key);
    w.field("name", p.name);
    write_kind_counts(w, pt.posts(), pt.by_kind());
    w.field("likes", p.likes);
    w.field_or_null("first", pt.posts() > 0, format_iso_utc(pt.first_ms()));
    w.field_or_null("last", pt.posts() > 0, format_iso_utc(pt.last_ms()));
    if (platforms.size() > 1) {
      w.key("timeline");
      write_day_buckets(w, pt);
      w.key("queries");
      w.begin_array();
      for (size_t q = 0; q < query_count; ++q) {
        w.begin_object();
        write_term_days(w, pt, q);
        w.end_object();
      }
      w.end_array();
      w.key("top");
      write_top_lists(w, pt, options_.top_n, exact_in(pi + 1));
      w.key("quality");
      w.begin_object();
      write_quality_counts(w, pt);
      w.end_object();
    }
    w.end_object();
  }
  w.end_array();

  w.key("timeline");
  w.begin_object();
  w.field("unit", "day");
  w.field("time_zone", zone_.name);
  w.key("buckets");
  write_day_buckets(w, t);
  w.end_object();

  w.key("week_hours");
  w.begin_object();
  w.field("time_zone", zone_.name);
  w.key("rows");
  w.begin_array();
  for (const auto& hours : t.week_hours) {
    w.begin_array();
    for (const uint64_t n : hours) w.value(n);
    w.end_array();
  }
  w.end_array();
  w.end_object();

  w.key("queries");
  w.begin_array();
  for (size_t q = 0; q < queries_.terms().size(); ++q) {
    const query_term& term = queries_.terms()[q];
    w.begin_object();
    w.field("term", term.text);
    w.field("kind", term_kind_name(term.kind));
    write_term_days(w, t, q);
    w.end_object();
  }
  w.end_array();

  w.key("top");
  write_top_lists(w, t, options_.top_n, exact_in(0));

  w.key("distinct");
  w.begin_object();
  for (const top_list l : {top_list::HASHTAGS, top_list::MENTIONS, top_list::DOMAINS, top_list::AUTHORS}) {
    const auto i = static_cast<size_t>(l);
    w.field(TOP_LIST_NAMES(l), exact_in(0).has(i) ? exact[0][i].distinct : static_cast<uint64_t>(t.list(l).distinct()));
  }
  w.end_object();

  // A movement of many voices: who joins when, and in which languages.
  w.key("movement");
  w.begin_object();
  w.field("authors_tracked", t.movement.authors());
  w.field("untracked", t.movement.untracked_posts());
  w.key("new_authors");
  w.begin_array();
  for (const auto& [day, n] : t.movement.new_authors()) {
    w.begin_object();
    w.field("start", format_day(day));
    w.field("count", n);
    w.end_object();
  }
  w.end_array();
  std::vector<std::string> languages;
  std::map<int64_t, std::vector<uint64_t>> language_days;
  t.movement.languages(LANGUAGES_OVER_TIME, languages, language_days);
  w.key("languages");
  w.begin_object();
  w.key("names");
  w.begin_array();
  for (const auto& name : languages) w.value(name);
  w.value("other");
  w.end_array();
  w.key("buckets");
  w.begin_array();
  for (const auto& [day, counts] : language_days) {
    w.begin_object();
    w.field("start", format_day(day));
    w.key("counts");
    w.begin_array();
    for (const uint64_t n : counts) w.value(n);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.end_object();

  w.key("quality");
  w.begin_object();
  write_quality_counts(w, t);
  // Posts met again (the same id in overlapping files) are dropped; past id_set::MAX_IDS distinct posts,
  // later posts are counted without that check.
  uint64_t duplicates = 0;
  for (const auto& in : inputs_) duplicates += in.duplicates;
  w.field("duplicates", duplicates);
  w.field("unchecked_for_duplicates", unchecked_);
  // Lists that outgrew their exact tables and could not be counted again (not every post was kept): their
  // top counts may be up to max_error too high, and their distinct counts are estimates with the given
  // relative standard error.
  w.key("approximate");
  w.begin_object();
  for (size_t l = 0; l < TOP_LIST_COUNT; ++l) {
    const folded_counter& list = t.lists[l];
    if (!list.approximate() || exact_in(0).has(l)) continue;
    w.key(TOP_LIST_NAMES.names[l]);
    w.begin_object();
    w.field("max_error", list.max_error());
    w.field("distinct_standard_error", folded_counter::DISTINCT_STANDARD_ERROR);
    w.end_object();
  }
  w.end_object();
  w.end_object();

  w.key("problems");
  w.begin_array();
  for (const auto& p : problems_) write_problem(w, p);
  w.end_array();
  w.field("problems_omitted", problems_total_ - static_cast<uint64_t>(problems_.size()));
  w.end_object();
  std::string out = w.str();
  out += '\n';
  return out;
}

}  // namespace chorus
