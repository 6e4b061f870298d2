#include "parallel.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <cstring>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>

namespace chorus::cli {

namespace {

constexpr size_t CHUNK = 1 << 20;
/// How far past an even share of a file a record start is looked for.
constexpr size_t CUT_WINDOW = 1 << 20;
/// Files of a collection found to overlap are cut from this size on (smaller ones are read whole by one reader).
constexpr uint64_t MIN_OVERLAPPING_SPLIT = 1 << 20;

/// Reads `size` bytes of `path` at `offset` (fewer at its end; none when it cannot be read).
std::string read_at(const std::string& path, uint64_t offset, size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return {};
  std::string out(size, '\0');
  out.resize(fseeko(f, static_cast<off_t>(offset), SEEK_SET) == 0 ? std::fread(out.data(), 1, size, f) : 0);
  std::fclose(f);
  return out;
}

/// Called before each chunk is fed, with its offset in the file and its bytes.
using chunk_hook = std::function<void(uint64_t at, std::string_view chunk)>;

/// Feeds `path` from `offset` on to the analysis's current file until it needs no more bytes.
void feed_from(const std::string& path, uint64_t offset, analysis& run, const chunk_hook& before_chunk = nullptr) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f || fseeko(f, static_cast<off_t>(offset), SEEK_SET) != 0) {
    if (f) std::fclose(f);
    run.file_problem(problem_code::CORRUPT_ARCHIVE, path + " could not be read from byte " + std::to_string(offset));
    return;
  }
  std::string buffer(CHUNK, '\0');
  size_t n = 0;
  for (uint64_t at = offset; (n = std::fread(buffer.data(), 1, buffer.size(), f)) > 0; at += n) {
    if (before_chunk) before_chunk(at, std::string_view(buffer.data(), n));
    if (!run.feed(buffer.data(), n)) break;
  }
  if (std::ferror(f)) std::fprintf(stderr, "chorus: error while reading %s\n", path.c_str());
  std::fclose(f);
}

/// Offsets of records at or after the given offsets of a plain file, as its format finds them, each past the
/// one before ([] when it cannot be cut).
std::vector<uint64_t> cuts_near(const source& s, const std::string& head, const std::vector<uint64_t>& offsets) {
  std::vector<uint64_t> cuts;
  for (const uint64_t approx : offsets) {
    const std::string window = read_at(s.path, approx, CUT_WINDOW);
    const int64_t offset = analysis::record_start(head, window, s.name);
    if (offset < 0) continue;
    const uint64_t cut = approx + static_cast<uint64_t>(offset);
    if (cut > (cuts.empty() ? 0 : cuts.back()) && cut < s.size) cuts.push_back(cut);
  }
  return cuts;
}

/// The rest of a range still being read, offered to the reader of the next range once that one has read its
/// own: the owner, before its next chunk, gives up the second half of what it has left (from a record start;
/// nothing when less than two chunks are left) and stops there. Shares of a file cut from the readers' rates
/// still end apart by a fifth on a shared machine; this lets the one done first take over.
class tail_offer {
 public:
  /// The next reader's question: from which offset it reads the range's rest (up to the range's end), or
  /// UINT64_MAX when the owner is done or too little is left. Waits for the owner's next chunk.
  uint64_t take() {
    std::unique_lock lock(mutex_);
    if (closed_) return UINT64_MAX;
    asked_.store(true, std::memory_order_release);
    answered_.wait(lock, [this] { return closed_; });
    return given_;
  }
  /// The owner's side, before each chunk: whether the next reader asked (and no answer was given yet).
  bool asked() const { return asked_.load(std::memory_order_acquire) && !closed_; }
  /// The owner's answer (UINT64_MAX: nothing), or, once its range is read, nothing (close()).
  void give(uint64_t from) {
    {
      std::lock_guard lock(mutex_);
      if (closed_) return;
      closed_ = true;
      given_ = from;
    }
    answered_.notify_all();
  }
  void close() { give(UINT64_MAX); }

