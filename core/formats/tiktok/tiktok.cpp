#include "formats/tiktok/tiktok.h"

#include <memory>
#include <string>

#include "json_writer.h"
#include "simdjson.h"
#include "text/text_fold.h"
#include "text/text_util.h"
#include "time_parse.h"
#include "time_zone.h"

namespace chorus {

namespace {

namespace od = simdjson::ondemand;

std::string_view base_name(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// What TikTok learns across files, and what states carry.
struct tiktok_counts {
  uint64_t likes = 0;
  uint64_t private_read = 0, private_counted = 0;
  uint64_t comments = 0;
};

/// A member of an object by name, in any letter case ("Date" and "date" both occur); the object is read from
/// its start each time (the lists' items are small).
simdjson::simdjson_result<od::value> member(od::object& obj, std::string_view name) {
  return obj.find_field_unordered(name);
}

/// The one file, read whole (at most MAX_BYTES), then walked: only Video, Comment and Activity are parsed.
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
    stats_.bytes += size;
    if (too_large_) return false;
    if (bytes_.size() + size > MAX_BYTES) {
      too_large_ = true;
      bytes_ = std::string();
      return false;
    }
    bytes_.append(data, size);
    return true;
  }
  void finish() override;
  void abandon() override { bytes_ = std::string(); }
  void start_at_record(uint64_t) override {}
  void stop_at(uint64_t) override {}
  const input_stats& stats() const override { return stats_; }

 private:
  static constexpr size_t MAX_BYTES = size_t{512} << 20;

  void report(problem_level level, problem_code code, std::string message) {
    problem p;
    p.level = level;
    p.code = code;
    p.message = std::move(message);
    p.file = stats_.name;
    if (code != problem_code::RECORD_TOO_LARGE && code != problem_code::MALFORMED_JSON) p.record = static_cast<int64_t>(stats_.records_read);
    sink_.on_problem(std::move(p));
  }
  void skip(problem_code code, std::string message) {
    ++stats_.skipped[std::string(problem_code_name(code))];
    report(problem_level::ERROR, code, std::move(message));
  }
  std::optional<int64_t> time_of(std::string_view text) const {
    const auto local = parse_local_timestamp(text);
    if (!local) return std::nullopt;
    return zone_ ? zone_->utc_of_local(*local) : *local;
  }
  /// The list under obj[section][group][list] (any may be missing or null): calls each(item) per object.
  template <typename F>
  simdjson::error_code each_item(od::object& root, std::string_view section, std::string_view group,
                                 std::string_view list, F&& each);
  void use_video(od::object item);
  void use_comment(od::object item);

