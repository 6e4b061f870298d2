#include "formats/twitter_api_v2/twitter_api_v2.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "formats/tweet_v1/tweet_v1.h"
#include "json_writer.h"
#include "scan/json_fields.h"
#include "scan/json_records.h"
#include "text/interner.h"
#include "text/text_util.h"
#include "time_parse.h"

namespace chorus {

namespace {

namespace od = simdjson::ondemand;
using json_fields::for_each;
using json_fields::optional_string;

/// A v2 tweet object as read, before its author and referenced tweets are looked up in the page's includes.
struct v2_tweet {
  std::string id, text, author_id, author, lang, source, reply_user_id, reply_user, type;
  std::string note_text;
  bool has_note = false, has_date = false, metrics = false;
  int64_t time_ms = 0;
  std::vector<std::string> hashtags, mentions, urls, note_hashtags, note_mentions, note_urls;
  std::vector<std::pair<std::string, std::string>> mention_ids;  // (user id, username)
  std::vector<std::pair<std::string, std::string>> refs;         // (type, tweet id)
  std::vector<std::string> edit_ids;
  // twarc2 flatten puts the referenced tweets inline: the retweeted one whole, the replied-to one's author.
  std::unique_ptr<v2_tweet> retweeted;
  bool has_retweeted = false;
  std::string replied_author;

  void clear() {
    for (std::string* s : {&id, &text, &author_id, &author, &lang, &source, &reply_user_id, &reply_user, &type,
                           &note_text, &replied_author}) {
      s->clear();
    }
    for (auto* v : {&hashtags, &mentions, &urls, &note_hashtags, &note_mentions, &note_urls, &edit_ids}) v->clear();
    mention_ids.clear();
    refs.clear();
    has_note = has_date = metrics = has_retweeted = false;
    time_ms = 0;
  }
  bool has_ref(std::string_view kind) const {
    return std::any_of(refs.begin(), refs.end(), [&](const auto& r) { return r.first == kind; });
  }
  std::string_view ref_id(std::string_view kind) const {
    for (const auto& r : refs) {
      if (r.first == kind) return r.second;
    }
    return {};
  }
};

/// What a session counts across its files, for the summary's facts.
struct v2_counts {
  uint64_t pages = 0;          // lines with `data`
  uint64_t stream_lines = 0;   // of them, filtered-stream lines (`matching_rules`)
  uint64_t flattened = 0;      // lines that are one flattened tweet
  uint64_t compliance = 0;     // compliance records
  uint64_t error_lines = 0;    // lines that are only an API error
  uint64_t page_errors = 0;    // errors listed beside the data of pages
  uint64_t other_lines = 0;    // users, counts and other data that holds no posts