 private:
  std::mutex mutex_;
  std::condition_variable answered_;
  std::atomic<bool> asked_{false};
  bool closed_ = false;  // answered, or the range read: no more to give (only the owner sets it)
  uint64_t given_ = UINT64_MAX;
};

/// Reads the records of a plain file that start in [start, stop) into `run`: from its start as the file itself,
/// from a later record as a range of it (begin_fragment; `head` is the file's first bytes). UINT64_MAX: to
/// its end. With `offer`, gives up the rest of the range when the next range's reader asks (see tail_offer).
/// `whole`: whether `run` is handed the other ranges' ids later (files follow), so that its set of ids is sized
/// for the whole file and the files after it (analysis::expect_later).
/// Returns where its records ended (a given-up rest's start, or `stop`).
uint64_t read_range(analysis& run, const source& s, const std::string& head, uint64_t start, uint64_t stop,
                    tail_offer* offer = nullptr, bool whole = false) {
  const struct closer {
    tail_offer* offer;
    ~closer() {
      if (offer) offer->close();  // however the reading ended
    }
  } closes{offer};
  if (start == 0) {
    run.begin_file(s.name, s.size);  // the whole file's size: the ranges' ids are merged into this set
  } else if (!run.begin_fragment(s.name, start, head, whole ? s.size : 0)) {
    return stop;
  }
  if (stop != UINT64_MAX) run.stop_at(stop);
  const uint64_t end = std::min(stop, s.size);
  uint64_t ended = stop;
  chunk_hook hook;
  if (offer) {
    hook = [&](uint64_t at, std::string_view) {
      if (!offer->asked()) return;
      uint64_t from = UINT64_MAX;
      if (at < end && end - at >= 2 * CHUNK) {
        const uint64_t half = at + (end - at) / 2;
        const int64_t offset = analysis::record_start(head, read_at(s.path, half, CUT_WINDOW), s.name);
        if (offset >= 0 && half + static_cast<uint64_t>(offset) < end) from = half + static_cast<uint64_t>(offset);
      }
      if (from != UINT64_MAX) {
        run.stop_at(from);
        ended = from;
      }
      offer->give(from);
    };
  }
  feed_from(s.path, start, run, hook);
  run.end_file();
  return ended;
}

/// Offsets of records near `pieces` even shares of a plain file ([] when it cannot be cut).
std::vector<uint64_t> find_cuts(const source& s, const std::string& head, unsigned pieces) {
  std::vector<uint64_t> offsets;
  for (unsigned k = 1; k < pieces; ++k) offsets.push_back(s.size * k / pieces);
  return cuts_near(s, head, offsets);
}

/// Merges a reader's state into `total`; when the reader counted a post `total` counted too, `again()` reads
/// its share once more (told every id counted so far) and that state is merged instead. Returns whether it did.
/// (States are made on the readers' threads, with all their matched posts: the merge keeps as many as one
/// reader would.)
bool merge_or_again(analysis& total, const std::string& state, const std::string& what, std::FILE* log,
                    const std::function<std::string(const std::string& seen)>& again) {
  if (total.merge_state(state)) return false;
  if (!total.merge_overlapped()) {
    std::fputs("chorus: a reader's state could not be merged; its posts are not counted\n", stderr);
    return false;
  }
  if (log) std::fprintf(log, "chorus: %s shares posts with what was read before it: read again\n", what.c_str());
  if (!total.merge_state(again(total.seen_keys()))) {
    std::fputs("chorus: a reader's state could not be merged; its posts are not counted\n", stderr);
  }
  return true;
}

/// Thrown when two ranges read at once counted the same post (a file that repeats posts far apart): the
/// ranges' readers cannot give it back, so everything is read again by one reader.
struct ranges_overlap {};

