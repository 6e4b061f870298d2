#include "x_reader.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "simdjson.h"
#include "structurals.h"
#include "swar.h"
#include "time_parse.h"

#if defined(__SSE2__)
#include <emmintrin.h>  // the element scanner's 16-byte search (wasm SIMD measured no faster: SWAR there)
#endif

namespace chorus {

namespace od = simdjson::ondemand;

uint64_t input_stats::records_skipped() const {
  uint64_t n = 0;
  for (const auto& [reason, count] : skipped) n += count;
  return n;
}

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

/// Quotes a short piece of the input for a message, replacing control bytes.
std::string excerpt(std::string_view s, size_t max = 40) {
  std::string out;
  for (size_t i = 0; i < s.size() && out.size() < max; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    out += (c < 0x20 || c == 0x7f) ? '.' : static_cast<char>(c);
  }
  if (s.size() > max) out += "...";
  return out;
}

/// Names a binary file from its first bytes, for a helpful message.
std::string_view binary_kind(std::string_view head) {
  if (starts_with(head, "\x89PNG")) return "a PNG image";
  if (starts_with(head, "\xFF\xD8\xFF")) return "a JPEG image";
  if (starts_with(head, "GIF8")) return "a GIF image";
  if (starts_with(head, "%PDF")) return "a PDF document";
  if (starts_with(head, "PK\x03\x04") || starts_with(head, "PK\x05\x06")) return "a ZIP archive";
  if (starts_with(head, "\x1F\x8B")) return "a gzip-compressed file";
  if (head.size() >= 12 && head.substr(4, 4) == "ftyp") return "a video file";
  for (unsigned char c : head.substr(0, 512)) {
    if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) return "a binary file";
  }
  return {};
}

/// Says in plain words what a simdjson error means for the user.
std::string json_error_text(simdjson::error_code err) {
  switch (err) {
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
    case simdjson::TRAILING_CONTENT:
      return "missing or extra commas, brackets, braces or quotes";
    case simdjson::UTF8_ERROR:
      return "it contains bytes that are not valid UTF-8 text";
    case simdjson::STRING_ERROR:
    case simdjson::UNESCAPED_CHARS:
    case simdjson::UNCLOSED_STRING:
      return "a text value is broken: a bad escape or an unescaped control character";
    case simdjson::NUMBER_ERROR:
    case simdjson::BIGINT_ERROR:
      return "a number is malformed";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
      return "a true, false or null value is misspelled";
    case simdjson::DEPTH_ERROR:
      return "it is nested too deeply";
    default:
      return simdjson::error_message(err);
  }
}

}  // namespace

std::string_view file_role_name(file_role role) {
  switch (role) {
    case file_role::POSTS:
      return "posts";
    case file_role::LONG_POSTS:
      return "long_posts";
    case file_role::LIKES:
      return "likes";
    case file_role::MANIFEST:
      return "manifest";
    case file_role::OTHER:
      return "other";
    case file_role::UNKNOWN:
      return "unknown";
  }
  return "unknown";
}

