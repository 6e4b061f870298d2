#include "problem.h"

#include "enum_names.h"

namespace chorus {

namespace {

constexpr enum_names<problem_code, 20> CODES{{"empty_file", "not_an_export", "unsupported_file", "truncated",
                                              "malformed_json", "malformed_record", "missing_field", "bad_field",
                                              "record_too_large", "edit_superseded", "trailing_data",
                                              "corrupt_archive", "encrypted_entry", "missing_part", "count_mismatch",
                                              "unmatched_long_posts", "invalid_utf8", "not_a_post", "api_error", "unmapped_columns"}};
static_assert(static_cast<size_t>(problem_code::UNMAPPED_COLUMNS) + 1 == 20, "a name for every problem code");

constexpr enum_names<problem_level, 3> LEVELS{{"error", "warning", "info"}};

}  // namespace

std::string_view problem_code_name(problem_code code) {
  return CODES(code);
}

bool problem_code_from_name(std::string_view name, problem_code& code) {
  return CODES.parse(name, code);
}

std::string_view problem_level_name(problem_level level) {
  return LEVELS(level);
}

bool problem_level_from_name(std::string_view name, problem_level& level) {
  return LEVELS.parse(name, level);
}

}  // namespace chorus
