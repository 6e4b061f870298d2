// Streamed archives (tar, inside gzip or not) read into an analysis. Their entries come in the order they
// were written, not in the order formats need them (an X archive's manifest and long posts before its
// posts), so the stream is read once to list them, then once per reading order that has entries.
#pragma once

#include <string>
#include <vector>

#include "analysis.h"
#include "containers/tar.h"

namespace chorus {

/// One pass over a tar stream.
class tar_feed final : private tar_reader::handler {
 public:
  /// Lists the entries some format reads (see orders()); feeds nothing.
  tar_feed() : tar_(*this) {}
  /// Feeds the entries of reading order `order` to `run`, each as one of its files. With `last_pass`,
  /// damage to the archive itself is reported (once, under the archive's name).
  tar_feed(analysis& run, int order, bool last_pass) : tar_(*this), run_(&run), order_(order), last_(last_pass) {}

  /// Consumes the next bytes of the tar stream. False once nothing more is needed.
  bool feed(const char* data, size_t size) { return tar_.feed(data, size); }
  /// Ends the stream; `archive` names the archive in problems.
  void finish(const std::string& archive);
  /// After a listing pass: the reading orders that have entries, ascending.
  const std::vector<int>& orders() const { return orders_; }
  /// After a listing pass: why the archive could not be read to its end, or empty.
  const std::string& error() const { return tar_.error(); }

 private:
  bool begin_entry(std::string_view name, uint64_t size) override;
  void entry_data(const char* data, size_t size) override;
  void end_entry() override;

  tar_reader tar_;
  analysis* run_ = nullptr;
  int order_ = 0;
  bool last_ = false;
  bool in_entry_ = false;
  bool entry_wants_more_ = true;
  std::vector<int> orders_;
};

}  // namespace chorus