namespace {

/// True for "<stem>.js" and "<stem>-part<digits>.js".
bool is_part_of(std::string_view base, std::string_view stem) {
  if (!starts_with(base, stem)) return false;
  std::string_view rest = base.substr(stem.size());
  if (rest == ".js") return true;
  if (!starts_with(rest, "-part") || rest.size() <= 8 || rest.substr(rest.size() - 3) != ".js") return false;
  rest = rest.substr(5, rest.size() - 8);
  return std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

file_role archive_path_role(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  const std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const std::string_view dir = slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash + 1);
  // Old (Grailbird) archives: data/js/tweets/YYYY_MM.js
  const bool grailbird_dir = dir.size() >= 15 && dir.substr(dir.size() - 15) == "data/js/tweets/";
  if (grailbird_dir && base.size() == 10 && base.substr(7) == ".js" && base[4] == '_') return file_role::POSTS;
  const bool data_dir = dir == "data/" || (dir.size() >= 6 && dir.substr(dir.size() - 6) == "/data/");
  if (!data_dir) return file_role::UNKNOWN;
  if (base == "manifest.js") return file_role::MANIFEST;
  if (is_part_of(base, "tweets") || is_part_of(base, "tweet")) return file_role::POSTS;
  if (is_part_of(base, "note-tweet")) return file_role::LONG_POSTS;
  if (is_part_of(base, "like")) return file_role::LIKES;
  return file_role::UNKNOWN;
}

int file_role_order(file_role role) {
  switch (role) {
    case file_role::MANIFEST:
      return 0;
    case file_role::LONG_POSTS:
      return 1;  // before posts, so truncated posts can be completed
    case file_role::POSTS:
      return 2;
    case file_role::LIKES:
      return 3;
    case file_role::OTHER:
      return 4;
    case file_role::UNKNOWN:
      return 5;
  }
  return 5;
}

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

std::string url_domain(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 3);
  const size_t end = rest.find_first_of("/?#");
  std::string_view host = rest.substr(0, end);
  if (const size_t at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  if (const size_t colon = host.find(':'); colon != std::string_view::npos) host = host.substr(0, colon);
  std::string out(host);
  for (char& c : out) c = ascii_lower(c);
  if (starts_with(out, "www.")) out.erase(0, 4);
  return out;
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

// ---------------------------------------------------------------------------------------------
// One record: a simdjson On-Demand walk over a single array element.

struct x_tweets_reader::record_parser {
  od::parser parser;
  post p;
  std::string edit_last_id;  // last id of the edit chain, when the record is part of one
  bool has_full_text = false;
  bool is_reply = false;
  bool is_retweet = false;
  bool is_quote = false;
  bool has_date = false;
  std::string error_field;  // the field that failed, for the message
  std::string error_detail;

  long_post note;
  archive_manifest manifest;

  void reset() {
    note = {};
    manifest = {};
    p.clear();
    edit_last_id.clear();
    has_full_text = is_reply = is_retweet = is_quote = has_date = false;
    error_field.clear();
    error_detail.clear();
  }

  /// Fails with a field name and a short explanation.
  simdjson::error_code fail(std::string_view field, std::string detail) {
    error_field = std::string(field);
    error_detail = std::move(detail);
    return simdjson::INCORRECT_TYPE;
  }

  /// Reads a string or null (returned as empty). Other types fail.
  simdjson::error_code get_optional_string(od::value& v, std::string_view field, std::string_view& out) {
    out = {};
    bool null = false;
    if (v.is_null().get(null) == simdjson::SUCCESS && null) return simdjson::SUCCESS;
    if (v.get_string().get(out) != simdjson::SUCCESS) return fail(field, "is not a string");
    return simdjson::SUCCESS;
  }

  /// Reads an id that may be a string, a number (kept verbatim, never through a double) or null.
  simdjson::error_code get_id(od::value& v, std::string_view field, std::string& out) {
    std::string_view text;
    uint64_t number = 0;
    bool is_number = false;
    if (auto e = read_id(v, field, text, number, is_number)) return e;
    if (is_number) {
      out = std::to_string(number);
    } else {
      out.assign(text);
    }
    return simdjson::SUCCESS;
  }

  /// Whether an id (as get_id reads it) is there: neither null nor empty. Nothing is copied.
  simdjson::error_code has_id(od::value& v, std::string_view field, bool& present) {
    std::string_view text;
    uint64_t number = 0;
    bool is_number = false;
    if (auto e = read_id(v, field, text, number, is_number)) return e;
    present = is_number || !text.empty();
    return simdjson::SUCCESS;
  }

  /// An id as a string (empty for null) or a number; other types fail.
  simdjson::error_code read_id(od::value& v, std::string_view field, std::string_view& text, uint64_t& number,
                               bool& is_number) {
    od::json_type type;
    if (auto e = v.type().get(type)) return e;
    if (type == od::json_type::null) return simdjson::SUCCESS;
    if (type == od::json_type::string) return v.get_string().get(text);
    if (type == od::json_type::number) {
      if (v.get_uint64().get(number) != simdjson::SUCCESS) return fail(field, "is not a whole number");
      is_number = true;
      return simdjson::SUCCESS;
    }
    return fail(field, "is not an id (string or number)");
  }

  simdjson::error_code read_entities(od::object entities) {
    for (auto field_result : entities) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return e;
      std::string_view key;
      key = field.escaped_key();
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
      if (field.value().get_array().get(items)) return fail(key, "is not a list");
      for (auto item_result : items) {
        od::object item;
        if (std::move(item_result).get_object().get(item)) return fail(key, "holds an entry that is not an object");
        std::string_view value;
        std::string_view fallback;  // the short t.co url, when no expanded one is given
        for (auto inner_result : item) {
          od::field inner;
          if (auto e = std::move(inner_result).get(inner)) return e;
          std::string_view inner_key;
          inner_key = inner.escaped_key();
          if (inner_key == member) {
            if (auto e = get_optional_string(inner.value(), member, value)) return e;
          } else if (target == &p.urls && inner_key == "url") {
            if (auto e = get_optional_string(inner.value(), "url", fallback)) return e;
          }
        }
        if (value.empty()) value = fallback;
        if (!value.empty()) target->emplace_back(value);
      }
    }
    return simdjson::SUCCESS;
  }

  /// Finds the last id of `editTweetIds` inside `edit_info.initial` or `edit_info.edit.editControlInitial`.
  simdjson::error_code read_edit_info(od::object info) {
    for (auto field_result : info) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return e;
      std::string_view key;
      key = field.escaped_key();
      if (key == "initial" || key == "editControlInitial" || key == "edit") {
        od::object inner;
        if (field.value().get_object().get(inner)) return fail("edit_info", "is not an object");
        if (auto e = read_edit_info(inner)) return e;
      } else if (key == "editTweetIds") {
        od::array ids;
        if (field.value().get_array().get(ids)) return fail("editTweetIds", "is not a list");
        for (auto id_result : ids) {
          od::value v;
          if (auto e = std::move(id_result).get(v)) return e;
          if (auto e = get_id(v, "editTweetIds", edit_last_id)) return e;
        }
      }
    }
    return simdjson::SUCCESS;
  }

