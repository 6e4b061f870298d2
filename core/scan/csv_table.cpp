#include "scan/csv_table.h"

namespace chorus {

csv_table_reader::csv_table_reader(std::string name, post_sink& sink, std::string format, std::string role)
    : sink_(sink) {
  stats_.name = std::move(name);
  stats_.format = std::move(format);
  stats_.role = std::move(role);
  stats_.readable = true;
}

bool csv_table_reader::feed(const char* data, size_t size) {
  if (done_) return false;
  stats_.bytes += size;
  rows_.feed(data, size, [&](const csv_rows::row& r) { on_row(r); });
  return !done_;
}

void csv_table_reader::finish() {
  if (done_) return;
  const uint64_t offset = rows_.row_offset();
  if (!rows_.finish([&](const csv_rows::row& r) { on_row(r); })) {
    ++stats_.records_read;
    ++stats_.skipped[std::string(problem_code_name(problem_code::TRUNCATED))];
    report(problem_level::ERROR, problem_code::TRUNCATED,
           "The file ends inside a quoted field (the row starts at byte " + std::to_string(offset) +
               "): it was probably cut off. The complete rows before it were counted.",
           static_cast<int64_t>(stats_.records_read), static_cast<int64_t>(offset));
  }
  if (!header_read_ && !done_) report(problem_level::ERROR, problem_code::EMPTY_FILE, "The CSV file has no header row.", -1, -1);
  done_ = true;
}

void csv_table_reader::report(problem_level level, problem_code code, std::string message, int64_t record,
                              int64_t offset) {
  sink_.report(level, code, stats_.name, std::move(message), record, offset);
}

void csv_table_reader::skip(const csv_rows::row& r, problem_code code, std::string message, problem_level level) {
  ++stats_.skipped[std::string(problem_code_name(code))];
  report(level, code, std::move(message), static_cast<int64_t>(stats_.records_read), static_cast<int64_t>(r.offset));
}

void csv_table_reader::reject(std::string message) {
  report(problem_level::ERROR, problem_code::NOT_AN_EXPORT, std::move(message), -1, 0);
  stats_.readable = false;
  done_ = true;
}

void csv_table_reader::on_row(const csv_rows::row& r) {
  if (done_) return;
  if (!header_read_) {
    header_read_ = true;
    std::vector<std::string> names;
    for (const auto field : r.fields) {
      std::string name(field);
      for (char& c : name) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      names.push_back(std::move(name));
    }
    if (!header(names)) done_ = true;
    return;
  }
  ++stats_.records_read;
  if (r.oversize) {
    skip(r, problem_code::RECORD_TOO_LARGE, "This row is longer than 16 MiB and was skipped.");
    return;
  }
  row(r);
}

}  // namespace chorus
