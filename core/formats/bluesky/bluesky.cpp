#include "formats/bluesky/bluesky.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "formats/bluesky/cbor.h"
#include "id_set.h"
#include "json_writer.h"
#include "scan/structurals.h"
#include "text/text_fold.h"
#include "text/text_util.h"
#include "time_parse.h"

namespace chorus {

namespace {

constexpr std::string_view POST = "app.bsky.feed.post", REPOST = "app.bsky.feed.repost",
                           LIKE = "app.bsky.feed.like", FOLLOW = "app.bsky.graph.follow",
                           VOTE = "app.bsky.feed.vote";  // 2022-23, before likes
/// A CAR header is a few dozen bytes; a block holds one record or one tree node (atproto caps records at 1 MiB).
constexpr uint64_t MAX_HEADER = 64 << 10, MAX_BLOCK = 8 << 20;
/// Blocks that come before the tree node that places them are held until it comes. Exports list the newest
/// blocks first, so a node comes just before its records and this holds a handful; a file in another order
/// holds at most this many bytes of them, and the records past it are reported.
constexpr size_t MAX_WAITING_BYTES = size_t{64} << 20;

/// What Bluesky learns across repository files, and what states carry.
struct bluesky_counts {
  uint64_t likes = 0;
  uint64_t follows = 0;
  uint64_t votes = 0;            ///< app.bsky.feed.vote records of 2022-23 repositories
  uint64_t other_records = 0;    ///< records of other collections (profile, blocks, lists, other apps)
  uint64_t history = 0;          ///< post and repost blocks the tree does not reach (older versions, deletions)
  uint64_t missing = 0;          ///< posts and reposts the tree names whose blocks are not in the file
  uint64_t missing_nodes = 0;    ///< tree nodes named but not in the file
  uint64_t repositories = 0;     ///< commits read
};

/// The decoded value of a TID record key (13 characters of base32-sortable: 53 bits of microseconds since 1970,
/// then 10 bits of clock id), as ms; nothing for other keys ("self", free-form ones).
std::optional<int64_t> tid_time_ms(std::string_view rkey) {
  static constexpr std::string_view ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";
  if (rkey.size() != 13) return std::nullopt;
  uint64_t value = 0;
  for (const char c : rkey) {
    const size_t digit = ALPHABET.find(c);
    if (digit == std::string_view::npos) return std::nullopt;
    value = (value << 5) | digit;
  }
  if (value >> 63) return std::nullopt;  // the top bit is always 0
  return static_cast<int64_t>((value >> 10) / 1000);
}

/// `s` as valid UTF-8 (a repository's strings are supposed to be; a damaged one is repaired, not trusted).
std::string utf8(std::string_view s, bool* repaired = nullptr) {
  if (valid_utf8(s.data(), s.size())) return std::string(s);
  if (repaired != nullptr) *repaired = true;
  return repair_utf8(s);
}

/// The DID of an at:// address ("at://did:plc:abc/app.bsky.feed.post/3k..." gives "did:plc:abc").
std::string_view did_of(std::string_view uri) {
  if (!uri.starts_with("at://")) return {};
  uri.remove_prefix(5);
  return uri.substr(0, uri.find('/'));
}

bool contains_folded(const std::vector<std::string>& list, std::string_view word) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& x) { return same_key(x, word); });
}

/// A block held until the tree places it, with where it was in the file.
struct held_block {
  std::string bytes;
  uint64_t offset = 0;
  bool post_like = false;  ///< a record that says it is a post or a repost
};

/// One repository file (.car), read as a stream of blocks.
class repo_file final : public file_reader {
 public:
  repo_file(std::string name, bluesky_counts& counts, std::string& account, post_sink& sink)
      : counts_(counts), account_(account), sink_(sink) {
    stats_.name = std::move(name);
    stats_.format = "bluesky-repo";
    stats_.role = "posts";
    stats_.readable = true;
  }

