// chorus: the command-line face of the core. Reads files, prints the summary JSON.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include <memory>
#include <thread>

#include "analysis.h"
#include "format.h"
#include "time_parse.h"
#include "parallel.h"
#include "sources.h"
#include "version.h"

namespace {

constexpr const char* USAGE =
    "Usage: chorus summarize [--query TERM]... [--tz ZONE] [--columns MAP] [--private] [-j N [-v]]\n"
    "                        [--state [--part K[-L]/N] [--after STATE]... | [--hourly] [FILTER]...] [-o OUT]\n"
    "                        FILE|FOLDER...\n"
    "       chorus merge [--query TERM]... [--tz ZONE] [--columns MAP] [--private] [--state | [--hourly]\n"
    "                    [FILTER]...] [-o OUT] STATE...\n"
    "       chorus --help | --version\n"
    "\n"
    "Reads social-media exports and prints one summary of all of them as JSON on stdout: posts\n"
    "by kind, date range, posts per day, top hashtags, mentions, domains, languages and clients,\n"
    "and every problem found in the input. It reads:\n"
    "%s"
    "\n"
    "Each file goes to the format that recognises its first bytes. A ZIP archive (as downloaded,\n"
    "Zip64 included) or a FOLDER (unzipped) is read by its entries: only those a format reads,\n"
    "in the order it needs (an X archive: manifest, long posts, posts, likes), never media.\n"
    "Use '-' as FILE to read standard input. Files are read in chunks; memory does not grow\n"
    "with their size.\n"
    "\n"
    "--query TERM counts a term over time (repeatable): a hashtag (#MeToo, or #MeToo* for all\n"
    "hashtags that start with it), a mention (@handle) or a phrase (\"me too\"), matched whatever\n"
    "the letter case, width, quotes, punctuation and spacing; see docs/queries.md.\n"
    "\n"
    "--tz ZONE puts days and hours in an IANA time zone (Europe/Paris, Asia/Kathmandu, ...), read\n"
    "from the system's zone data in /usr/share/zoneinfo; the default is UTC.\n"
    "\n"
    "--columns MAP says which columns of a CSV table of another layout hold what, as\n"
    "field=column pairs: time=created,text=body,author=user,id=tweet_id,kind=type,reply_to=parent\n"
    "(header names or 1-based numbers; time and text are required). Known layouts (twarc-csv,\n"
    "twarc json2csv, X tweets.csv) need none.\n"
    "\n"
    "--private counts private posts too (Mastodon's followers-only and direct posts); by default they are\n"
    "only counted apart, in the summary's formats.\n"
    "\n"
    "Several FILEs make one collection: a post met again (the same id in overlapping files, or\n"
    "in a CSV and a JSON file of the same posts) is counted once; each input lists its duplicates.\n"
    "\n"
    "-j N reads on N threads (default: every core). A large plain file is cut at record starts into N\n"
    "ranges read at once (--split-bytes B: from B bytes on, default 16 MiB); files of a collection are\n"
    "read N at a time. The summary is the same as with -j 1, byte for byte (past 4 million posts, or\n"
    "1,048,576 distinct values in one list, a list of more than 65,536 stays a sketch: its estimates then\n"
    "stay within their stated error). -v says how files were shared.\n"
    "\n"
    "--state writes, instead of the summary, a state: everything counted, mergeable with other states\n"
    "(docs/state.md). chorus merge reduces states to the summary (or, with --state, to one state), as if\n"
    "their files had been read in the order the states are given; give it the same --query, --tz and\n"
    "--columns. A state that counts posts of a state before it (overlapping files) is refused: summarize\n"
    "its files again with --after and the states before it, whose posts are then not counted again.\n"
    "--part K/N (or K-L/N) reads only the K-th (to L-th) of N near-even parts of the inputs, on one thread:\n"
    "the states of parts 1 to N, merged in order, give the summary of all (a run over many machines,\n"
    "docs/state.md).\n"
    "--hourly writes, instead of the summary, posts per local hour (the page's hours, docs/summary.md): by\n"
    "kind, per --query term and, over at most 2,400 hours with posts, new authors and languages. Hours come\n"
    "from the posts kept for filters (at most 4 million).\n"
    "\n"
    "FILTERs count only some posts, as the page's filter bar does: --from DAY and --to DAY (local days,\n"
    "2017-10-15, both included), --kinds original,reply,repost,quote (some of them) and --platforms x,mastodon\n"
    "(the keys of the summary's platforms). The summary (or the hours) of the posts that pass, from the posts\n"
    "kept for filters: inputs and problems stay those of the whole reading.\n"
    "\n"
    "-o OUT writes the summary, state or hours to OUT instead of standard output.\n"
    "-- ends the options: what follows are files, even a name that begins with '-'.\n"
    "\n"
    "Exit status: 0 when at least one file could be read (skipped records are listed in the\n"
    "JSON under \"problems\"), 1 when nothing could be read, 2 on a usage error.\n"
    "The summary format is described in docs/summary.md.\n";

/// The help text, with the formats of the registry.
std::string usage() {
  std::string list;
  for (const chorus::format* f : chorus::formats()) list += "  - " + std::string(f->label()) + "\n";
  const int size = std::snprintf(nullptr, 0, USAGE, list.c_str());
  std::string out(static_cast<size_t>(size) + 1, '\0');
  std::snprintf(out.data(), out.size(), USAGE, list.c_str());
  out.resize(static_cast<size_t>(size));
  return out;
}

/// Reads a whole file ("-": standard input) into `bytes`. False when it cannot be opened.
bool read_file(const std::string& path, std::string& bytes) {
  std::FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) return false;
  char part[1 << 16];
  size_t n = 0;
  while ((n = std::fread(part, 1, sizeof part, f)) > 0) bytes.append(part, n);
  if (f != stdin) std::fclose(f);
  return true;
}