/// Files read as ranges, one after another, by `total` (the first range of each) and by helpers that keep
/// their analysis from file to file (the next ranges); a reader done with its range first reads the end of
/// another's into an analysis of its own that keeps its place in the file's order (see tail_offer). After
/// each file the readers hand each other the ids they counted in it, so that none counts a post of an earlier
/// file again; the helpers' tables are merged into `total` once, at the end (a merge per file would cost a
/// third of reading it, for a large collection).
class range_readers {
 public:
  range_readers(analysis& total, const std::vector<const source*>& prelude, size_t helpers,
                const analysis_factory& make, std::FILE* log)
      : total_(total), log_(log), helpers_(helpers) {
    const std::string seen = total.seen_keys();  // the posts of earlier files
    std::vector<std::future<void>> ready;
    for (helper& h : helpers_) {
      h.own.run = make(false);
      h.tail.run = make(false);
      ready.push_back(std::async(std::launch::async, [&h, &prelude, &seen] {
        // The ids first: the prelude's posts (a Mastodon outbox, a Reddit table read before an X file) are then
        // duplicates here, not counted a second time; what the prelude teaches the session stays.
        h.own.run->add_seen_keys(seen);
        for (const source* before : prelude) before->read(*h.own.run);
        // The tail takes as counted what its helper counted or was told: all that was read before it.
        prepare_tail(*h.tail.run, *h.own.run, prelude);
      }));
    }
    // The end of the last range, when `total` is done first, likewise takes as counted what `total` has.
    last_tail_.run = make(false);
    prepare_tail(*last_tail_.run, total_, prelude);
    for (auto& f : ready) f.get();
    total_.ids_since(total_mark_);  // the ids counted before are the helpers' already
  }

  /// Reads file `s`, cut at `even` (at most one cut per helper) or, once the readers' rates are known from
  /// the file before, where each share takes its reader about the same time; a helper done with its share
  /// takes over half of what the reader before it has left, and `total`, done first, half of what the last
  /// range's reader has left (see tail_offer). Throws ranges_overlap.
  void read(const source& s, const std::string& head, const std::vector<uint64_t>& even, uint64_t later) {
    const std::vector<std::string> pending = hand_over();
    const std::vector<uint64_t> cuts = balanced(s, head, even);
    for (size_t k = cuts.size(); k < helpers_.size(); ++k) take(helpers_[k].own, pending[k]);
    if (log_) {
      std::fprintf(log_, "chorus: %s: %zu ranges read at once (from bytes 0", s.name.c_str(), cuts.size() + 1);
      for (const uint64_t cut : cuts) std::fprintf(log_, ", %llu", static_cast<unsigned long long>(cut));
      std::fprintf(log_, ")\n");
    }
    // offers[k]: the rest of range k (0: `total`'s), for the helper of range k + 1; the last one's for `total`.
    std::vector<tail_offer> offers(cuts.size() + 1);
    std::vector<std::future<void>> ranges;
    for (size_t k = 0; k < cuts.size(); ++k) {
      ranges.push_back(std::async(std::launch::async, [this, &s, &head, &cuts, &pending, &offers, k, later] {
        helper& h = helpers_[k];
        // The others' ids of the last file, taken on this thread, beside `total` taking this helper's.
        take(h.own, pending[k]);
        h.own.run->expect_later(later);
        const auto started = std::chrono::steady_clock::now();
        const bool last = k + 1 == cuts.size();
        const uint64_t ended =
            read_range(*h.own.run, s, head, cuts[k], last ? UINT64_MAX : cuts[k + 1], &offers[k + 1], later > 0);
        note_rate(k + 1, std::min(ended, s.size) - cuts[k], started);
        // Done first: the rest of the range before, read by this helper's tail (its records come before this
        // helper's range), which takes as counted all this helper counted or was told.
        take_over(offers[k], h.tail, &h.own, s, head, cuts[k], "the reader after");
      }));
    }
    const bool repeated = total_takes_helpers_ids();
    total_.expect_later(later);
    const auto started = std::chrono::steady_clock::now();
    const uint64_t ended = read_range(total_, s, head, 0, cuts[0], &offers[0]);
    note_rate(0, ended, started);
    take_over(offers.back(), last_tail_, nullptr, s, head, UINT64_MAX, "the first reader");
    for (auto& f : ranges) f.get();
    check(repeated);
    take_ids();
  }