  static constexpr std::pair<std::string_view, uint64_t v2_counts::*> FIELDS[] = {
      {"pages", &v2_counts::pages},           {"stream_lines", &v2_counts::stream_lines},
      {"flattened", &v2_counts::flattened},   {"compliance", &v2_counts::compliance},
      {"error_lines", &v2_counts::error_lines}, {"page_errors", &v2_counts::page_errors},
      {"other_lines", &v2_counts::other_lines}};
};

/// Reads one entity list of a v2 `entities` object into `out`: the `member` of each item (`fallback` when
/// it is missing), with the ids of mentioned users when `ids` is given.
simdjson::error_code read_entity_list(od::value& v, std::string_view list, std::string_view member,
                                      std::string_view fallback, std::vector<std::string>& out,
                                      std::vector<std::pair<std::string, std::string>>* ids, record_context& ctx) {
  od::array items;
  if (v.get_array().get(items)) return ctx.fail(list, "is not a list");
  for (auto item_result : items) {
    od::object item;
    if (std::move(item_result).get_object().get(item)) return ctx.fail(list, "holds an entry that is not an object");
    std::string_view value, other;
    std::string id;
    if (auto e = for_each(item, [&](std::string_view key, od::value& iv) {
          if (key == member) return optional_string(iv, member, value, ctx);
          if (!fallback.empty() && key == fallback) return optional_string(iv, fallback, other, ctx);
          if (ids && key == "id") return json_fields::id(iv, "id", id, ctx);
          return simdjson::SUCCESS;
        })) {
      return e;
    }
    if (value.empty()) value = other;
    if (value.empty()) continue;
    out.emplace_back(value);
    if (ids && !id.empty()) ids->emplace_back(std::move(id), std::string(value));
  }
  return simdjson::SUCCESS;
}

simdjson::error_code read_entities(od::value& v, v2_tweet& t, bool note, record_context& ctx) {
  od::object entities;
  if (v.get_object().get(entities)) return ctx.fail("entities", "is not an object");
  auto& hashtags = note ? t.note_hashtags : t.hashtags;
  auto& mentions = note ? t.note_mentions : t.mentions;
  auto& urls = note ? t.note_urls : t.urls;
  return for_each(entities, [&](std::string_view key, od::value& ev) {
    if (key == "hashtags") return read_entity_list(ev, "entities.hashtags", "tag", {}, hashtags, nullptr, ctx);
    if (key == "mentions") return read_entity_list(ev, "entities.mentions", "username", {}, mentions, &t.mention_ids, ctx);
    if (key == "urls") return read_entity_list(ev, "entities.urls", "expanded_url", "url", urls, nullptr, ctx);
    return simdjson::SUCCESS;
  });
}

/// The `username` of a user object (an author inline).
simdjson::error_code read_username(od::value& v, std::string_view field, std::string& out, record_context& ctx) {
  od::object user;
  if (v.get_object().get(user)) return simdjson::SUCCESS;  // an id alone, or null: nothing to learn
  return for_each(user, [&](std::string_view key, od::value& uv) {
    if (key != "username") return simdjson::SUCCESS;
    std::string_view s;
    if (auto e = optional_string(uv, field, s, ctx)) return e;
    out.assign(s);
    return simdjson::SUCCESS;
  });
}

/// Reads one field of a tweet object. `depth` 0 is a tweet of the data (or a flattened line); 1 a tweet
/// referenced by it, whose own references are read as type and id only.
simdjson::error_code read_tweet_field(std::string_view key, od::value& v, v2_tweet& t, int depth, record_context& ctx);

simdjson::error_code read_tweet(od::object obj, v2_tweet& t, int depth, record_context& ctx) {
  return for_each(obj, [&](std::string_view key, od::value& v) { return read_tweet_field(key, v, t, depth, ctx); });
}

simdjson::error_code read_references(od::value& v, v2_tweet& t, int depth, record_context& ctx) {
  od::array items;
  if (v.get_array().get(items)) return ctx.fail("referenced_tweets", "is not a list");
  for (auto item_result : items) {
    od::object item;
    if (std::move(item_result).get_object().get(item)) {
      return ctx.fail("referenced_tweets", "holds an entry that is not an object");
    }
    if (depth > 0) {
      std::string type, id;
      if (auto e = for_each(item, [&](std::string_view key, od::value& iv) {
            std::string_view s;
            if (key == "type") {
              if (auto e2 = optional_string(iv, "referenced_tweets.type", s, ctx)) return e2;
              type.assign(s);
            } else if (key == "id") {
              return json_fields::id(iv, "referenced_tweets.id", id, ctx);
            }
            return simdjson::SUCCESS;
          })) {
        return e;
      }
      t.refs.emplace_back(std::move(type), std::move(id));
      continue;
    }
    // A flattened line carries the referenced tweet whole: kept when it is the retweeted one.
    if (!t.retweeted) t.retweeted = std::make_unique<v2_tweet>();
    v2_tweet& ref = *t.retweeted;
    const bool kept = t.has_retweeted;
    v2_tweet scratch;
    v2_tweet& into = kept ? scratch : ref;
    into.clear();
    if (auto e = read_tweet(item, into, depth + 1, ctx)) return e;
    t.refs.emplace_back(into.type, into.id);
    if (into.type == "retweeted" && !kept) {
      t.has_retweeted = true;
    } else if (into.type == "replied_to" && t.replied_author.empty()) {
      t.replied_author = into.author;
    }
  }
  return simdjson::SUCCESS;
}

simdjson::error_code read_tweet_field(std::string_view key, od::value& v, v2_tweet& t, int depth, record_context& ctx) {
  std::string_view s;
  if (key == "id") return json_fields::id(v, key, t.id, ctx);
  if (key == "text") {
    if (auto e = optional_string(v, key, s, ctx)) return e;
    t.text.assign(s);
  } else if (key == "created_at") {
    return json_fields::optional_time(v, key, t.time_ms, t.has_date, ctx);
  } else if (key == "author_id") {
    return json_fields::id(v, key, t.author_id, ctx);
  } else if (key == "author") {
    return read_username(v, "author.username", t.author, ctx);
  } else if (key == "lang" || key == "source" || key == "type") {
    if (auto e = optional_string(v, key, s, ctx)) return e;
    (key == "lang" ? t.lang : key == "source" ? t.source : t.type).assign(s);
  } else if (key == "in_reply_to_user_id") {
    return json_fields::id(v, key, t.reply_user_id, ctx);
  } else if (key == "in_reply_to_user") {
    return read_username(v, "in_reply_to_user.username", t.reply_user, ctx);
  } else if (key == "referenced_tweets") {
    bool null = false;
    if (v.is_null().get(null) == simdjson::SUCCESS && null) return simdjson::SUCCESS;
    return read_references(v, t, depth, ctx);
  } else if (key == "entities") {
    return read_entities(v, t, false, ctx);
  } else if (key == "note_tweet") {
    od::object note;
    if (v.get_object().get(note)) return ctx.fail(key, "is not an object");
    return for_each(note, [&](std::string_view nkey, od::value& nv) {
      if (nkey == "text") {
        std::string_view ns;
        if (auto e = optional_string(nv, "note_tweet.text", ns, ctx)) return e;
        t.note_text.assign(ns);
        t.has_note = !ns.empty();
      } else if (nkey == "entities") {
        return read_entities(nv, t, true, ctx);
      }
      return simdjson::SUCCESS;
    });
  } else if (key == "edit_history_tweet_ids") {
    od::array ids;
    if (v.get_array().get(ids)) return ctx.fail(key, "is not a list");
    for (auto id_result : ids) {
      od::value iv;
      if (auto e = std::move(id_result).get(iv)) return e;
      if (t.edit_ids.size() >= 64) return ctx.fail(key, "lists more versions than X keeps");
      if (auto e = json_fields::id(iv, key, t.edit_ids.emplace_back(), ctx)) return e;
    }
  } else if (key == "public_metrics") {
    t.metrics = true;
  }
  return simdjson::SUCCESS;
}

/// One line of a twarc2 file: a page, a stream line, a flattened tweet, a compliance record or an error.
class v2_mapper final : public record_mapper {
 public:
  v2_mapper(post_sink& sink, v2_counts& counts) : sink_(sink), counts_(counts) {}