  /// Reads the fields of a tweet object. With `allow_wrapper`, a `"tweet": {...}` member is descended into.
  simdjson::error_code read_tweet(od::object obj, bool allow_wrapper) {
    for (auto field_result : obj) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return e;
      std::string_view key;
      key = field.escaped_key();
      od::value v = field.value();
      std::string_view s;
      if (allow_wrapper && key == "tweet") {
        od::object inner;
        if (v.get_object().get(inner)) return fail("tweet", "is not an object");
        if (auto e = read_tweet(inner, false)) return e;
      } else if (key == "id_str") {
        if (auto e = get_id(v, key, p.id)) return e;
      } else if (key == "id") {
        std::string id;
        if (auto e = get_id(v, key, id)) return e;
        if (p.id.empty()) p.id = std::move(id);  // id_str, when present, wins: numeric ids may be rounded
      } else if (key == "created_at") {
        if (auto e = get_optional_string(v, key, s)) return e;
        if (s.empty()) continue;
        const auto ms = parse_timestamp(s);
        if (!ms) return fail(key, "\"" + excerpt(s) + "\" is not a date Chorus understands");
        p.time_ms = *ms;
        has_date = true;
      } else if (key == "full_text" || (key == "text" && !has_full_text)) {
        if (auto e = get_optional_string(v, key, s)) return e;
        p.text.assign(s);
        has_full_text = key == "full_text";
      } else if (key == "in_reply_to_status_id_str" || key == "in_reply_to_status_id" ||
                 key == "in_reply_to_user_id_str" || key == "in_reply_to_user_id") {
        bool present = false;
        if (auto e = has_id(v, key, present)) return e;
        if (present) is_reply = true;
      } else if (key == "in_reply_to_screen_name") {
        if (auto e = get_optional_string(v, key, s)) return e;
        p.reply_to.assign(s);
      } else if (key == "entities") {
        od::object entities;
        if (v.get_object().get(entities)) return fail(key, "is not an object");
        if (auto e = read_entities(entities)) return e;
      } else if (key == "favorite_count" || key == "retweet_count") {
        p.engagement_known = true;
      } else if (key == "lang") {
        if (auto e = get_optional_string(v, key, s)) return e;
        p.lang.assign(s);
      } else if (key == "source") {
        if (auto e = get_optional_string(v, key, s)) return e;
        p.client = client_name(s);
      } else if (key == "retweeted_status") {
        bool null = false;
        if (v.is_null().get(null) == simdjson::SUCCESS && !null) is_retweet = true;
      } else if (key == "quoted_status_id_str") {
        bool present = false;
        if (auto e = has_id(v, key, present)) return e;
        if (present) is_quote = true;
      } else if (key == "edit_info") {
        od::object info;
        if (v.get_object().get(info)) return fail(key, "is not an object");
        if (auto e = read_edit_info(info)) return e;
      } else if (key == "user") {
        od::object user;
        if (v.get_object().get(user)) continue;  // some captures carry a bare user id here
        for (auto user_field : user) {
          od::field uf;
          if (auto e = std::move(user_field).get(uf)) return e;
          std::string_view ukey;
          ukey = uf.escaped_key();
          if (ukey == "screen_name") {
            if (auto e = get_optional_string(uf.value(), "user.screen_name", s)) return e;
            p.author.assign(s);
          }
        }
      }
    }
    return simdjson::SUCCESS;
  }

  /// Calls `each(key, value)` for every field of `obj`, stopping at the first error.
  template <typename F>
  simdjson::error_code for_each_field(od::object obj, F&& each) {
    for (auto field_result : obj) {
      od::field field;
      if (auto e = std::move(field_result).get(field)) return e;
      const std::string_view key = field.escaped_key();
      od::value v = field.value();
      if (auto e = each(key, v)) return e;
    }
    return simdjson::SUCCESS;
  }

  /// Appends `member` (a string) of every object in the list `v` to `out`.
  simdjson::error_code read_names(od::value& v, std::string_view list, std::string_view member,
                                  std::vector<std::string>& out) {
    od::array items;
    if (v.get_array().get(items)) return fail(list, "is not a list");
    for (auto item_result : items) {
      od::object item;
      if (std::move(item_result).get_object().get(item)) return fail(list, "holds an entry that is not an object");
      if (auto e = for_each_field(item, [&](std::string_view key, od::value& iv) {
            if (key != member) return simdjson::SUCCESS;
            std::string_view s;
            if (auto e2 = get_optional_string(iv, member, s)) return e2;
            if (!s.empty()) out.emplace_back(s);
            return simdjson::SUCCESS;
          })) {
        return e;
      }
    }
    return simdjson::SUCCESS;
  }

  /// Reads `{"noteTweet": {"createdAt": ..., "core": {"text", "hashtags", "mentions", "urls"}}}`.
  simdjson::error_code read_note_record(od::object obj) {
    return for_each_field(obj, [&](std::string_view key, od::value& v) {
      od::object inner;
      if (key == "noteTweet") {
        if (v.get_object().get(inner)) return fail(key, "is not an object");
        return read_note_record(inner);
      }
      if (key == "createdAt") {
        std::string_view s;
        if (auto e = get_optional_string(v, key, s)) return e;
        const auto ms = parse_timestamp(s);
        if (!ms) return fail(key, "\"" + excerpt(s) + "\" is not a date Chorus understands");
        note.time_ms = *ms;
      } else if (key == "core") {
        if (v.get_object().get(inner)) return fail(key, "is not an object");
        return for_each_field(inner, [&](std::string_view ckey, od::value& cv) {
          if (ckey == "text") {
            std::string_view s;
            if (auto e = get_optional_string(cv, ckey, s)) return e;
            note.text.assign(s);
          } else if (ckey == "hashtags") {
            return read_names(cv, ckey, "text", note.hashtags);
          } else if (ckey == "mentions") {
            return read_names(cv, ckey, "screenName", note.mentions);
          } else if (ckey == "urls") {
            return read_names(cv, ckey, "expandedUrl", note.urls);
          }
          return simdjson::SUCCESS;
        });
      }
      return simdjson::SUCCESS;
    });
  }

  /// Reads the manifest's account and the files listed for posts, long posts and likes.
  simdjson::error_code read_manifest(od::object obj) {
    return for_each_field(obj, [&](std::string_view key, od::value& v) {
      od::object inner;
      if (key == "userInfo") {
        if (v.get_object().get(inner)) return fail(key, "is not an object");
        return for_each_field(inner, [&](std::string_view ukey, od::value& uv) {
          if (ukey != "userName") return simdjson::SUCCESS;
          std::string_view s;
          if (auto e = get_optional_string(uv, ukey, s)) return e;
          manifest.account.assign(s);
          return simdjson::SUCCESS;
        });
      }
      if (key != "dataTypes") return simdjson::SUCCESS;
      if (v.get_object().get(inner)) return fail(key, "is not an object");
      return for_each_field(inner, [&](std::string_view type, od::value& tv) {
        file_role role = file_role::UNKNOWN;
        if (type == "tweets" || type == "tweet")
          role = file_role::POSTS;
        else if (type == "noteTweet")
          role = file_role::LONG_POSTS;
        else if (type == "like")
          role = file_role::LIKES;
        if (role == file_role::UNKNOWN) return simdjson::SUCCESS;
        od::object info;
        if (tv.get_object().get(info)) return fail(type, "is not an object");
        return for_each_field(info, [&](std::string_view ikey, od::value& iv) {
          if (ikey != "files") return simdjson::SUCCESS;
          od::array files;
          if (iv.get_array().get(files)) return fail("files", "is not a list");
          for (auto file_result : files) {
            od::object file;
            if (std::move(file_result).get_object().get(file))
              return fail("files", "holds an entry that is not an object");
            archive_manifest::listed_file listed;
            listed.role = role;
            if (auto e = for_each_field(file, [&](std::string_view fkey, od::value& fv) {
                  if (fkey == "fileName") {
                    std::string_view s;
                    if (auto e2 = get_optional_string(fv, fkey, s)) return e2;
                    listed.path.assign(s);
                  } else if (fkey == "count") {
                    std::string n;
                    if (auto e2 = get_id(fv, fkey, n)) return e2;
                    listed.count = n.empty() ? 0 : std::strtoull(n.c_str(), nullptr, 10);
                  }
                  return simdjson::SUCCESS;
                })) {
              return e;
            }
            if (!listed.path.empty()) manifest.files.push_back(std::move(listed));
          }
          return simdjson::SUCCESS;
        });
      });
    });
  }

  /// Decides the kind and derived fields once every field is read.
  void finalize() {
    for (const auto& url : p.urls) {
      std::string domain = url_domain(url);
      if (!domain.empty()) p.domains.push_back(std::move(domain));
      if (!is_quote && is_status_link(url)) is_quote = true;
    }
    if (is_retweet || starts_with(p.text, "RT @")) {
      p.kind = post_kind::REPOST;
    } else if (is_reply) {
      p.kind = post_kind::REPLY;
    } else if (is_quote) {
      p.kind = post_kind::QUOTE;
    } else {
      p.kind = post_kind::ORIGINAL;
    }
  }
};

