// One analysis: files are read one after another into one summary.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "aggregator.h"
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
  /// Feeds the next bytes of the current file, cut anywhere.
  void feed(const char* data, size_t size);
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

 private:
  analysis_options options_;
  aggregator tables_;
  std::vector<input_stats> inputs_;
  std::vector<problem> problems_;
  uint64_t problems_total_ = 0;
  std::unique_ptr<x_tweets_reader> reader_;
};

}  // namespace chorus
