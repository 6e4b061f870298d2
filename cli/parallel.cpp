#include "parallel.h"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <future>
#include <string>

namespace chorus::cli {

namespace {

constexpr size_t CHUNK = 1 << 20;
/// How far past an even share of a file a record start is looked for.
constexpr size_t CUT_WINDOW = 1 << 20;

/// Reads `size` bytes of `path` at `offset` (fewer at its end; none when it cannot be read).
std::string read_at(const std::string& path, uint64_t offset, size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return {};
  std::string out(size, '\0');
  out.resize(fseeko(f, static_cast<off_t>(offset), SEEK_SET) == 0 ? std::fread(out.data(), 1, size, f) : 0);
  std::fclose(f);
  return out;
}

/// Feeds `path` from `offset` on to the analysis's current file until it needs no more bytes.
void feed_from(const std::string& path, uint64_t offset, analysis& run) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f || fseeko(f, static_cast<off_t>(offset), SEEK_SET) != 0) {
    if (f) std::fclose(f);
    run.file_problem(problem_code::CORRUPT_ARCHIVE, path + " could not be read from byte " + std::to_string(offset));
    return;
  }
  std::string buffer(CHUNK, '\0');
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), f)) > 0) {
    if (!run.feed(buffer.data(), n)) break;
  }
  if (std::ferror(f)) std::fprintf(stderr, "chorus: error while reading %s\n", path.c_str());
  std::fclose(f);
}

/// Offsets of records near `pieces` even shares of a plain file, as its format finds them ([] when it cannot
/// be cut).
std::vector<uint64_t> find_cuts(const source& s, const std::string& head, unsigned pieces) {
  std::vector<uint64_t> cuts;
  for (unsigned k = 1; k < pieces; ++k) {
    const uint64_t approx = s.size * k / pieces;
    const std::string window = read_at(s.path, approx, CUT_WINDOW);
    const int64_t offset = analysis::record_start(head, window, s.name);
    if (offset < 0) continue;
    const uint64_t cut = approx + static_cast<uint64_t>(offset);
    if (cut > (cuts.empty() ? 0 : cuts.back()) && cut < s.size) cuts.push_back(cut);
  }
  return cuts;
}

/// Merges a reader's state into `total`; when the reader counted a post `total` counted too, `again()` reads
/// its share once more (told every id counted so far) and that is merged instead.
void merge_or_again(analysis& total, analysis& reader, bool fragments_only, const std::string& what, std::FILE* log,
                    const std::function<std::unique_ptr<analysis>(const std::string& seen)>& again) {
  if (total.merge_state(reader.state(fragments_only, total.matched_room()))) return;
  if (!total.merge_overlapped()) {
    std::fputs("chorus: a reader's state could not be merged; its posts are not counted\n", stderr);
    return;
  }
  if (log) std::fprintf(log, "chorus: %s shares posts with what was read before it: read again\n", what.c_str());
  const std::unique_ptr<analysis> second = again(total.seen_keys());
  if (!total.merge_state(second->state(fragments_only, total.matched_room()))) {
    std::fputs("chorus: a reader's state could not be merged; its posts are not counted\n", stderr);
  }
}

