// Reading on every core: sources read by several analyses at once, their states merged in reading order,
// so that the summary is the one a single reader gives (as the page's helpers do, on threads).
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

#include "analysis.h"
#include "sources.h"

namespace chorus::cli {

/// Makes an analysis set up like the run's (queries, time zone, options): every reader of a run is alike.
using analysis_factory = std::function<std::unique_ptr<analysis>(bool ids_in_state)>;

struct parallel_options {
  unsigned jobs = 1;  ///< threads reading at once (1: everything is read by `total` on this thread)
  /// Plain files at least this large are cut at record starts into `jobs` ranges, one per thread.
  uint64_t min_split_bytes = uint64_t{16} << 20;
  /// Where to say how the sources are shared out (--verbose), or nowhere.
  std::FILE* log = nullptr;
};

/// Reads `sources`, in their order, into `total`, with up to `options.jobs` threads:
/// - a plain file of at least min_split_bytes whose format can cut it is read as `jobs` ranges at once
///   (each thread reads the files ordered before it first, as the page's helpers do: an X archive's manifest
///   and long posts);
/// - consecutive independent files (entry_role::independent) of one order with nothing read before them are
///   read whole, `jobs` at a time;
/// - anything else is read by `total` itself.
/// Each reader is told the ids counted before it started; a range or file that still counted a post counted
/// elsewhere (overlapping files, or a file that repeats posts far apart) is read again once all before it is
/// merged. The summary is then the one a single reader gives, byte for byte, as long as the tables are exact
/// (folded_counter::EXACT_SPELLINGS) and the ids fit the id set (id_set::MAX_IDS).
void read_sources(analysis& total, const std::vector<source>& sources, const analysis_factory& make,
                  const parallel_options& options);

/// Reads parts `first` to `last` (1-based) of `count` parts of `sources` into `total`, on this thread: the
/// share of one task of a run spread over machines, whose states merged in part order give the summary of
/// all the sources. Parts are near-even shares of the plain files' bytes; a part ends inside a file at a
/// record start, or before a file, never between a file and those its format reads first (an X archive's
/// manifest and long posts before its posts: such a file stays in the part of the first of them).
void read_parts(analysis& total, const std::vector<source>& sources, unsigned first, unsigned last, unsigned count);

}  // namespace chorus::cli
