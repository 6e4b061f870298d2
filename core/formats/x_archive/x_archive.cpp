#include "formats/x_archive/x_archive.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "formats/tweet_v1/tweet_v1.h"
#include "formats/x_archive/long_posts.h"
#include "json_writer.h"
#include "scan/json_fields.h"
#include "scan/json_records.h"
#include "simdjson.h"
#include "text/text_util.h"
#include "time_parse.h"

namespace chorus {

namespace od = simdjson::ondemand;

namespace {

constexpr std::string_view POSTS = "posts";
constexpr std::string_view LONG_POSTS = "long_posts";
constexpr std::string_view LIKES = "likes";
constexpr std::string_view MANIFEST = "manifest";
constexpr std::string_view OTHER = "other";

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

/// True for "<stem>.js" and "<stem>-part<digits>.js".
bool is_part_of(std::string_view base, std::string_view stem) {
  if (!base.starts_with(stem)) return false;
  std::string_view rest = base.substr(stem.size());
  if (rest == ".js") return true;
  if (!rest.starts_with("-part") || rest.size() <= 8 || rest.substr(rest.size() - 3) != ".js") return false;
  rest = rest.substr(5, rest.size() - 8);
  return std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The role of a path inside an archive (ZIP or folder), or "" for files Chorus does not read.
std::string_view path_role(std::string_view path) {
  const std::string_view base = base_name(path);
  const std::string_view dir = path.substr(0, path.size() - base.size());
  // Old (Grailbird) archives: data/js/tweets/YYYY_MM.js
  const bool grailbird_dir = dir.size() >= 15 && dir.substr(dir.size() - 15) == "data/js/tweets/";
  if (grailbird_dir && base.size() == 10 && base.substr(7) == ".js" && base[4] == '_') return POSTS;
  const bool data_dir = dir == "data/" || (dir.size() >= 6 && dir.substr(dir.size() - 6) == "/data/");
  if (!data_dir) return {};
  if (base == "manifest.js") return MANIFEST;
  if (is_part_of(base, "tweets") || is_part_of(base, "tweet")) return POSTS;
  if (is_part_of(base, "note-tweet")) return LONG_POSTS;
  if (is_part_of(base, "like")) return LIKES;
  return {};
}

/// The order in which the files of an archive are read: the manifest (the account), long posts (so that
/// truncated posts can be completed), posts, likes.
int role_order(std::string_view role) {
  return role == MANIFEST ? 0 : role == LONG_POSTS ? 1 : role == POSTS ? 2 : role == LIKES ? 3 : 4;
}

/// What data/manifest.js says about the archive.
struct archive_manifest {
  std::string account;  ///< userInfo.userName
  /// One data file listed for posts, long posts or likes.
  struct listed_file {
    std::string path;  ///< e.g. "data/tweets-part1.js"
    std::string_view role;
    uint64_t count = 0;  ///< records the manifest says the file holds
  };
  std::vector<listed_file> files;
};

/// What the X archive learns across the files of one analysis.
class x_session final : public format_session {
 public:
  explicit x_session(const reader_options& options) : options_(options) {}
  std::unique_ptr<file_reader> open(std::string name, post_sink& sink) override;
  void check(const std::vector<input_stats>& inputs, post_sink& sink) override;
  void write_facts(json_writer& w, const std::vector<input_stats>& inputs) const override;
  uint64_t likes() const override { return likes_; }
  std::string account() const override { return manifest_.account; }
  void write_state(json_writer& w, bool fragments_only) const override;
  bool merge_state(const simdjson::dom::element& state) override;

  /// Gives a post that may be the truncated form of a long post its full text, and the account as author.
  void complete(post& p) {
    long_posts_.complete(p);
    if (p.author.empty() && !manifest_.account.empty()) p.author = manifest_.account;
  }
  void add_long_post(long_post&& lp) { long_posts_.add(std::move(lp)); }
  void add_like() { ++likes_; }
  void set_manifest(archive_manifest&& m) {
    has_manifest_ = true;
    manifest_ = std::move(m);
  }

 private:
  const input_stats* find_input(const std::vector<input_stats>& inputs,
                                const archive_manifest::listed_file& listed) const;

  reader_options options_;
  long_post_index long_posts_;
  archive_manifest manifest_;
  bool has_manifest_ = false;
  bool checked_ = false;
  uint64_t likes_ = 0;
};

/// Reads the records of one archive file, as its header names it.
class x_mapper final : public record_mapper {
 public:
  x_mapper(x_session& session, post_sink& sink) : session_(session), sink_(sink) {}

  bool accept_prefix(std::string_view prefix, char opener, input_stats& stats, post_sink& sink) override;
  simdjson::error_code read(od::object record, record_context& ctx) override;
  void use(record_context& ctx) override;
  bool parses_records() const override { return role_ != LIKES; }
  void counted_unparsed(record_context& ctx) override {
    ctx.counted();
    session_.add_like();  // a like has no date and nothing Chorus counts but itself
  }

 private:
  bool reject_known_file(const std::string& data_name, std::string message, input_stats& stats, post_sink& sink);
  void reject_unrecognised(std::string_view head, input_stats& stats, post_sink& sink);
  simdjson::error_code read_note(od::object obj, record_context& ctx);
  simdjson::error_code read_manifest(od::object obj, record_context& ctx);

  x_session& session_;
  post_sink& sink_;
  std::string_view role_ = POSTS;
  tweet_v1_reader tweet_;
  long_post note_;
  archive_manifest manifest_;
};

/// One archive file: the record splitter over an x_mapper.
class x_file final : public file_reader {
 public:
  x_file(std::string name, x_session& session, post_sink& sink, record_copy copy)
      : mapper_(session, sink), reader_(std::move(name), sink, mapper_, framing::ARRAY, copy) {}
  bool feed(const char* data, size_t size) override { return reader_.feed(data, size); }
  void finish() override { reader_.finish(); }
  void abandon() override { reader_.abandon(); }
  void start_at_record(uint64_t offset) override {
    reader_.start_at_record(offset);
    input_stats& stats = reader_.stats_to_fill();
    stats.role = POSTS;
  }
  void stop_at(uint64_t offset) override { reader_.stop_at(offset); }
  const input_stats& stats() const override { return reader_.stats(); }

 private:
  x_mapper mapper_;
  json_record_reader reader_;
};

bool x_mapper::accept_prefix(std::string_view before, char opener, input_stats& stats, post_sink& sink) {
  auto accept = [&](std::string format, std::string data_name, std::string_view role) {
    stats.format = std::move(format);
    stats.data_name = std::move(data_name);
    stats.role = role;
    stats.readable = true;
    role_ = role;
    return true;
  };
  if (opener == '\0') {
    reject_unrecognised(before, stats, sink);
    return false;
  }
  if (before.empty()) {
    if (opener == '[') return accept("json-array", "", POSTS);
    return accept("json-object", "", POSTS);
  }
  if (before.back() != '=') {
    reject_unrecognised(before, stats, sink);
    return false;
  }
  std::string_view name = trim(before.substr(0, before.size() - 1));
  if (name.starts_with("var ")) name = trim(name.substr(4));
  const std::string full_name(name);
  if (name.starts_with("window.")) name.remove_prefix(7);
  if (name.starts_with("YTD.")) {
    name.remove_prefix(4);
    const size_t dot = name.find('.');
    const std::string_view type = name.substr(0, dot);
    const std::string_view part = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
    if (is_identifier(type) && (part.empty() || (part.starts_with("part") && is_identifier(part)))) {
      std::string_view role = OTHER;
      std::string format;
      if (type == "tweets" || type == "tweet" || type == "deleted_tweets" || type == "deleted_tweet" ||
          type == "community_tweet") {
        role = POSTS;
        format = "x-archive-tweets";
      } else if (type == "note_tweet") {
        role = LONG_POSTS;
        format = "x-archive-note-tweets";
      } else if (type == "like") {
        role = LIKES;
        format = "x-archive-likes";
      }
      if (role != OTHER) {
        if (opener != '[') {
          reject_unrecognised(before, stats, sink);
          return false;
        }
        return accept(std::move(format), full_name, role);
      }
      return reject_known_file(full_name,
                               "This is the X archive file for \"" + std::string(type) +
                                   "\", which holds no posts. Drop data/tweets.js (or the whole archive) instead.",
                               stats, sink);
    }
  }
  if (name.starts_with("Grailbird.data.tweets_") && opener == '[') {
    return accept("x-archive-grailbird", full_name, POSTS);
  }
  if (name == "__THAR_CONFIG" && opener == '{') return accept("x-archive-manifest", full_name, MANIFEST);
  if (name.starts_with("Grailbird.") || full_name == "tweet_index" || full_name == "user_details" ||
      full_name == "payload_details") {
    return reject_known_file(full_name,
                             "This is an index file of an old (Grailbird) X archive, which holds no posts. Drop the "
                             "month files in data/js/tweets/ instead.",
                             stats, sink);
  }
  reject_unrecognised(before, stats, sink);
  return false;
}

bool x_mapper::reject_known_file(const std::string& data_name, std::string message, input_stats& stats,
                                 post_sink& sink) {
  stats.format = "x-archive-other";
  stats.role = OTHER;
  stats.data_name = data_name;
  problem p;
  p.code = problem_code::UNSUPPORTED_FILE;
  p.message = std::move(message);
  p.file = stats.name;
  p.byte_offset = 0;
  sink.on_problem(std::move(p));
  return false;
}

void x_mapper::reject_unrecognised(std::string_view head, input_stats& stats, post_sink& sink) {
  problem p;
  p.code = problem_code::NOT_AN_EXPORT;
  p.message = "This is not an X archive posts file: it starts with \"" + excerpt(trim(head)) +
              "\" where \"window.YTD.tweets.part0 = [\" was expected.";
  p.file = stats.name;
  p.byte_offset = 0;
  sink.on_problem(std::move(p));
}

simdjson::error_code x_mapper::read(od::object record, record_context& ctx) {
  if (role_ == LONG_POSTS) {
    note_ = {};
    return read_note(record, ctx);
  }
  if (role_ == MANIFEST) {
    manifest_ = {};
    return read_manifest(record, ctx);
  }
  return tweet_.read(record, ctx);
}

void x_mapper::use(record_context& ctx) {
  if (role_ == LONG_POSTS) {
    if (note_.text.empty() || note_.time_ms == 0) {
      ctx.skip(problem_code::MISSING_FIELD, "This long post has no createdAt date or no text.");
      return;
    }
    ctx.counted();
    session_.add_long_post(std::move(note_));
    return;
  }
  if (role_ == MANIFEST) {
    ctx.counted();
    session_.set_manifest(std::move(manifest_));
    return;
  }
  post* p = tweet_.finish(ctx);
  if (!p) return;
  session_.complete(*p);
  tweet_.finalize();
  ctx.counted();
  sink_.on_post(*p);
}

simdjson::error_code x_mapper::read_note(od::object obj, record_context& ctx) {
  // {"noteTweet": {"createdAt": ..., "core": {"text", "hashtags", "mentions", "urls"}}}
  return json_fields::for_each(obj, [&](std::string_view key, od::value& v) {
    od::object inner;
    if (key == "noteTweet") {
      if (v.get_object().get(inner)) return ctx.fail(key, "is not an object");
      return read_note(inner, ctx);
    }
    if (key == "createdAt") {
      std::string_view s;
      if (auto e = json_fields::optional_string(v, key, s, ctx)) return e;
      const auto ms = parse_timestamp(s);
      if (!ms) return ctx.fail(key, "\"" + excerpt(s) + "\" is not a date Chorus understands");
      note_.time_ms = *ms;
    } else if (key == "core") {
      if (v.get_object().get(inner)) return ctx.fail(key, "is not an object");
      return json_fields::for_each(inner, [&](std::string_view ckey, od::value& cv) {
        if (ckey == "text") {
          std::string_view s;
          if (auto e = json_fields::optional_string(cv, ckey, s, ctx)) return e;
          note_.text.assign(s);
        } else if (ckey == "hashtags") {
          return json_fields::names(cv, ckey, "text", note_.hashtags, ctx);
        } else if (ckey == "mentions") {
          return json_fields::names(cv, ckey, "screenName", note_.mentions, ctx);
        } else if (ckey == "urls") {
          return json_fields::names(cv, ckey, "expandedUrl", note_.urls, ctx);
        }
        return simdjson::SUCCESS;
      });
    }
    return simdjson::SUCCESS;
  });
}

simdjson::error_code x_mapper::read_manifest(od::object obj, record_context& ctx) {
  // The account and the files listed for posts, long posts and likes.
  return json_fields::for_each(obj, [&](std::string_view key, od::value& v) {
    od::object inner;
    if (key == "userInfo") {
      if (v.get_object().get(inner)) return ctx.fail(key, "is not an object");
      return json_fields::for_each(inner, [&](std::string_view ukey, od::value& uv) {
        if (ukey != "userName") return simdjson::SUCCESS;
        std::string_view s;
        if (auto e = json_fields::optional_string(uv, ukey, s, ctx)) return e;
        manifest_.account.assign(s);
        return simdjson::SUCCESS;
      });
    }
    if (key != "dataTypes") return simdjson::SUCCESS;
    if (v.get_object().get(inner)) return ctx.fail(key, "is not an object");
    return json_fields::for_each(inner, [&](std::string_view type, od::value& tv) {
      const std::string_view role = type == "tweets" || type == "tweet" ? POSTS
                                    : type == "noteTweet"               ? LONG_POSTS
                                    : type == "like"                    ? LIKES
                                                                        : std::string_view{};
      if (role.empty()) return simdjson::SUCCESS;
      od::object info;
      if (tv.get_object().get(info)) return ctx.fail(type, "is not an object");
      return json_fields::for_each(info, [&](std::string_view ikey, od::value& iv) {
        if (ikey != "files") return simdjson::SUCCESS;
        od::array files;
        if (iv.get_array().get(files)) return ctx.fail("files", "is not a list");
        for (auto file_result : files) {
          od::object file;
          if (std::move(file_result).get_object().get(file)) {
            return ctx.fail("files", "holds an entry that is not an object");
          }
          archive_manifest::listed_file listed;
          listed.role = role;
          if (auto e = json_fields::for_each(file, [&](std::string_view fkey, od::value& fv) {
                if (fkey == "fileName") {
                  std::string_view s;
                  if (auto e2 = json_fields::optional_string(fv, fkey, s, ctx)) return e2;
                  listed.path.assign(s);
                } else if (fkey == "count") {
                  std::string n;
                  if (auto e2 = json_fields::id(fv, fkey, n, ctx)) return e2;
                  // A count is a plain decimal number; anything else ("-5", "12abc") is not one.
                  const auto [end, ec] = std::from_chars(n.data(), n.data() + n.size(), listed.count);
                  if (!n.empty() && (ec != std::errc() || end != n.data() + n.size())) {
                    return ctx.fail("count", "\"" + excerpt(n) + "\" is not a count of records");
                  }
                }
                return simdjson::SUCCESS;
              })) {
            return e;
          }
          if (!listed.path.empty()) manifest_.files.push_back(std::move(listed));
        }
        return simdjson::SUCCESS;
      });
    });
  });
}

std::unique_ptr<file_reader> x_session::open(std::string name, post_sink& sink) {
  return std::make_unique<x_file>(std::move(name), *this, sink, options_.copy);
}

const input_stats* x_session::find_input(const std::vector<input_stats>& inputs,
                                         const archive_manifest::listed_file& listed) const {
  const input_stats* found = nullptr;
  for (const auto& in : inputs) {
    if (in.role == listed.role && base_name(in.name) == base_name(listed.path)) found = &in;
  }
  return found;
}

void x_session::check(const std::vector<input_stats>& inputs, post_sink& sink) {
  if (checked_) return;
  checked_ = true;
  for (const auto& listed : manifest_.files) {
    const input_stats* read = find_input(inputs, listed);
    problem p;
    p.file = listed.path;
    if (!read) {
      if (listed.count == 0) continue;
      p.level = listed.role == POSTS ? problem_level::ERROR : problem_level::WARNING;
      p.code = problem_code::MISSING_PART;
      const char* what = listed.role == POSTS ? " post" : listed.role == LIKES ? " like" : " long post";
      p.message = "The archive's manifest lists " + listed.path + " with " + with_commas(listed.count) + what +
                  (listed.count == 1 ? "" : "s") + ", but it was not read: add it to count everything.";
      sink.on_problem(std::move(p));
    } else if (read->records_read != listed.count) {
      p.level = problem_level::WARNING;
      p.code = problem_code::COUNT_MISMATCH;
      p.message = "The archive's manifest says " + listed.path + " holds " + with_commas(listed.count) +
                  " records; Chorus found " + with_commas(read->records_read) + ".";
      sink.on_problem(std::move(p));
    }
  }
  const uint64_t unmatched = long_posts_.size() - long_posts_.matched();
  if (unmatched > 0) {
    problem p;
    p.level = problem_level::WARNING;
    p.code = problem_code::UNMATCHED_LONG_POSTS;
    p.file = "note-tweet.js";
    p.message = with_commas(unmatched) + " of " + with_commas(long_posts_.size()) +
                " long posts in note-tweet.js match no post that was read; their full text is not counted.";
    if (long_posts_.dropped() > 0) {
      p.message += " " + with_commas(long_posts_.dropped()) + " of them came after the first " +
                   std::to_string(long_post_index::MAX_BYTES >> 20) +
                   " MiB of long posts, more than Chorus holds while it waits for their posts.";
    }
    sink.on_problem(std::move(p));
  }
}

void x_session::write_facts(json_writer& w, const std::vector<input_stats>& inputs) const {
  std::vector<std::string> notes;
  w.begin_object();
  w.field("manifest", has_manifest_);
  w.key("parts");
  w.begin_array();
  size_t missing = 0;
  for (const auto& listed : manifest_.files) {
    const input_stats* read = find_input(inputs, listed);
    if (!read && listed.count > 0) ++missing;
    w.begin_object();
    w.field("path", listed.path);
    w.field("role", listed.role);
    w.field("expected_records", listed.count);
    w.field("read", read != nullptr);
    w.field("records_read", read ? read->records_read : uint64_t{0});
    w.end_object();
  }
  w.end_array();
  w.key("long_posts");
  w.begin_object();
  w.field("read", long_posts_.size());
  w.field("matched", long_posts_.matched());
  w.field("unmatched", long_posts_.size() - long_posts_.matched());
  w.end_object();
  const uint64_t unmatched = long_posts_.size() - long_posts_.matched();
  w.key("facts");
  w.begin_array();
  if (long_posts_.matched() > 0) w.value(with_commas(long_posts_.matched()) + " long posts read in full");
  w.end_array();
  if (unmatched > 0) {
    notes.push_back(with_commas(unmatched) + (unmatched == 1 ? " long post" : " long posts") + " matched no post.");
  }
  if (missing > 0) {
    notes.push_back(std::to_string(missing) + " of " + std::to_string(manifest_.files.size()) +
                    " files listed in the manifest were not read.");
  }
  w.key("notes");
  w.begin_array();
  for (const auto& note : notes) w.value(note);
  w.end_array();
  w.end_object();
}

void x_session::write_state(json_writer& w, bool fragments_only) const {
  w.begin_object();
  w.field("likes", fragments_only ? uint64_t{0} : likes_);
  w.key("long_posts_matched");
  w.begin_array();
  for (const uint64_t position : long_posts_.matched_positions()) w.value(position);
  w.end_array();
  w.end_object();
}

bool x_session::merge_state(const simdjson::dom::element& state) {
  uint64_t likes = 0;
  simdjson::dom::array matched;
  if (state["likes"].get(likes) || state["long_posts_matched"].get(matched)) return false;
  for (simdjson::dom::element position : matched) {
    if (!position.is_uint64()) return false;
  }
  likes_ += likes;
  for (simdjson::dom::element position : matched) long_posts_.mark_matched(position.get_uint64().value_unsafe());
  return true;
}

/// Whether the head of a file is the X archive's own: a `window.YTD.` assignment, a Grailbird month or index
/// file, or the manifest.
bool has_archive_prefix(std::string_view head) {
  std::string_view s = trim(head);
  if (s.starts_with("var ")) s = trim(s.substr(4));
  if (s.starts_with("window.")) s.remove_prefix(7);
  return s.starts_with("YTD.") || s.starts_with("Grailbird.") || s.starts_with("__THAR_CONFIG") ||
         s.starts_with("tweet_index") || s.starts_with("user_details") || s.starts_with("payload_details");
}

class x_archive final : public format {
 public:
  std::string_view name() const override { return "x-archive"; }
  std::string_view label() const override { return "X archive (the ZIP as downloaded, its folder, or data/tweets.js)"; }
  int sniff(std::string_view head, std::string_view /*path*/) const override {
    if (has_archive_prefix(head)) return 100;
    const std::string_view s = trim(head);
    if (s.starts_with("[")) return 50;  // a JSON array of tweets
    if (s.starts_with("{")) return 10;  // one tweet object
    return 0;
  }
  entry_role entry(std::string_view path) const override {
    const std::string_view role = path_role(path);
    // Posts and likes files teach the session only what states carry (the manifest and long posts do not).
    return {std::string(role), role_order(role), role == POSTS || role == LIKES};
  }
  int64_t record_start(std::string_view head, std::string_view window) const override {
    // Only files pretty-printed as X writes them ("= [\n  {\n") can be cut; raw newlines never occur inside
    // JSON strings, so "\n  {\n" marks a top-level record there.
    std::string_view s = head;
    if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
    if (!s.starts_with("window.YTD.")) return -1;
    s.remove_prefix(11);
    const size_t dot = s.find('.');
    const std::string_view type = s.substr(0, dot);
    if (dot == std::string_view::npos || (type != "tweets" && type != "tweet" && type != "deleted_tweets")) return -1;
    s.remove_prefix(dot + 1);
    if (!s.starts_with("part")) return -1;
    s.remove_prefix(4);
    const size_t digits = s.find_first_not_of("0123456789");
    if (digits == 0 || digits == std::string_view::npos || !s.substr(digits).starts_with(" = [\n  {\n")) return -1;
    const size_t at = window.find("\n  {\n");
    return at == std::string_view::npos ? -1 : static_cast<int64_t>(at + 3);
  }
  std::string_view id_space() const override { return "x"; }
  std::string_view platform() const override { return "X"; }
  std::string post_url(std::string_view id, std::string_view author) const override { return x_post_url(id, author); }
  std::unique_ptr<format_session> begin(const reader_options& options) const override {
    return std::make_unique<x_session>(options);
  }
};

}  // namespace

const format& x_archive_format() {
  static const x_archive instance;
  return instance;
}

}  // namespace chorus