  bool accept_prefix(std::string_view, char, input_stats&, post_sink&) override { return true; }

  simdjson::error_code read(od::object record, record_context& ctx) override {
    data_count_ = inc_count_ = 0;
    user_ids_.clear();
    included_ids_.clear();
    usernames_.clear();
    included_at_.clear();
    has_data_ = stream_ = has_action_ = false;
    errors_ = 0;
    error_text_.clear();
    action_.clear();
    flat_.clear();
    return for_each(record, [&](std::string_view key, od::value& v) -> simdjson::error_code {
      if (key == "data") return read_data(v, ctx);
      if (key == "includes") return read_includes(v, ctx);
      if (key == "errors") return read_errors(v, ctx);
      if (key == "matching_rules") {
        stream_ = true;
        return simdjson::SUCCESS;
      }
      if (key == "meta" || key == "__twarc") return simdjson::SUCCESS;
      if (key == "action") {
        std::string_view s;
        if (auto e = optional_string(v, key, s, ctx)) return e;
        action_.assign(s);
        has_action_ = true;
        return simdjson::SUCCESS;
      }
      if (key == "detail" || key == "title") {
        std::string_view s;
        if (auto e = optional_string(v, key, s, ctx)) return e;
        if (error_text_.empty() || key == "detail") error_text_.assign(s);
        return simdjson::SUCCESS;
      }
      return read_tweet_field(key, v, flat_, 0, ctx);  // a flattened tweet's own fields
    });
  }

