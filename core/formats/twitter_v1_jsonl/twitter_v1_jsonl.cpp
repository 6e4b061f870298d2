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
    if (path.ends_with(".jsonl") || path.ends_with(".ndjson")) return {"posts", 2, true};
    return {};
  }
  int64_t record_start(std::string_view head, std::string_view window) const override {
    // Every line is a record: a range may start after any newline.
    if (sniff(head, {}) == 0) return -1;
    return next_line_start(window);
  }
  std::string_view id_space() const override { return "x"; }
  std::string_view platform() const override { return "X"; }
  std::string post_url(std::string_view id, std::string_view author) const override { return x_post_url(id, author); }
  std::unique_ptr<format_session> begin(const reader_options& options) const override {
    // Nothing is learned across files: each line stands alone.
    return std::make_unique<json_lines_session<v1_mapper>>(options, "twitter-api-v1.1");
  }
};

}  // namespace

const format& twitter_v1_jsonl_format() {
  static const twitter_v1_jsonl instance;
  return instance;
}

}  // namespace chorus
