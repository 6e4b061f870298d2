// A file_reader for a table whose format knows its columns (Reddit's, LinkedIn's): RFC 4180 rows (csv_rows), the
// first the header, each other handed to the format; the input's numbers, problems and a cut-off last row are
// handled here, once for every such format.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "format.h"
#include "scan/csv_rows.h"

namespace chorus {

class csv_table_reader : public file_reader {
 public:
  csv_table_reader(std::string name, post_sink& sink, std::string format, std::string role);
  bool feed(const char* data, size_t size) override;
  void finish() override;
  void abandon() override { done_ = true; }
  void start_at_record(uint64_t) override {}  // never cut: quoted fields may hold line breaks
  void stop_at(uint64_t) override {}
  const input_stats& stats() const override { return stats_; }

 protected:
  /// The header row, its names in lower case: false rejects the file (the reader has said why, with reject).
  virtual bool header(const std::vector<std::string>& names) = 0;
  /// One row after the header (not oversize): hands out a post (counted()) or skips it (skip()).
  virtual void row(const csv_rows::row& r) = 0;

  void report(problem_level level, problem_code code, std::string message, int64_t record, int64_t offset);
  void skip(const csv_rows::row& r, problem_code code, std::string message, problem_level level = problem_level::ERROR);
  void reject(std::string message);
  void counted() { ++stats_.records_counted; }
  /// What the file is, once the header says (format name, role).
  input_stats& stats_to_fill() { return stats_; }
  post_sink& sink_;

 private:
  void on_row(const csv_rows::row& r);
  input_stats stats_;
  csv_rows rows_;
  bool header_read_ = false;
  bool done_ = false;
};

}  // namespace chorus
