#include "formats/mastodon/mastodon.h"

#include <memory>
#include <string>
#include <vector>

#include "formats/mastodon/html_text.h"
#include "json_writer.h"
#include "scan/json_fields.h"
#include "scan/json_records.h"
#include "text/text_util.h"
#include "time_parse.h"

namespace chorus {

namespace {

namespace od = simdjson::ondemand;
using json_fields::for_each;
using json_fields::is_null;
using json_fields::optional_string;
using mastodon::html_links;
using mastodon::html_to_text;

constexpr std::string_view POSTS = "posts", LIKES = "likes", BOOKMARKS = "bookmarks", ACCOUNT = "account";

/// "name@host" of an actor's or a status's address (https://host/users/name/statuses/N, https://host/@name);
/// empty when the address says neither. Numeric actor addresses (https://host/ap/users/N) give "N@host".
std::string handle_of(std::string_view uri) {
  const size_t scheme = uri.find("://");
  if (scheme == std::string_view::npos) return {};
  const size_t host_start = scheme + 3;
  const size_t host_end = uri.find('/', host_start);
  if (host_end == std::string_view::npos) return {};
  const std::string_view path = uri.substr(host_end);
  size_t at = path.find("/users/");
  size_t name_start = at == std::string_view::npos ? std::string_view::npos : at + 7;
  if (name_start == std::string_view::npos && (at = path.find("/@")) != std::string_view::npos) name_start = at + 2;
  if (name_start == std::string_view::npos) return {};
  const std::string_view name = path.substr(name_start, path.find('/', name_start) - name_start);
  if (name.empty()) return {};
  return std::string(name) + "@" + std::string(uri.substr(host_start, host_end - host_start));
}

/// Whether an audience address means everyone (ActivityStreams' Public collection, in its three spellings).
bool is_public(std::string_view address) {
  return address == "https://www.w3.org/ns/activitystreams#Public" || address == "as:Public" || address == "Public";
}

/// What Mastodon learns across an archive's files, and what states carry.
struct mastodon_counts {
  uint64_t followers_only = 0;    ///< followers-only posts (and boosts) read
  uint64_t direct = 0;            ///< direct posts read
  uint64_t private_counted = 0;   ///< of those, counted because the user asked
  uint64_t content_warnings = 0;  ///< posts counted that carry a content warning
  uint64_t likes = 0;             ///< liked posts' addresses in likes.json
  uint64_t bookmarks = 0;         ///< bookmarked posts' addresses in bookmarks.json
  uint64_t declared_items = 0;    ///< outbox.json's totalItems, summed over outboxes that give it
  uint64_t outbox_items = 0;      ///< activities read from those outboxes
  uint64_t outboxes_declaring = 0;
};

/// One activity of outbox.json, as read.
struct activity {
  std::string id, type, actor, published, object_uri;
  std::vector<std::string> to, cc;
  bool has_object = false;  // the object is embedded (a Create's Note)
  std::string object_id, object_type, object_published, content, lang, in_reply_to, summary;
  std::vector<std::string> object_to, object_cc, hashtags, mentions;
  bool quote = false;