  /// Reads a source whole on this thread (into `total`), telling the helpers its ids.
  void read_whole(const source& s) {
    const std::vector<std::string> pending = hand_over();
    for (size_t k = 0; k < helpers_.size(); ++k) take(helpers_[k].own, pending[k]);
    check(total_takes_helpers_ids());
    s.read(total_);
    take_ids();
  }

  /// Merges the helpers' tables into `total`, their problems where one reader would have listed them.
  /// `more`: whether `total` reads anything after.
  void finish(bool more) {
    // What `total` reads next must not count the helpers' posts again; the helpers read no more. Either way
    // the ids of the last file are checked as those of the files before were, on being handed over.
    bool repeated = false;
    const std::vector<reader_slot*> all = slots();
    if (more) {
      repeated = total_takes_helpers_ids();
    } else {
      for (size_t k = 0; k < from_helpers_.size(); ++k) {
        repeated = repeated || total_.counted_any(from_helpers_[k]);
        for (size_t j = 0; j < k; ++j) repeated = repeated || all[j]->run->counted_any(from_helpers_[k]);
      }
      from_helpers_.clear();
    }
    check(repeated);
    // In the order of their records in each file: a helper's tail (the end of the range before) first. Without
    // ids: `total` was handed them after each file. Their tables and kept posts are added in memory, on two
    // threads at once (for a 2 GB collection's helper about 45 and 110 ms: the other core would wait).
    std::vector<analysis*> runs;
    for (reader_slot* slot : all) runs.push_back(slot->run.get());
    const size_t refused =
        total_.merge_readers(runs, [](const std::function<void()>& tables, const std::function<void()>& posts) {
          std::thread beside(tables);
          posts();
          beside.join();
        });
    if (refused > 0) {
      std::fprintf(stderr, "chorus: %zu readers' states could not be merged; their posts are not counted\n", refused);
    }
    // Freed beside the rest of the reading: a large range's kept posts take a tenth of a second to free.
    for (reader_slot* slot : all) std::thread([reader = std::move(slot->run)] {}).detach();
  }

 private:
  /// One analysis of a helper, and what it was handed.
  struct reader_slot {
    std::unique_ptr<analysis> run;
    size_t mark = 0;                   // its ids handed to the others so far
    bool repeated = false;             // whether ids handed to it were counted by it already (see take)
  };
  /// A helper: its own range of each file, and the ends of the ranges before it that it took over (the tail,
  /// which needs no ids handed over: see analysis::also_seen_in).
  struct helper {
    reader_slot tail;
    reader_slot own;
  };

  /// Every analysis but `total`'s, in the order of their records in a file (slot 2k: helper k's tail, 2k + 1
  /// its own; the last: the end of the last range, taken over by `total`).
  std::vector<reader_slot*> slots() {
    std::vector<reader_slot*> all;
    for (helper& h : helpers_) {
      all.push_back(&h.tail);
      all.push_back(&h.own);
    }
    all.push_back(&last_tail_);
    return all;
  }

  /// Makes `tail` take as counted, in place, what `consulted` counted or was told (also_seen_in), and reads the
  /// prelude into it: its posts are then dropped as counted, what they teach the session stays.
  static void prepare_tail(analysis& tail, const analysis& consulted, const std::vector<const source*>& prelude) {
    tail.also_seen_in(&consulted);
    for (const source* before : prelude) before->read(tail);
    tail.take_found_in_other();
  }