// ---------------------------------------------------------------------------------------------

x_tweets_reader::x_tweets_reader(std::string file_name, post_sink& sink, record_copy copy)
    : name_(std::move(file_name)), sink_(sink), copy_(copy), parser_(std::make_unique<record_parser>()) {
  stats_.name = name_;
  if (copy_ == record_copy::COMPACT) structurals_ = use_prepared_structurals(parser_->parser);
}

x_tweets_reader::~x_tweets_reader() = default;

void x_tweets_reader::report(problem_level level, problem_code code, std::string message, int64_t record,
                             int64_t offset) {
  problem pr;
  pr.level = level;
  pr.code = code;
  pr.message = std::move(message);
  pr.file = name_;
  pr.record = record;
  pr.byte_offset = offset;
  sink_.on_problem(std::move(pr));
}

void x_tweets_reader::skip_record(problem_code code, std::string message) {
  ++stats_.skipped[std::string(problem_code_name(code))];
  report(problem_level::ERROR, code, std::move(message), static_cast<int64_t>(stats_.records_read),
         static_cast<int64_t>(element_start_));
}

bool x_tweets_reader::feed(const char* data, size_t size) {
  if (state_ == state::DONE) return false;  // this range has ended; later bytes belong to the next one
  stats_.bytes += size;
  size_t pos = 0;
  while (pos < size) {
    size_t used = 0;
    switch (state_) {
      case state::HEADER:
        used = feed_header(data + pos, size - pos);
        break;
      case state::BEFORE_ELEMENT:
        used = feed_before_element(data + pos, size - pos);
        break;
      case state::IN_ELEMENT:
        used = feed_element(data + pos, size - pos);
        break;
      case state::AFTER_END:
        used = feed_after_end(data + pos, size - pos);
        break;
      case state::DONE:
      case state::FAILED:
        used = size - pos;
        break;
    }
    pos += used;
    offset_ += used;
  }
  return state_ != state::FAILED && state_ != state::AFTER_END && state_ != state::DONE;
}

size_t x_tweets_reader::feed_header(const char* data, size_t size) {
  static constexpr size_t MAX_HEADER = 1024;
  for (size_t i = 0; i < size; ++i) {
    const char c = data[i];
    if (c == '[' || c == '{') {
      std::string_view before = header_;
      if (starts_with(before, "\xEF\xBB\xBF")) before.remove_prefix(3);
      if (accept_header(trim(before), c)) {
        if (c == '[') {
          state_ = state::BEFORE_ELEMENT;
        } else {
          // A bare object at the top: one record, read as such.
          begin_record(offset_ + i);
        }
        header_.clear();
        header_.shrink_to_fit();
      }
      return i + 1;
    }
    header_ += c;
    if (header_.size() >= 4 && !binary_kind(header_).empty()) {
      reject_unrecognised(false);
      return i + 1;
    }
    if (header_.size() > MAX_HEADER ||
        (c == '\n' && header_.find('=') == std::string::npos && !trim(header_).empty())) {
      reject_unrecognised(false);
      return i + 1;
    }
  }
  return size;
}

bool x_tweets_reader::accept_header(std::string_view before, char opener) {
  auto accept = [&](std::string format, std::string data_name, file_role role) {
    stats_.format = std::move(format);
    stats_.data_name = std::move(data_name);
    stats_.role = role;
    stats_.readable = true;
    return true;
  };
  if (before.empty()) {
    if (opener == '[') return accept("json-array", "", file_role::POSTS);
    return accept("json-object", "", file_role::POSTS);
  }
  if (before.back() != '=') {
    reject_unrecognised(false);
    return false;
  }
  std::string_view name = trim(before.substr(0, before.size() - 1));
  if (starts_with(name, "var ")) name = trim(name.substr(4));
  const std::string full_name(name);
  if (starts_with(name, "window.")) name.remove_prefix(7);
  if (starts_with(name, "YTD.")) {
    name.remove_prefix(4);
    const size_t dot = name.find('.');
    const std::string_view type = name.substr(0, dot);
    const std::string_view part = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
    if (is_identifier(type) && (part.empty() || (starts_with(part, "part") && is_identifier(part)))) {
      file_role role = file_role::OTHER;
      std::string format;
      if (type == "tweets" || type == "tweet" || type == "deleted_tweets" || type == "deleted_tweet" ||
          type == "community_tweet") {
        role = file_role::POSTS;
        format = "x-archive-tweets";
      } else if (type == "note_tweet") {
        role = file_role::LONG_POSTS;
        format = "x-archive-note-tweets";
      } else if (type == "like") {
        role = file_role::LIKES;
        format = "x-archive-likes";
      }
      if (role != file_role::OTHER) {
        if (opener != '[') {
          reject_unrecognised(false);
          return false;
        }
        return accept(std::move(format), full_name, role);
      }
      return reject_known_file(full_name, "This is the X archive file for \"" + std::string(type) +
                                              "\", which holds no posts. Drop data/tweets.js (or the whole archive) "
                                              "instead.");
    }
  }
  if (starts_with(name, "Grailbird.data.tweets_") && opener == '[') {
    return accept("x-archive-grailbird", full_name, file_role::POSTS);
  }
  if (name == "__THAR_CONFIG" && opener == '{') {
    return accept("x-archive-manifest", full_name, file_role::MANIFEST);
  }
  if (starts_with(name, "Grailbird.") || full_name == "tweet_index" || full_name == "user_details" ||
      full_name == "payload_details") {
    return reject_known_file(full_name,
                             "This is an index file of an old (Grailbird) X archive, which holds no posts. Drop the "
                             "month files in data/js/tweets/ instead.");
  }
  reject_unrecognised(false);
  return false;
}

