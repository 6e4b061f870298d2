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
/// - a plain file of at least min_split_bytes whose format can cut it is read as `jobs` ranges at once: the
///   first by `total`, the others by helpers that keep their analysis across the files of that order (they
///   first read the files ordered before, as the page's helpers do: an X archive's manifest and long posts);
///   a reader done with its range first takes over half of what another has left. After each file the
///   readers hand each other the ids they counted, so that overlapping files are deduplicated as by one
///   reader; the helpers' tables are merged once, at the end;
/// - consecutive independent files (entry_role::independent) of one order with nothing read before them are
///   read whole, `jobs` at a time, each told the ids counted before it started; one that still counted a post
///   counted elsewhere (overlapping files) is read again once all before it is merged, and the rest of its
///   order is read as ranges;
/// - anything else is read by `total` itself.
/// The summary is then the one a single reader gives, byte for byte, as long as the tables are exact
/// (folded_counter::EXACT_SPELLINGS) and the ids fit the id set (id_set::MAX_IDS).
/// Returns false when two ranges of one file shared posts (a file that repeats posts far apart): `total` is
/// then unusable, and the sources must be read again by one reader (jobs 1) into a fresh analysis, made with
/// analysis_options::ids_in_state like every `total` of several jobs.
bool read_sources(analysis& total, const std::vector<source>& sources, const analysis_factory& make,
                  const parallel_options& options);

/// Reads parts `first` to `last` (1-based) of `count` parts of `sources` into `total`, on this thread: the
/// share of one task of a run spread over machines, whose states merged in part order give the summary of
/// all the sources. Parts are near-even shares of the plain files' bytes; a part ends inside a file at a
/// record start, or before a file, never between a file and those its format reads first (an X archive's
/// manifest and long posts before its posts: such a file stays in the part of the first of them).
void read_parts(analysis& total, const std::vector<source>& sources, unsigned first, unsigned last, unsigned count);

}  // namespace chorus::cli
