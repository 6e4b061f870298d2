// One analysis: files are read one after another into one summary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "aggregator.h"
#include "long_posts.h"
#include "problem.h"
#include "x_reader.h"

namespace chorus {

/// Limits of what a summary lists.
struct analysis_options {
  size_t top_n = 25;          ///< entries per top list
  size_t max_problems = 100;  ///< problems listed one by one; the rest are only counted
};

/// Reads inputs and builds the summary. Never throws on bad input: problems become data.
class analysis final : public post_sink {
 public:
  explicit analysis(analysis_options options = {});
  ~analysis() override;

  /// Starts the next input file. An unfinished previous file is finished first.
  void begin_file(std::string name);
  /// Feeds the next bytes of the current file, cut anywhere. Returns false once the file needs no more
  /// bytes (rejected, or its data has ended), so the caller may stop reading it.
  bool feed(const char* data, size_t size);
  /// Reports a problem with the current file found outside the core, such as a corrupt ZIP entry.
  void file_problem(problem_code code, std::string message);
  /// Ends the current file.
  void end_file();

  /// True when at least one file was recognised as a post file.
  bool any_readable() const;
  const aggregator& tables() const { return tables_; }
  const std::vector<input_stats>& inputs() const { return inputs_; }
  const std::vector<problem>& problems() const { return problems_; }
  uint64_t problems_total() const { return problems_total_; }

  /// The summary as JSON (schema chorus-summary/1). Ends the current file first.
  std::string summary_json();

  void on_post(const post& p) override;
  void on_problem(problem p) override;
  void complete_post(post& p) override;
  void on_long_post(long_post&& lp) override;
  void on_like() override;
  void on_manifest(archive_manifest&& m) override;

 private:
  analysis_options options_;
  aggregator tables_;
  std::vector<input_stats> inputs_;
  std::vector<problem> problems_;
  uint64_t problems_total_ = 0;
  std::unique_ptr<x_tweets_reader> reader_;
  long_post_index long_posts_;
  uint64_t likes_ = 0;
  bool has_manifest_ = false;
  archive_manifest manifest_;
  bool checked_ = false;

  void check_against_manifest();
  const input_stats* find_input(const archive_manifest::listed_file& listed) const;
};

}  // namespace chorus