void x_tweets_reader::start_at_record(uint64_t offset) {
  state_ = state::BEFORE_ELEMENT;
  offset_ = start_ = offset;
  stats_.role = file_role::POSTS;
  stats_.readable = true;
  stats_.fragment = true;
  header_.clear();
}

bool x_tweets_reader::reject_known_file(const std::string& data_name, std::string message) {
  state_ = state::FAILED;
  stats_.format = "x-archive-other";
  stats_.role = file_role::OTHER;
  stats_.data_name = data_name;
  report(problem_level::ERROR, problem_code::UNSUPPORTED_FILE, std::move(message), -1, 0);
  return false;
}

void x_tweets_reader::reject_unrecognised(bool at_end) {
  state_ = state::FAILED;
  std::string_view head = header_;
  if (starts_with(head, "\xEF\xBB\xBF")) head.remove_prefix(3);
  std::string message;
  const std::string_view kind = binary_kind(head);
  const std::string_view first_line = trim(head.substr(0, head.find('\n')));
  if (!kind.empty()) {
    message = "This file is " + std::string(kind) + ", not an X archive posts file.";
    if (kind == "a ZIP archive") message += " Unzip it and drop data/tweets.js from the archive.";
  } else if (trim(head).empty() && at_end) {
    message = "The file has no posts: it holds only whitespace.";
  } else if (first_line.find(',') != std::string_view::npos && first_line.find('=') == std::string_view::npos) {
    message = "This looks like a CSV file (first line \"" + excerpt(first_line) +
              "\"), not an X archive posts file. Chorus reads data/tweets.js from an X archive.";
  } else {
    message = "This is not an X archive posts file: it starts with \"" + excerpt(trim(head)) +
              "\" where \"window.YTD.tweets.part0 = [\" was expected.";
  }
  report(problem_level::ERROR, problem_code::NOT_AN_EXPORT, std::move(message), -1, 0);
  header_.clear();
  header_.shrink_to_fit();
}

size_t x_tweets_reader::feed_before_element(const char* data, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    const char c = data[i];
    if (is_space(c) || c == ',') continue;
    if (c == '{') {
      if (offset_ + i >= stop_at_) {
        // The next range's reader starts here; this range's bytes end here.
        state_ = state::DONE;
        stats_.bytes = offset_ + i - start_;
        return size;
      }
      begin_record(offset_ + i);
      return i + 1;
    }
    if (c == ']') {
      state_ = state::AFTER_END;
      return i + 1;
    }
    state_ = state::FAILED;
    report(problem_level::ERROR, problem_code::MALFORMED_JSON,
           "Expected the next record ('{') but found '" +
               excerpt(std::string_view(data + i, std::min<size_t>(size - i, 20))) +
               "'; the rest of the file was not read.",
           static_cast<int64_t>(stats_.records_read + 1), static_cast<int64_t>(offset_ + i));
    return size;
  }
  return size;
}

namespace {

// Word-at-a-time (SWAR) search for the bytes the element scanner stops at (see swar.h): the lowest mark is
// exact, which is all the scanner reads.
using swar::has_byte;
using swar::has_less;
using swar::HIGHS;
using swar::load64;
using swar::ONES;

#if defined(__SSE2__)
/// 16 bytes at a time: a bit mask of the bytes equal to `a` or `b` (or `c`, after folding '[' ']' onto '{' '}').
inline uint32_t mask16(const char* p, char a, char b) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return static_cast<uint32_t>(
      _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(a)), _mm_cmpeq_epi8(v, _mm_set1_epi8(b)))));
}
inline uint32_t structural16(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const __m128i m = _mm_or_si128(
      _mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
      _mm_or_si128(_mm_cmpeq_epi8(folded, _mm_set1_epi8('{')), _mm_cmpeq_epi8(folded, _mm_set1_epi8('}'))));
  return static_cast<uint32_t>(_mm_movemask_epi8(m));
}
#define CHORUS_HAVE_SIMD16 1
#endif

/// The first position at or after `i` holding '"' or '\\', or `size`.
inline size_t next_in_string(const char* data, size_t i, size_t size) {
#ifdef CHORUS_HAVE_SIMD16
  for (; i + 16 <= size; i += 16) {
    if (const uint32_t m = mask16(data + i, '"', '\\')) return i + static_cast<size_t>(__builtin_ctz(m));
  }
#endif
  for (; i + 8 <= size; i += 8) {
    const uint64_t v = load64(data + i);
    const uint64_t m = has_byte(v, '"') | has_byte(v, '\\');
    if (m) return i + static_cast<size_t>(__builtin_ctzll(m) >> 3);
  }
  while (i < size && data[i] != '"' && data[i] != '\\') ++i;
  return i;
}