  /// Once this thread's range is read: asks for the rest of another reader's range (which ends at `stop`),
  /// and reads what it is given into `tail`. When the analysis `tail` consults (also_seen_in) is `later`, a
  /// helper whose range of this file comes after, a post dropped because it counted it there is a post in two
  /// ranges. (`total`'s range comes before the end of the last one: a post it counted is rightly dropped there.)
  void take_over(tail_offer& offer, reader_slot& tail, const reader_slot* later, const source& s,
                 const std::string& head, uint64_t stop, const char* by) {
    const uint64_t from = offer.take();
    if (from == UINT64_MAX) return;
    if (log_) {
      std::fprintf(log_, "chorus: %s: bytes %llu to %llu taken over by %s\n", s.name.c_str(),
                   static_cast<unsigned long long>(from), static_cast<unsigned long long>(std::min(stop, s.size)), by);
    }
    read_range(*tail.run, s, head, from, stop);
    const std::vector<uint64_t> found = tail.run->take_found_in_other();
    if (later && counted_since(*later->run, later->mark, found)) tail.repeated = true;
  }

  /// Takes ids the other readers counted in the last file as counted. Any that `reader` counted too was
  /// counted in two ranges of that file (each reader was told the ids of the files before): sets `repeated`.
  static void take(analysis& reader, const std::string& ids, bool& repeated) {
    if (!reader.add_seen_keys(ids, repeated)) repeated = true;  // never: the ids are ids_since's
  }
  static void take(reader_slot& slot, const std::string& ids) { take(*slot.run, ids, slot.repeated); }

  /// Whether `run` counted any of `ids` since its ids were listed up to `mark` (in its range of the file read).
  static bool counted_since(const analysis& run, size_t mark, const std::vector<uint64_t>& ids) {
    if (ids.empty()) return false;
    const std::string listed = run.ids_since(mark);
    std::vector<uint64_t> counted(listed.size() / sizeof(uint64_t));
    std::memcpy(counted.data(), listed.data(), counted.size() * sizeof(uint64_t));
    std::sort(counted.begin(), counted.end());
    return std::any_of(ids.begin(), ids.end(),
                       [&](uint64_t id) { return std::binary_search(counted.begin(), counted.end(), id); });
  }

  /// Throws ranges_overlap when `total` or a helper was handed an id it counted itself.
  void check(bool repeated) {
    for (const reader_slot* slot : slots()) repeated = repeated || slot->repeated;
    if (repeated) throw_overlap();
  }

  /// Notes how fast reader `k` (0: `total`) read its last range, in bytes per second (half the last rate,
  /// half the ones before: one slow moment of a shared machine does not swing the next cut).
  void note_rate(size_t k, uint64_t bytes, std::chrono::steady_clock::time_point started) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (seconds <= 0) return;
    const double rate = static_cast<double>(bytes) / seconds;
    rates_[k] = rates_[k] > 0 ? (rates_[k] + rate) / 2 : rate;
  }

  /// Cuts where each reader's share is in proportion to how fast it read its range of the file before (the
  /// readers of one machine seldom read alike: one waiting for the other at each file cost a fifth of the
  /// time), the first helper's share made smaller by TAIL_SLACK, so that it is most often done before
  /// `total` and takes over the rest of its range instead of waiting for it; `even` when no rates are known.
  std::vector<uint64_t> balanced(const source& s, const std::string& head, const std::vector<uint64_t>& even) {
    const size_t readers = even.size() + 1;
    std::vector<double> weights(readers, 1.0);
    for (size_t k = 0; k < readers; ++k) {
      if (rates_[k] > 0) weights[k] = rates_[k];
    }
    weights[1] *= 1 - TAIL_SLACK;
    double sum = 0;
    for (const double w : weights) sum += w;
    std::vector<uint64_t> offsets;
    double share = 0;
    for (size_t k = 0; k + 1 < readers; ++k) {
      share += weights[k] / sum;
      offsets.push_back(static_cast<uint64_t>(share * static_cast<double>(s.size)));
    }
    std::vector<uint64_t> cuts = cuts_near(s, head, offsets);
    return cuts.size() == even.size() ? cuts : even;
  }

  /// Lists the ids each reader counted in the last file, to be handed over before the next.
  void take_ids() {
    from_total_ = total_.ids_since(total_mark_);
    const std::vector<reader_slot*> all = slots();
    from_helpers_.assign(all.size(), {});
    for (size_t k = 0; k < all.size(); ++k) from_helpers_[k] = all[k]->run->ids_since(all[k]->mark);
  }

  /// Before the next file: for each helper, the ids the other readers counted in the last one, for its own
  /// analysis to take as counted (`total` takes the helpers' ones beside them, total_takes_helpers_ids; the
  /// tails take none, as they consult the analysis they read before).
  std::vector<std::string> hand_over() {
    const std::vector<reader_slot*> all = slots();
    std::vector<std::string> pending(helpers_.size());
    for (size_t k = 0; k < helpers_.size(); ++k) {
      pending[k] = from_total_;
      for (size_t j = 0; j < from_helpers_.size(); ++j) {
        if (all[j] != &helpers_[k].own) pending[k] += from_helpers_[j];
      }
    }
    from_total_.clear();
    return pending;
  }

  /// `total` takes the ids the helpers' analyses counted in the last file as counted; true when it had
  /// counted one of them itself (see take).
  bool total_takes_helpers_ids() {
    bool repeated = false;
    for (const std::string& ids : from_helpers_) take(total_, ids, repeated);
    from_helpers_.clear();
    return repeated;
  }

  void throw_overlap() {
    if (log_) std::fputs("chorus: two ranges of one file share posts: read again by one reader\n", log_);
    throw ranges_overlap{};
  }

  /// How much smaller than an even share (by the rates) the first helper's share of a file is cut.
  static constexpr double TAIL_SLACK = 0.15;

  analysis& total_;
  std::FILE* log_;
  std::vector<helper> helpers_;
  reader_slot last_tail_;  // the end of the last range of a file, read by `total` when done first
  size_t total_mark_ = 0;
  std::vector<double> rates_ = std::vector<double>(helpers_.size() + 1, 0.0);  // bytes per second, last file
  std::string from_total_;                 // ids `total` counted in the last file, not yet handed over
  std::vector<std::string> from_helpers_;  // the helpers' analyses' likewise (see slots), `total` not yet told them
};

