#include "archive_feed.h"

#include <algorithm>

namespace chorus {

bool tar_feed::begin_entry(std::string_view name, uint64_t /*size*/) {
  const archive_entry_plan plan = plan_entry(name);
  if (!plan.fmt) return false;
  if (!run_) {
    if (std::find(orders_.begin(), orders_.end(), plan.role.order) == orders_.end()) {
      orders_.insert(std::upper_bound(orders_.begin(), orders_.end(), plan.role.order), plan.role.order);
    }
    return false;
  }
  if (plan.role.order != order_) return false;
  run_->begin_file(std::string(name));
  in_entry_ = true;
  entry_wants_more_ = true;
  return true;
}

void tar_feed::entry_data(const char* data, size_t size) {
  if (entry_wants_more_) entry_wants_more_ = run_->feed(data, size);
}

void tar_feed::end_entry() {
  run_->end_file();
  in_entry_ = false;
}

void tar_feed::finish(const std::string& archive) {
  tar_.finish();
  if (!run_ || tar_.error().empty()) return;
  if (in_entry_) {  // cut off inside an entry of this pass: that entry says so
    run_->file_problem(problem_code::CORRUPT_ARCHIVE, tar_.error() + " The posts before that point are counted.");
    run_->end_file();
    in_entry_ = false;
  } else if (last_) {
    run_->begin_file(archive);
    run_->file_problem(problem_code::CORRUPT_ARCHIVE, tar_.error());
    run_->end_file();
  }
}

}  // namespace chorus
