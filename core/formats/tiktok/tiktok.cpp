#include "formats/tiktok/tiktok.h"

#include <memory>
#include <string>

#include "json_writer.h"
#include "simdjson.h"
#include <optional>
#include <vector>
#include "text/text_fold.h"
#include "text/text_util.h"
#include "time_parse.h"
#include "time_zone.h"

namespace chorus {

namespace {

/// What TikTok learns across files, and what states carry.
struct tiktok_counts {
  uint64_t likes = 0;
  uint64_t private_read = 0, private_counted = 0;
  uint64_t comments = 0;
};

/// The lists read, by the keys that lead to them from the top: everything else is stepped over, byte by byte,
/// without being parsed or kept.
enum class list_kind : uint8_t { NONE, VIDEOS, COMMENTS, LIKES };
struct list_path {
  std::string_view a, b, c;
  list_kind kind;
};
constexpr list_path LISTS[] = {{"Video", "Videos", "VideoList", list_kind::VIDEOS},
                               {"Comment", "Comments", "CommentsList", list_kind::COMMENTS},
                               {"Activity", "Like List", "ItemFavoriteList", list_kind::LIKES}};

/// The one file as a stream: a small JSON walker follows the keys down to the three lists and hands each of their
/// items, one at a time, to a DOM parser; memory holds one item, whatever the file's size.
class tiktok_file final : public file_reader {
 public:
  tiktok_file(std::string name, post_sink& sink, tiktok_counts& counts, const reader_options& options)
      : sink_(sink), counts_(counts), zone_(options.local_zone), private_posts_(options.private_posts) {
    stats_.name = std::move(name);
    stats_.format = "tiktok-user-data";
    stats_.role = "posts";
    stats_.readable = true;
  }
  bool feed(const char* data, size_t size) override {
    if (failed_) return false;
    for (size_t i = 0; i < size && !failed_; ++i) step(data[i]);
    stats_.bytes += size;
    return !failed_;
  }
  void finish() override {
    if (failed_) return;
    if (stats_.bytes == 0) {
      report(problem_code::EMPTY_FILE, "This file is empty.", -1);
    } else if (!stack_.empty() || in_string_ || !seen_root_) {
      report(problem_code::TRUNCATED,
             "The file ends inside its JSON (at byte " + with_commas(stats_.bytes) +
                 "): it was probably cut off. What was read before is counted.",
             static_cast<int64_t>(stats_.bytes));
    }
  }
  void abandon() override { failed_ = true; }
  void start_at_record(uint64_t) override {}
  void stop_at(uint64_t) override {}
  const input_stats& stats() const override { return stats_; }

 private:
  static constexpr size_t MAX_ITEM = 1u << 20, MAX_KEY = 64, MAX_DEPTH = 256;
  struct frame {
    bool object = false;
    bool expect_key = true;  // an object: the next string is a key
    list_kind list = list_kind::NONE;  // an array: the list it is
    std::string key;         // an object: the key of the value being read
  };

  void step(char c);
  void open(bool object);
  void close();
  void use_item();
  void report(problem_code code, std::string message, int64_t offset) {
    const bool about_item = code == problem_code::MISSING_FIELD || code == problem_code::MALFORMED_RECORD;
    sink_.report(problem_level::ERROR, code, stats_.name, std::move(message),
                 about_item ? static_cast<int64_t>(stats_.records_read) : -1, offset);
  }
  void skip(problem_code code, std::string message) {
    ++stats_.skipped[std::string(problem_code_name(code))];
    report(code, std::move(message), static_cast<int64_t>(item_offset_));
  }
  void fail(std::string message) {
    report(problem_code::MALFORMED_JSON, std::move(message), static_cast<int64_t>(offset()));
    failed_ = true;
  }
  uint64_t offset() const { return stats_.bytes + position_; }
  std::optional<int64_t> time_of(std::string_view text) const {
    const auto local = parse_local_timestamp(text);
    if (!local) return std::nullopt;
    return zone_ ? zone_->utc_of_local(*local) : *local;
  }
  void use_video(simdjson::dom::object item);
  void use_comment(simdjson::dom::object item);