/// Files of one order with nothing read before them, read whole, `jobs` at a time, merged in order. Once one
/// shares posts with the files before it (overlapping searches), files read at once would mostly be read
/// again: the files not started yet are left to the caller. Returns how many were read.
size_t read_group(analysis& total, const std::vector<const source*>& group, unsigned jobs,
                const analysis_factory& make, std::FILE* log) {
  if (log) std::fprintf(log, "chorus: %zu files read %u at a time, from %s\n", group.size(), jobs, group[0]->name.c_str());
  const auto read_whole = [&make](const source* s, const std::string& seen) {
    std::unique_ptr<analysis> reader = make(true);
    reader->add_seen_keys(seen);
    s->read(*reader);
    return reader->state(false);
  };
  std::deque<std::future<std::string>> flight;
  size_t next = 0;
  bool overlapping = false;
  for (size_t done = 0; done < next || (!overlapping && done < group.size()); ++done) {
    while (!overlapping && next < group.size() && flight.size() < jobs) {
      flight.push_back(std::async(std::launch::async, read_whole, group[next++], total.seen_keys()));
    }
    const std::string state = flight.front().get();
    flight.pop_front();
    overlapping |= merge_or_again(total, state, group[done]->name, log,
                                  [&](const std::string& all) { return read_whole(group[done], all); });
  }
  return next;
}

/// Where a part begins or ends: before byte `offset` of source `source` (sources.size(): after them all).
struct part_bound {
  size_t source = 0;
  uint64_t offset = 0;
};

/// The bound of parts nearest after byte `target` of all the plain files' bytes (see read_parts).
part_bound bound_near(const std::vector<source>& sources, const std::vector<bool>& free, uint64_t target) {
  uint64_t at = 0;
  for (size_t i = 0; i < sources.size(); ++i) {
    const source& s = sources[i];
    if (target >= at + s.size) {
      at += s.size;
      continue;
    }
    if (free[i] && target == at) return {i, 0};
    if (free[i] && !s.path.empty()) {
      const std::vector<uint64_t> cut = cuts_near(s, read_at(s.path, 0, SNIFF_BYTES), {target - at});
      if (!cut.empty()) return {i, cut[0]};
    }
    for (size_t j = i + 1; j < sources.size(); ++j) {
      if (free[j]) return {j, 0};
    }
    return {sources.size(), 0};
  }
  return {sources.size(), 0};
}

}  // namespace