/// A posts file cut at `cuts`: `total` reads the first range on this thread while one thread per cut reads
/// the others, each after `prelude` (the files ordered before this one), then their states are merged in order.
void read_ranges(analysis& total, const source& s, const std::string& head, const std::vector<uint64_t>& cuts,
                 const std::vector<const source*>& prelude, const analysis_factory& make, std::FILE* log) {
  if (log) {
    std::fprintf(log, "chorus: %s: %zu ranges read at once (from bytes 0", s.name.c_str(), cuts.size() + 1);
    for (const uint64_t cut : cuts) std::fprintf(log, ", %llu", static_cast<unsigned long long>(cut));
    std::fprintf(log, ")\n");
  }
  const auto read_range = [&s, &head, &cuts, &prelude, &make](size_t k, const std::string& seen) {
    std::unique_ptr<analysis> reader = make(false);
    for (const source* before : prelude) before->read(*reader);
    reader->add_seen_keys(seen);
    if (reader->begin_fragment(s.name, cuts[k], head)) {
      if (k + 1 < cuts.size()) reader->stop_at(cuts[k + 1]);
      feed_from(s.path, cuts[k], *reader);
      reader->end_file();
    }
    return reader;
  };
  const std::string seen = total.seen_keys();  // the posts of earlier files
  std::vector<std::future<std::unique_ptr<analysis>>> ranges;
  for (size_t k = 0; k < cuts.size(); ++k) ranges.push_back(std::async(std::launch::async, read_range, k, seen));
  total.begin_file(s.name);
  total.stop_at(cuts[0]);
  feed_from(s.path, 0, total);
  total.end_file();
  for (size_t k = 0; k < cuts.size(); ++k) {
    const std::unique_ptr<analysis> reader = ranges[k].get();
    merge_or_again(total, *reader, true, s.name + " from byte " + std::to_string(cuts[k]), log,
                   [&](const std::string& all) { return read_range(k, all); });
  }
}

/// Files of one order with nothing read before them, read whole, `jobs` at a time, merged in order.
void read_group(analysis& total, const std::vector<const source*>& group, unsigned jobs,
                const analysis_factory& make, std::FILE* log) {
  if (log) std::fprintf(log, "chorus: %zu files read %u at a time, from %s\n", group.size(), jobs, group[0]->name.c_str());
  const auto read_whole = [&make](const source* s, const std::string& seen) {
    std::unique_ptr<analysis> reader = make(true);
    reader->add_seen_keys(seen);
    s->read(*reader);
    return reader;
  };
  std::deque<std::future<std::unique_ptr<analysis>>> flight;
  size_t next = 0;
  for (size_t done = 0; done < group.size(); ++done) {
    while (next < group.size() && flight.size() < jobs) {
      flight.push_back(std::async(std::launch::async, read_whole, group[next++], total.seen_keys()));
    }
    const std::unique_ptr<analysis> reader = flight.front().get();
    flight.pop_front();
    merge_or_again(total, *reader, false, group[done]->name, log,
                   [&](const std::string& all) { return read_whole(group[done], all); });
  }
}

}  // namespace

void read_sources(analysis& total, const std::vector<source>& sources, const analysis_factory& make,
                  const parallel_options& options) {
  std::vector<const source*> read;  // in reading order
  const auto prelude_of = [&read](const source& s) {
    std::vector<const source*> before;
    for (const source* r : read) {
      if (r->order < s.order) before.push_back(r);
    }
    return before;
  };
  // The cuts of each source that is read as ranges.
  std::vector<std::vector<uint64_t>> cuts(sources.size());
  std::vector<std::string> heads(sources.size());
  for (size_t i = 0; options.jobs > 1 && i < sources.size(); ++i) {
    const source& s = sources[i];
    if (s.path.empty() || s.size < options.min_split_bytes) continue;
    heads[i] = read_at(s.path, 0, SNIFF_BYTES);
    cuts[i] = find_cuts(s, heads[i], options.jobs);
  }
  for (size_t i = 0; i < sources.size();) {
    const source& s = sources[i];
    if (!cuts[i].empty()) {
      read_ranges(total, s, heads[i], cuts[i], prelude_of(s), make, options.log);
      read.push_back(&s);
      ++i;
      continue;
    }
    std::vector<const source*> group{&s};
    if (options.jobs > 1 && s.independent && prelude_of(s).empty()) {
      for (size_t j = i + 1; j < sources.size() && sources[j].order == s.order && sources[j].independent &&
                             cuts[j].empty();
           ++j) {
        group.push_back(&sources[j]);
      }
    }
    if (group.size() > 1) {
      read_group(total, group, options.jobs, make, options.log);
    } else {
      s.read(total);
    }
    read.insert(read.end(), group.begin(), group.end());
    i += group.size();
  }
}

}  // namespace chorus::cli