/// What every analysis of a run shares: options, query terms and time zone, from the command line.
struct run_setup {
  chorus::analysis_options options;
  std::vector<std::string> queries;
  std::string zone_name = "UTC";
  chorus::zone_rules zone;
  unsigned jobs = 0;  // 0: every core
  uint64_t split_bytes = chorus::cli::parallel_options{}.min_split_bytes;
  bool write_state = false;
  bool hourly = false;  // --hourly: the hours instead of the summary
  bool filtered = false;  // a FILTER was given: the summary or hours of the posts that pass `filter`
  chorus::post_filter filter;
  bool verbose = false;
  unsigned part_first = 0, part_last = 0, part_count = 0;  // --part: 0 when not given
  std::string output = "-";

  std::unique_ptr<chorus::analysis> make(bool ids_in_state) const {
    chorus::analysis_options o = options;
    o.ids_in_state = ids_in_state;
    auto run = std::make_unique<chorus::analysis>(o);
    std::string error;
    run->set_queries(queries, error);  // checked once by load_zone_and_terms
    if (zone_name != "UTC") run->set_time_zone(zone);
    return run;
  }
};

/// What parse_options returns when it printed the usage (--help): the command then exits 0.
constexpr int HELP_SHOWN = -1;

/// Adds one FILTER option (--from, --to, --kinds or --platforms) with its value to `filter`; false with a
/// message when the value is not one.
bool add_filter(const std::string& option, const std::string& value, chorus::post_filter& filter, std::string& error) {
  const auto split = [](const std::string& list) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t comma; (comma = list.find(',', start)) != std::string::npos; start = comma + 1) {
      parts.push_back(list.substr(start, comma - start));
    }
    parts.push_back(list.substr(start));
    return parts;
  };
  if (option == "--from" || option == "--to") {
    int year = 0;
    unsigned month = 0, day = 0;
    int used = 0;
    if (std::sscanf(value.c_str(), "%4d-%2u-%2u%n", &year, &month, &day, &used) != 3 || used != 10 ||
        value.size() != 10 || month < 1 || month > 12 || day < 1 || day > 31 ||
        chorus::format_day(chorus::days_from_civil(year, month, day)) != value) {
      error = option + " needs a day written 2017-10-15, not '" + value + "'";
      return false;
    }
    (option == "--from" ? filter.from_day : filter.to_day) = chorus::days_from_civil(year, month, day);
    return true;
  }
  if (option == "--kinds") {
    filter.kinds = 0;
    for (const std::string& name : split(value)) {
      int kind = 0;
      while (kind < chorus::POST_KIND_COUNT && chorus::post_kind_name(static_cast<chorus::post_kind>(kind)) != name) ++kind;
      if (kind == chorus::POST_KIND_COUNT) {
        error = "--kinds takes original, reply, repost and quote, separated by commas, not '" + name + "'";
        return false;
      }
      filter.kinds |= static_cast<uint8_t>(1 << kind);
    }
    return true;
  }
  filter.sources = chorus::platform_sources(split(value));  // --platforms: keys no format has count nothing
  return true;
}