  post_sink& sink_;
  tiktok_counts& counts_;
  const zone_rules* zone_;
  bool private_posts_;
  input_stats stats_;
  std::vector<frame> stack_;
  bool seen_root_ = false, in_string_ = false, escaped_ = false, reading_key_ = false, failed_ = false;
  std::string key_;
  size_t position_ = 0;  // within the current chunk (offset() is approximate across chunks: messages only)
  // The item being captured: its bytes, its kind, and the depth it closes at.
  list_kind item_kind_ = list_kind::NONE;
  size_t item_depth_ = 0;
  uint64_t item_offset_ = 0;
  std::string item_;
  bool item_too_large_ = false;
  simdjson::dom::parser parser_;
  post post_;
};

void tiktok_file::step(char c) {
  const bool capturing = item_kind_ != list_kind::NONE;
  if (capturing && !item_too_large_) {
    if (item_.size() < MAX_ITEM) {
      item_ += c;
    } else {
      item_too_large_ = true;
      item_.clear();
    }
  }
  if (in_string_) {
    if (escaped_) {
      escaped_ = false;
    } else if (c == '\\') {
      escaped_ = true;
    } else if (c == '"') {
      in_string_ = false;
      if (reading_key_) stack_.back().key = key_;
    } else if (reading_key_ && key_.size() < MAX_KEY) {
      key_ += c;
    }
    return;
  }
  switch (c) {
    case '"':
      if (stack_.empty()) return fail("This file is not one JSON object.");
      in_string_ = true;
      reading_key_ = stack_.back().object && stack_.back().expect_key;
      key_.clear();
      return;
    case ':':
      if (!stack_.empty() && stack_.back().object) stack_.back().expect_key = false;
      return;
    case ',':
      if (!stack_.empty() && stack_.back().object) stack_.back().expect_key = true;
      return;
    case '{':
    case '[':
      return open(c == '{');
    case '}':
    case ']':
      return close();
    default:
      return;
  }
}

void tiktok_file::open(bool object) {
  if (stack_.empty()) {
    if (seen_root_ || !object) return fail("This file is not one JSON object.");
    seen_root_ = true;
  }
  if (stack_.size() >= MAX_DEPTH) return fail("This file nests deeper than " + std::to_string(MAX_DEPTH) + " levels.");
  frame f;
  f.object = object;
  if (!object && stack_.size() == 3) {
    // A list three keys down: one of those read, when its keys say so.
    for (const auto& path : LISTS) {
      if (same_key(stack_[0].key, path.a) && same_key(stack_[1].key, path.b) && same_key(stack_[2].key, path.c)) f.list = path.kind;
    }
  }
  const list_kind parent = stack_.empty() || stack_.back().object ? list_kind::NONE : stack_.back().list;
  stack_.push_back(std::move(f));
  if (object && parent != list_kind::NONE && item_kind_ == list_kind::NONE) {
    ++stats_.records_read;
    if (parent == list_kind::LIKES) {  // a like is only counted
      ++counts_.likes;
      ++stats_.records_counted;
      return;
    }
    item_kind_ = parent;
    item_depth_ = stack_.size();
    item_offset_ = offset();
    item_.assign(1, '{');
    item_too_large_ = false;
  }
}

void tiktok_file::close() {
  if (stack_.empty()) return fail("This file has a bracket that closes nothing.");
  const size_t depth = stack_.size();
  stack_.pop_back();
  if (item_kind_ != list_kind::NONE && depth == item_depth_) use_item();
}

void tiktok_file::use_item() {
  const list_kind kind = item_kind_;
  item_kind_ = list_kind::NONE;
  if (item_too_large_) {
    skip(problem_code::RECORD_TOO_LARGE, "This item is larger than 1 MiB and was skipped.");
    return;
  }
  simdjson::dom::object obj;
  if (parser_.parse(item_).get(obj)) {
    skip(problem_code::MALFORMED_RECORD, "This item is not a JSON object Chorus can read.");
    return;
  }
  if (kind == list_kind::VIDEOS) use_video(obj);
  else use_comment(obj);
}

/// A string field in either letter case of its first letter, or empty.
std::string_view text_field(simdjson::dom::object& obj, std::string_view upper, std::string_view lower) {
  std::string_view s;
  if (!obj[upper].get(s)) return s;
  if (!obj[lower].get(s)) return s;
  return {};
}

void tiktok_file::use_video(simdjson::dom::object item) {
  const std::string_view date = text_field(item, "Date", "date");
  const std::string_view title = text_field(item, "Title", "title");
  const std::string_view who = text_field(item, "WhoCanView", "whoCanView");
  const auto ms = time_of(date);
  if (!ms) {
    skip(problem_code::MISSING_FIELD, "This video's date \"" + excerpt(date) + "\" is not one Chorus reads.");
    return;
  }
  if (!who.empty() && !same_key(who, "Everyone") && !same_key(who, "Public")) {
    ++counts_.private_read;
    if (!private_posts_) return;  // read, and left out unless asked: the format's facts say how many
    ++counts_.private_counted;
  }
  post& p = post_;
  p.clear();
  p.time_ms = *ms;
  // The video's Link is a signed storage address that expires, not its page: the id is its date and title.
  p.id = "tiktok:video:" + std::string(date) + ":" + std::string(title);
  p.text = title;
  tagged_words(p.text, '#', p.hashtags);
  tagged_words(p.text, '@', p.mentions);
  ++stats_.records_counted;
  sink_.on_post(p);
}

void tiktok_file::use_comment(simdjson::dom::object item) {
  const std::string_view date = text_field(item, "Date", "date");
  const std::string_view comment = text_field(item, "Comment", "comment");
  const auto ms = time_of(date);
  if (!ms) {
    skip(problem_code::MISSING_FIELD, "This comment's date \"" + excerpt(date) + "\" is not one Chorus reads.");
    return;
  }
  post& p = post_;
  p.clear();
  p.time_ms = *ms;
  p.kind = post_kind::REPLY;
  p.id = "tiktok:comment:" + std::string(date) + ":" + std::string(comment);
  p.text = comment;
  tagged_words(p.text, '#', p.hashtags);
  tagged_words(p.text, '@', p.mentions);
  ++counts_.comments;
  ++stats_.records_counted;
  sink_.on_post(p);
}

class tiktok_session final : public format_session {
 public:
  explicit tiktok_session(const reader_options& options) : options_(options) {}
  std::unique_ptr<file_reader> open(std::string name, post_sink& sink) override {
    return std::make_unique<tiktok_file>(std::move(name), sink, counts_, options_);
  }
  void write_facts(json_writer& w, const std::vector<input_stats>& /*inputs*/) const override {
    w.begin_object();
    w.field("comments", counts_.comments);
    w.field("private_videos", counts_.private_read);
    w.key("facts");
    w.begin_array();
    if (counts_.comments > 0) w.value(with_commas(counts_.comments) + (counts_.comments == 1 ? " TikTok comment" : " TikTok comments") + " (counted as replies)");
    if (counts_.private_read > 0 && counts_.private_counted == 0) {
      w.value(with_commas(counts_.private_read) + " TikTok videos for friends or yourself only left out (private: counted only when asked)");
    }
    w.end_array();
    w.key("notes");
    w.begin_array();
    w.value(local_times_note("TikTok", options_));
    w.end_array();
    w.end_object();
  }
  uint64_t likes() const override { return counts_.likes; }
  private_count private_posts() const override { return {counts_.private_read, counts_.private_counted}; }
  void write_state(json_writer& w, bool fragments_only) const override {
    const tiktok_counts none;
    const tiktok_counts& c = fragments_only ? none : counts_;  // the file is read whole
    w.begin_object();
    write_state_counts(w, {c.likes, c.private_read, c.private_counted, c.comments});
    w.end_object();
  }
  bool merge_state(const simdjson::dom::element& state) override {
    tiktok_counts& c = counts_;
    return add_state_counts(state, {&c.likes, &c.private_read, &c.private_counted, &c.comments});
  }

