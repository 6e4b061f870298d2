#include "sources.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "archive_feed.h"
#include "containers/tar.h"
#include "containers/zip.h"

namespace chorus::cli {

namespace {

constexpr size_t CHUNK = 1 << 20;

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

struct file_closer {
  void operator()(std::FILE* f) const {
    if (f && f != stdin) std::fclose(f);
  }
};
using file_ptr = std::unique_ptr<std::FILE, file_closer>;

/// Reads `size` bytes at `offset` (fewer at the end of the file).
std::string read_at(std::FILE* f, uint64_t offset, uint64_t size) {
  std::string out(size, '\0');
  if (fseeko(f, static_cast<off_t>(offset), SEEK_SET) != 0) return {};
  out.resize(std::fread(out.data(), 1, out.size(), f));
  return out;
}

/// A source that is only a problem, reported under `name` (as the page does for a ZIP it cannot open).
source problem_source(std::string name, problem_code code, std::string message) {
  return {name, -1, [name, code, message](analysis& run) {
            run.begin_file(name);
            run.file_problem(code, message);
            run.end_file();
          }};
}

problem_code code_of(zip_code code) {
  return code == zip_code::ENCRYPTED ? problem_code::ENCRYPTED_ENTRY : problem_code::CORRUPT_ARCHIVE;
}

/// Inflates what `read(buffer, capacity)` gives (0: no more) and hands each inflated piece to `each(data, size)`
/// (false: stop). `window_bits`: -MAX_WBITS for raw deflate, MAX_WBITS + 16 for gzip. Returns "" or why the
/// data could not be inflated to its end.
template <typename Read, typename Each>
std::string inflate_all(int window_bits, Read&& read, Each&& each) {
  z_stream z{};
  if (inflateInit2(&z, window_bits) != Z_OK) return "zlib could not start";
  const std::unique_ptr<z_stream, int (*)(z_stream*)> end(&z, inflateEnd);
  std::vector<char> in(CHUNK), out(CHUNK);
  for (int status = Z_OK; status != Z_STREAM_END;) {
    if (z.avail_in == 0) {
      const size_t n = read(in.data(), in.size());
      if (n == 0) return "the compressed data is cut off";
      z.next_in = reinterpret_cast<Bytef*>(in.data());
      z.avail_in = static_cast<uInt>(n);
    }
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    status = inflate(&z, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) return z.msg ? z.msg : "the compressed data is damaged";
    const size_t n = out.size() - z.avail_out;
    if (n > 0 && !each(out.data(), n)) return {};
  }
  return {};
}

/// Feeds a ZIP entry's bytes to the analysis's current file, inflating a deflated one. Returns "" or why it
/// could not be read to the end (`code`: what kind of problem that is).
std::string feed_entry(std::FILE* f, const zip_entry& entry, uint64_t archive_size, analysis& run, problem_code& code) {
  uint64_t data = 0;
  const zip_status located =
      locate_zip_entry_data(entry, read_at(f, entry.local_header_offset, ZIP_LOCAL_HEADER_BYTES), archive_size, data);
  code = code_of(located.code);
  if (located.code != zip_code::OK) return located.message;
  if (fseeko(f, static_cast<off_t>(data), SEEK_SET) != 0) return std::strerror(errno);
  uint64_t left = entry.compressed_size;
  if (entry.method == 0) {
    std::vector<char> in(CHUNK);
    while (left > 0) {
      const size_t n = std::fread(in.data(), 1, std::min<uint64_t>(left, in.size()), f);
      if (n == 0) return "the archive ends before the entry does";
      left -= n;
      if (!run.feed(in.data(), n)) return {};
    }
    return {};
  }
  uint64_t produced = 0;
  std::string overflow;
  const std::string failure = inflate_all(
      -MAX_WBITS,
      [&](char* buffer, size_t capacity) {
        const size_t n = left == 0 ? 0 : std::fread(buffer, 1, std::min<uint64_t>(left, capacity), f);
        left -= n;
        return n;
      },
      [&](const char* data, size_t n) {
        produced += n;
        // Never trust the data to stop where the directory says: stop it there.
        if (produced > entry.uncompressed_size) {
          overflow = zip_overflow_message(entry);
          return false;
        }
        return run.feed(data, n);
      });
  return overflow.empty() ? failure : overflow;
}

/// The entries of a ZIP archive that some format reads, never media; or the problem that stops it being read.
void plan_zip(const std::string& path, std::vector<source>& out) {
  const std::string name = base_name(path);
  const file_ptr archive(std::fopen(path.c_str(), "rb"));
  if (!archive) return;
  std::FILE* f = archive.get();
  fseeko(f, 0, SEEK_END);
  const auto size = static_cast<uint64_t>(ftello(f));
  uint64_t start = size > ZIP_SHORT_TAIL_BYTES ? size - ZIP_SHORT_TAIL_BYTES : 0;
  zip_directory directory;
  zip_status status;
  for (int tries = 0; tries < 3; ++tries) {
    status = read_zip_directory(read_at(f, start, size - start), start, size, directory);
    if (status.code != zip_code::NEED_BYTES || status.need_offset >= start) break;
    start = status.need_offset;
  }
  if (status.code == zip_code::NEED_BYTES) {
    status = {zip_code::CORRUPT, "This ZIP archive's directory could not be located: the archive is damaged.", 0, 0};
  }
  if (status.code != zip_code::OK) {
    out.push_back(problem_source(name, code_of(status.code), status.message));
    return;
  }
  std::vector<source> picked;
  for (const zip_entry& entry : directory.entries) {
    if (!entry.name.empty() && entry.name.back() == '/') continue;
    const archive_entry_plan plan = plan_entry(entry.name);
    if (!plan.fmt) continue;
    // Each entry opens the archive itself: entries may be read on several threads at once (-j).
    picked.push_back({entry.name, plan.role.order, [path, entry, size](analysis& run) {
                        run.begin_file(entry.name, entry.uncompressed_size);  // its size sizes the set of ids
                        problem_code code = problem_code::CORRUPT_ARCHIVE;
                        const file_ptr own(std::fopen(path.c_str(), "rb"));
                        const std::string failure = own ? feed_entry(own.get(), entry, size, run, code)
                                                        : std::string(std::strerror(errno));
                        if (!failure.empty()) {
                          run.file_problem(code,
                                           entry.name + " could not be read to the end (" + failure +
                                               "); the posts before that point are counted.");
                        }
                        run.end_file();
                      },
                      plan.role.independent});
  }
  if (picked.empty()) {
    out.push_back(problem_source(name, problem_code::NOT_AN_EXPORT,
                                 "This ZIP archive holds no file of an export Chorus reads."));
    return;
  }
  std::sort(picked.begin(), picked.end(), [](const source& a, const source& b) { return a.name < b.name; });
  out.insert(out.end(), picked.begin(), picked.end());
}

/// Streams a file's bytes to `each` (false: stop), inflating it when it is gzip-compressed. Returns "" or
/// why it could not be read to its end.
template <typename Each>
std::string stream_file(const std::string& path, bool gzip, Each&& each) {
  const file_ptr f(std::fopen(path.c_str(), "rb"));
  if (!f) return std::strerror(errno);
  if (!gzip) {
    std::vector<char> in(CHUNK);
    size_t n = 0;
    while ((n = std::fread(in.data(), 1, in.size(), f.get())) > 0) {
      if (!each(in.data(), n)) return {};
    }
    return std::ferror(f.get()) ? "the file could not be read" : "";
  }
  return inflate_all(
      MAX_WBITS + 16, [&](char* buffer, size_t capacity) { return std::fread(buffer, 1, capacity, f.get()); }, each);
}

/// The first bytes of a file, inflated when it is gzip-compressed.
std::string head_of(const std::string& path, bool gzip) {
  std::string head;
  stream_file(path, gzip, [&](const char* data, size_t n) {
    head.append(data, std::min(n, size_t{1024} - head.size()));
    return head.size() < 1024;
  });
  return head;
}

/// A tar archive (gzip-compressed or not): listed once, then read once per reading order of its entries.
void plan_tar(const std::string& path, bool gzip, std::vector<source>& out) {
  const std::string name = base_name(path);
  tar_feed listing;
  const std::string failure = stream_file(path, gzip, [&](const char* data, size_t n) { return listing.feed(data, n); });
  listing.finish(name);
  if (listing.orders().empty()) {
    const std::string why = !failure.empty() ? failure : listing.error();
    out.push_back(problem_source(name, why.empty() ? problem_code::NOT_AN_EXPORT : problem_code::CORRUPT_ARCHIVE,
                                 why.empty() ? "This tar archive holds no file of an export Chorus reads."
                                             : "This tar archive could not be read: " + why));
    return;
  }
  const std::vector<int>& orders = listing.orders();
  for (size_t k = 0; k < orders.size(); ++k) {
    const bool last = k + 1 == orders.size();
    out.push_back({name, orders[k], [path, gzip, name, order = orders[k], last](analysis& run) {
                     tar_feed pass(run, order, last);
                     const std::string failure =
                         stream_file(path, gzip, [&](const char* data, size_t n) { return pass.feed(data, n); });
                     pass.finish(name);
                     if (!failure.empty() && last) {
                       run.begin_file(name);
                       run.file_problem(problem_code::CORRUPT_ARCHIVE, name + " could not be read to the end (" +
                                                                           failure + "); the posts before that point are counted.");
                       run.end_file();
                     }
                   }});
  }
}

/// A plain file (or standard input) read in chunks.
source file_source(const std::string& path, std::string name, int order, bool independent = false) {
  std::error_code ec;
  const uint64_t size = path == "-" ? 0 : std::filesystem::file_size(path, ec);
  return {name, order, [path, name, size = ec ? uint64_t{0} : size](analysis& run) {
            const bool use_stdin = path == "-";
            const file_ptr f(use_stdin ? stdin : std::fopen(path.c_str(), "rb"));
            if (!f) {
              std::fprintf(stderr, "chorus: cannot open %s: %s\n", path.c_str(), std::strerror(errno));
              return;
            }
            run.begin_file(name, size);  // its size sizes the set of ids (0: not known)
            std::vector<char> buffer(CHUNK);
            size_t n = 0;
            while ((n = std::fread(buffer.data(), 1, buffer.size(), f.get())) > 0) {
              if (!run.feed(buffer.data(), n)) break;  // the file was rejected or its data ended
            }
            if (std::ferror(f.get())) std::fprintf(stderr, "chorus: error while reading %s\n", path.c_str());
            run.end_file();
          },
          independent, path == "-" || ec ? std::string() : path, ec ? 0 : size};
}

/// One gzip-compressed file that is not a tar archive: read as the file it holds.
source gzip_source(const std::string& path) {
  std::string inner = base_name(path);
  if (inner.size() > 3 && inner.substr(inner.size() - 3) == ".gz") inner.resize(inner.size() - 3);
  const archive_entry_plan plan = plan_entry("data/" + inner);
  return {inner, plan.fmt ? plan.role.order : INT_MAX, [path, inner](analysis& run) {
            run.begin_file(inner);
            const std::string failure =
                stream_file(path, true, [&](const char* data, size_t n) { return run.feed(data, n); });
            if (!failure.empty()) {
              run.file_problem(problem_code::CORRUPT_ARCHIVE, inner + " could not be read to the end (" + failure +
                                                                   "); the posts before that point are counted.");
            }
            run.end_file();
          }};
}

}  // namespace

std::vector<source> plan_sources(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<source> out;
  for (const std::string& arg : paths) {
    std::error_code ec;
    if (arg != "-" && fs::is_directory(arg, ec)) {
      std::vector<source> found;
      for (auto it = fs::recursive_directory_iterator(arg, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const std::string relative = fs::relative(it->path(), arg, ec).generic_string();
        const archive_entry_plan plan = plan_entry(relative);
        if (plan.fmt) found.push_back(file_source(it->path().string(), relative, plan.role.order, plan.role.independent));
      }
      if (found.empty()) std::fprintf(stderr, "chorus: %s holds no file of an export Chorus reads\n", arg.c_str());
      std::sort(found.begin(), found.end(), [](const source& a, const source& b) { return a.name < b.name; });
      out.insert(out.end(), found.begin(), found.end());
    } else if (arg != "-" && !fs::exists(arg, ec)) {
      std::fprintf(stderr, "chorus: cannot open %s: %s\n", arg.c_str(), std::strerror(ENOENT));
    } else if (arg == "-") {
      out.push_back(file_source(arg, "stdin", INT_MAX));
    } else if (const std::string head = head_of(arg, false); looks_like_zip(head)) {
      plan_zip(arg, out);
    } else if (looks_like_gzip(head)) {
      if (looks_like_tar(head_of(arg, true))) {
        plan_tar(arg, true, out);
      } else {
        out.push_back(gzip_source(arg));
      }
    } else if (looks_like_tar(head)) {
      plan_tar(arg, false, out);
    } else {
      const std::string name = base_name(arg);
      const archive_entry_plan plan = plan_entry("data/" + name);
      out.push_back(file_source(arg, name, plan.fmt ? plan.role.order : INT_MAX, plan.fmt && plan.role.independent));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const source& a, const source& b) { return a.order < b.order; });
  return out;
}

}  // namespace chorus::cli