/// Parses the options shared by summarize and merge; the rest are paths ("--" ends the options: what follows
/// are paths, even those that begin with "-"). Returns 0, 2 after a usage error, or HELP_SHOWN.
int parse_options(const char* command, const std::vector<std::string>& args, run_setup& setup,
                  std::vector<std::string>& paths) {
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      paths.insert(paths.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    }
    if (a == "--help" || a == "-h") {
      std::fputs(usage().c_str(), stdout);
      return HELP_SHOWN;
    }
    const bool takes_value = a == "--query" || a == "--tz" || a == "--columns" || a == "-j" || a == "--jobs" ||
                             a == "--split-bytes" || a == "--output" || a == "-o" || a == "--part" ||
                             a == "--from" || a == "--to" || a == "--kinds" || a == "--platforms";
    if (takes_value && i + 1 >= args.size()) {
      std::fprintf(stderr, "chorus %s: %s needs a value\n", command, a.c_str());
      return 2;
    }
    if (a == "--query") {
      setup.queries.push_back(args[++i]);
    } else if (a == "--tz") {
      setup.zone_name = args[++i];
    } else if (a == "--columns") {
      setup.options.columns = args[++i];
    } else if (a == "--private") {
      setup.options.private_posts = true;
    } else if (a == "-j" || a == "--jobs" || a == "--split-bytes") {
      const std::string& value = args[++i];
      char* end = nullptr;
      const unsigned long long n = std::strtoull(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || n == 0 || (a != "--split-bytes" && n > 1024)) {
        std::fprintf(stderr, "chorus %s: %s needs a positive number, not '%s'\n", command, a.c_str(), value.c_str());
        return 2;
      }
      if (a == "--split-bytes") {
        setup.split_bytes = n;
      } else {
        setup.jobs = static_cast<unsigned>(n);
      }
    } else if (a == "--part") {
      // K/N or K-L/N: parts K to L of N.
      unsigned first = 0, last = 0, count = 0;
      int used = 0;
      const std::string& value = args[++i];
      const bool one = std::sscanf(value.c_str(), "%u/%u%n", &first, &count, &used) == 2 &&
                       used == static_cast<int>(value.size());
      if (one) last = first;
      const bool span = !one && std::sscanf(value.c_str(), "%u-%u/%u%n", &first, &last, &count, &used) == 3 &&
                        used == static_cast<int>(value.size());
      if ((!one && !span) || first < 1 || last < first || last > count || count > 1000000) {
        std::fprintf(stderr, "chorus %s: --part needs K/N or K-L/N with 1 <= K <= L <= N, not '%s'\n", command,
                     value.c_str());
        return 2;
      }
      setup.part_first = first;
      setup.part_last = last;
      setup.part_count = count;
    } else if (a == "--state") {
      setup.write_state = true;
    } else if (a == "--hourly") {
      setup.hourly = true;
    } else if (a == "--from" || a == "--to" || a == "--kinds" || a == "--platforms") {
      std::string error;
      if (!add_filter(a, args[++i], setup.filter, error)) {
        std::fprintf(stderr, "chorus %s: %s\n", command, error.c_str());
        return 2;
      }
      setup.filtered = true;
    } else if (a == "--verbose" || a == "-v") {
      setup.verbose = true;
    } else if (a == "--output" || a == "-o") {
      setup.output = args[++i];
    } else if (a.size() > 1 && a[0] == '-') {
      // A mistyped option would otherwise be read as a file that cannot be opened, and the summary made anyway.
      std::fprintf(stderr, "chorus %s: unknown option '%s' (chorus --help lists them; -- before a file whose name "
                   "begins with '-')\n", command, a.c_str());
      return 2;
    } else {
      paths.push_back(a);
    }
  }
  if (setup.hourly && setup.write_state) {
    std::fprintf(stderr, "chorus %s: --hourly and --state each say what to write: give one\n", command);
    return 2;
  }
  if (setup.filtered && setup.write_state) {
    std::fprintf(stderr, "chorus %s: a state holds every post; filter when merging states (chorus merge --from ...)\n",
                 command);
    return 2;
  }
  return 0;
}

