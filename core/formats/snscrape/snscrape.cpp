#include "formats/snscrape/snscrape.h"

#include "formats/tweet_v1/tweet_v1.h"
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

/// The fields of a snscrape Tweet that a post needs; the retweeted tweet is read into a second one.
struct scraped_tweet {
  std::string id, id_str, text, raw_text, author, lang, client, reply_to;
  std::vector<std::string> hashtags, mentions, urls;
  int64_t time_ms = 0;
  bool has_date = false, reply = false, quote = false, engagement = false;

  void clear() {
    for (std::string* s : {&id, &id_str, &text, &raw_text, &author, &lang, &client, &reply_to}) s->clear();
    hashtags.clear();
    mentions.clear();
    urls.clear();
    time_ms = 0;
    has_date = reply = quote = engagement = false;
  }
  /// rawContent, else the older content.
  const std::string& content() const { return raw_text.empty() ? text : raw_text; }
};

/// The `username` of a User object (or null).
simdjson::error_code read_user(od::value& v, std::string_view field, std::string& out, record_context& ctx) {
  od::object user;
  if (is_null(v) || v.get_object().get(user)) return simdjson::SUCCESS;
  return for_each(user, [&](std::string_view key, od::value& uv) {
    if (key != "username") return simdjson::SUCCESS;
    std::string_view s;
    if (auto e = optional_string(uv, field, s, ctx)) return e;
    out.assign(s);
    return simdjson::SUCCESS;
  });
}

/// Reads a Tweet object; `retweeted` (nullptr at depth 1) receives its retweetedTweet.
simdjson::error_code read_tweet(od::object obj, scraped_tweet& t, scraped_tweet* retweeted, bool& is_retweet,
                                record_context& ctx) {
  return for_each(obj, [&](std::string_view key, od::value& v) -> simdjson::error_code {
    std::string_view s;
    if (key == "id") return json_fields::id(v, key, t.id, ctx);
    if (key == "id.str" || key == "id_str") return json_fields::id(v, key, t.id_str, ctx);
    if (key == "rawContent" || key == "content") {
      if (auto e = optional_string(v, key, s, ctx)) return e;
      (key == "rawContent" ? t.raw_text : t.text).assign(s);
    } else if (key == "date") {
      return json_fields::optional_time(v, key, t.time_ms, t.has_date, ctx);
    } else if (key == "user") {
      return read_user(v, "user.username", t.author, ctx);
    } else if (key == "username") {  // deprecated copy of user.username, in older files the only one
      if (!t.author.empty()) return simdjson::SUCCESS;
      if (auto e = optional_string(v, key, s, ctx)) return e;
      t.author.assign(s);
    } else if (key == "lang" || key == "sourceLabel") {
      if (auto e = optional_string(v, key, s, ctx)) return e;
      (key == "lang" ? t.lang : t.client).assign(s);
    } else if (key == "hashtags") {
      return json_fields::strings(v, key, t.hashtags, ctx);
    } else if (key == "outlinks") {
      if (!t.urls.empty()) return simdjson::SUCCESS;
      return json_fields::strings(v, key, t.urls, ctx);
    } else if (key == "links") {  // [{text, url, tcourl, indices}], newer than outlinks
      if (is_null(v)) return simdjson::SUCCESS;
      t.urls.clear();
      return json_fields::names(v, key, "url", t.urls, ctx);
    } else if (key == "mentionedUsers") {
      if (is_null(v)) return simdjson::SUCCESS;
      return json_fields::names(v, key, "username", t.mentions, ctx);
    } else if (key == "inReplyToTweetId") {
      bool present = false;
      if (auto e = json_fields::has_id(v, key, present, ctx)) return e;
      t.reply = t.reply || present;
    } else if (key == "inReplyToUser") {
      if (is_null(v)) return simdjson::SUCCESS;
      t.reply = true;
      return read_user(v, "inReplyToUser.username", t.reply_to, ctx);
    } else if (key == "quotedTweet") {
      t.quote = t.quote || !is_null(v);
    } else if (key == "retweetedTweet") {
      if (is_null(v)) return simdjson::SUCCESS;
      is_retweet = true;
      od::object inner;
      if (!retweeted || v.get_object().get(inner)) return simdjson::SUCCESS;
      bool nested = false;
      return read_tweet(inner, *retweeted, nullptr, nested, ctx);
    } else if (key == "likeCount" || key == "retweetCount") {
      t.engagement = true;
    }
    return simdjson::SUCCESS;
  });
}