  void clear() {
    for (std::string* s : {&id, &type, &actor, &published, &object_uri, &object_id, &object_type, &object_published,
                           &content, &lang, &in_reply_to, &summary}) {
      s->clear();
    }
    for (auto* list : {&to, &cc, &object_to, &object_cc, &hashtags, &mentions}) list->clear();
    has_object = quote = false;
  }
};

/// An audience: a list of addresses, or one address, or null.
simdjson::error_code read_addresses(od::value& v, std::string_view field, std::vector<std::string>& out,
                                    record_context& ctx) {
  if (is_null(v)) return simdjson::SUCCESS;
  od::json_type type;
  if (auto e = v.type().get(type)) return e;
  std::string_view s;
  if (type == od::json_type::string) {
    if (auto e = optional_string(v, field, s, ctx)) return e;
    out.emplace_back(s);
    return simdjson::SUCCESS;
  }
  return json_fields::strings(v, field, out, ctx, "is not a list of addresses");
}

/// The `tag` list of a Note: hashtags ("#name") and mentions ("@user@host" or "@user"); emoji are skipped.
simdjson::error_code read_tags(od::value& v, activity& a, record_context& ctx) {
  if (is_null(v)) return simdjson::SUCCESS;
  od::array items;
  if (v.get_array().get(items)) return ctx.fail("tag", "is not a list");
  for (auto item_result : items) {
    od::value item;
    if (auto e = std::move(item_result).get(item)) return e;
    od::object tag;
    if (item.get_object().get(tag)) continue;
    std::string type, name;
    if (auto e = for_each(tag, [&](std::string_view key, od::value& tv) -> simdjson::error_code {
          if (key != "type" && key != "name") return simdjson::SUCCESS;
          std::string_view s;
          if (auto e = optional_string(tv, key == "type" ? "tag.type" : "tag.name", s, ctx)) return e;
          (key == "type" ? type : name).assign(s);
          return simdjson::SUCCESS;
        })) {
      return e;
    }
    if (type == "Hashtag" && name.size() > 1) a.hashtags.push_back(name[0] == '#' ? name.substr(1) : name);
    if (type == "Mention" && name.size() > 1) a.mentions.push_back(name[0] == '@' ? name.substr(1) : name);
  }
  return simdjson::SUCCESS;
}

/// A Create's embedded object (a Note; a Question for polls).
simdjson::error_code read_object(od::object obj, activity& a, record_context& ctx) {
  a.has_object = true;
  return for_each(obj, [&](std::string_view key, od::value& v) -> simdjson::error_code {
    std::string_view s;
    if (key == "id" || key == "type" || key == "published" || key == "content" || key == "summary" ||
        key == "inReplyTo") {
      if (auto e = optional_string(v, key, s, ctx)) return e;
      std::string& into = key == "id"          ? a.object_id
                          : key == "type"      ? a.object_type
                          : key == "published" ? a.object_published
                          : key == "content"   ? a.content
                          : key == "summary"   ? a.summary
                                               : a.in_reply_to;
      into.assign(s);
    } else if (key == "to" || key == "cc") {
      return read_addresses(v, key, key == "to" ? a.object_to : a.object_cc, ctx);
    } else if (key == "contentMap") {
      od::object map;
      if (is_null(v) || v.get_object().get(map)) return simdjson::SUCCESS;
      return for_each(map, [&](std::string_view lang, od::value&) {
        if (a.lang.empty()) a.lang.assign(lang);
        return simdjson::SUCCESS;
      });
    } else if (key == "tag") {
      return read_tags(v, a, ctx);
    } else if (key == "quote" || key == "quoteUri" || key == "_misskey_quote") {
      // Mastodon 4.4 and later, and Misskey's field before it: a quote of another post.
      a.quote = a.quote || !is_null(v);
    }
    return simdjson::SUCCESS;
  });
}

class mastodon_session;

/// Activities of outbox.json to posts.
class outbox_mapper final : public record_mapper {
 public:
  outbox_mapper(mastodon_counts& counts, post_sink& sink, bool private_posts)
      : counts_(counts), sink_(sink), private_posts_(private_posts) {}
  bool accept_prefix(std::string_view, char, input_stats&, post_sink&) override { return true; }
  simdjson::error_code read(od::object record, record_context& ctx) override {
    a_.clear();
    return for_each(record, [&](std::string_view key, od::value& v) -> simdjson::error_code {
      std::string_view s;
      if (key == "id" || key == "type" || key == "actor" || key == "published") {
        if (auto e = optional_string(v, key, s, ctx)) return e;
        (key == "id" ? a_.id : key == "type" ? a_.type : key == "actor" ? a_.actor : a_.published).assign(s);
      } else if (key == "to" || key == "cc") {
        return read_addresses(v, key, key == "to" ? a_.to : a_.cc, ctx);
      } else if (key == "object") {
        od::json_type type;
        if (auto e = v.type().get(type)) return e;
        if (type == od::json_type::object) {
          od::object obj;
          if (auto e = v.get_object().get(obj)) return e;
          return read_object(obj, a_, ctx);
        }
        if (type == od::json_type::string) {
          if (auto e = optional_string(v, key, s, ctx)) return e;
          a_.object_uri.assign(s);
        }
      }
      return simdjson::SUCCESS;
    });
  }
  void use(record_context& ctx) override;