  void use(record_context& ctx) override {
    if (has_data_) {
      use_page(ctx);
    } else if (has_action_) {
      ++counts_.compliance;
      ctx.skip(problem_code::NOT_A_POST,
               "This line is a compliance record (\"" + excerpt(action_) + "\" of tweet " +
                   (flat_.id.empty() ? std::string("?") : flat_.id) + "), not a post.",
               problem_level::INFO);
    } else if (!flat_.id.empty() || flat_.has_date || !flat_.text.empty()) {
      ++counts_.flattened;
      if (emit(flat_, ctx, 0)) ctx.counted();
    } else if (errors_ > 0 || !error_text_.empty()) {
      ++counts_.error_lines;
      ctx.skip(problem_code::API_ERROR,
               "The API answered this request with an error instead of posts: \"" + excerpt(error_text_) + "\".",
               problem_level::WARNING);
    } else {
      ++counts_.other_lines;
      ctx.skip(problem_code::NOT_A_POST, "This line holds no post (no data, no tweet fields).", problem_level::INFO);
    }
  }

 private:
  simdjson::error_code read_data(od::value& v, record_context& ctx) {
    has_data_ = true;
    od::json_type type;
    if (auto e = v.type().get(type)) return e;
    if (type == od::json_type::object) {
      od::object item;
      if (auto e = v.get_object().get(item)) return e;
      return read_tweet(item, next(data_, data_count_), 0, ctx);
    }
    if (type == od::json_type::null) return simdjson::SUCCESS;
    od::array items;
    if (v.get_array().get(items)) return ctx.fail("data", "is neither a list nor an object");
    for (auto item_result : items) {
      od::object item;
      if (std::move(item_result).get_object().get(item)) return ctx.fail("data", "holds an entry that is not an object");
      if (auto e = read_tweet(item, next(data_, data_count_), 0, ctx)) return e;
    }
    return simdjson::SUCCESS;
  }

  simdjson::error_code read_includes(od::value& v, record_context& ctx) {
    od::object includes;
    if (v.get_object().get(includes)) return ctx.fail("includes", "is not an object");
    return for_each(includes, [&](std::string_view key, od::value& iv) -> simdjson::error_code {
      if (key != "users" && key != "tweets") return simdjson::SUCCESS;
      od::array items;
      if (iv.get_array().get(items)) return ctx.fail(key, "is not a list");
      for (auto item_result : items) {
        od::object item;
        if (std::move(item_result).get_object().get(item)) return ctx.fail(key, "holds an entry that is not an object");
        if (key == "tweets") {
          v2_tweet& t = next(included_tweets_, inc_count_);
          if (auto e = read_tweet(item, t, 1, ctx)) return e;
          // The first of a repeated id is the one found, as before.
          if (!t.id.empty() && included_ids_.intern(t.id) == included_at_.size()) included_at_.push_back(inc_count_ - 1);
          continue;
        }
        std::string id, username;
        if (auto e = for_each(item, [&](std::string_view ukey, od::value& uv) {
              if (ukey == "id") return json_fields::id(uv, "includes.users.id", id, ctx);
              if (ukey == "username") {
                std::string_view s;
                if (auto e2 = optional_string(uv, "includes.users.username", s, ctx)) return e2;
                username.assign(s);
              }
              return simdjson::SUCCESS;
            })) {
          return e;
        }
        if (!id.empty() && user_ids_.intern(id) == usernames_.size()) usernames_.push_back(std::move(username));
      }
      return simdjson::SUCCESS;
    });
  }

  simdjson::error_code read_errors(od::value& v, record_context& ctx) {
    od::array items;
    if (v.get_array().get(items)) return simdjson::SUCCESS;  // an error object of another shape: counted below
    for (auto item_result : items) {
      od::object item;
      ++errors_;
      if (std::move(item_result).get_object().get(item)) continue;
      if (auto e = for_each(item, [&](std::string_view key, od::value& ev) {
            if (key == "detail" || (key == "title" && error_text_.empty())) {  // the detail says more
              std::string_view s;
              if (auto e2 = optional_string(ev, key, s, ctx)) return e2;
              error_text_.assign(s);
            }
            return simdjson::SUCCESS;
          })) {
        return e;
      }
    }
    return simdjson::SUCCESS;
  }