void read_parts(analysis& total, const std::vector<source>& sources, unsigned first, unsigned last, unsigned count) {
  // A part may begin before a source only when no source before it is of a lower order (read first for it).
  std::vector<bool> free(sources.size());
  int lowest = INT_MAX;
  uint64_t bytes = 0;
  for (size_t i = 0; i < sources.size(); ++i) {
    free[i] = sources[i].order <= lowest;
    lowest = std::min(lowest, sources[i].order);
    bytes += sources[i].size;
  }
  const auto bound = [&](unsigned k) {
    if (k == 0) return part_bound{};
    if (k >= count) return part_bound{sources.size(), 0};
    return bound_near(sources, free, static_cast<uint64_t>(static_cast<long double>(bytes) * k / count));
  };
  const part_bound from = bound(first - 1);
  const part_bound to = bound(last);
  for (size_t i = from.source;
       i < to.source || (i == to.source && i < sources.size() && to.offset > (i == from.source ? from.offset : 0));
       ++i) {
    const source& s = sources[i];
    const uint64_t start = i == from.source ? from.offset : 0;
    const bool stops = i == to.source;
    if (start == 0 && !stops) {
      s.read(total);
    } else {
      read_range(total, s, start == 0 ? std::string() : read_at(s.path, 0, SNIFF_BYTES), start,
                 stops ? to.offset : UINT64_MAX);
    }
    if (stops) break;
  }
}

bool read_sources(analysis& total, const std::vector<source>& sources, const analysis_factory& make,
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
  const auto cut = [&](size_t i, uint64_t min_bytes) {
    const source& s = sources[i];
    if (options.jobs < 2 || s.path.empty() || s.size < min_bytes) return;
    heads[i] = read_at(s.path, 0, SNIFF_BYTES);
    cuts[i] = find_cuts(s, heads[i], options.jobs);
  };
  for (size_t i = 0; i < sources.size(); ++i) cut(i, options.min_split_bytes);
  // later[i]: the bytes of the sources after source i of its order (a collection's next files), which size the
  // set of ids (analysis::expect_later).
  std::vector<uint64_t> later(sources.size(), 0);
  for (size_t i = sources.size(); i-- > 1;) {
    if (sources[i - 1].order == sources[i].order) later[i - 1] = later[i] + sources[i].size;
  }
  for (size_t i = 0; i < sources.size();) {
    const source& s = sources[i];
    if (!cuts[i].empty()) {
      // Files of this order read as ranges by the same helpers (the files between them read by `total`).
      try {
        range_readers readers(total, prelude_of(s), options.jobs - 1, make, options.log);
        for (; i < sources.size() && sources[i].order == s.order; ++i) {
          if (cuts[i].empty()) {
            readers.read_whole(sources[i]);
          } else {
            readers.read(sources[i], heads[i], cuts[i], later[i]);
          }
          read.push_back(&sources[i]);
        }
        readers.finish(i < sources.size());
      } catch (const ranges_overlap&) {
        return false;
      }
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
    size_t done = 1;
    if (group.size() > 1) {
      done = read_group(total, group, options.jobs, make, options.log);
      if (done < group.size()) {
        // Overlapping files: the rest are read one by one, each cut into ranges that are told the posts of the
        // files before it (which rarely share posts with each other), down to smaller files.
        for (size_t j = i + done; j < i + group.size(); ++j) cut(j, std::min(options.min_split_bytes, MIN_OVERLAPPING_SPLIT));
        group.resize(done);
      }
    } else {
      total.expect_later(later[i]);
      s.read(total);
    }
    read.insert(read.end(), group.begin(), group.end());
    i += done;
  }
  return true;
}

}  // namespace chorus::cli
