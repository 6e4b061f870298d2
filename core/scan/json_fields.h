// Reading the fields of a record with simdjson On-Demand, for record mappers: strings that may be null, ids
// that may be strings or numbers, lists of names. A wrong type fails the record through its context.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scan/json_records.h"
#include "simdjson.h"
#include "text/text_util.h"
#include "time_parse.h"

namespace chorus::json_fields {

namespace od = simdjson::ondemand;

/// Whether `v` is null.
inline bool is_null(od::value& v) {
  bool null = false;
  return v.is_null().get(null) == simdjson::SUCCESS && null;
}

/// Reads a string or null (returned as empty). Other types fail. A lone surrogate escape (\ud800 without
/// its pair) becomes U+FFFD rather than costing the post.
inline simdjson::error_code optional_string(od::value& v, std::string_view field, std::string_view& out,
                                            record_context& ctx) {
  out = {};
  if (is_null(v)) return simdjson::SUCCESS;
  if (v.get_string(true).get(out) != simdjson::SUCCESS) return ctx.fail(field, "is not a string");
  return simdjson::SUCCESS;
}

/// Reads a date (a string, or null or empty for none) into `ms`, and says in `present` that there was one; a string
/// that is not a date fails the record, quoting it.
inline simdjson::error_code optional_time(od::value& v, std::string_view field, int64_t& ms, bool& present,
                                          record_context& ctx) {
  std::string_view s;
  if (auto e = optional_string(v, field, s, ctx)) return e;
  if (s.empty()) return simdjson::SUCCESS;
  const auto parsed = parse_timestamp(s);
  if (!parsed) {
    std::string message = "\"";  // built by appending: GCC 12 warns falsely (-Wrestrict) on "\"" + excerpt(s)
    message += excerpt(s);
    message += "\" is not a date Chorus understands";
    return ctx.fail(field, message);
  }
  ms = *parsed;
  present = true;
  return simdjson::SUCCESS;
}

/// Appends the strings of the list `v` to `out`, nulls and empty strings skipped; null is an empty list. Another
/// type fails with `not_a_list`.
inline simdjson::error_code strings(od::value& v, std::string_view field, std::vector<std::string>& out,
                                    record_context& ctx, const char* not_a_list = "is not a list") {
  if (is_null(v)) return simdjson::SUCCESS;
  od::array items;
  if (v.get_array().get(items)) return ctx.fail(field, not_a_list);
  for (auto item_result : items) {
    od::value item;
    if (auto e = std::move(item_result).get(item)) return e;
    std::string_view s;
    if (auto e = optional_string(item, field, s, ctx)) return e;
    if (!s.empty()) out.emplace_back(s);
  }
  return simdjson::SUCCESS;
}

/// An id as a string (empty for null) or a number; other types fail.
inline simdjson::error_code read_id(od::value& v, std::string_view field, std::string_view& text, uint64_t& number,
                                    bool& is_number, record_context& ctx) {
  od::json_type type;
  if (auto e = v.type().get(type)) return e;
  if (type == od::json_type::null) return simdjson::SUCCESS;
  if (type == od::json_type::string) return v.get_string().get(text);
  if (type == od::json_type::number) {
    if (v.get_uint64().get(number) != simdjson::SUCCESS) return ctx.fail(field, "is not a whole number");
    is_number = true;
    return simdjson::SUCCESS;
  }
  return ctx.fail(field, "is not an id (string or number)");
}

/// Reads an id that may be a string, a number (kept verbatim, never through a double) or null.
inline simdjson::error_code id(od::value& v, std::string_view field, std::string& out, record_context& ctx) {
  std::string_view text;
  uint64_t number = 0;
  bool is_number = false;
  if (auto e = read_id(v, field, text, number, is_number, ctx)) return e;
  if (is_number) {
    out = std::to_string(number);
  } else {
    out.assign(text);
  }
  return simdjson::SUCCESS;
}

/// Whether an id (as id() reads it) is there: neither null nor empty. Nothing is copied.
inline simdjson::error_code has_id(od::value& v, std::string_view field, bool& present, record_context& ctx) {
  std::string_view text;
  uint64_t number = 0;
  bool is_number = false;
  if (auto e = read_id(v, field, text, number, is_number, ctx)) return e;
  present = is_number || !text.empty();
  return simdjson::SUCCESS;
}

/// Calls `each(key, value)` for every field of `obj`, stopping at the first error.
template <typename F>
simdjson::error_code for_each(od::object obj, F&& each) {
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
inline simdjson::error_code names(od::value& v, std::string_view list, std::string_view member,
                                  std::vector<std::string>& out, record_context& ctx) {
  od::array items;
  if (v.get_array().get(items)) return ctx.fail(list, "is not a list");
  for (auto item_result : items) {
    od::object item;
    if (std::move(item_result).get_object().get(item)) return ctx.fail(list, "holds an entry that is not an object");
    if (auto e = for_each(item, [&](std::string_view key, od::value& iv) {
          if (key != member) return simdjson::SUCCESS;
          std::string_view s;
          if (auto e2 = optional_string(iv, member, s, ctx)) return e2;
          if (!s.empty()) out.emplace_back(s);
          return simdjson::SUCCESS;
        })) {
      return e;
    }
  }
  return simdjson::SUCCESS;
}

}  // namespace chorus::json_fields
