#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "containers/tar.h"
#include "containers/zip.h"

using namespace chorus;

namespace {

/// One tar header block for `name` (type `type`, `size` bytes), with its checksum.
std::string tar_header(const std::string& name, size_t size, char type = '0', const std::string& prefix = {}) {
  std::string h(512, '\0');
  h.replace(0, std::min<size_t>(name.size(), 100), name.substr(0, 100));
  std::snprintf(&h[100], 8, "%07o", 0644);
  std::snprintf(&h[124], 12, "%011zo", size);
  h[156] = type;
  h.replace(257, 6, std::string("ustar\0", 6));
  h.replace(263, 2, "00");
  h.replace(345, prefix.size(), prefix);
  h.replace(148, 8, "        ");
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  std::snprintf(&h[148], 8, "%06o", sum);
  h[155] = ' ';
  return h;
}

std::string padded(const std::string& data) {
  return data + std::string((512 - data.size() % 512) % 512, '\0');
}

std::string tar_entry(const std::string& name, const std::string& data, char type = '0', const std::string& prefix = {}) {
  return tar_header(name, data.size(), type, prefix) + padded(data);
}

struct collecting : tar_reader::handler {
  std::vector<std::pair<std::string, std::string>> files;
  bool open = false;
  bool begin_entry(std::string_view name, uint64_t) override {
    files.emplace_back(std::string(name), std::string());
    open = true;
    return true;
  }
  void entry_data(const char* data, size_t size) override { files.back().second.append(data, size); }
  void end_entry() override { open = false; }
};

}  // namespace

TEST_CASE("a tar stream gives its files whole at every chunk size: ustar prefixes, GNU long names, pax paths") {
  const std::string long_name = "twitter-2026-03-06-" + std::string(120, 'x') + "/data/tweets.js";
  const std::string pax = "29 path=archive/data/like.js\n";
  const std::string archive = tar_entry("./data/manifest.js", "window.__THAR_CONFIG = {}") +
                              tar_entry("tweets.js", "[1,2,3]", '0', "archive/data") +
                              tar_entry("././@LongLink", long_name + '\0', 'L') + tar_entry("short", "long body") +
                              tar_entry("PaxHeader", pax, 'x') + tar_entry("ignored-name", "likes") +
                              tar_entry("data/", "", '5') + std::string(1024, '\0') + "trailing bytes are ignored";
  for (const size_t chunk : {size_t{1}, size_t{7}, size_t{511}, size_t{512}, size_t{4096}, archive.size()}) {
    collecting got;
    tar_reader reader(got);
    for (size_t i = 0; i < archive.size(); i += chunk) {
      if (!reader.feed(archive.data() + i, std::min(chunk, archive.size() - i))) break;
    }
    reader.finish();
    CAPTURE(chunk);
    CHECK(reader.error().empty());
    REQUIRE(got.files.size() == 4);
    CHECK(got.files[0] == std::pair<std::string, std::string>{"data/manifest.js", "window.__THAR_CONFIG = {}"});
    CHECK(got.files[1] == std::pair<std::string, std::string>{"archive/data/tweets.js", "[1,2,3]"});
    CHECK(got.files[2] == std::pair<std::string, std::string>{long_name, "long body"});
    CHECK(got.files[3] == std::pair<std::string, std::string>{"archive/data/like.js", "likes"});
  }
}

TEST_CASE("a damaged or cut-off tar stream says so, after the files before the damage") {
  const std::string good = tar_entry("a.js", "first") + tar_entry("b.js", std::string(2000, 'b'));
  SUBCASE("a header whose checksum is wrong") {
    std::string damaged = good;
    damaged[512 + 512 + 10] ^= 1;  // b.js's header
    collecting got;
    tar_reader reader(got);
    CHECK_FALSE(reader.feed(damaged.data(), damaged.size()));
    CHECK(reader.error().find("checksum") != std::string::npos);
    CHECK(got.files.size() == 1);
  }
  SUBCASE("cut off inside an entry") {
    collecting got;
    tar_reader reader(got);
    reader.feed(good.data(), 512 + 512 + 512 + 700);
    reader.finish();
    CHECK(reader.error().find("cut off") != std::string::npos);
    REQUIRE(got.files.size() == 2);
    CHECK(got.open);  // its handler learns of the cut from error()
  }
  CHECK(looks_like_tar(good));
  CHECK_FALSE(looks_like_tar(std::string(512, 'a')));
  CHECK(looks_like_gzip("\x1F\x8B\x08"));
}

TEST_CASE("a ZIP directory is found behind a comment, asks for more bytes when it lies further back, and refuses lies") {
  // One stored entry "a.txt" with "hello", then its directory and the end record with a 100-byte comment.
  auto le = [](uint64_t v, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += static_cast<char>(v >> (8 * i) & 0xFF);
    return out;
  };
  const std::string name = "a.txt", data = "hello";
  const std::string local = le(0x04034b50, 4) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(0, 4) +
                            le(data.size(), 4) + le(data.size(), 4) + le(name.size(), 2) + le(0, 2) + name + data;
  const std::string central = le(0x02014b50, 4) + le(20, 2) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4) +
                              le(0, 4) + le(data.size(), 4) + le(data.size(), 4) + le(name.size(), 2) + le(0, 2) +
                              le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(0, 4) + name;
  const std::string comment(100, 'c');
  const std::string end = le(0x06054b50, 4) + le(0, 2) + le(0, 2) + le(1, 2) + le(1, 2) + le(central.size(), 4) +
                          le(local.size(), 4) + le(comment.size(), 2) + comment;
  const std::string zip = local + central + end;
  zip_directory dir;
  SUBCASE("the whole archive at once") {
    REQUIRE(read_zip_directory(zip, 0, zip.size(), dir).code == zip_code::OK);
    REQUIRE(dir.entries.size() == 1);
    CHECK(dir.entries[0].name == "a.txt");
    uint64_t at = 0;
    CHECK(locate_zip_entry_data(dir.entries[0], zip.substr(0, 30), zip.size(), at).code == zip_code::OK);
    CHECK(zip.substr(at, 5) == "hello");
  }
  SUBCASE("a tail that holds the end record but not the directory") {
    const uint64_t from = zip.size() - end.size();
    const zip_status s = read_zip_directory(std::string_view(zip).substr(from), from, zip.size(), dir);
    REQUIRE(s.code == zip_code::NEED_BYTES);
    CHECK(s.need_offset == local.size());
    CHECK(read_zip_directory(std::string_view(zip).substr(s.need_offset), s.need_offset, zip.size(), dir).code ==
          zip_code::OK);
  }
  SUBCASE("an entry that claims an impossible ratio, or is encrypted") {
    REQUIRE(read_zip_directory(zip, 0, zip.size(), dir).code == zip_code::OK);
    zip_entry bomb = dir.entries[0];
    bomb.method = 8;
    bomb.uncompressed_size = 1ull << 40;
    uint64_t at = 0;
    CHECK(locate_zip_entry_data(bomb, zip.substr(0, 30), zip.size(), at).message.find("zip bomb") != std::string::npos);
    zip_entry locked = dir.entries[0];
    locked.encrypted = true;
    CHECK(locate_zip_entry_data(locked, zip.substr(0, 30), zip.size(), at).code == zip_code::ENCRYPTED);
  }
  SUBCASE("a cut-off archive") {
    const std::string cut = zip.substr(0, zip.size() - 130);
    CHECK(read_zip_directory(cut, 0, cut.size(), dir).code == zip_code::CORRUPT);
  }
}
