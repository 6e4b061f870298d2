#include "formats/twitter_v1_jsonl/twitter_v1_jsonl.h"

#include "formats/tweet_v1/tweet_v1.h"
#include "scan/json_records.h"

namespace chorus {

namespace {

/// Each line's status, read whole: the full text of extended and retweeted tweets.
class v1_mapper final : public record_mapper {
 public:
  explicit v1_mapper(post_sink& sink) : sink_(sink) {}
  bool accept_prefix(std::string_view, char, input_stats&, post_sink&) override { return true; }
  simdjson::error_code read(simdjson::ondemand::object record, record_context& ctx) override {
    return tweet_.read(record, ctx, false);
  }
  void use(record_context& ctx) override {
    post* p = tweet_.finish(ctx);
    if (!p) return;
    tweet_.finalize();
    ctx.counted();
    sink_.on_post(*p);
  }

 private:
  post_sink& sink_;
  tweet_v1_reader tweet_{tweet_v1_options{.full_retweets = true}};
};

class v1_file final : public file_reader {
 public:
  v1_file(std::string name, post_sink& sink, record_copy copy)
      : mapper_(sink), reader_(std::move(name), sink, mapper_, framing::LINES, copy) {
    input_stats& stats = reader_.stats_to_fill();
    stats.format = "twitter-api-v1.1";
    stats.role = "posts";
    stats.readable = true;
  }
  bool feed(const char* data, size_t size) override { return reader_.feed(data, size); }
  void finish() override { reader_.finish(); }
  void abandon() override { reader_.abandon(); }
  void start_at_record(uint64_t offset) override { reader_.start_at_record(offset); }
  void stop_at(uint64_t offset) override { reader_.stop_at(offset); }
  const input_stats& stats() const override { return reader_.stats(); }

 private:
  v1_mapper mapper_;
  json_record_reader reader_;
};

/// Nothing is learned across files: each line stands alone.
class v1_session final : public format_session {
 public:
  explicit v1_session(const reader_options& options) : options_(options) {}
  std::unique_ptr<file_reader> open(std::string name, post_sink& sink) override {
    return std::make_unique<v1_file>(std::move(name), sink, options_.copy);
  }
 private:
  reader_options options_;
};

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

class twitter_v1_jsonl final : public format {
 public:
  std::string_view name() const override { return "twitter-api-v1.1"; }
  std::string_view label() const override { return "Twitter API v1.1 JSON Lines (twarc, streaming output)"; }
  int sniff(std::string_view head, std::string_view /*path*/) const override {
    const size_t start = head.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos || head[start] != '{') return 0;
    // A v1.1 status names these near its start; API v2 and other JSON do not have them all.
    const std::string_view first = head.substr(start, head.find('\n', start) - start);
    const bool status = first.find("\"created_at\"") != std::string_view::npos &&
                        first.find("\"id_str\"") != std::string_view::npos &&
                        (first.find("\"text\"") != std::string_view::npos ||
                         first.find("\"full_text\"") != std::string_view::npos);
    return status ? 70 : 0;
  }
  entry_role entry(std::string_view path) const override {
    if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson")) return {"posts", 2};
    return {};
  }
  int64_t record_start(std::string_view head, std::string_view window) const override {
    // Every line is a record: a range may start after any newline.
    if (sniff(head, {}) == 0) return -1;
    const size_t newline = window.find('\n');
    return newline == std::string_view::npos || newline + 1 >= window.size() ? -1 : static_cast<int64_t>(newline + 1);
  }
  std::string_view id_space() const override { return "x"; }
  std::string post_url(std::string_view id, std::string_view author) const override { return x_post_url(id, author); }
  std::unique_ptr<format_session> begin(const reader_options& options) const override {
    return std::make_unique<v1_session>(options);
  }
};

}  // namespace

const format& twitter_v1_jsonl_format() {
  static const twitter_v1_jsonl instance;
  return instance;
}

}  // namespace chorus