/// The first position at or after `i` holding '"', '{', '}', '[' or ']', or `size`.
inline size_t next_structural(const char* data, size_t i, size_t size) {
#ifdef CHORUS_HAVE_SIMD16
  for (; i + 16 <= size; i += 16) {
    if (const uint32_t m = structural16(data + i)) return i + static_cast<size_t>(__builtin_ctz(m));
  }
#endif
  for (; i + 8 <= size; i += 8) {
    const uint64_t v = load64(data + i);
    const uint64_t folded = v | (ONES * 0x20);  // '[' -> '{' and ']' -> '}'; nothing else maps to them
    const uint64_t m = has_byte(v, '"') | has_byte(folded, '{') | has_byte(folded, '}');
    if (m) return i + static_cast<size_t>(__builtin_ctzll(m) >> 3);
  }
  while (i < size && data[i] != '"' && data[i] != '{' && data[i] != '}' && data[i] != '[' && data[i] != ']') ++i;
  return i;
}

}  // namespace

void x_tweets_reader::begin_record(uint64_t offset) {
  state_ = state::IN_ELEMENT;
  element_.assign('{');
  structural_positions_.assign(0);
  prepared_ = copy_ == record_copy::COMPACT;
  non_ascii_ = false;
  element_start_ = offset;
  depth_ = 1;
  in_string_ = escape_ = oversize_ = false;
  literal_ = 0;
  ++stats_.records_read;
}

namespace {

constexpr bool is_json_space(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/// Copies the bytes between two tokens' structural characters (outside strings) without their
/// whitespace: X pretty-prints with two-space indentation, and the whitespace is about 40% of a record,
/// which simdjson's portable stage 1 (the one wasm runs) would otherwise step through byte by byte. A space
/// is kept only where whitespace separated two literals ("1 2" must stay two values, and stay invalid).
/// `literal`: 0 after a structural, ':' or ','; 1 right after a literal's byte; 2 after a literal and
/// whitespace. It carries over from one chunk to the next.
inline char* copy_gap(const char* p, const char* end, const char* readable_end, char* out, uint8_t& literal,
                      uint32_t*& index, const char* base, bool& prepared) {
  if (end - p == 3 && p[0] == ' ' && p[1] == ':' && p[2] == ' ') {  // between a key and its value
    *index++ = static_cast<uint32_t>(out - base);
    *out++ = ':';
    literal = 0;
    return out;
  }
  while (p < end) {
    if (*p == ' ' && readable_end - p >= 8) {       // indentation: a run of spaces in one step
      const uint64_t x = load64(p) ^ (ONES * ' ');  // zero bytes where the spaces are
      const auto run = x == 0 ? size_t{8} : static_cast<size_t>(__builtin_ctzll(x) >> 3);
      p += std::min(run, static_cast<size_t>(end - p));
      if (literal) literal = 2;
      continue;
    }
    const char c = *p++;
    if (is_json_space(c)) {
      if (literal) literal = 2;
      continue;
    }
    const bool is_literal = c != ':' && c != ',';
    // A byte >= 0x80 outside strings is invalid JSON; stage 1 may say so (simdjson's SIMD ones check all
    // UTF-8): let it.
    if (static_cast<unsigned char>(c) >= 0x80) prepared = false;
    if (is_literal && literal == 2) *out++ = ' ';
    // ':' and ',' are structural, and so is a literal's first byte (as in simdjson's stage 1).
    if (literal != 1 || !is_literal) *index++ = static_cast<uint32_t>(out - base);
    *out++ = c;
    literal = is_literal ? 1 : 0;
  }
  return out;
}

/// What the bytes inside strings held, as far as simdjson's stage 1 cares: `high` is nonzero when a byte was
/// >= 0x80 (its UTF-8 must be checked), `control` when one was below 0x20 (an error for stage 1 to report).
struct string_bytes {
  uint64_t high = 0;
  uint64_t control = 0;
};

/// Copies data[i..) to `out` up to the first '"' or '\\' (not copied) or `size`, and returns that position.
/// It stores whole words, some bytes past the stop: the room has COPY_SLACK bytes to spare for them.
inline size_t copy_in_string(const char* data, size_t i, size_t size, char*& out, string_bytes& seen) {
#ifdef CHORUS_HAVE_SIMD16
  for (; i + 16 <= size; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), v);
    const auto m = static_cast<uint32_t>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')))));
    const auto high = static_cast<uint32_t>(_mm_movemask_epi8(v));
    const auto below = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20))));  // signed
    const uint32_t before = m ? (1u << __builtin_ctz(m)) - 1 : 0xFFFFu;
    seen.high |= high & before;
    seen.control |= below & ~high & before;
    if (m) {
      const auto k = static_cast<size_t>(__builtin_ctz(m));
      out += k;
      return i + k;
    }
    out += 16;
  }
#endif
  for (; i + 8 <= size; i += 8) {
    const uint64_t v = load64(data + i);
    std::memcpy(out, &v, sizeof v);
    const uint64_t m = has_byte(v, '"') | has_byte(v, '\\');
    if (m) {
      const auto k = static_cast<size_t>(__builtin_ctzll(m) >> 3);
      const uint64_t before = k == 0 ? 0 : ~uint64_t{0} >> (64 - 8 * k);
      seen.high |= v & HIGHS & before;
      seen.control |= has_less(v, 0x20) & before;
      out += k;
      return i + k;
    }
    seen.high |= v & HIGHS;
    seen.control |= has_less(v, 0x20);
    out += 8;
  }
  while (i < size && data[i] != '"' && data[i] != '\\') {
    const auto c = static_cast<unsigned char>(data[i++]);
    seen.high |= c & 0x80;
    seen.control |= c < 0x20;
    *out++ = static_cast<char>(c);
  }
  return i;
}

constexpr size_t COPY_SLACK = 16;

}  // namespace