  bool feed(const char* data, size_t size) override {
    stats_.bytes += size;
    if (state_ == state::FAILED) return false;
    buffer_.append(data, size);
    read_blocks();
    if (pos_ > 0 && (pos_ >= buffer_.size() / 2 || pos_ > (size_t{1} << 20))) {
      buffer_.erase(0, pos_);
      consumed_ += pos_;
      pos_ = 0;
    }
    return state_ != state::FAILED;
  }

  void finish() override;
  void abandon() override {
    state_ = state::FAILED;
    release();
  }
  void start_at_record(uint64_t) override {}
  void stop_at(uint64_t) override {}
  const input_stats& stats() const override { return stats_; }

 private:
  enum class state : uint8_t { HEADER, BLOCKS, FAILED };

  void read_blocks();
  void read_header(std::string_view bytes);
  void on_block(cbor::cid id, std::string_view bytes, uint64_t offset);
  void read_commit(std::string_view bytes, uint64_t offset);
  /// Walks tree nodes from `first`, and those held that it reaches.
  void read_nodes(held_block first);
  void want_node(cbor::cid id);
  void want_record(std::string key, cbor::cid id);
  void use_record(std::string_view key, std::string_view bytes, uint64_t offset);
  void use_post(std::string_view key, cbor::item record, uint64_t offset);
  void use_repost(std::string_view rkey, cbor::item record, uint64_t offset);
  void report(problem_level level, problem_code code, std::string message, int64_t offset = -1,
              int64_t record = -1) {
    sink_.report(level, code, stats_.name, std::move(message), record, offset);
  }
  void fail(problem_code code, std::string message, uint64_t offset) {
    report(problem_level::ERROR, code, std::move(message), static_cast<int64_t>(offset));
    state_ = state::FAILED;
  }
  void skip_record(problem_code code, std::string message, uint64_t offset) {
    ++stats_.skipped[std::string(problem_code_name(code))];
    report(problem_level::ERROR, code, std::move(message), static_cast<int64_t>(offset),
           static_cast<int64_t>(stats_.records_read));
  }
  void release() {
    buffer_ = std::string();
    waiting_nodes_.clear();
    waiting_records_.clear();
    wanted_nodes_.clear();
    wanted_records_.clear();
    done_.clear();
  }
  std::string address(std::string_view key) const { return "at://" + did_ + "/" + std::string(key); }
  std::string malformed(std::string_view key, bool well_formed) const {
    return "The record " + excerpt(address(key), 120) +
           (well_formed ? " is not a map of fields" : " is not well-formed DAG-CBOR") + ": it is not counted.";
  }

  bluesky_counts& counts_;
  std::string& account_;
  post_sink& sink_;
  input_stats stats_;
  state state_ = state::HEADER;
  std::string buffer_;
  size_t pos_ = 0;         // first byte of buffer_ not yet read
  uint64_t consumed_ = 0;  // file offset of buffer_[0]
  std::optional<cbor::cid> root_;
  bool commit_read_ = false;
  std::string did_;
  // The tree's walk: blocks named and not yet met, and blocks met and not yet named.
  std::unordered_map<uint64_t, int> wanted_nodes_;
  std::unordered_map<uint64_t, std::vector<std::string>> wanted_records_;  // block -> its keys
  std::unordered_map<uint64_t, held_block> waiting_nodes_, waiting_records_;
  size_t waiting_bytes_ = 0;
  uint64_t waiting_refused_ = 0;  // blocks not held: MAX_WAITING_BYTES was reached
  id_set done_;                   // blocks used (a block may be written twice)
  post post_;
};