class snscrape_mapper final : public record_mapper {
 public:
  explicit snscrape_mapper(post_sink& sink) : sink_(sink) {}
  bool accept_prefix(std::string_view, char, input_stats&, post_sink&) override { return true; }
  simdjson::error_code read(od::object record, record_context& ctx) override {
    tweet_.clear();
    retweeted_.clear();
    is_retweet_ = false;
    return read_tweet(record, tweet_, &retweeted_, is_retweet_, ctx);
  }
  void use(record_context& ctx) override {
    const scraped_tweet& t = tweet_;
    const std::string& id = t.id_str.empty() ? t.id : t.id_str;  // "id.str" is exact where a reader's ints are not
    if (id.empty() && !t.has_date) {
      ctx.skip(problem_code::MALFORMED_RECORD, "This record is not a tweet: it has neither an id nor a date.");
      return;
    }
    if (id.empty()) {
      ctx.skip(problem_code::MISSING_FIELD, "This tweet has no id.");
      return;
    }
    if (!t.has_date) {
      ctx.skip(problem_code::MISSING_FIELD, "The tweet with id " + id + " has no date.");
      return;
    }
    post& p = post_;
    p.clear();
    p.id = id;
    p.time_ms = t.time_ms;
    p.author = t.author;
    p.lang = t.lang;
    p.client = t.client;
    p.engagement_known = t.engagement;
    const scraped_tweet& body = is_retweet_ && !retweeted_.content().empty() ? retweeted_ : t;
    p.text = body.content();  // snscrape unescapes HTML entities itself
    p.hashtags = body.hashtags;
    p.mentions = body.mentions;
    p.urls = body.urls;
    if (is_retweet_) {
      p.kind = post_kind::REPOST;
      if (&body == &retweeted_ && !retweeted_.author.empty()) {
        p.text = "RT @" + retweeted_.author + ": " + p.text;
        p.mentions.insert(p.mentions.begin(), retweeted_.author);
      }
    } else if (t.reply) {
      p.kind = post_kind::REPLY;
      p.reply_to = t.reply_to;
    } else if (t.quote) {
      p.kind = post_kind::QUOTE;
    }
    p.text_repaired = ctx.utf8_repaired();
    add_url_domains(p);
    ctx.counted();
    sink_.on_post(p);
  }

 private:
  post_sink& sink_;
  scraped_tweet tweet_, retweeted_;
  bool is_retweet_ = false;
  post post_;
};

class snscrape final : public format {
 public:
  std::string_view name() const override { return "snscrape"; }
  std::string_view label() const override { return "snscrape Twitter JSON Lines (snscrape --jsonl)"; }
  std::string_view id_space() const override { return "x"; }
  std::string_view platform() const override { return "X"; }
  int sniff(std::string_view head, std::string_view /*path*/) const override {
    const size_t start = head.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos || head[start] != '{') return 0;
    const std::string_view line = head.substr(start, head.find('\n', start) - start);
    return line.find("snscrape.modules.twitter.Tweet") != std::string_view::npos ? 85 : 0;
  }
  entry_role entry(std::string_view /*path*/) const override { return {}; }
  int64_t record_start(std::string_view head, std::string_view window) const override {
    return sniff(head, {}) == 0 ? -1 : next_line_start(window);
  }
  std::string post_url(std::string_view id, std::string_view author) const override { return x_post_url(id, author); }
  std::unique_ptr<format_session> begin(const reader_options& options) const override {
    return std::make_unique<json_lines_session<snscrape_mapper>>(options, "snscrape-twitter");
  }
};

}  // namespace

const format& snscrape_format() {
  static const snscrape instance;
  return instance;
}

}  // namespace chorus