#ifdef CHORUS_HAVE_SIMD16
namespace {

/// 64 bytes as bit masks, bit k for byte k.
struct block_masks {
  uint64_t quote = 0, backslash = 0, open = 0, close = 0;
};

inline block_masks masks64(const char* p) {
  block_masks m;
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));  // '[' -> '{' and ']' -> '}'
    const auto bits = [&](__m128i eq) {
      return static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(eq))) << (16 * k);
    };
    m.quote |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    m.backslash |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
    m.open |= bits(_mm_cmpeq_epi8(folded, _mm_set1_epi8('{')));
    m.close |= bits(_mm_cmpeq_epi8(folded, _mm_set1_epi8('}')));
  }
  return m;
}

/// Bit k set when an odd number of bits 0..k of `x` are set: with quotes, the bytes inside strings.
inline uint64_t prefix_xor(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

}  // namespace
#endif

template <bool Copy>
size_t x_tweets_reader::scan_tokens(const char* data, size_t i, size_t end, bool& complete, char*& out,
                                    uint32_t*& index, const char* base) {
  [[maybe_unused]] string_bytes seen;
  while (i < end) {
    if (in_string_) {
      if (escape_) {
        escape_ = false;
        if constexpr (Copy) {
          // Stage 1 steps over an escaped byte unchecked: a non-ASCII one would be read differently there.
          if (static_cast<unsigned char>(data[i]) >= 0x80) prepared_ = false;
          *out++ = data[i];
        }
        ++i;
        continue;
      }
      if constexpr (Copy) {
        i = copy_in_string(data, i, end, out, seen);
      } else {
        i = next_in_string(data, i, end);
      }
      if (i == end) break;
      if (data[i] == '\\') {
        escape_ = true;
      } else {
        in_string_ = false;
      }
      if constexpr (Copy) *out++ = data[i];
      ++i;
      continue;
    }
    const size_t next = next_structural(data, i, end);
    if constexpr (Copy) out = copy_gap(data + i, data + next, data + end, out, literal_, index, base, prepared_);
    i = next;
    if (i == end) break;
    const char c = data[i++];
    if constexpr (Copy) {
      // Stage 1 reads a quote right after a literal's byte as part of that literal.
      if (c == '"' && literal_ != 0) prepared_ = false;
      *index++ = static_cast<uint32_t>(out - base);
      *out++ = c;
      literal_ = 0;
    }
    if (c == '"') {
      in_string_ = true;
    } else if (c == '{' || c == '[') {
      ++depth_;
    } else if (--depth_ == 0) {
      complete = true;
      break;
    }
  }
  if constexpr (Copy) {
    if (seen.control) prepared_ = false;  // stage 1 reports these; let it
    if (seen.high) non_ascii_ = true;
  }
  return i;
}

size_t x_tweets_reader::skip_tokens(const char* data, size_t i, size_t end, bool& complete) {
  char* no_out = nullptr;
  uint32_t* no_index = nullptr;
  return scan_tokens<false>(data, i, end, complete, no_out, no_index, nullptr);
}

size_t x_tweets_reader::feed_element(const char* data, size_t size) {
  return copy_ == record_copy::COMPACT ? feed_element_compact(data, size) : feed_element_verbatim(data, size);
}

size_t x_tweets_reader::feed_element_verbatim(const char* data, size_t size) {
  size_t i = 0;
  bool complete = false;
  while (i < size && !complete) {
#ifdef CHORUS_HAVE_SIMD16
    // 64 bytes at a time while they hold no backslash: strings from their quotes, then brackets outside
    // strings counted, and followed one by one only where the record may end.
    if (!escape_ && i + 64 <= size) {
      const block_masks m = masks64(data + i);
      if (m.backslash != 0) {
        // Escapes: token by token through this block.
        i = skip_tokens(data, i, i + 64, complete);
        continue;
      }
      const uint64_t inside = prefix_xor(m.quote) ^ (in_string_ ? ~uint64_t{0} : 0);
      const uint64_t open = m.open & ~inside;
      const uint64_t close = m.close & ~inside;
      const int closes = __builtin_popcountll(close);
      if (closes < depth_) {
        depth_ += __builtin_popcountll(open) - closes;
      } else {
        for (uint64_t b = open | close; b != 0; b &= b - 1) {
          const int k = __builtin_ctzll(b);
          if (open >> k & 1) {
            ++depth_;
          } else if (--depth_ == 0) {
            complete = true;
            i += static_cast<size_t>(k) + 1;
            break;
          }
        }
        if (complete) break;
      }
      in_string_ = inside >> 63;
      i += 64;
      continue;
    }
#endif
    i = skip_tokens(data, i, size, complete);  // the bytes scanned are copied whole below
  }
  if (!oversize_) {
    if (element_.size() + i > MAX_RECORD_BYTES) {
      oversize_ = true;
      element_.release();
    } else {
      char* at = element_.room(i);
      std::memcpy(at, data, i);
      element_.commit(at + i);
    }
  }
  if (complete) finish_element();
  return i;
}

size_t x_tweets_reader::feed_element_compact(const char* data, size_t size) {
  size = std::min(size, ELEMENT_STEP);  // the caller feeds the rest
  bool complete = false;
  size_t i = 0;
  if (oversize_) {  // nothing is kept of a record already known to be too large
    i = skip_tokens(data, 0, size, complete);
  } else {
    if (prepared_ && element_.size() > MAX_PREPARED_BYTES) prepared_ = false;
    if (!prepared_) structural_positions_.clear();           // written below all the same, and dropped
    char* out = element_.room(size + COPY_SLACK);            // up to `size` bytes are kept
    uint32_t* index = structural_positions_.room(size + 1);  // a structural per byte kept at most
    i = scan_tokens<true>(data, 0, size, complete, out, index, element_.data());
    element_.commit(out);
    structural_positions_.commit(index);
    if (element_.size() > MAX_RECORD_BYTES) {
      oversize_ = true;
      element_.release();
    }
  }
  if (complete) finish_element();
  return i;
}

