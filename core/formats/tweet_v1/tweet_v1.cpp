#include "formats/tweet_v1/tweet_v1.h"

#include <algorithm>
#include <utility>

#include "scan/json_fields.h"
#include "text/text_util.h"
#include "time_parse.h"

namespace chorus {

namespace od = simdjson::ondemand;

void decode_html_entities(std::string& text) {
  if (text.find('&') == std::string::npos) return;
  static constexpr std::pair<std::string_view, char> ENTITIES[] = {{"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},
                                                                   {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
  size_t out = 0;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == '&') {
      bool replaced = false;
      for (const auto& [name, ch] : ENTITIES) {
        if (text.compare(i, name.size(), name) == 0) {
          text[out++] = ch;
          i += name.size();
          replaced = true;
          break;
        }
      }
      if (replaced) continue;
    }
    text[out++] = text[i++];
  }
  text.resize(out);
}

bool is_status_link(std::string_view url) {
  const std::string host = url_domain(url);
  if (host != "twitter.com" && host != "x.com" && host != "mobile.twitter.com" && host != "mobile.x.com") {
    return false;
  }
  const size_t marker = url.find("/status/");
  if (marker == std::string_view::npos) return false;
  size_t i = marker + 8;
  const size_t digits_start = i;
  while (i < url.size() && url[i] >= '0' && url[i] <= '9') ++i;
  if (i == digits_start) return false;
  return i == url.size() || url[i] == '?' || url[i] == '#' || (url[i] == '/' && i + 1 == url.size());
}

std::string client_name(std::string_view source) {
  const size_t open_end = source.find('>');
  if (source.substr(0, 2) != "<a" || open_end == std::string_view::npos) return std::string(trim(source));
  const size_t close = source.find('<', open_end + 1);
  std::string name(trim(
      source.substr(open_end + 1, close == std::string_view::npos ? std::string_view::npos : close - open_end - 1)));
  decode_html_entities(name);
  return name;
}


std::string x_post_url(std::string_view id, std::string_view author) {
  return "https://x.com/" + std::string(author.empty() ? "i/web" : author) + "/status/" + std::string(id);
}

// ---------------------------------------------------------------------------------------------

simdjson::error_code tweet_v1_reader::read(od::object obj, record_context& ctx, bool allow_wrapper) {
  post_.clear();
  edit_ids_.clear();
  has_full_text_ = has_date_ = is_reply_ = is_retweet_ = is_quote_ = has_extended_ = has_retweeted_ = false;
  quote_status_ = -1;
  return read_tweet(obj, ctx, allow_wrapper);
}

simdjson::error_code tweet_v1_reader::read_entities(od::object entities, post& p, record_context& ctx) {
  for (auto field_result : entities) {
    od::field field;
    if (auto e = std::move(field_result).get(field)) return e;
    const std::string_view key = field.escaped_key();
    std::vector<std::string>* target = nullptr;
    std::string_view member;
    if (key == "hashtags") {
      target = &p.hashtags;
      member = "text";
    } else if (key == "user_mentions") {
      target = &p.mentions;
      member = "screen_name";
    } else if (key == "urls") {
      target = &p.urls;
      member = "expanded_url";
    } else {
      continue;
    }
    od::array items;
    if (field.value().get_array().get(items)) return ctx.fail(key, "is not a list");
    for (auto item_result : items) {
      od::object item;
      if (std::move(item_result).get_object().get(item)) return ctx.fail(key, "holds an entry that is not an object");
      std::string_view value;
      std::string_view fallback;  // the short t.co url, when no expanded one is given
      for (auto inner_result : item) {
        od::field inner;
        if (auto e = std::move(inner_result).get(inner)) return e;
        const std::string_view inner_key = inner.escaped_key();
        if (inner_key == member) {
          if (auto e = json_fields::optional_string(inner.value(), member, value, ctx)) return e;
        } else if (target == &p.urls && inner_key == "url") {
          if (auto e = json_fields::optional_string(inner.value(), "url", fallback, ctx)) return e;
        }
      }
      if (value.empty()) value = fallback;
      if (!value.empty()) target->emplace_back(value);
    }
  }
  return simdjson::SUCCESS;
}

simdjson::error_code tweet_v1_reader::read_edit_info(od::object info, record_context& ctx) {
  for (auto field_result : info) {
    od::field field;
    if (auto e = std::move(field_result).get(field)) return e;
    const std::string_view key = field.escaped_key();
    if (key == "initial" || key == "editControlInitial" || key == "edit") {
      od::object inner;
      if (field.value().get_object().get(inner)) return ctx.fail("edit_info", "is not an object");
      if (auto e = read_edit_info(inner, ctx)) return e;
    } else if (key == "editTweetIds") {
      od::array ids;
      if (field.value().get_array().get(ids)) return ctx.fail("editTweetIds", "is not a list");
      edit_ids_.clear();  // "initial" and "edit" both give the chain: the last one read holds
      for (auto id_result : ids) {
        od::value v;
        if (auto e = std::move(id_result).get(v)) return e;
        if (edit_ids_.size() >= MAX_EDIT_IDS) return ctx.fail("editTweetIds", "lists more versions than X keeps");
        if (auto e = json_fields::id(v, "editTweetIds", edit_ids_.emplace_back(), ctx)) return e;
      }
    }
  }
  return simdjson::SUCCESS;
}

simdjson::error_code tweet_v1_reader::read_full(od::object obj, post& into, bool& has_full_text, record_context& ctx,
                                                bool retweeted) {
  bool extended = false;  // a retweeted tweet's extended_tweet, once read, holds its text and entities whole
  return json_fields::for_each(obj, [&](std::string_view key, od::value& v) {
    std::string_view s;
    od::object inner;
    if (extended && (key == "full_text" || key == "text" || key == "entities")) return simdjson::SUCCESS;
    if (key == "full_text" || (key == "text" && !has_full_text)) {
      if (auto e = json_fields::optional_string(v, key, s, ctx)) return e;
      into.text.assign(s);
      has_full_text = key == "full_text";
    } else if (key == "entities") {
      if (v.get_object().get(inner)) return ctx.fail(key, "is not an object");
      into.hashtags.clear();  // an extended tweet's entities replace the truncated ones
      into.mentions.clear();
      into.urls.clear();
      return read_entities(inner, into, ctx);
    } else if (retweeted && key == "extended_tweet") {
      if (v.get_object().get(inner)) return ctx.fail(key, "is not an object");
      bool extended_full = false;
      extended = true;
      into.hashtags.clear();
      into.mentions.clear();
      into.urls.clear();
      return read_full(inner, into, extended_full, ctx, false);
    } else if (retweeted && key == "user") {
      if (v.get_object().get(inner)) return simdjson::SUCCESS;
      return json_fields::for_each(inner, [&](std::string_view ukey, od::value& uv) {
        if (ukey != "screen_name") return simdjson::SUCCESS;
        if (auto e = json_fields::optional_string(uv, "retweeted_status.user.screen_name", s, ctx)) return e;
        into.author.assign(s);
        return simdjson::SUCCESS;
      });
    }
    return simdjson::SUCCESS;
  });
}

simdjson::error_code tweet_v1_reader::read_tweet(od::object obj, record_context& ctx, bool allow_wrapper) {
  post& p = post_;
  for (auto field_result : obj) {
    od::field field;
    if (auto e = std::move(field_result).get(field)) return e;
    const std::string_view key = field.escaped_key();
    od::value v = field.value();
    std::string_view s;
    if (allow_wrapper && key == "tweet") {
      od::object inner;
      if (v.get_object().get(inner)) return ctx.fail("tweet", "is not an object");
      if (auto e = read_tweet(inner, ctx, false)) return e;
    } else if (key == "id_str") {
      if (auto e = json_fields::id(v, key, p.id, ctx)) return e;
    } else if (key == "id") {
      std::string id;
      if (auto e = json_fields::id(v, key, id, ctx)) return e;
      if (p.id.empty()) p.id = std::move(id);  // id_str, when present, wins: numeric ids may be rounded
    } else if (key == "created_at") {
      if (auto e = json_fields::optional_time(v, key, p.time_ms, has_date_, ctx)) return e;
    } else if (key == "full_text" || (key == "text" && !has_full_text_)) {
      if (auto e = json_fields::optional_string(v, key, s, ctx)) return e;
      p.text.assign(s);
      has_full_text_ = key == "full_text";
    } else if (key == "in_reply_to_status_id_str" || key == "in_reply_to_status_id" ||
               key == "in_reply_to_user_id_str" || key == "in_reply_to_user_id") {
      bool present = false;
      if (auto e = json_fields::has_id(v, key, present, ctx)) return e;
      if (present) is_reply_ = true;
    } else if (key == "in_reply_to_screen_name") {
      if (auto e = json_fields::optional_string(v, key, s, ctx)) return e;
      p.reply_to.assign(s);
    } else if (key == "entities") {
      od::object entities;
      if (v.get_object().get(entities)) return ctx.fail(key, "is not an object");
      if (auto e = read_entities(entities, p, ctx)) return e;
    } else if (key == "favorite_count" || key == "retweet_count") {
      p.engagement_known = true;
    } else if (key == "lang") {
      if (auto e = json_fields::optional_string(v, key, s, ctx)) return e;
      p.lang.assign(s);
    } else if (key == "source") {
      if (auto e = json_fields::optional_string(v, key, s, ctx)) return e;
      p.client = client_name(s);
    } else if (key == "retweeted_status") {
      bool null = false;
      if (v.is_null().get(null) == simdjson::SUCCESS && !null) {
        is_retweet_ = true;
        od::object retweeted;
        if (options_.full_retweets && v.get_object().get(retweeted) == simdjson::SUCCESS) {
          retweeted_.clear();
          bool full = false;
          if (auto e = read_full(retweeted, retweeted_, full, ctx, true)) return e;
          has_retweeted_ = !retweeted_.text.empty();
        }
      }
    } else if (key == "quoted_status_id_str" || key == "quoted_status_id") {
      bool present = false;
      if (auto e = json_fields::has_id(v, key, present, ctx)) return e;
      if (present) is_quote_ = true;
    } else if (key == "edit_info") {
      od::object info;
      if (v.get_object().get(info)) return ctx.fail(key, "is not an object");
      if (auto e = read_edit_info(info, ctx)) return e;
    } else if (key == "user") {
      od::object user;
      if (v.get_object().get(user)) continue;  // some captures carry a bare user id here
      for (auto user_field : user) {
        od::field uf;
        if (auto e = std::move(user_field).get(uf)) return e;
        if (uf.escaped_key() == "screen_name") {
          if (auto e = json_fields::optional_string(uf.value(), "user.screen_name", s, ctx)) return e;
          p.author.assign(s);
        }
      }
    } else if (key == "extended_tweet") {  // API data only: asked after the fields every tweet has
      od::object extended;
      if (v.get_object().get(extended)) return ctx.fail(key, "is not an object");
      extended_.clear();
      bool full = false;
      if (auto e = read_full(extended, extended_, full, ctx, false)) return e;
      has_extended_ = !extended_.text.empty();
    } else if (options_.full_retweets && key == "is_quote_status") {
      bool quote = false;
      if (v.get_bool().get(quote) == simdjson::SUCCESS) quote_status_ = quote ? 1 : 0;
    }
  }
  return simdjson::SUCCESS;
}

post* tweet_v1_reader::finish(record_context& ctx) {
  post& p = post_;
  if (p.id.empty() && !has_date_) {
    ctx.skip(problem_code::MALFORMED_RECORD, "This record is not a post: it has neither an id nor a created_at date.");
    return nullptr;
  }
  if (p.id.empty()) {
    ctx.skip(problem_code::MISSING_FIELD, "This record has no id (id_str).");
    return nullptr;
  }
  if (!has_date_) {
    ctx.skip(problem_code::MISSING_FIELD, "The post with id " + p.id + " has no created_at date.");
    return nullptr;
  }
  // An earlier version of an edited post: the last version is the one counted. A chain that does not name
  // the post itself says nothing about it, and the post counts.
  if (!edit_ids_.empty() && edit_ids_.back() != p.id &&
      std::find(edit_ids_.begin(), edit_ids_.end(), p.id) != edit_ids_.end()) {
    ctx.edit_collapsed();
    return nullptr;
  }
  if (has_retweeted_) {
    // The API cuts a retweet's own text at 140 characters; the retweeted tweet holds it whole.
    p.text = "RT @" + retweeted_.author + ": " + retweeted_.text;
    p.hashtags = std::move(retweeted_.hashtags);
    p.urls = std::move(retweeted_.urls);
    retweeted_.mentions.insert(retweeted_.mentions.begin(), retweeted_.author);
    p.mentions = std::move(retweeted_.mentions);
  } else if (has_extended_) {
    p.text = std::move(extended_.text);
    p.hashtags = std::move(extended_.hashtags);
    p.mentions = std::move(extended_.mentions);
    p.urls = std::move(extended_.urls);
  }
  const size_t escaped_size = p.text.size();
  decode_html_entities(p.text);
  p.text_repaired = p.text.size() != escaped_size || ctx.utf8_repaired();
  return &p;
}

void tweet_v1_reader::finalize() {
  post& p = post_;
  add_url_domains(p);
  for (const auto& url : p.urls) {
    // A link to another post is the archive's only sign of a quote; a link to the post itself is the
    // "read more" of a text the API cut short.
    const bool to_itself = url.size() > p.id.size() && std::string_view(url).substr(url.size() - p.id.size()) == p.id;
    if (!is_quote_ && quote_status_ < 0 && is_status_link(url) && !to_itself) is_quote_ = true;
  }
  if (quote_status_ == 1) is_quote_ = true;
  if (is_retweet_ || std::string_view(p.text).substr(0, 4) == "RT @") {
    p.kind = post_kind::REPOST;
  } else if (is_reply_) {
    p.kind = post_kind::REPLY;
  } else if (is_quote_) {
    p.kind = post_kind::QUOTE;
  } else {
    p.kind = post_kind::ORIGINAL;
  }
}

}  // namespace chorus
