// Helpers shared by the core tests: reading fixtures and running a reader over chunks.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "analysis.h"
#include "format.h"
#include "formats/x_archive/x_archive.h"
#include "scan/json_records.h"

namespace chorus::test {

inline std::string fixture_path(const std::string& relative) {
  return std::string(CHORUS_FIXTURES) + "/" + relative;
}

inline std::string shared_fixture_path(const std::string& relative) {
  return std::string(CHORUS_SHARED_FIXTURES) + "/" + relative;
}

inline bool exists(const std::string& path) {
  return std::filesystem::exists(path);
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

/// A sink that keeps copies of everything it is handed.
struct collecting_sink : post_sink {
  std::vector<post> posts;
  std::vector<problem> problems;
  void on_post(const post& p) override { posts.push_back(p); }
  void on_problem(problem p) override { problems.push_back(std::move(p)); }
};

/// Runs a reader of `fmt` (by default the X archive) over `bytes`, fed `chunk` bytes at a time (0: all at once).
inline input_stats read_all(const std::string& name, const std::string& bytes, collecting_sink& sink,
                            size_t chunk = 0, record_copy copy = DEFAULT_RECORD_COPY,
                            const format& fmt = x_archive_format()) {
  const auto session = fmt.begin(reader_options{copy});
  const auto reader = session->open(name, sink);
  if (chunk == 0) chunk = bytes.size() == 0 ? 1 : bytes.size();
  for (size_t i = 0; i < bytes.size(); i += chunk) reader->feed(bytes.data() + i, std::min(chunk, bytes.size() - i));
  reader->finish();
  return reader->stats();
}

/// The role the X archive gives an entry at `path` ("" when it is not read).
inline std::string x_role(std::string_view path) {
  return x_archive_format().entry(path).role;
}

/// Feeds `bytes` to the current file of `run` in chunks of `chunk` bytes.
inline void feed_all(analysis& run, std::string_view bytes, size_t chunk = 997) {
  for (size_t i = 0; i < bytes.size(); i += chunk) run.feed(bytes.data() + i, std::min(chunk, bytes.size() - i));
}

/// The summary JSON of one file, fed in chunks of `chunk` bytes (0: all at once).
inline std::string summary_of(const std::string& name, const std::string& bytes, size_t chunk = 0,
                              record_copy copy = DEFAULT_RECORD_COPY) {
  analysis_options options;
  options.copy = copy;
  analysis run(options);
  run.begin_file(name);
  feed_all(run, bytes, chunk == 0 ? std::max<size_t>(bytes.size(), 1) : chunk);
  return run.summary_json();
}

}  // namespace chorus::test