size_t x_tweets_reader::feed_after_end(const char* data, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    const char c = data[i];
    if (is_space(c) || c == ';') continue;
    report(problem_level::WARNING, problem_code::TRAILING_DATA,
           "Ignored data after the end of the list of posts: \"" +
               excerpt(std::string_view(data + i, std::min<size_t>(size - i, 20))) + "\".",
           -1, static_cast<int64_t>(offset_ + i));
    state_ = state::FAILED;  // nothing more to read; stop looking
    return size;
  }
  return size;
}

bool x_tweets_reader::record_failed(int json_error) {
  const auto err = static_cast<simdjson::error_code>(json_error);
  if (err == simdjson::SUCCESS) return false;
  const record_parser& rp = *parser_;
  if (!rp.error_field.empty()) {
    skip_record(problem_code::BAD_FIELD, "Field \"" + rp.error_field + "\" " + rp.error_detail + ".");
  } else {
    skip_record(problem_code::MALFORMED_JSON, "This record is not valid JSON: " + json_error_text(err) + ".");
  }
  return true;
}

void x_tweets_reader::finish_element() {
  state_ =
      stats_.format == "json-object" || stats_.role == file_role::MANIFEST ? state::AFTER_END : state::BEFORE_ELEMENT;
  if (oversize_) {
    oversize_ = false;
    skip_record(problem_code::RECORD_TOO_LARGE,
                "This record is larger than " + std::to_string(MAX_RECORD_BYTES >> 20) + " MiB and was skipped.");
    return;
  }
  if (stats_.role == file_role::LIKES) {
    // A like has no date and nothing Chorus counts but itself: its bytes are not parsed.
    element_.clear();
    ++stats_.records_counted;
    sink_.on_like();
    return;
  }
  record_parser& rp = *parser_;
  rp.reset();
  const size_t len = element_.size();
  std::memset(element_.room(simdjson::SIMDJSON_PADDING), ' ', simdjson::SIMDJSON_PADDING);
  // The structurals found while copying replace simdjson's stage 1 when they are complete (no byte the copy
  // leaves to stage 1, see scan_tokens) and the strings' UTF-8 is valid (stage 1 checks it).
  prepared_structurals prepared{element_.data(), len, structural_positions_.data(), structural_positions_.size()};
  const bool offer = structurals_ && prepared_ && (!non_ascii_ || valid_utf8(element_.data(), len));
  if (offer) structurals_->offer(&prepared);
  od::document doc;
  simdjson::error_code err = rp.parser.iterate(element_.data(), len, len + simdjson::SIMDJSON_PADDING).get(doc);
  if (offer) structurals_->offer(nullptr);
  od::object obj;
  if (!err) err = doc.get_object().get(obj);
  if (!err) {
    switch (stats_.role) {
      case file_role::LONG_POSTS:
        err = rp.read_note_record(obj);
        break;
      case file_role::MANIFEST:
        err = rp.read_manifest(obj);
        break;
      default:
        err = rp.read_tweet(obj, true);
        break;
    }
  }
  if (!err && !doc.at_end()) err = simdjson::TRAILING_CONTENT;
  element_.clear();
  if (record_failed(err)) return;

  if (stats_.role == file_role::LONG_POSTS) {
    if (rp.note.text.empty() || rp.note.time_ms == 0) {
      skip_record(problem_code::MISSING_FIELD, "This long post has no createdAt date or no text.");
      return;
    }
    ++stats_.records_counted;
    sink_.on_long_post(std::move(rp.note));
    return;
  }
  if (stats_.role == file_role::MANIFEST) {
    ++stats_.records_counted;
    sink_.on_manifest(std::move(rp.manifest));
    return;
  }
  finish_post();
}

void x_tweets_reader::finish_post() {
  record_parser& rp = *parser_;
  if (rp.p.id.empty() && !rp.has_date) {
    skip_record(problem_code::MALFORMED_RECORD,
                "This record is not a post: it has neither an id nor a created_at date.");
    return;
  }
  if (rp.p.id.empty()) {
    skip_record(problem_code::MISSING_FIELD, "This record has no id (id_str).");
    return;
  }
  if (!rp.has_date) {
    skip_record(problem_code::MISSING_FIELD, "The post with id " + rp.p.id + " has no created_at date.");
    return;
  }
  if (!rp.edit_last_id.empty() && rp.edit_last_id != rp.p.id) {
    ++stats_.edits_collapsed;  // an earlier version: the last version is the one counted
    return;
  }
  const size_t escaped_size = rp.p.text.size();
  decode_html_entities(rp.p.text);
  rp.p.text_repaired = rp.p.text.size() != escaped_size;
  sink_.complete_post(rp.p);
  rp.finalize();
  ++stats_.records_counted;
  sink_.on_post(rp.p);
}

void x_tweets_reader::finish() {
  switch (state_) {
    case state::HEADER:
      if (trim(header_).empty() || trim(header_) == "\xEF\xBB\xBF") {
        state_ = state::FAILED;
        report(problem_level::ERROR, problem_code::EMPTY_FILE,
               stats_.bytes == 0 ? "The file is empty (0 bytes)." : "The file holds only whitespace.", -1, -1);
      } else {
        reject_unrecognised(true);
      }
      break;
    case state::IN_ELEMENT:
      ++stats_.skipped[std::string(problem_code_name(problem_code::TRUNCATED))];
      report(problem_level::ERROR, problem_code::TRUNCATED,
             "The file ends in the middle of a record (which starts at byte " + std::to_string(element_start_) +
                 "): it was probably cut off while downloading or copying. The complete posts before it were counted.",
             static_cast<int64_t>(stats_.records_read), static_cast<int64_t>(element_start_));
      break;
    case state::BEFORE_ELEMENT:
      report(problem_level::ERROR, problem_code::TRUNCATED,
             "The file ends after a complete record without the closing ']': it may have been cut off, and later posts "
             "may "
             "be missing.",
             -1, static_cast<int64_t>(offset_));
      break;
    case state::AFTER_END:
    case state::DONE:
    case state::FAILED:
      break;
  }
  element_.release();
  state_ = state::FAILED;
}

}  // namespace chorus
