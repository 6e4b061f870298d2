// Problems found in the input: errors are data, never exceptions or aborts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace chorus {

/// Why a file or a record could not be (fully) read. Names are stable: they appear in summaries.
enum class problem_code : uint8_t {
  EMPTY_FILE,            ///< the file has no bytes (or only whitespace)
  NOT_AN_EXPORT,         ///< the bytes are not a format Chorus reads
  UNSUPPORTED_FILE,      ///< a known export file that holds no posts (likes, account, ...)
  TRUNCATED,             ///< the file ends in the middle of the data
  MALFORMED_JSON,        ///< a record is not valid JSON
  MALFORMED_RECORD,      ///< a record is valid JSON but not a post
  MISSING_FIELD,         ///< a required field (id, created_at) is absent
  BAD_FIELD,             ///< a field has the wrong type or an unreadable value
  RECORD_TOO_LARGE,      ///< a single record exceeds the size limit
  EDIT_SUPERSEDED,       ///< an older version of an edited post, counted once as its last version
  TRAILING_DATA,         ///< bytes after the end of the data were ignored
  CORRUPT_ARCHIVE,       ///< a ZIP archive or one of its entries cannot be read
  ENCRYPTED_ENTRY,       ///< a ZIP entry is password-protected
  MISSING_PART,          ///< the manifest lists a file that was not read
  COUNT_MISMATCH,        ///< a file holds another number of records than the manifest says
  UNMATCHED_LONG_POSTS,  ///< long posts in note-tweet.js that match no post
  INVALID_UTF8,          ///< a record's invalid UTF-8 was replaced with U+FFFD, and the record read
  NOT_A_POST,            ///< a record of a kind that holds no post (a compliance record, a user, a count)
  API_ERROR,             ///< the platform's API answered with an error instead of data (a suspended account, ...)
  UNMAPPED_COLUMNS,      ///< a table whose columns Chorus does not know: the user maps them (reader_options::columns)
};

/// The stable snake_case name of a code ("truncated", "missing_field", ...).
std::string_view problem_code_name(problem_code code);
/// The code of a name written by problem_code_name; false when there is none.
bool problem_code_from_name(std::string_view name, problem_code& code);

/// How bad a problem is: an error loses data, a warning does not.
enum class problem_level : uint8_t { ERROR, WARNING, INFO };

/// The stable name of a level ("error", "warning", "info").
std::string_view problem_level_name(problem_level level);
/// The level of a name written by problem_level_name; false when there is none.
bool problem_level_from_name(std::string_view name, problem_level& level);

/// One problem, located as precisely as the reader can.
struct problem {
  problem_level level = problem_level::ERROR;
  problem_code code = problem_code::MALFORMED_RECORD;
  std::string message;       ///< one readable sentence for the user
  std::string file;          ///< the input's name
  int64_t record = -1;       ///< 1-based record number, -1 when not about one record
  int64_t byte_offset = -1;  ///< offset in the file, -1 when unknown
};

}  // namespace chorus
