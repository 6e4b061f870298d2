#include "formats/meta/meta.h"

#include <memory>
#include <string>
#include <vector>

#include "formats/meta/mojibake.h"
#include "json_writer.h"
#include "scan/json_records.h"
#include "text/text_fold.h"
#include "text/text_util.h"
#include "time_parse.h"

namespace chorus {

namespace {

namespace dom = simdjson::dom;

enum class meta_platform : uint8_t { INSTAGRAM, FACEBOOK, THREADS };
/// What a file of the export holds.
enum class kind : uint8_t { POSTS, COMMENTS, LIKES, NONE };

struct platform_names {
  std::string_view name, label, file_label;
};
constexpr platform_names NAMES[] = {
    {"instagram", "Instagram", "Instagram (posts_1.json, post_comments_1.json, or the export's ZIP or folder)"},
    {"facebook", "Facebook", "Facebook (your_posts_1.json, comments.json, or the export's ZIP or folder)"},
    {"threads", "Threads", "Threads (threads_and_replies.json in the Instagram export)"},
};

std::string_view folder_name(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  if (slash == std::string_view::npos) return {};
  return base_name(path.substr(0, slash));
}

/// "name_12.json" with `stem` "name_": true when the rest is digits and ".json".
bool numbered(std::string_view base, std::string_view stem) {
  if (!base.starts_with(stem) || !base.ends_with(".json")) return false;
  const std::string_view digits = base.substr(stem.size(), base.size() - stem.size() - 5);
  if (digits.empty()) return false;
  for (const char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

/// Which file of which platform a path names, from Meta's file names (older and 2024-25 layouts alike).
kind kind_of_path(meta_platform p, std::string_view path) {
  const std::string_view base = base_name(path), folder = folder_name(path);
  switch (p) {
    case meta_platform::INSTAGRAM:
      if (folder == "content" && numbered(base, "posts_")) return kind::POSTS;
      if (folder == "comments" && (base == "post_comments.json" || numbered(base, "post_comments_"))) return kind::COMMENTS;
      if (folder == "likes" && base == "liked_posts.json") return kind::LIKES;
      return kind::NONE;
    case meta_platform::FACEBOOK:
      if (numbered(base, "your_posts_") || numbered(base, "your_posts__check_ins__photos_and_videos_")) return kind::POSTS;
      if (folder == "comments_and_reactions" && base == "comments.json") return kind::COMMENTS;
      return kind::NONE;
    case meta_platform::THREADS:
      return base == "threads_and_replies.json" ? kind::POSTS : kind::NONE;
  }
  return kind::NONE;
}

/// Folders of Meta's exports (the 2024-25 layout and the older ones) that hold no posts, or private things:
/// messages, contacts, logins, ads. Nothing in them is opened, by any format.
constexpr std::string_view META_FOLDERS[] = {
    "your_instagram_activity", "your_facebook_activity", "personal_information", "security_and_login_information",
    "ads_information", "ads_and_businesses", "logged_information", "apps_and_websites_off_of_instagram",
    "connections", "followers_and_following", "login_and_account_creation", "profile_information", "messages",
    "inbox", "message_requests", "search_history", "recent_searches", "preferences", "your_topics",
    "comments_and_reactions", "likes_and_reactions"};

bool in_meta_folder(std::string_view path) {
  size_t start = 0;
  while (start < path.size()) {
    const size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) return false;  // the file's own name is not a folder
    const std::string_view segment = path.substr(start, slash - start);
    for (const auto folder : META_FOLDERS) {
      if (segment == folder) return true;
    }
    start = slash + 1;
  }
  return false;
}

/// The first key of the first object in `head` (a file's first bytes), or empty.
std::string_view first_key(std::string_view head) {
  size_t i = head.find('{');
  if (i == std::string_view::npos) return {};
  i = head.find_first_not_of(" \t\r\n", i + 1);
  if (i == std::string_view::npos || head[i] != '"') return {};
  const size_t end = head.find('"', i + 1);
  return end == std::string_view::npos ? std::string_view() : head.substr(i + 1, end - i - 1);
}

/// Which platform's file of which kind the first bytes are, and the member whose array holds the records (empty:
/// the file is an array of them, or one of them).
struct file_shape {
  meta_platform p;
  kind k = kind::NONE;
  std::string_view member;
};

file_shape shape_of(std::string_view head) {
  const std::string_view s = trim(head);
  if (s.empty() || (s[0] != '[' && s[0] != '{')) return {meta_platform::INSTAGRAM, kind::NONE, {}};
  const std::string_view key = first_key(s);
  if (s[0] == '{') {
    if (key == "text_post_app_text_posts") return {meta_platform::THREADS, kind::POSTS, key};
    if (key == "comments_media_comments") return {meta_platform::INSTAGRAM, kind::COMMENTS, key};
    if (key == "likes_media_likes") return {meta_platform::INSTAGRAM, kind::LIKES, key};
    if (key == "comments_v2" || key == "group_comments_v2") return {meta_platform::FACEBOOK, kind::COMMENTS, key};
    if (key == "group_posts_v2") return {meta_platform::FACEBOOK, kind::POSTS, key};
  }
  // An array of records, or one record on its own, named by its first key.
  if (key == "media" && s.find("\"creation_timestamp\"") != std::string_view::npos) return {meta_platform::INSTAGRAM, kind::POSTS, {}};
  if (key == "media_list_data" || key == "string_map_data") return {meta_platform::INSTAGRAM, kind::COMMENTS, {}};
  if (key == "timestamp" && (s.find("\"data\"") != std::string_view::npos || s.find("\"attachments\"") != std::string_view::npos ||
                             s.find("\"title\"") != std::string_view::npos)) {
    return {meta_platform::FACEBOOK, kind::POSTS, {}};
  }
  return {meta_platform::INSTAGRAM, kind::NONE, {}};
}

/// What the three formats learn across files, and what states carry.
struct meta_counts {
  uint64_t repaired = 0;  ///< strings whose mojibake was repaired
  uint64_t likes = 0;     ///< liked posts (Instagram's liked_posts.json)
  uint64_t comments = 0;  ///< comments counted (as replies)
};

/// A 64-bit FNV-1a hash, for ids of posts that have none of their own.
uint64_t fnv(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

/// Records of one file of one kind: parsed whole (they are small) and read as the platform writes them.
class meta_mapper final : public record_mapper {
 public:
  meta_mapper(meta_platform p, kind k, meta_counts& counts, post_sink& sink) : p_(p), k_(k), counts_(counts), sink_(sink) {}
  bool accept_prefix(std::string_view prefix, char /*opener*/, input_stats& /*stats*/, post_sink& /*sink*/) override {
    return prefix.empty();
  }
  simdjson::error_code read(simdjson::ondemand::object record, record_context& /*ctx*/) override {
    std::string_view raw;
    if (auto e = record.raw_json().get(raw)) return e;
    raw_.assign(raw.data(), raw.size());
    return simdjson::SUCCESS;
  }
  bool parses_records() const override { return k_ != kind::LIKES; }
  void counted_unparsed(record_context& ctx) override {
    ++counts_.likes;
    ctx.counted();
  }
  void use(record_context& ctx) override;

 private:
  /// A string field, mojibake repaired (and counted); empty when absent or not a string.
  std::string text(dom::element e, std::string_view key) {
    std::string_view s;
    if (e[key].get(s)) return {};
    std::string out;
    if (meta::repair_mojibake(s, out)) {
      ++counts_.repaired;
      return out;
    }
    return std::string(s);
  }
  static int64_t seconds(dom::element e, std::string_view key) {
    int64_t n = 0;
    if (e[key].get(n)) {
      uint64_t u = 0;
      if (e[key].get(u) || u > static_cast<uint64_t>(INT64_MAX / 1000)) return -1;
      n = static_cast<int64_t>(u);
    }
    return n > 0 && n < INT64_MAX / 1000 ? n : -1;
  }
  void finish_post(record_context& ctx, int64_t time_s, std::string_view id_kind, std::string_view id_extra);
  bool read_instagram_post(dom::element r, int64_t& time_s, std::string& extra);
  bool read_instagram_comment(dom::element r, int64_t& time_s);
  bool read_threads_post(dom::element r, int64_t& time_s, std::string& extra);
  bool read_facebook_post(dom::element r, int64_t& time_s);
  bool read_facebook_comment(dom::element r, int64_t& time_s);

  meta_platform p_;
  kind k_;
  meta_counts& counts_;
  post_sink& sink_;
  std::string raw_;
  dom::parser parser_;
  post post_;
};

void meta_mapper::use(record_context& ctx) {
  dom::element r;
  if (parser_.parse(raw_).get(r) || !r.is_object()) {
    ctx.skip(problem_code::MALFORMED_RECORD, "This record is not an object.");
    return;
  }
  post_.clear();
  int64_t time_s = -1;
  std::string extra;
  bool ok = false;
  std::string_view what = "post";
  if (p_ == meta_platform::INSTAGRAM && k_ == kind::POSTS) {
    ok = read_instagram_post(r, time_s, extra);
  } else if (p_ == meta_platform::INSTAGRAM) {
    ok = read_instagram_comment(r, time_s);
    what = "comment";
  } else if (p_ == meta_platform::THREADS) {
    ok = read_threads_post(r, time_s, extra);
  } else if (k_ == kind::POSTS) {
    ok = read_facebook_post(r, time_s);
  } else {
    ok = read_facebook_comment(r, time_s);
    what = "comment";
  }
  if (!ok) {
    ctx.skip(problem_code::MALFORMED_RECORD,
             "This record is not a " + std::string(NAMES[static_cast<int>(p_)].label) + " " + std::string(what) + ".");
    return;
  }
  if (time_s < 0) {
    ctx.skip(problem_code::MISSING_FIELD, "This " + std::string(what) + " has no date (timestamp).");
    return;
  }
  if (what == "comment") ++counts_.comments;
  finish_post(ctx, time_s, what, extra);
}

void meta_mapper::finish_post(record_context& ctx, int64_t time_s, std::string_view id_kind, std::string_view id_extra) {
  post& p = post_;
  p.time_ms = time_s * 1000;
  // Meta gives posts no id: one made of what identifies the post, so that the same export read twice (its ZIP
  // and its folder) counts each once.
  const uint64_t h = fnv(p.text, fnv(id_extra, fnv(p.reply_to)));
  p.id = std::string(NAMES[static_cast<int>(p_)].name) + ":" + std::string(id_kind) + ":" + std::to_string(time_s) + ":" +
         std::to_string(h);
  tagged_words(p.text, '#', p.hashtags);
  tagged_words(p.text, '@', p.mentions);
  add_url_domains(p);
  p.text_repaired = ctx.utf8_repaired();
  ctx.counted();
  sink_.on_post(p);
}

bool meta_mapper::read_instagram_post(dom::element r, int64_t& time_s, std::string& extra) {
  // A carousel has its caption and time on the outer object; a single-media post had them on its media (and
  // now on both).
  dom::array media;
  dom::element first;
  const bool has_media = !r["media"].get(media) && media.size() > 0 && !media.at(0).get(first);
  post_.text = text(r, "title");
  time_s = seconds(r, "creation_timestamp");
  if (has_media) {
    if (post_.text.empty()) post_.text = text(first, "title");
    if (time_s < 0) time_s = seconds(first, "creation_timestamp");
    extra = text(first, "uri");
  }
  return has_media || time_s >= 0;
}

bool meta_mapper::read_instagram_comment(dom::element r, int64_t& time_s) {
  post_.kind = post_kind::REPLY;
  dom::object map;
  if (!r["string_map_data"].get(map)) {
    // 2024-25: labelled values, the labels in the account's language. English ones by name; otherwise the value
    // with a timestamp is the time, and the first text value the comment, the second the post's owner.
    std::vector<std::string> values;
    for (auto [label, entry] : map) {
      const int64_t t = seconds(entry, "timestamp");
      if (t >= 0 && time_s < 0) time_s = t;
      std::string value = text(entry, "value");
      if (label == "Comment") post_.text = std::move(value);
      else if (label == "Media Owner") post_.reply_to = std::move(value);
      else if (t < 0) values.push_back(std::move(value));
    }
    if (post_.text.empty() && !values.empty()) post_.text = values[0];
    if (post_.reply_to.empty() && values.size() > 1) post_.reply_to = values[1];
    return true;
  }
  // 2022: {"title": owner, "string_list_data": [{"value": comment, "timestamp"}]}
  dom::array list;
  dom::element item;
  if (r["string_list_data"].get(list) || list.size() == 0 || list.at(0).get(item)) return false;
  post_.text = text(item, "value");
  post_.reply_to = text(r, "title");
  time_s = seconds(item, "timestamp");
  return true;
}

bool meta_mapper::read_threads_post(dom::element r, int64_t& time_s, std::string& extra) {
  dom::array media;
  dom::element first;
  if (r["media"].get(media) || media.size() == 0 || media.at(0).get(first)) return false;
  post_.text = text(first, "title");
  time_s = seconds(first, "creation_timestamp");
  extra = text(first, "uri");
  bool reply = false;
  if (!first["text_app_post"]["is_reply"].get(reply) && reply) post_.kind = post_kind::REPLY;
  return true;
}

bool meta_mapper::read_facebook_post(dom::element r, int64_t& time_s) {
  time_s = seconds(r, "timestamp");
  dom::array data, attachments;
  if (!r["data"].get(data)) {
    for (dom::element d : data) {
      if (post_.text.empty()) post_.text = text(d, "post");
    }
  }
  if (!r["attachments"].get(attachments)) {
    for (dom::element a : attachments) {
      dom::array items;
      if (a["data"].get(items)) continue;
      for (dom::element item : items) {
        dom::element context;
        if (item["external_context"].get(context)) continue;
        std::string url = text(context, "url");
        if (!url.empty()) post_.urls.push_back(std::move(url));
      }
    }
  }
  return true;
}

bool meta_mapper::read_facebook_comment(dom::element r, int64_t& time_s) {
  post_.kind = post_kind::REPLY;
  time_s = seconds(r, "timestamp");
  dom::array data;
  if (r["data"].get(data)) return false;
  for (dom::element d : data) {
    dom::element comment;
    if (d["comment"].get(comment)) continue;
    post_.text = text(comment, "comment");
    post_.author = text(comment, "author");
    const int64_t t = seconds(comment, "timestamp");
    if (t >= 0) time_s = t;
    break;
  }
  return true;
}

/// One file: its first bytes say which kind it is (and the file's name when they do not), then a JSON record
/// reader in the framing that kind has.
class meta_file final : public file_reader {
 public:
  meta_file(meta_platform p, std::string name, meta_counts& counts, post_sink& sink, const reader_options& options)
      : p_(p), counts_(counts), sink_(sink), options_(options) {
    stats_.name = std::move(name);
  }
  bool feed(const char* data, size_t size) override {
    if (reader_) return reader_->feed(data, size);
    if (done_) return false;
    head_.append(data, size);
    if (head_.size() < SNIFF_BYTES) return true;
    return open();
  }
  void finish() override {
    if (!reader_ && !done_) open();
    if (reader_) reader_->finish();
  }
  void abandon() override {
    if (reader_) reader_->abandon();
    done_ = true;
  }
  void start_at_record(uint64_t) override {}
  void stop_at(uint64_t) override {}
  const input_stats& stats() const override { return reader_ ? reader_->stats() : stats_; }

 private:
  bool open() {
    const std::string_view head = trim(head_);
    stats_.bytes = head_.size();
    if (head.starts_with("<")) {
      reject(problem_code::UNSUPPORTED_FILE,
             "This is Meta's HTML export, which Chorus does not read: ask Meta again for your information in JSON "
             "(\"Download your information\", Format: JSON).");
      return false;
    }
    file_shape shape = shape_of(head);
    if (shape.k == kind::NONE || shape.p != p_) {
      // The first bytes do not say (an empty list, say): the file's name does.
      shape = {p_, kind_of_path(p_, stats_.name), shape.member};
      if (shape.k == kind::NONE) {
        reject(problem_code::NOT_AN_EXPORT, "This file is not one of the " + std::string(NAMES[static_cast<int>(p_)].label) +
                                                " files Chorus reads.");
        return false;
      }
      if (shape.k == kind::COMMENTS && p_ == meta_platform::INSTAGRAM && head.starts_with("{")) shape.member = "comments_media_comments";
      if (shape.k == kind::COMMENTS && p_ == meta_platform::FACEBOOK) shape.member = "comments_v2";
      if (shape.k == kind::LIKES) shape.member = "likes_media_likes";
      if (p_ == meta_platform::THREADS) shape.member = "text_post_app_text_posts";
    }
    mapper_ = std::make_unique<meta_mapper>(p_, shape.k, counts_, sink_);
    reader_ = std::make_unique<json_record_reader>(stats_.name, sink_, *mapper_,
                                                   shape.member.empty() ? framing::ARRAY : framing::MEMBER_ARRAY,
                                                   options_.copy, std::string(shape.member));
    input_stats& stats = reader_->stats_to_fill();
    stats.format = std::string(NAMES[static_cast<int>(p_)].name) +
                   (shape.k == kind::POSTS ? "-posts" : shape.k == kind::COMMENTS ? "-comments" : "-likes");
    stats.role = shape.k == kind::POSTS ? "posts" : shape.k == kind::COMMENTS ? "comments" : "likes";
    stats.readable = true;
    std::string head_bytes = std::move(head_);
    head_.clear();
    return reader_->feed(head_bytes.data(), head_bytes.size());
  }
  void reject(problem_code code, std::string message) {
    done_ = true;
    sink_.report(problem_level::ERROR, code, stats_.name, std::move(message));
  }

  meta_platform p_;
  meta_counts& counts_;
  post_sink& sink_;
  reader_options options_;
  input_stats stats_;
  std::string head_;
  bool done_ = false;
  std::unique_ptr<meta_mapper> mapper_;
  std::unique_ptr<json_record_reader> reader_;
};

class meta_session final : public format_session {
 public:
  meta_session(meta_platform p, const reader_options& options) : p_(p), options_(options) {}
  std::unique_ptr<file_reader> open(std::string name, post_sink& sink) override {
    return std::make_unique<meta_file>(p_, std::move(name), counts_, sink, options_);
  }
  void write_facts(json_writer& w, const std::vector<input_stats>& /*inputs*/) const override {
    w.begin_object();
    w.field("comments", counts_.comments);
    w.field("strings_repaired", counts_.repaired);
    w.key("facts");
    w.begin_array();
    if (counts_.comments > 0) {
      w.value(with_commas(counts_.comments) + " " + std::string(NAMES[static_cast<int>(p_)].label) +
              (counts_.comments == 1 ? " comment" : " comments") + " (counted as replies)");
    }
    w.end_array();
    w.key("notes");
    w.begin_array();
    if (counts_.repaired > 0) {
      w.value(with_commas(counts_.repaired) + (counts_.repaired == 1 ? " text" : " texts") + " of the " +
              std::string(NAMES[static_cast<int>(p_)].label) +
              " export repaired: Meta writes each byte of a character apart (\"Ã©\" for \"é\")");
    }
    w.end_array();
    w.end_object();
  }
  uint64_t likes() const override { return counts_.likes; }
  void write_state(json_writer& w, bool fragments_only) const override {
    const meta_counts none;
    const meta_counts& c = fragments_only ? none : counts_;  // Meta's files are read whole
    w.begin_object();
    write_state_counts(w, {c.repaired, c.likes, c.comments});
    w.end_object();
  }
  bool merge_state(const simdjson::dom::element& state) override {
    return add_state_counts(state, {&counts_.repaired, &counts_.likes, &counts_.comments});
  }

 private:
  meta_platform p_;
  reader_options options_;
  meta_counts counts_;
};

class meta_format final : public format {
 public:
  explicit meta_format(meta_platform p) : p_(p) {}
  std::string_view name() const override { return NAMES[static_cast<int>(p_)].name; }
  std::string_view label() const override { return NAMES[static_cast<int>(p_)].file_label; }
  std::string_view platform() const override { return NAMES[static_cast<int>(p_)].label; }
  int sniff(std::string_view head, std::string_view path) const override {
    const file_shape shape = shape_of(head);
    if (shape.k != kind::NONE && shape.p == p_) return 90;
    // Meta's HTML export, or a file whose first bytes do not say (an empty list): its name does.
    return kind_of_path(p_, path) != kind::NONE ? 60 : 0;
  }
  entry_role entry(std::string_view path) const override {
    switch (kind_of_path(p_, path)) {
      case kind::POSTS: return {"posts", 0, false};
      case kind::COMMENTS: return {"comments", 1, false};
      case kind::LIKES: return {"likes", 2, false};
      case kind::NONE: break;
    }
    // Any other file of a Meta export, for every format: messages, contacts, logins, ads and the rest.
    bool theirs = false;
    for (const auto p : {meta_platform::INSTAGRAM, meta_platform::FACEBOOK, meta_platform::THREADS}) {
      theirs = theirs || kind_of_path(p, path) != kind::NONE;
    }
    entry_role none;
    none.never = !theirs && in_meta_folder(path);
    return none;
  }
  std::unique_ptr<format_session> begin(const reader_options& options) const override {
    return std::make_unique<meta_session>(p_, options);
  }

 private:
  meta_platform p_;
};

}  // namespace

const format& instagram_format() {
  static const meta_format instance(meta_platform::INSTAGRAM);
  return instance;
}

const format& facebook_format() {
  static const meta_format instance(meta_platform::FACEBOOK);
  return instance;
}

const format& threads_format() {
  static const meta_format instance(meta_platform::THREADS);
  return instance;
}

}  // namespace chorus
