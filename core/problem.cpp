#include "problem.h"

namespace chorus {

std::string_view problem_code_name(problem_code code) {
  switch (code) {
    case problem_code::EMPTY_FILE:
      return "empty_file";
    case problem_code::NOT_AN_EXPORT:
      return "not_an_export";
    case problem_code::UNSUPPORTED_FILE:
      return "unsupported_file";
    case problem_code::TRUNCATED:
      return "truncated";
    case problem_code::MALFORMED_JSON:
      return "malformed_json";
    case problem_code::MALFORMED_RECORD:
      return "malformed_record";
    case problem_code::MISSING_FIELD:
      return "missing_field";
    case problem_code::BAD_FIELD:
      return "bad_field";
    case problem_code::RECORD_TOO_LARGE:
      return "record_too_large";
    case problem_code::EDIT_SUPERSEDED:
      return "edit_superseded";
    case problem_code::TRAILING_DATA:
      return "trailing_data";
    case problem_code::CORRUPT_ARCHIVE:
      return "corrupt_archive";
    case problem_code::ENCRYPTED_ENTRY:
      return "encrypted_entry";
    case problem_code::MISSING_PART:
      return "missing_part";
    case problem_code::COUNT_MISMATCH:
      return "count_mismatch";
    case problem_code::UNMATCHED_LONG_POSTS:
      return "unmatched_long_posts";
  }
  return "unknown";
}

bool problem_code_from_name(std::string_view name, problem_code& code) {
  for (int i = 0; i <= static_cast<int>(problem_code::UNMATCHED_LONG_POSTS); ++i) {
    if (problem_code_name(static_cast<problem_code>(i)) == name) {
      code = static_cast<problem_code>(i);
      return true;
    }
  }
  return false;
}

}  // namespace chorus