  /// The next reused tweet of a list, cleared.
  static v2_tweet& next(std::vector<v2_tweet>& list, size_t& count) {
    if (count == list.size()) list.emplace_back();
    v2_tweet& t = list[count++];
    t.clear();
    return t;
  }

  void use_page(record_context& ctx) {
    ++counts_.pages;
    if (stream_) ++counts_.stream_lines;
    size_t tweets = 0;
    for (size_t i = 0; i < data_count_; ++i) tweets += data_[i].has_date || !data_[i].text.empty() ? 1 : 0;
    if (data_count_ > 0 && tweets == 0) {
      ++counts_.other_lines;
      ctx.skip(problem_code::NOT_A_POST,
               "This line holds " + std::to_string(data_count_) + " data item(s) that are not posts (users, counts or lists).",
               problem_level::INFO);
      return;
    }
    if (data_count_ == 0 && errors_ > 0) {
      ++counts_.error_lines;
      counts_.page_errors += errors_;
      ctx.skip(problem_code::API_ERROR,
               "The API answered with " + std::to_string(errors_) + " error(s) and no posts: \"" + excerpt(error_text_) + "\".",
               problem_level::WARNING);
      return;
    }
    bool any = false;
    for (size_t i = 0; i < data_count_; ++i) any = emit(data_[i], ctx, i + 1) || any;
    if (errors_ > 0) {
      counts_.page_errors += errors_;
      ctx.note(problem_level::INFO, problem_code::API_ERROR,
               "The API listed " + std::to_string(errors_) + " error(s) beside the posts of this page (first: \"" +
                   excerpt(error_text_) + "\"); they hold no posts.");
    }
    if (any) ctx.counted();
  }

  std::string_view username(std::string_view user_id) const {
    const uint32_t k = user_ids_.find(user_id);
    return k == interner::NONE ? std::string_view() : std::string_view(usernames_[k]);
  }
  const v2_tweet* included(std::string_view id) const {
    const uint32_t k = included_ids_.find(id);
    return k == interner::NONE ? nullptr : &included_tweets_[included_at_[k]];
  }
  std::string_view author_of(const v2_tweet& t) const {
    return t.author.empty() ? username(t.author_id) : std::string_view(t.author);
  }

