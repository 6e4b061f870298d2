// chorus: the command-line face of the core. Reads files, prints the summary JSON.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "analysis.h"
#include "sources.h"
#include "version.h"

namespace {

constexpr const char* USAGE =
    "Usage: chorus summarize [--query TERM]... [--tz ZONE] [--columns MAP] FILE|FOLDER...\n"
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
    "Several FILEs make one collection: a post met again (the same id in overlapping files, or\n"
    "in a CSV and a JSON file of the same posts) is counted once; each input lists its duplicates.\n"
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
  if (args[0] != "summarize") {
    std::fprintf(stderr, "chorus: unknown command '%s'\n\n%s", args[0].c_str(), usage().c_str());
    return 2;
  }
  if (args.size() < 2) {
    std::fprintf(stderr, "chorus summarize: no FILE given\n\n%s", usage().c_str());
    return 2;
  }

  // Expand folders to the archive files they hold, then read in role order.
  std::vector<std::string> queries;
  std::vector<std::string> paths;
  std::string zone_name = "UTC";
  chorus::analysis_options options;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--query") {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "chorus summarize: --query needs a term\n");
        return 2;
      }
      queries.push_back(args[++i]);
    } else if (args[i] == "--tz") {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "chorus summarize: --tz needs a time zone name\n");
        return 2;
      }
      zone_name = args[++i];
    } else if (args[i] == "--columns") {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "chorus summarize: --columns needs a mapping such as time=created_at,text=body\n");
        return 2;
      }
      options.columns = args[++i];
    } else {
      paths.push_back(args[i]);
    }
  }
  if (paths.empty()) {
    std::fprintf(stderr, "chorus summarize: no FILE given\n\n%s", usage().c_str());
    return 2;
  }

  const std::vector<chorus::cli::source> sources = chorus::cli::plan_sources(paths);

  chorus::analysis run(options);
  std::string error;
  if (!run.set_queries(queries, error)) {
    std::fprintf(stderr, "chorus summarize: %s\n", error.c_str());
    return 2;
  }
  if (zone_name != "UTC") {
    // A zone name is a path below the zone database, never above it.
    const bool safe = zone_name.find("..") == std::string::npos && zone_name.front() != '/';
    std::FILE* zf = safe ? std::fopen(("/usr/share/zoneinfo/" + zone_name).c_str(), "rb") : nullptr;
    std::string bytes;
    if (zf) {
      char part[4096];
      size_t n = 0;
      while ((n = std::fread(part, 1, sizeof part, zf)) > 0) bytes.append(part, n);
      std::fclose(zf);
    }
    chorus::zone_rules zone;
    if (!zf || !chorus::parse_tzif(bytes, zone_name, zone, error)) {
      std::fprintf(stderr, "chorus summarize: unknown time zone '%s'%s%s\n", zone_name.c_str(), zf ? ": " : "",
                   zf ? error.c_str() : "");
      return 2;
    }
    run.set_time_zone(std::move(zone));
  }
  for (const auto& source : sources) source.read(run);

  const std::string json = run.summary_json();
  std::fwrite(json.data(), 1, json.size(), stdout);
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
  return run.any_readable() ? 0 : 1;
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