  post_sink& sink_;
  tiktok_counts& counts_;
  const zone_rules* zone_;
  bool private_posts_;
  input_stats stats_;
  std::string bytes_;
  bool too_large_ = false;
  post post_;
};

template <typename F>
simdjson::error_code tiktok_file::each_item(od::object& root, std::string_view section, std::string_view group,
                                            std::string_view list, F&& each) {
  od::object s, g;
  od::array items;
  if (member(root, section).get_object().get(s)) return simdjson::SUCCESS;  // absent or null: nothing to read
  if (member(s, group).get_object().get(g)) return simdjson::SUCCESS;
  if (member(g, list).get_array().get(items)) return simdjson::SUCCESS;
  for (auto item : items) {
    od::object obj;
    if (auto e = item.get_object().get(obj)) return e;
    each(obj);
  }
  return simdjson::SUCCESS;
}

/// A string field in either letter case of its first letter, or empty.
std::string_view text_field(od::object& obj, std::string_view upper, std::string_view lower) {
  std::string_view s;
  if (!member(obj, upper).get_string().get(s)) return s;
  if (!member(obj, lower).get_string().get(s)) return s;
  return {};
}

void tiktok_file::use_video(od::object item) {
  ++stats_.records_read;
  const std::string_view date = text_field(item, "Date", "date");
  const std::string_view link = text_field(item, "Link", "link");
  const std::string title(text_field(item, "Title", "title"));
  const std::string who(text_field(item, "WhoCanView", "whoCanView"));
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
  p.id = "tiktok:video:" + std::string(date) + ":" + title;
  p.text = title;
  tagged_words(p.text, '#', p.hashtags);
  tagged_words(p.text, '@', p.mentions);
  (void)link;  // signed storage addresses that expire: not the video's page
  ++stats_.records_counted;
  sink_.on_post(p);
}

void tiktok_file::use_comment(od::object item) {
  ++stats_.records_read;
  const std::string_view date = text_field(item, "Date", "date");
  const std::string comment(text_field(item, "Comment", "comment"));
  const auto ms = time_of(date);
  if (!ms) {
    skip(problem_code::MISSING_FIELD, "This comment's date \"" + excerpt(date) + "\" is not one Chorus reads.");
    return;
  }
  post& p = post_;
  p.clear();
  p.time_ms = *ms;
  p.kind = post_kind::REPLY;
  p.id = "tiktok:comment:" + std::string(date) + ":" + comment;
  p.text = comment;
  tagged_words(p.text, '#', p.hashtags);
  tagged_words(p.text, '@', p.mentions);
  ++counts_.comments;
  ++stats_.records_counted;
  sink_.on_post(p);
}

void tiktok_file::finish() {
  if (too_large_) {
    report(problem_level::ERROR, problem_code::RECORD_TOO_LARGE,
           "This file is larger than " + std::to_string(MAX_BYTES >> 20) + " MiB and was not read.");
    return;
  }
  if (bytes_.empty()) {
    report(problem_level::ERROR, problem_code::EMPTY_FILE, "This file is empty.");
    return;
  }
  // simdjson reads past the end: the padding goes after the bytes, in place (no second copy of the file).
  const size_t length = bytes_.size();
  bytes_.append(simdjson::SIMDJSON_PADDING, ' ');
  od::parser parser;
  od::document doc;
  od::object root;
  simdjson::error_code e = parser.iterate(bytes_.data(), length, bytes_.size()).get(doc);
  if (!e) e = doc.get_object().get(root);
  // Each section is found by name (the order of sections is TikTok's); the others are never parsed.
  if (!e) e = each_item(root, "Video", "Videos", "VideoList", [&](od::object item) { use_video(item); });
  if (!e) e = each_item(root, "Comment", "Comments", "CommentsList", [&](od::object item) { use_comment(item); });
  if (!e) {
    e = each_item(root, "Activity", "Like List", "ItemFavoriteList", [&](od::object) { ++counts_.likes; });
  }
  if (e) {
    report(problem_level::ERROR, problem_code::MALFORMED_JSON,
           "This file is not valid JSON (" + std::string(simdjson::error_message(e)) +
               "): what was read before the fault is counted.");
  }
  bytes_ = std::string();
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
    w.value("TikTok writes its times without a time zone: they were read as times in " +
            std::string(options_.local_zone ? options_.local_zone->name : "UTC") + ", the zone chosen for days and hours");
    w.end_array();
    w.end_object();
  }
  uint64_t likes() const override { return counts_.likes; }
  private_count private_posts() const override { return {counts_.private_read, counts_.private_counted}; }
  void write_state(json_writer& w, bool fragments_only) const override {
    const tiktok_counts none;
    const tiktok_counts& c = fragments_only ? none : counts_;
    w.begin_object();
    w.key("counts");
    w.begin_array();
    for (const uint64_t n : {c.likes, c.private_read, c.private_counted, c.comments}) w.value(n);
    w.end_array();
    w.end_object();
  }
  bool merge_state(const simdjson::dom::element& state) override {
    simdjson::dom::array counts;
    if (state["counts"].get(counts) || counts.size() != 4) return false;
    uint64_t n[4] = {};
    size_t k = 0;
    for (simdjson::dom::element value : counts) {
      if (value.get(n[k++]) || n[k - 1] > MAX_STATE_COUNT) return false;
    }
    counts_.likes += n[0];
    counts_.private_read += n[1];
    counts_.private_counted += n[2];
    counts_.comments += n[3];
    return true;
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
  int sniff(std::string_view head, std::string_view /*path*/) const override {
    const std::string_view s = trim(head);
    if (!s.starts_with("{")) return 0;
    // TikTok's sections, in its order: "Activity", "Ads and data", "App Settings", "Comment", ...
    const bool activity = s.find("\"Activity\"") != std::string_view::npos;
    const bool tiktok = s.find("\"Activity Summary\"") != std::string_view::npos || s.find("tiktok") != std::string_view::npos ||
                        s.find("\"Favorite Videos\"") != std::string_view::npos || s.find("\"Video Browsing History\"") != std::string_view::npos;
    return activity && tiktok ? 90 : 0;
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