/// Checks the query terms and reads the time zone's rules. Returns 0, or 2 after a usage error.
int load_zone_and_terms(const char* command, run_setup& setup) {
  std::string error;
  chorus::analysis probe;
  if (!probe.set_queries(setup.queries, error)) {
    std::fprintf(stderr, "chorus %s: %s\n", command, error.c_str());
    return 2;
  }
  if (setup.zone_name == "UTC") return 0;
  // A zone name is a path below the zone database, never above it.
  const std::string& zone_name = setup.zone_name;
  const bool safe = zone_name.find("..") == std::string::npos && zone_name.front() != '/';
  std::string bytes;
  const bool found = safe && read_file("/usr/share/zoneinfo/" + zone_name, bytes);
  if (!found || !chorus::parse_tzif(bytes, zone_name, setup.zone, error)) {
    std::fprintf(stderr, "chorus %s: unknown time zone '%s'%s%s\n", command, zone_name.c_str(), found ? ": " : "",
                 found ? error.c_str() : "");
    return 2;
  }
  return 0;
}

/// Writes the summary (or with --state the state, with --hourly the hours) to the output, and the problems to
/// stderr.
int finish(chorus::analysis& run, const run_setup& setup) {
  std::string out, error;
  if (setup.write_state) {
    out = run.state(false);
  } else if (!setup.hourly && !setup.filtered) {
    out = run.summary_json();
  } else if (!(setup.hourly ? run.hourly_json(setup.filter, out, error)
                            : run.filtered_summary_json(setup.filter, out, error))) {
    std::fprintf(stderr, "chorus: %s: %s\n", setup.hourly ? "no hours" : "no summary of the posts filtered", error.c_str());
    std::fflush(stderr);
    std::_Exit(1);
  }
  std::FILE* f = setup.output == "-" ? stdout : std::fopen(setup.output.c_str(), "wb");
  if (!f || std::fwrite(out.data(), 1, out.size(), f) != out.size() || (f != stdout && std::fclose(f) != 0)) {
    std::fprintf(stderr, "chorus: cannot write %s: %s\n", setup.output.c_str(), std::strerror(errno));
    return 1;
  }
  if (f == stdout) std::fflush(stdout);
  for (const auto& p : run.problems()) {
    std::string where = p.file;
    if (p.record >= 0) where += ", record " + std::to_string(p.record);
    if (p.byte_offset >= 0) where += ", byte " + std::to_string(p.byte_offset);
    std::fprintf(stderr, "chorus: %s: %s\n", where.c_str(), p.message.c_str());
  }
  if (run.problems_total() > run.problems().size()) {
    std::fprintf(stderr, "chorus: ... and %llu more problems (see the JSON)\n",
                 static_cast<unsigned long long>(run.problems_total() - run.problems().size()));
  }
  // The process ends here: the system takes its memory back at once, where freeing millions of kept posts
  // one by one would take a tenth of a second more.
  std::fflush(stderr);
  std::_Exit(run.any_readable() ? 0 : 1);
}

