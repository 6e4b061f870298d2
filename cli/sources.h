// What the command line reads: files, folders and ZIP archives, planned by the formats (the registry says
// which entries to read, in which order) and fed to the analysis in chunks. ZIP entries are inflated with zlib.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "analysis.h"

namespace chorus::cli {

/// One input to read: a file, an entry of a ZIP archive, or only a problem to report under a name.
struct source {
  std::string name;  ///< as the summary names it
  int order = 0;     ///< sources are read in ascending order
  std::function<void(analysis&)> read;  ///< begins, feeds and ends the analysis's file
  bool independent = false;  ///< read the same alone as after the others of its order (entry_role::independent)
  std::string path;   ///< a plain file on disk, which can be read from any offset; empty otherwise
  uint64_t size = 0;  ///< its size in bytes
};

/// The sources for the paths given (files, folders, ZIP archives, "-" for standard input), in reading order.
/// Paths that cannot be opened are reported on stderr and left out.
std::vector<source> plan_sources(const std::vector<std::string>& paths);

}  // namespace chorus::cli