 private:
  mastodon_counts& counts_;
  post_sink& sink_;
  bool private_posts_;
  activity a_;
  post post_;
  html_links links_;
};

void outbox_mapper::use(record_context& ctx) {
  const bool create = a_.type == "Create", announce = a_.type == "Announce";
  if (!create && !announce) {
    ctx.skip(problem_code::NOT_A_POST,
             "This activity is a \"" + excerpt(a_.type) + "\", neither a post (Create) nor a boost (Announce).",
             problem_level::INFO);
    return;
  }
  if (create && !a_.has_object) {
    ctx.skip(problem_code::MALFORMED_RECORD, "This post (Create) holds no object with its text.");
    return;
  }
  const std::string& id = create && !a_.object_id.empty() ? a_.object_id : a_.id;
  const std::string& published = create && !a_.object_published.empty() ? a_.object_published : a_.published;
  if (id.empty()) {
    ctx.skip(problem_code::MISSING_FIELD, "This activity has no id.");
    return;
  }
  const auto ms = parse_timestamp(published);
  if (!ms) {
    ctx.skip(problem_code::MISSING_FIELD, published.empty() ? "The activity " + id + " has no date."
                                                            : "\"" + excerpt(published) + "\" is not a date Chorus understands.");
    return;
  }
  // Visibility, which no field names: public with Public in `to`, unlisted with it in `cc` only,
  // followers-only with the author's followers in `to`, direct otherwise.
  const auto& to = a_.to.empty() && a_.cc.empty() ? a_.object_to : a_.to;
  const auto& cc = a_.to.empty() && a_.cc.empty() ? a_.object_cc : a_.cc;
  const auto has = [](const std::vector<std::string>& list, auto&& match) {
    for (const auto& address : list) {
      if (match(address)) return true;
    }
    return false;
  };
  const bool everyone = has(to, is_public) || has(cc, is_public);
  if (!everyone) {
    const std::string followers = a_.actor + "/followers";
    const bool followers_only = !a_.actor.empty() && has(to, [&](const std::string& x) { return x == followers; });
    ++(followers_only ? counts_.followers_only : counts_.direct);
    if (!private_posts_) return;  // read, and left out of the summary: the format's facts say how many
    ++counts_.private_counted;
  }
  post& p = post_;
  p.clear();
  p.id = id;
  p.time_ms = *ms;
  p.author = handle_of(a_.actor);
  if (announce) {
    p.kind = post_kind::REPOST;  // a boost names the post, without its text
  } else {
    links_.hashtags.clear();
    links_.urls.clear();
    p.text = html_to_text(a_.content, links_);
    p.hashtags = a_.hashtags.empty() ? links_.hashtags : a_.hashtags;  // older posts tag only their HTML
    p.mentions = a_.mentions;
    p.urls = links_.urls;
    p.lang = a_.lang;
    if (!a_.in_reply_to.empty()) {
      p.kind = post_kind::REPLY;
      p.reply_to = handle_of(a_.in_reply_to);
    } else if (a_.quote) {
      p.kind = post_kind::QUOTE;
    }
    if (!a_.summary.empty()) ++counts_.content_warnings;
  }
  add_url_domains(p);
  p.text_repaired = ctx.utf8_repaired();
  ctx.counted();
  sink_.on_post(p);
}

/// outbox.json: its activities, and the totalItems it declares before them.
class outbox_file final : public file_reader {
 public:
  outbox_file(std::string name, mastodon_counts& counts, post_sink& sink, const reader_options& options)
      : counts_(counts),
        mapper_(counts, sink, options.private_posts),
        reader_(std::move(name), sink, mapper_, framing::MEMBER_ARRAY, options.copy, "orderedItems") {
    input_stats& stats = reader_.stats_to_fill();
    stats.format = "mastodon-outbox";
    stats.role = std::string(POSTS);
    stats.readable = true;
  }
  bool feed(const char* data, size_t size) override {
    if (head_.size() < HEAD_BYTES) head_.append(data, std::min(size, HEAD_BYTES - head_.size()));
    return reader_.feed(data, size);
  }
  void finish() override {
    reader_.finish();
    // "totalItems" comes before "orderedItems" in every version seen (ActivityPub's serializer order).
    const size_t at = head_.find("\"totalItems\"");
    if (at == std::string::npos) return;
    size_t k = head_.find_first_not_of(" \t\r\n:", at + 12);
    uint64_t declared = 0;
    bool digits = false;
    for (; k < head_.size() && head_[k] >= '0' && head_[k] <= '9'; ++k, digits = true) {
      declared = declared * 10 + static_cast<uint64_t>(head_[k] - '0');
    }
    if (!digits) return;
    counts_.declared_items += declared;
    counts_.outbox_items += reader_.stats().records_read;
    ++counts_.outboxes_declaring;
  }
  void abandon() override { reader_.abandon(); }
  void start_at_record(uint64_t offset) override { reader_.start_at_record(offset); }
  void stop_at(uint64_t offset) override { reader_.stop_at(offset); }
  const input_stats& stats() const override { return reader_.stats(); }