void repo_file::read_blocks() {
  while (state_ != state::FAILED) {
    const auto* begin = reinterpret_cast<const uint8_t*>(buffer_.data());
    const uint8_t* p = begin + pos_;
    const uint8_t* end = begin + buffer_.size();
    const uint64_t offset = consumed_ + pos_;
    const cbor::varint length = cbor::read_varint(p, end);
    if (length.size == 0) {
      if (end - p >= 9) fail(problem_code::MALFORMED_RECORD, "The length of the block at byte " + with_commas(offset) + " is not readable: the file is not read past it.", offset);
      return;
    }
    const uint64_t limit = state_ == state::HEADER ? MAX_HEADER : MAX_BLOCK;
    if (length.value > limit) {
      fail(state_ == state::HEADER ? problem_code::NOT_AN_EXPORT : problem_code::RECORD_TOO_LARGE,
           (state_ == state::HEADER ? "The header" : "The block at byte " + with_commas(offset)) + " says it is " +
               with_commas(length.value) + " bytes long, more than a repository's " +
               (state_ == state::HEADER ? "header" : "blocks") + " ever are: the file is not read past it.",
           offset);
      return;
    }
    if (static_cast<uint64_t>(end - p) - length.size < length.value) return;  // the rest comes with the next bytes
    const std::string_view bytes(reinterpret_cast<const char*>(p + length.size), length.value);
    pos_ += length.size + length.value;
    if (state_ == state::HEADER) {
      read_header(bytes);
      continue;
    }
    const auto* b = reinterpret_cast<const uint8_t*>(bytes.data());
    const cbor::cid id = cbor::read_cid(b, b + bytes.size());
    if (id.size == 0) {
      report(problem_level::ERROR, problem_code::MALFORMED_RECORD,
             "The block at byte " + with_commas(offset) + " does not start with a CID: it is not read.",
             static_cast<int64_t>(offset));
      continue;
    }
    on_block(id, bytes.substr(id.size), offset);
  }
}

void repo_file::read_header(std::string_view bytes) {
  const auto header = cbor::whole(bytes);
  const auto version = header ? cbor::unsigned_int(cbor::field(*header, "version")) : std::nullopt;
  if (!version) {
    fail(problem_code::NOT_AN_EXPORT, "This file does not start with a CAR header: it is not a Bluesky repository.", 0);
    return;
  }
  if (*version != 1) {
    fail(problem_code::NOT_AN_EXPORT,
         "This is a CAR file of version " + std::to_string(*version) +
             "; Bluesky exports its repositories as version 1, the one Chorus reads.",
         0);
    return;
  }
  cbor::for_each_element(cbor::field(*header, "roots"), [&](cbor::item root) {
    if (const auto l = cbor::link(root)) {
      const cbor::cid id = cbor::link_cid(*l);
      if (id.size != 0) root_ = id;
    }
    return false;  // the first root is the commit
  });
  if (!root_) {
    fail(problem_code::NOT_AN_EXPORT, "This CAR file names no root: it is not a repository export.", 0);
    return;
  }
  state_ = state::BLOCKS;
}

void repo_file::on_block(cbor::cid id, std::string_view bytes, uint64_t offset) {
  if (done_.contains(id.key)) return;  // the same block again
  if (!commit_read_ && id.key == root_->key) {
    done_.insert(id.key);
    read_commit(bytes, offset);
    return;
  }
  if (wanted_nodes_.erase(id.key) > 0) {
    done_.insert(id.key);
    read_nodes({std::string(bytes), offset});
    return;
  }
  if (const auto wanted = wanted_records_.find(id.key); wanted != wanted_records_.end()) {
    done_.insert(id.key);
    const std::vector<std::string> keys = std::move(wanted->second);
    wanted_records_.erase(wanted);
    for (const auto& key : keys) use_record(key, bytes, offset);
    return;
  }
  if (waiting_nodes_.contains(id.key) || waiting_records_.contains(id.key)) return;
  // Not placed yet: a tree node or a post or repost is held until the tree reaches it; other records (likes,
  // follows, a profile) are counted from the tree's keys alone.
  const auto value = cbor::whole(bytes);
  const bool node = value && !cbor::field(*value, "e").empty() && !cbor::field(*value, "l").empty();
  const auto type = value ? cbor::text(cbor::field(*value, "$type")) : std::nullopt;
  // A block that says it is a post or a repost, or says nothing readable (the tree will say what it should be);
  // not an older commit of the repository's history.
  const bool post_like = type && (*type == POST || *type == REPOST);
  const bool unknown = !value || (!type && cbor::field(*value, "sig").empty());
  if (!node && !post_like && !unknown) return;
  if (waiting_bytes_ + bytes.size() > MAX_WAITING_BYTES) {
    ++waiting_refused_;
    return;
  }
  waiting_bytes_ += bytes.size();
  (node ? waiting_nodes_ : waiting_records_).emplace(id.key, held_block{std::string(bytes), offset, post_like});
}