/// chorus merge: states (from summarize --state) reduced to one summary, or one state.
int merge_states(const run_setup& setup, const std::vector<std::string>& paths) {
  const std::unique_ptr<chorus::analysis> total = setup.make(setup.write_state);
  for (const std::string& path : paths) {
    std::string bytes;
    if (!read_file(path, bytes)) {
      std::fprintf(stderr, "chorus merge: cannot open %s: %s\n", path.c_str(), std::strerror(errno));
      return 1;
    }
    if (total->merge_state(bytes)) continue;
    if (total->merge_setup_differs()) {
      std::fprintf(stderr, "chorus merge: %s was counted with other --query terms, --tz or --columns than given "
                           "here (%s)\n", path.c_str(), total->setup_text().c_str());
    } else if (total->merge_overlapped()) {
      std::fprintf(stderr, "chorus merge: %s counts posts that a state before it counts too (overlapping files): "
                           "summarize its files again with --after and the states before it\n", path.c_str());
    } else {
      std::fprintf(stderr, "chorus merge: %s is not a state of this version of chorus (summarize --state)\n",
                   path.c_str());
    }
    return 1;
  }
  return finish(*total, setup);
}

int run_command(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::fputs(usage().c_str(), stderr);
    return 2;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(usage().c_str(), stdout);
    return 0;
  }
  if (args[0] == "--version") {
    std::printf("chorus %s\n", chorus::VERSION);
    return 0;
  }
  if (args[0] != "summarize" && args[0] != "merge") {
    std::fprintf(stderr, "chorus: unknown command '%s'\n\n%s", args[0].c_str(), usage().c_str());
    return 2;
  }
  const char* command = args[0].c_str();
  run_setup setup;
  std::vector<std::string> paths;
  std::vector<std::string> after;
  // --after STATE: posts counted in those states are not counted again (the states merged before this one).
  std::vector<std::string> rest{args[0]};
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--after" && i + 1 < args.size()) {
      after.push_back(args[++i]);
    } else {
      rest.push_back(args[i]);
    }
  }
  if (const int status = parse_options(command, rest, setup, paths); status != 0) {
    return status == HELP_SHOWN ? 0 : status;
  }
  if (paths.empty()) {
    std::fprintf(stderr, "chorus %s: no %s given\n\n%s", command, args[0] == "merge" ? "STATE" : "FILE",
                 usage().c_str());
    return 2;
  }
  if (const int status = load_zone_and_terms(command, setup); status != 0) return status;
  if (args[0] == "merge") return merge_states(setup, paths);

  const std::vector<chorus::cli::source> sources = chorus::cli::plan_sources(paths);
  chorus::cli::parallel_options parallel;
  parallel.jobs = setup.jobs != 0 ? setup.jobs : std::max(1u, std::thread::hardware_concurrency());
  parallel.min_split_bytes = setup.split_bytes;
  parallel.log = setup.verbose ? stderr : nullptr;
  // With --state every post's id goes into the state, so that states of overlapping files are caught; with
  // several jobs the readers hand each other the ids they counted.
  const auto begin = [&]() -> std::unique_ptr<chorus::analysis> {
    std::unique_ptr<chorus::analysis> total = setup.make(setup.write_state || parallel.jobs > 1);
    for (const std::string& path : after) {
      std::string bytes;
      if (path == "-" || !read_file(path, bytes) || !total->add_seen_from_state(bytes)) {
        std::fprintf(stderr, "chorus summarize: --after %s: not a readable state\n", path.c_str());
        return nullptr;
      }
    }
    return total;
  };
  std::unique_ptr<chorus::analysis> total = begin();
  if (!total) return 2;
  if (setup.part_count > 0) {
    chorus::cli::read_parts(*total, sources, setup.part_first, setup.part_last, setup.part_count);
    return finish(*total, setup);
  }
  const auto make = [&setup](bool ids_in_state) { return setup.make(ids_in_state); };
  if (!chorus::cli::read_sources(*total, sources, make, parallel)) {
    // Two ranges of one file shared posts: one reader reads everything again, counting each post once.
    parallel.jobs = 1;
    total = begin();
    chorus::cli::read_sources(*total, sources, make, parallel);
  }
  return finish(*total, setup);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run_command(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const std::bad_alloc&) {
    // The tables have fixed sizes; what is left is the machine's memory, or a system limit on it (ulimit -v).
    std::fputs("chorus: out of memory: this machine (or its limit for this process) has too little memory left "
               "for this input; nothing was written\n", stderr);
    return 3;
  }
}