 private:
  reader_options options_;
  tiktok_counts counts_;
};

class tiktok_export final : public format {
 public:
  std::string_view name() const override { return "tiktok"; }
  std::string_view label() const override { return "TikTok data export (user_data_tiktok.json, JSON format)"; }
  std::string_view platform() const override { return "TikTok"; }
  int sniff(std::string_view head, std::string_view path) const override {
    const std::string_view s = trim(head);
    if (!s.starts_with("{")) return 0;
    // TikTok's sections come in alphabetical order, "Activity" first, with lists of its own names in it.
    const size_t first = s.find_first_not_of(" \t\r\n", 1);
    const bool activity = first != std::string_view::npos && s.substr(first).starts_with("\"Activity\"");
    bool named = base_name(path) == "user_data_tiktok.json";
    for (const std::string_view list : {"\"Activity Summary\"", "\"Like List\"", "\"Favorite Videos\"", "\"Video Browsing History\"",
                                        "\"Follower List\"", "\"Login History\""}) {
      named = named || s.find(list) != std::string_view::npos;
    }
    return activity && named ? 90 : 0;
  }
  entry_role entry(std::string_view path) const override {
    const std::string_view base = base_name(path);
    if (base == "user_data_tiktok.json" || base == "user_data.json") return {"posts", 0, false};
    return {};
  }
  std::unique_ptr<format_session> begin(const reader_options& options) const override {
    return std::make_unique<tiktok_session>(options);
  }
};

}  // namespace

const format& tiktok_format() {
  static const tiktok_export instance;
  return instance;
}

}  // namespace chorus