void repo_file::read_commit(std::string_view bytes, uint64_t offset) {
  commit_read_ = true;
  const auto commit = cbor::whole(bytes);
  const auto did = commit ? cbor::text(cbor::field(*commit, "did")) : std::nullopt;
  const auto data = commit ? cbor::link(cbor::field(*commit, "data")) : std::nullopt;
  const cbor::cid tree = data ? cbor::link_cid(*data) : cbor::cid{};
  if (!did || tree.size == 0) {
    fail(problem_code::MALFORMED_RECORD,
         "The repository's commit (the root block, at byte " + with_commas(offset) +
             ") names no account or no tree: its records cannot be placed.",
         offset);
    return;
  }
  did_ = utf8(*did);
  ++counts_.repositories;
  if (account_.empty()) account_ = did_;
  want_node(tree);
}

void repo_file::want_node(cbor::cid id) {
  if (const auto held = waiting_nodes_.find(id.key); held != waiting_nodes_.end()) {
    held_block block = std::move(held->second);
    waiting_nodes_.erase(held);
    waiting_bytes_ -= block.bytes.size();
    done_.insert(id.key);
    read_nodes(std::move(block));
  } else if (!done_.contains(id.key)) {
    ++wanted_nodes_[id.key];
  }
}

void repo_file::read_nodes(held_block first) {
  // A node's entries may reach nodes already held, which reach others: a work list, not recursion.
  std::vector<held_block> work;
  work.push_back(std::move(first));
  std::vector<std::pair<std::string, cbor::cid>> records;
  std::vector<cbor::cid> nodes;
  while (!work.empty()) {
    const held_block block = std::move(work.back());
    work.pop_back();
    records.clear();
    nodes.clear();
    const auto node = cbor::whole(block.bytes);
    std::string key;
    const auto link_of = [](cbor::item it) {
      const auto l = cbor::link(it);
      return l ? cbor::link_cid(*l) : cbor::cid{};
    };
    bool ok = node.has_value();
    if (ok) {
      const cbor::item left = cbor::field(*node, "l");
      if (!cbor::is_null(left)) {
        const cbor::cid l = link_of(left);
        ok = l.size != 0;
        nodes.push_back(l);
      }
    }
    ok = ok && cbor::for_each_element(cbor::field(*node, "e"), [&](cbor::item entry) {
      const auto prefix = cbor::unsigned_int(cbor::field(entry, "p"));
      const auto suffix = cbor::bytes(cbor::field(entry, "k"));
      const cbor::cid value = link_of(cbor::field(entry, "v"));
      const cbor::item right = cbor::field(entry, "t");
      if (!prefix || !suffix || *prefix > key.size() || value.size == 0) return false;
      key.resize(*prefix);
      key.append(*suffix);
      records.emplace_back(key, value);
      if (!right.empty() && !cbor::is_null(right)) {
        const cbor::cid t = link_of(right);
        if (t.size == 0) return false;
        nodes.push_back(t);
      }
      return true;
    });
    if (!ok) {
      report(problem_level::ERROR, problem_code::MALFORMED_RECORD,
             "A node of the repository's tree (the block at byte " + with_commas(block.offset) +
                 ") is not readable: the records below it are not counted.",
             static_cast<int64_t>(block.offset));
      continue;
    }
    for (auto& [record_key, value] : records) want_record(std::move(record_key), value);
    for (const cbor::cid id : nodes) {
      if (const auto held = waiting_nodes_.find(id.key); held != waiting_nodes_.end()) {
        waiting_bytes_ -= held->second.bytes.size();
        work.push_back(std::move(held->second));
        waiting_nodes_.erase(held);
        done_.insert(id.key);
      } else if (!done_.contains(id.key)) {
        ++wanted_nodes_[id.key];
      }
    }
  }
}