 private:
  static constexpr size_t HEAD_BYTES = 4096;
  mastodon_counts& counts_;
  outbox_mapper mapper_;
  json_record_reader reader_;
  std::string head_;
};

/// A small file read whole, then parsed (likes.json, actor.json): at most MAX_BYTES.
class whole_file : public file_reader {
 public:
  whole_file(std::string name, post_sink& sink, std::string_view format, std::string_view role) : sink_(sink) {
    stats_.name = std::move(name);
    stats_.format = std::string(format);
    stats_.role = std::string(role);
    stats_.readable = true;
  }
  bool feed(const char* data, size_t size) override {
    stats_.bytes += size;
    if (bytes_.size() + size > MAX_BYTES) {
      too_large_ = true;
      bytes_.clear();
      return false;
    }
    bytes_.append(data, size);
    return true;
  }
  void finish() override {
    if (too_large_) {
      problem p;
      p.level = problem_level::WARNING;
      p.code = problem_code::RECORD_TOO_LARGE;
      p.file = stats_.name;
      p.message = "This file is larger than " + std::to_string(MAX_BYTES >> 20) + " MiB and was not read.";
      sink_.on_problem(std::move(p));
      return;
    }
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (const auto error = parser.parse(bytes_).get(root)) {
      problem p;
      p.level = problem_level::ERROR;
      p.code = problem_code::MALFORMED_JSON;
      p.file = stats_.name;
      p.message = "This file is not valid JSON: " + json_error_text(error) + ".";
      sink_.on_problem(std::move(p));
      return;
    }
    ++stats_.records_read;
    if (use(root)) ++stats_.records_counted;
    bytes_.clear();
    bytes_.shrink_to_fit();
  }
  void abandon() override { bytes_.clear(); }
  void start_at_record(uint64_t) override {}
  void stop_at(uint64_t) override {}
  const input_stats& stats() const override { return stats_; }

 protected:
  /// Takes what the parsed file holds; false when it holds nothing Chorus uses.
  virtual bool use(simdjson::dom::element root) = 0;

 private:
  static constexpr size_t MAX_BYTES = size_t{64} << 20;
  post_sink& sink_;
  input_stats stats_;
  std::string bytes_;
  bool too_large_ = false;
};

/// likes.json or bookmarks.json: the posts' addresses (no dates, no authors), counted into `count`.
class addresses_file final : public whole_file {
 public:
  addresses_file(std::string name, post_sink& sink, std::string_view format, std::string_view role, uint64_t& count)
      : whole_file(std::move(name), sink, format, role), count_(count) {}

 private:
  bool use(simdjson::dom::element root) override {
    simdjson::dom::object obj;
    if (root.get(obj)) return false;
    for (const auto field : obj) {  // every "orderedItems" (Mastodon 4.2 wrote an empty one first)
      simdjson::dom::array items;
      if (field.key == "orderedItems" && !field.value.get(items)) count_ += items.size();
    }
    return true;
  }
  uint64_t& count_;
};

/// actor.json: the account, as name@host.
class actor_file final : public whole_file {
 public:
  actor_file(std::string name, post_sink& sink, std::string& account)
      : whole_file(std::move(name), sink, "mastodon-actor", ACCOUNT), account_(account) {}