  /// Hands out one tweet as a post; false when it was skipped. `item`: its place in the page's data (0 for a
  /// flattened line).
  bool emit(const v2_tweet& t, record_context& ctx, size_t item) {
    // Written only for a problem: a string made for every post cost each one an allocation.
    const auto where = [item] { return item > 0 ? " (item " + std::to_string(item) + " of the page's data)" : std::string(); };
    if (t.id.empty()) {
      ctx.skip(problem_code::MISSING_FIELD, "A tweet" + where() + " has no id.");
      return false;
    }
    if (!t.has_date) {
      ctx.skip(problem_code::MISSING_FIELD, "The tweet with id " + t.id + where() + " has no created_at date.");
      return false;
    }
    // An earlier version of an edited tweet: the latest version is the one counted.
    if (t.edit_ids.size() > 1 && t.edit_ids.back() != t.id &&
        std::find(t.edit_ids.begin(), t.edit_ids.end(), t.id) != t.edit_ids.end()) {
      ctx.edit_collapsed();
      return false;
    }
    post& p = post_;
    p.clear();
    p.id = t.id;
    p.time_ms = t.time_ms;
    p.author.assign(author_of(t));
    p.lang = t.lang;
    p.client = t.source;
    p.engagement_known = t.metrics;
    const auto take_text = [&](const v2_tweet& from) {
      const bool note = from.has_note;
      p.text = note ? from.note_text : from.text;
      const bool note_entities = note && (!from.note_hashtags.empty() || !from.note_mentions.empty() || !from.note_urls.empty());
      p.hashtags = note_entities ? from.note_hashtags : from.hashtags;
      p.mentions = note_entities ? from.note_mentions : from.mentions;
      p.urls = note_entities ? from.note_urls : from.urls;
    };
    take_text(t);
    if (t.has_ref("retweeted")) {
      p.kind = post_kind::REPOST;
      // The API cuts a retweet's own text; the retweeted tweet holds it whole.
      const v2_tweet* original = t.has_retweeted ? t.retweeted.get() : nullptr;
      if (!original || (original->text.empty() && !original->has_note)) original = included(t.ref_id("retweeted"));
      if (original && (!original->text.empty() || original->has_note)) {
        const std::string_view author = author_of(*original);  // in `original` or the page's users: take_text keeps it
        take_text(*original);
        if (!author.empty()) {
          p.text.insert(0, ": ").insert(0, author).insert(0, "RT @");  // in place: no temporary strings per repost
          p.mentions.emplace(p.mentions.begin(), author);
        }
      }
    } else if (t.has_ref("replied_to")) {
      p.kind = post_kind::REPLY;
    } else if (t.has_ref("quoted")) {
      p.kind = post_kind::QUOTE;
    } else {
      p.kind = post_kind::ORIGINAL;
    }
    if (p.kind == post_kind::REPLY || !t.reply_user_id.empty()) {
      std::string_view to = t.reply_user;
      if (to.empty()) to = username(t.reply_user_id);
      if (to.empty()) to = t.replied_author;
      if (to.empty()) {
        if (const v2_tweet* parent = included(t.ref_id("replied_to"))) to = author_of(*parent);
      }
      if (to.empty()) {
        for (const auto& [id, name] : t.mention_ids) {
          if (id == t.reply_user_id) to = name;
        }
      }
      p.reply_to.assign(to);
      if (p.kind == post_kind::ORIGINAL) p.kind = post_kind::REPLY;  // a reply to a user, not to a tweet
    }
    const size_t escaped = p.text.size();
    decode_html_entities(p.text);
    p.text_repaired = p.text.size() != escaped || ctx.utf8_repaired();
    add_url_domains(p);
    sink_.on_post(p);
    return true;
  }