void repo_file::want_record(std::string key, cbor::cid id) {
  const std::string_view collection = std::string_view(key).substr(0, key.find('/'));
  if (collection == LIKE) {
    ++counts_.likes;  // counted from the tree: a like's date says when it was liked, which nothing charts
    return;
  }
  if (collection == FOLLOW || collection == VOTE) {
    ++(collection == FOLLOW ? counts_.follows : counts_.votes);
    return;
  }
  if (collection != POST && collection != REPOST) {
    ++counts_.other_records;
    return;
  }
  if (const auto held = waiting_records_.find(id.key); held != waiting_records_.end()) {
    const held_block block = std::move(held->second);
    waiting_bytes_ -= block.bytes.size();
    waiting_records_.erase(held);
    done_.insert(id.key);
    use_record(key, block.bytes, block.offset);
    return;
  }
  wanted_records_[id.key].push_back(std::move(key));
}

void repo_file::use_record(std::string_view key, std::string_view bytes, uint64_t offset) {
  ++stats_.records_read;
  const size_t slash = key.find('/');
  const std::string_view collection = key.substr(0, slash), rkey = key.substr(slash + 1);
  // A post is checked as its fields are read (one walk over its bytes, not two); a repost, small, first.
  const auto* begin = reinterpret_cast<const uint8_t*>(bytes.data());
  const cbor::item record{begin, begin + bytes.size()};
  const auto head = cbor::read_head(record.begin, record.end);
  const bool well_formed = head && (collection == POST || cbor::whole(bytes));
  if (!well_formed || head->type != cbor::major::MAP) {
    skip_record(problem_code::MALFORMED_RECORD, malformed(key, well_formed), offset);
    return;
  }
  if (collection == POST) {
    use_post(key, record, offset);
  } else {
    use_repost(rkey, record, offset);
  }
}

void repo_file::use_repost(std::string_view rkey, cbor::item record, uint64_t offset) {
  const auto created = cbor::text(cbor::field(record, "createdAt"));
  auto ms = created ? parse_timestamp(*created) : std::nullopt;
  if (!ms) ms = tid_time_ms(rkey);
  const std::string id = address(std::string(REPOST) + "/" + std::string(rkey));
  if (!ms) {
    skip_record(problem_code::MISSING_FIELD, "The repost " + excerpt(id, 120) + " has no date.", offset);
    return;
  }
  post& p = post_;
  p.clear();
  p.id = id;
  p.time_ms = *ms;
  p.author = did_;
  p.kind = post_kind::REPOST;
  ++stats_.records_counted;
  sink_.on_post(p);
}