 private:
  bool use(simdjson::dom::element root) override {
    std::string_view name, id;
    if (root["preferredUsername"].get(name) || root["id"].get(id)) return false;
    std::string handle = handle_of(id);
    account_ = handle.empty() ? std::string(name) : std::string(name) + handle.substr(handle.find('@'));
    return true;
  }
  std::string& account_;
};

class mastodon_session final : public format_session {
 public:
  explicit mastodon_session(const reader_options& options) : options_(options) {}
  std::unique_ptr<file_reader> open(std::string name, post_sink& sink) override {
    const std::string_view base = base_name(name);
    if (base == "likes.json") {
      return std::make_unique<addresses_file>(std::move(name), sink, "mastodon-likes", LIKES, counts_.likes);
    }
    if (base == "bookmarks.json") {
      return std::make_unique<addresses_file>(std::move(name), sink, "mastodon-bookmarks", BOOKMARKS,
                                              counts_.bookmarks);
    }
    if (base == "actor.json") return std::make_unique<actor_file>(std::move(name), sink, account_);
    return std::make_unique<outbox_file>(std::move(name), counts_, sink, options_);
  }
  void check(const std::vector<input_stats>& /*inputs*/, post_sink& sink) override {
    if (counts_.outboxes_declaring == 0 || counts_.declared_items == counts_.outbox_items) return;
    problem p;
    p.level = problem_level::INFO;
    p.code = problem_code::COUNT_MISMATCH;
    p.file = "outbox.json";
    p.message = "outbox.json says it holds " + with_commas(counts_.declared_items) + " items (totalItems), and " +
                with_commas(counts_.outbox_items) +
                " were read: Mastodon's own count is known to be off, the posts read are what counts.";
    sink.on_problem(std::move(p));
  }
  void write_facts(json_writer& w, const std::vector<input_stats>& /*inputs*/) const override {
    const uint64_t hidden = counts_.followers_only + counts_.direct;
    w.begin_object();
    w.field("followers_only", counts_.followers_only);
    w.field("direct", counts_.direct);
    w.field("private_counted", counts_.private_counted);
    w.field("content_warnings", counts_.content_warnings);
    w.key("facts");
    w.begin_array();
    if (hidden > 0 && counts_.private_counted == 0) {
      w.value(with_commas(counts_.followers_only) + " followers-only and " + with_commas(counts_.direct) +
              " direct Mastodon posts left out (private: counted only when asked)");
    } else if (hidden > 0) {
      w.value(with_commas(counts_.private_counted) + " private Mastodon posts counted, as asked");
    }
    if (counts_.bookmarks > 0) w.value(with_commas(counts_.bookmarks) + " bookmarks (not dated, not in the timeline)");
    if (counts_.content_warnings > 0) {
      w.value(with_commas(counts_.content_warnings) +
              (counts_.content_warnings == 1 ? " post with a content warning" : " posts with a content warning"));
    }
    w.end_array();
    w.key("notes");
    w.begin_array();
    w.end_array();
    w.end_object();
  }
  uint64_t likes() const override { return counts_.likes; }
  private_count private_posts() const override {
    return {counts_.followers_only + counts_.direct, counts_.private_counted};
  }
  std::string account() const override { return account_; }
  void write_state(json_writer& w, bool fragments_only) const override {
    const mastodon_counts none;
    const mastodon_counts& c = fragments_only ? none : counts_;  // outboxes are read whole
    w.begin_object();
    write_state_counts(w, {c.followers_only, c.direct, c.private_counted, c.content_warnings, c.likes, c.declared_items,
                           c.outbox_items, c.outboxes_declaring, c.bookmarks});
    w.field("account", fragments_only ? std::string() : account_);
    w.end_object();
  }
  bool merge_state(const simdjson::dom::element& state) override {
    std::string_view account;
    mastodon_counts& c = counts_;
    if (state["account"].get(account)) return false;
    if (!add_state_counts(state, {&c.followers_only, &c.direct, &c.private_counted, &c.content_warnings, &c.likes,
                                  &c.declared_items, &c.outbox_items, &c.outboxes_declaring, &c.bookmarks})) {
      return false;
    }
    if (account_.empty()) account_ = std::string(account);
    return true;
  }

 private:
  reader_options options_;
  mastodon_counts counts_;
  std::string account_;
};

class mastodon_archive final : public format {
 public:
  std::string_view name() const override { return "mastodon"; }
  std::string_view label() const override {
    return "Mastodon archive (the ZIP or .tar.gz as downloaded, or its outbox.json)";
  }
  int sniff(std::string_view head, std::string_view /*path*/) const override {
    const std::string_view s = trim(head);
    if (!s.starts_with("{") || s.find("activitystreams") == std::string_view::npos) return 0;
    const bool collection = s.find("OrderedCollection") != std::string_view::npos;
    const bool person = s.find("\"Person\"") != std::string_view::npos;
    return collection || person ? 95 : 0;
  }
  entry_role entry(std::string_view path) const override {
    const std::string_view base = base_name(path);
    if (base == "actor.json") return {std::string(ACCOUNT), 0, false};
    if (base == "outbox.json") return {std::string(POSTS), 1, false};
    if (base == "likes.json") return {std::string(LIKES), 2, false};
    if (base == "bookmarks.json") return {std::string(BOOKMARKS), 3, false};
    return {};  // media, the avatar and the header are never opened
  }
  std::string_view id_space() const override { return name(); }
  std::string_view platform() const override { return "Mastodon"; }
  std::string post_url(std::string_view id, std::string_view /*author*/) const override {
    return id.starts_with("https://") ? std::string(id) : std::string();
  }
  std::unique_ptr<format_session> begin(const reader_options& options) const override {
    return std::make_unique<mastodon_session>(options);
  }
};

}  // namespace

const format& mastodon_format() {
  static const mastodon_archive instance;
  return instance;
}

}  // namespace chorus
