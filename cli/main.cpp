// chorus: the command-line face of the core. Reads files, prints the summary JSON.
#include <algorithm>
#include <climits>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "analysis.h"
#include "version.h"

namespace {

constexpr const char* USAGE =
    "Usage: chorus summarize [--query TERM]... [--tz ZONE] FILE|FOLDER...\n"
    "       chorus --help | --version\n"
    "\n"
    "Reads X (Twitter) archive post files (data/tweets.js, tweets-part1.js, deleted-tweets.js,\n"
    "old Grailbird month files, or a JSON array of tweets) and prints one summary of all of them\n"
    "as JSON on stdout: posts by kind, date range, posts per day, top hashtags, mentions,\n"
    "domains, languages and clients, and every problem found in the input.\n"
    "\n"
    "A FOLDER is an unzipped X archive: its data/manifest.js, note-tweet.js, tweets*.js and\n"
    "like.js (or data/js/tweets/*.js of an old archive) are read; media and other files are not.\n"
    "Files are read in the order manifest, long posts, posts, likes, so that long posts can\n"
    "complete their truncated posts. Use '-' as FILE to read standard input. Files are read in\n"
    "chunks; memory does not grow with their size.\n"
    "\n"
    "--query TERM counts a term over time (repeatable): a hashtag (#MeToo, or #MeToo* for all\n"
    "hashtags that start with it), a mention (@handle) or a phrase (\"me too\"), matched whatever\n"
    "the letter case, width, quotes, punctuation and spacing; see docs/queries.md.\n"
    "\n"
    "--tz ZONE puts days and hours in an IANA time zone (Europe/Paris, Asia/Kathmandu, ...), read\n"
    "from the system's zone data in /usr/share/zoneinfo; the default is UTC.\n"
    "\n"
    "Exit status: 0 when at least one file could be read (skipped records are listed in the\n"
    "JSON under \"problems\"), 1 when nothing could be read, 2 on a usage error.\n"
    "The summary format is described in docs/summary.md.\n";

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::fputs(USAGE, stderr);
    return 2;
  }
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::fputs(USAGE, stdout);
    return 0;
  }
  if (args[0] == "--version") {
    std::printf("chorus %s\n", chorus::VERSION);
    return 0;
  }
  if (args[0] != "summarize") {
    std::fprintf(stderr, "chorus: unknown command '%s'\n\n%s", args[0].c_str(), USAGE);
    return 2;
  }
  if (args.size() < 2) {
    std::fprintf(stderr, "chorus summarize: no FILE given\n\n%s", USAGE);
    return 2;
  }

  // Expand folders to the archive files they hold, then read in role order.
  std::vector<std::string> queries;
  std::vector<std::string> paths;
  std::string zone_name = "UTC";
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
    } else {
      paths.push_back(args[i]);
    }
  }
  if (paths.empty()) {
    std::fprintf(stderr, "chorus summarize: no FILE given\n\n%s", USAGE);
    return 2;
  }

  struct input {
    std::string path;
    std::string name;
    int order;
  };
  std::vector<input> inputs;
  for (const std::string& arg : paths) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (arg != "-" && fs::is_directory(arg, ec)) {
      std::vector<input> found;
      for (auto it = fs::recursive_directory_iterator(arg, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const std::string relative = fs::relative(it->path(), arg, ec).generic_string();
        const chorus::archive_entry_plan plan = chorus::plan_entry(relative);
        if (plan.fmt) found.push_back({it->path().string(), relative, plan.role.order});
      }
      if (found.empty()) {
        std::fprintf(stderr, "chorus: %s holds no file of an export Chorus reads\n", arg.c_str());
      }
      std::sort(found.begin(), found.end(), [](const input& a, const input& b) { return a.name < b.name; });
      inputs.insert(inputs.end(), found.begin(), found.end());
    } else {
      const std::string name = arg == "-" ? "stdin" : base_name(arg);
      const chorus::archive_entry_plan plan = chorus::plan_entry("data/" + name);
      inputs.push_back({arg, name, plan.fmt ? plan.role.order : INT_MAX});
    }
  }
  std::stable_sort(inputs.begin(), inputs.end(), [](const input& a, const input& b) { return a.order < b.order; });

  chorus::analysis run;
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
  std::vector<char> buffer(1 << 20);
  for (const input& in : inputs) {
    const std::string& path = in.path;
    const bool use_stdin = path == "-";
    std::FILE* f = use_stdin ? stdin : std::fopen(path.c_str(), "rb");
    if (!f) {
      std::fprintf(stderr, "chorus: cannot open %s: %s\n", path.c_str(), std::strerror(errno));
      continue;
    }
    run.begin_file(in.name);
    size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), f)) > 0) {
      if (!run.feed(buffer.data(), n)) break;  // the file was rejected or its data ended
    }
    if (std::ferror(f)) std::fprintf(stderr, "chorus: error while reading %s\n", path.c_str());
    if (!use_stdin) std::fclose(f);
    run.end_file();
  }

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