void repo_file::use_post(std::string_view key, cbor::item record, uint64_t offset) {
  const std::string_view rkey = key.substr(key.find('/') + 1);
  post& p = post_;
  p.clear();
  p.id = address(std::string(POST) + "/" + std::string(rkey));
  p.author = did_;
  std::optional<int64_t> ms;
  std::string_view text;
  bool repaired = false;
  // Facets and legacy entities name byte ranges of the text: read after it.
  cbor::item facets, entities;
  const bool read = cbor::for_each_entry(record, [&](std::string_view k, cbor::item v) {
    if (k == "text") {
      text = cbor::text(v).value_or(std::string_view());
    } else if (k == "createdAt") {
      if (const auto s = cbor::text(v)) ms = parse_timestamp(*s);
    } else if (k == "langs") {
      cbor::for_each_element(v, [&](cbor::item lang) {
        if (const auto s = cbor::text(lang)) p.lang = utf8(*s);
        return false;  // the first language
      });
    } else if (k == "reply") {
      const auto parent = cbor::text(cbor::field(cbor::field(v, "parent"), "uri"));
      p.kind = post_kind::REPLY;
      if (parent) p.reply_to = utf8(did_of(*parent));
    } else if (k == "embed") {
      const auto type = cbor::text(cbor::field(v, "$type")).value_or(std::string_view());
      if ((type == "app.bsky.embed.record" || type == "app.bsky.embed.recordWithMedia") &&
          p.kind != post_kind::REPLY) {
        p.kind = post_kind::QUOTE;
      }
      const auto external = cbor::text(cbor::field(cbor::field(v, "external"), "uri"));
      if (type == "app.bsky.embed.external" && external) p.urls.push_back(utf8(*external));
    } else if (k == "facets") {
      facets = v;
    } else if (k == "entities") {
      entities = v;
    } else if (k == "tags") {
      cbor::for_each_element(v, [&](cbor::item tag) {
        if (const auto s = cbor::text(tag); s && !s->empty()) p.hashtags.push_back(utf8(s->front() == '#' ? s->substr(1) : *s));
        return true;
      });
    }
    return true;
  });
  if (!read) {
    skip_record(problem_code::MALFORMED_RECORD, malformed(key, false), offset);
    return;
  }
  if (!ms) ms = tid_time_ms(rkey);
  if (!ms) {
    skip_record(problem_code::MISSING_FIELD, "The post " + excerpt(p.id, 120) + " has no date.", offset);
    return;
  }
  p.time_ms = *ms;
  p.text = utf8(text, &repaired);
  const auto slice = [&](cbor::item index, std::string_view start_key, std::string_view end_key) {
    const auto start = cbor::unsigned_int(cbor::field(index, start_key));
    const auto end = cbor::unsigned_int(cbor::field(index, end_key));
    if (!start || !end || *start > *end || *end > text.size()) return std::string_view();
    return text.substr(*start, *end - *start);
  };
  const auto mention = [&](std::string_view shown, std::string_view did) {
    // The handle as the text shows it ("@name.bsky.social"); the DID when the range does not hold one.
    std::string handle = utf8(shown.starts_with("@") && shown.size() > 1 ? shown.substr(1) : did);
    if (!handle.empty()) p.mentions.push_back(std::move(handle));
  };
  cbor::for_each_element(facets, [&](cbor::item facet) {
    const std::string_view shown = slice(cbor::field(facet, "index"), "byteStart", "byteEnd");
    cbor::for_each_element(cbor::field(facet, "features"), [&](cbor::item feature) {
      const auto type = cbor::text(cbor::field(feature, "$type")).value_or(std::string_view());
      if (type.ends_with("#mention")) {
        mention(shown, cbor::text(cbor::field(feature, "did")).value_or(std::string_view()));
      } else if (type.ends_with("#link")) {
        if (const auto uri = cbor::text(cbor::field(feature, "uri"))) p.urls.push_back(utf8(*uri));
      } else if (type.ends_with("#tag")) {
        if (const auto tag = cbor::text(cbor::field(feature, "tag")); tag && !tag->empty()) {
          p.hashtags.push_back(utf8(tag->front() == '#' ? tag->substr(1) : *tag));
        }
      }
      return true;
    });
    return true;
  });
  cbor::for_each_element(entities, [&](cbor::item entity) {  // 2023, before facets
    const auto type = cbor::text(cbor::field(entity, "type")).value_or(std::string_view());
    const auto value = cbor::text(cbor::field(entity, "value")).value_or(std::string_view());
    if (type == "mention") mention(slice(cbor::field(entity, "index"), "start", "end"), value);
    if (type == "link" && !value.empty()) p.urls.push_back(utf8(value));
    return true;
  });
  // Hashtags written before tag facets existed, or by clients that never made them, are only in the text.
  std::vector<std::string> written;
  tagged_words(p.text, '#', written);
  for (auto& word : written) {
    if (!contains_folded(p.hashtags, word)) p.hashtags.push_back(std::move(word));
  }
  std::sort(p.urls.begin(), p.urls.end());
  p.urls.erase(std::unique(p.urls.begin(), p.urls.end()), p.urls.end());  // a link card repeats a link facet
  add_url_domains(p);
  p.text_repaired = repaired;
  ++stats_.records_counted;
  sink_.on_post(p);
}