  post_sink& sink_;
  v2_counts& counts_;
  std::vector<v2_tweet> data_, included_tweets_;
  size_t data_count_ = 0, inc_count_ = 0;
  // The page's users (id -> username) and included tweets (id -> place in included_tweets_), numbered by id.
  interner user_ids_, included_ids_;
  std::vector<std::string> usernames_;
  std::vector<size_t> included_at_;
  v2_tweet flat_;
  bool has_data_ = false, stream_ = false, has_action_ = false;
  uint64_t errors_ = 0;
  std::string error_text_, action_;
  post post_;
};

std::string plural(uint64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

class v2_session final : public format_session {
 public:
  explicit v2_session(const reader_options& options) : options_(options) {}
  std::unique_ptr<file_reader> open(std::string name, post_sink& sink) override {
    return std::make_unique<json_posts_file<v2_mapper>>(std::move(name), sink, framing::LINES, options_.copy,
                                                       "twitter-api-v2", counts_);
  }
  void write_facts(json_writer& w, const std::vector<input_stats>& /*inputs*/) const override {
    w.begin_object();
    for (const auto& [name, field] : v2_counts::FIELDS) w.field(name, counts_.*field);
    w.key("facts");
    w.begin_array();
    if (counts_.pages > 0) {
      w.value("Twitter API v2: " + plural(counts_.pages, "response page or stream line", "response pages and stream lines") +
              (counts_.stream_lines > 0 ? " (" + plural(counts_.stream_lines, "from the filtered stream", "from the filtered stream") + ")" : "") +
              "; authors and retweeted texts were looked up in their includes.");
    }
    if (counts_.flattened > 0) w.value("Twitter API v2: " + plural(counts_.flattened, "flattened tweet", "flattened tweets") + " (twarc2 flatten).");
    w.end_array();
    w.key("notes");
    w.begin_array();
    if (counts_.compliance > 0) {
      w.value(plural(counts_.compliance, "compliance record", "compliance records") + " (deletions and the like) hold no posts and were not counted.");
    }
    if (counts_.error_lines + counts_.page_errors > 0) {
      w.value("The API reported " + plural(counts_.error_lines + counts_.page_errors, "error", "errors") +
              " (suspended or deleted accounts, failed requests): no posts are missing from what was read, but the collection may lack what those requests would have returned.");
    }
    if (counts_.other_lines > 0) w.value(plural(counts_.other_lines, "line holds", "lines hold") + " users, counts or other data, not posts.");
    w.end_array();
    w.end_object();
  }
  void write_state(json_writer& w, bool /*fragments_only*/) const override {
    w.begin_object();
    for (const auto& [name, field] : v2_counts::FIELDS) w.field(name, counts_.*field);
    w.end_object();
  }
  bool merge_state(const simdjson::dom::element& state) override {
    v2_counts add;
    for (const auto& [name, field] : v2_counts::FIELDS) {
      if (state[name].get(add.*field) || add.*field > MAX_STATE_COUNT) return false;
    }
    for (const auto& [name, field] : v2_counts::FIELDS) counts_.*field += add.*field;
    return true;
  }

 private:
  reader_options options_;
  v2_counts counts_;
};

/// The first line of a file that holds anything.
std::string_view first_line(std::string_view head) {
  size_t start = head.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  const size_t end = head.find('\n', start);
  return head.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

bool has(std::string_view s, std::string_view key) { return s.find(key) != std::string_view::npos; }

class twitter_api_v2 final : public format {
 public:
  std::string_view name() const override { return "twitter-api-v2"; }
  std::string_view label() const override {
    return "Twitter API v2 JSON Lines (twarc2 response pages, stream output or twarc2 flatten)";
  }
  std::string_view id_space() const override { return "x"; }
  std::string_view platform() const override { return "X"; }
  int sniff(std::string_view head, std::string_view /*path*/) const override {
    const std::string_view line = first_line(head);
    if (line.empty() || line[0] != '{') return 0;
    const std::string_view start = trim(line.substr(1, 16));
    // A response page or stream line opens with its data; flatten output and compliance records have marks.
    if (start.starts_with("\"data\"") &&
        (has(line, "\"includes\"") || has(line, "\"meta\"") || has(line, "\"__twarc\"") ||
         has(line, "\"matching_rules\"") || has(line, "\"author_id\"") || has(line, "\"edit_history_tweet_ids\""))) {
      return 80;
    }
    if (has(line, "\"__twarc\"") && has(line, "\"author_id\"")) return 80;
    // A flattened tweet: fields only API v2 has (a long first field such as context_annotations may push
    // author_id and created_at past the bytes shown), never v1.1's id_str.
    if (!has(line, "\"id_str\"")) {
      for (std::string_view key : {"\"author_id\"", "\"conversation_id\"", "\"edit_history_tweet_ids\"",
                                   "\"reply_settings\"", "\"context_annotations\"", "\"public_metrics\""}) {
        if (has(line, key)) return 75;
      }
    }
    if (has(line, "\"action\"") && (has(line, "\"redacted_at\"") || has(line, "\"reason\"")) && !has(line, "\"text\"")) {
      return 60;
    }
    return 0;
  }
  entry_role entry(std::string_view path) const override {
    // twarc2 names its output freely; a collection's `.json` files are read (and claimed by their content).
    // `.jsonl` entries are already taken by the v1.1 format's line, and read by content all the same.
    if (path.ends_with(".json")) return {"posts", 2, true};
    return {};
  }
  int64_t record_start(std::string_view head, std::string_view window) const override {
    if (sniff(head, {}) == 0) return -1;
    return next_line_start(window);
  }
  std::string post_url(std::string_view id, std::string_view author) const override { return x_post_url(id, author); }
  std::unique_ptr<format_session> begin(const reader_options& options) const override {
    return std::make_unique<v2_session>(options);
  }
};

}  // namespace

const format& twitter_api_v2_format() {
  static const twitter_api_v2 instance;
  return instance;
}

}  // namespace chorus