void repo_file::finish() {
  const bool failed = state_ == state::FAILED;
  if (!failed) {
    const uint64_t end = consumed_ + pos_;
    if (state_ == state::HEADER && stats_.bytes == 0) {
      report(problem_level::ERROR, problem_code::EMPTY_FILE, "This file is empty.");
    } else if (state_ == state::HEADER) {
      report(problem_level::ERROR, problem_code::TRUNCATED, "This file ends inside its CAR header.", 0);
    } else if (pos_ < buffer_.size()) {
      ++stats_.skipped[std::string(problem_code_name(problem_code::TRUNCATED))];
      report(problem_level::ERROR, problem_code::TRUNCATED,
             "The file ends inside the block that starts at byte " + with_commas(end) +
                 ": it was cut off, and what its last blocks held is not counted.",
             static_cast<int64_t>(end));
    }
  }
  if (state_ != state::HEADER && !commit_read_ && root_) {
    report(problem_level::ERROR, problem_code::MISSING_PART,
           "The repository's commit (the root block the header names) is not in this file, so none of its " +
               with_commas(waiting_records_.size()) + " posts and reposts can be placed in the repository: none is counted.");
  } else if (commit_read_) {
    uint64_t missing = 0;
    for (const auto& [id, keys] : wanted_records_) missing += keys.size();
    counts_.missing += missing;
    counts_.missing_nodes += wanted_nodes_.size();
    if (missing > 0 || !wanted_nodes_.empty()) {
      std::string message = "The repository names ";
      if (missing > 0) message += with_commas(missing) + (missing == 1 ? " post or repost" : " posts and reposts");
      if (missing > 0 && !wanted_nodes_.empty()) message += " and ";
      if (!wanted_nodes_.empty()) {
        message += with_commas(wanted_nodes_.size()) + (wanted_nodes_.size() == 1 ? " part" : " parts") +
                   " of its tree (with the records below them)";
      }
      message += " that this file does not hold";
      if (waiting_refused_ > 0) {
        message += ": " + with_commas(waiting_refused_) + " blocks came before their place in the tree, more than " +
                   with_commas(MAX_WAITING_BYTES >> 20) + " MiB of them, and were not kept";
      } else if (!failed) {
        message += " (a partial export)";
      }
      report(problem_level::ERROR, problem_code::MISSING_PART, message + ".");
    }
    for (const auto& [id, block] : waiting_records_) counts_.history += block.post_like ? 1 : 0;
  }
  release();
}

class bluesky_session final : public format_session {
 public:
  std::unique_ptr<file_reader> open(std::string name, post_sink& sink) override {
    return std::make_unique<repo_file>(std::move(name), counts_, account_, sink);
  }
  void write_facts(json_writer& w, const std::vector<input_stats>& /*inputs*/) const override {
    w.begin_object();
    w.field("follows", counts_.follows);
    w.field("history_left_out", counts_.history);
    w.field("missing", counts_.missing);
    w.key("facts");
    w.begin_array();
    if (counts_.follows > 0) w.value(with_commas(counts_.follows) + (counts_.follows == 1 ? " account" : " accounts") + " followed on Bluesky");
    if (counts_.votes > 0) w.value(with_commas(counts_.votes) + " votes of Bluesky's first months (2022-23, before likes)");
    w.end_array();
    w.key("notes");
    w.begin_array();
    if (counts_.history > 0) {
      w.value(with_commas(counts_.history) +
              (counts_.history == 1 ? " Bluesky post or repost in the file is" : " Bluesky posts and reposts in the file are") +
              " not in the repository's current tree (an older version, a deleted post): left out");
    }
    w.end_array();
    w.end_object();
  }
  uint64_t likes() const override { return counts_.likes; }
  std::string account() const override { return account_; }
  void write_state(json_writer& w, bool fragments_only) const override {
    const bluesky_counts none;
    const bluesky_counts& c = fragments_only ? none : counts_;  // repositories are read whole
    w.begin_object();
    write_state_counts(w, {c.likes, c.follows, c.votes, c.other_records, c.history, c.missing, c.missing_nodes,
                           c.repositories});
    w.field("account", fragments_only ? std::string() : account_);
    w.end_object();
  }
  bool merge_state(const simdjson::dom::element& state) override {
    std::string_view account;
    bluesky_counts& c = counts_;
    if (state["account"].get(account)) return false;
    if (!add_state_counts(state, {&c.likes, &c.follows, &c.votes, &c.other_records, &c.history, &c.missing,
                                  &c.missing_nodes, &c.repositories})) {
      return false;
    }
    if (account_.empty()) account_ = std::string(account);
    return true;
  }

 private:
  bluesky_counts counts_;
  std::string account_;
};

class bluesky_repository final : public format {
 public:
  std::string_view name() const override { return "bluesky"; }
  std::string_view label() const override { return "Bluesky repository (the .car file of \"Export my data\")"; }
  int sniff(std::string_view head, std::string_view /*path*/) const override {
    // A varint (the header's length), then a DAG-CBOR map of "roots" and "version" (keys sorted by length).
    const auto* p = reinterpret_cast<const uint8_t*>(head.data());
    const cbor::varint length = cbor::read_varint(p, p + head.size());
    if (length.size == 0 || length.value == 0 || length.value > MAX_HEADER || length.size >= head.size()) return 0;
    const std::string_view header = head.substr(length.size, std::min<uint64_t>(length.value, 64));
    const auto first = static_cast<uint8_t>(header[0]);
    if (first < 0xa1 || first > 0xa3) return 0;  // a map of 1 to 3 entries
    const bool roots = header.find("\x65roots") != std::string_view::npos;
    const bool version = header.find("\x67version") != std::string_view::npos;
    return roots && version ? 95 : 0;
  }
  entry_role entry(std::string_view path) const override {
    if (path.size() >= 4 && same_key(path.substr(path.size() - 4), ".car")) return {"posts", 0, false};
    return {};
  }
  std::string_view id_space() const override { return name(); }
  std::string_view platform() const override { return "Bluesky"; }
  std::string post_url(std::string_view id, std::string_view /*author*/) const override {
    // at://<did>/app.bsky.feed.post/<rkey> is https://bsky.app/profile/<did>/post/<rkey>; reposts have no page.
    const std::string_view did = did_of(id);
    const std::string_view rest = id.substr(std::min(id.size(), 5 + did.size()));
    const std::string prefix = "/" + std::string(POST) + "/";
    if (did.empty() || !rest.starts_with(prefix)) return {};
    return "https://bsky.app/profile/" + std::string(did) + "/post/" + std::string(rest.substr(prefix.size()));
  }
  std::unique_ptr<format_session> begin(const reader_options& /*options*/) const override {
    return std::make_unique<bluesky_session>();
  }
};

}  // namespace

const format& bluesky_format() {
  static const bluesky_repository instance;
  return instance;
}

}  // namespace chorus
