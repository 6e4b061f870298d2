#include "formats/reddit/reddit.h"

#include <algorithm>
#include <array>
#include <memory>

#include "scan/csv_table.h"
#include "text/text_fold.h"
#include "text/text_util.h"
#include "time_parse.h"

namespace chorus {

namespace {

/// The export's files that hold something private or nothing of a person's posts: never opened.
constexpr std::string_view PRIVATE_FILES[] = {
    "messages.csv", "message_headers.csv", "messages_archive.csv", "messages_archive_headers.csv", "chat_history.csv",
    "ip_logs.csv", "linked_identities.csv", "linked_phone_number.csv", "account_gender.csv", "birthdate.csv",
    "sensitive_ads_preferences.csv", "payouts.csv", "purchases.csv", "stripe.csv", "persona.csv", "drafts.csv",
    "user_preferences.csv", "statistics.csv", "twitter.csv", "announcements.csv", "checkfile.csv"};

/// The columns of posts.csv and comments.csv, located by name in the header.
enum column : uint8_t { ID, DATE, SUBREDDIT, TITLE, URL, BODY, PARENT, COLUMNS };
constexpr std::array<std::string_view, COLUMNS> COLUMN_NAMES = {"id", "date", "subreddit", "title", "url", "body", "parent"};

/// "u/name" (or "/u/name") mentions of a Markdown body, at the start of a word.
void user_mentions(std::string_view text, std::vector<std::string>& out) {
  const auto boundary = [&](size_t at) { return at == 0 || text[at - 1] == ' ' || text[at - 1] == '\n' || text[at - 1] == '('; };
  for (size_t at = text.find("u/"); at != std::string_view::npos; at = text.find("u/", at + 2)) {
    const bool start = boundary(at) || (text[at - 1] == '/' && boundary(at - 1));
    size_t end = at + 2;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_' || text[end] == '-')) ++end;
    if (start && end - at > 4) out.emplace_back(text.substr(at + 2, end - at - 2));
  }
}

/// Links of a Markdown body: http(s) addresses up to a space, a closing bracket or a line end.
void body_links(std::string_view text, std::vector<std::string>& out) {
  for (size_t at = text.find("http"); at != std::string_view::npos; at = text.find("http", at + 4)) {
    if (!text.substr(at).starts_with("http://") && !text.substr(at).starts_with("https://")) continue;
    size_t end = at;
    while (end < text.size() && !is_space(text[end]) && text[end] != ')' && text[end] != ']' && text[end] != '>') ++end;
    out.emplace_back(text.substr(at, end - at));
    at = end;
  }
}

class reddit_file final : public csv_table_reader {
 public:
  reddit_file(std::string name, post_sink& sink) : csv_table_reader(std::move(name), sink, "reddit-posts", "posts") {}

 private:
  bool header(const std::vector<std::string>& names) override {
    // comments.csv names the post and the comment answered; posts.csv a title and a link.
    comments_ = std::find(names.begin(), names.end(), "parent") != names.end();
    if (comments_) {
      stats_to_fill().format = "reddit-comments";
      stats_to_fill().role = "comments";
    }
    for (size_t c = 0; c < COLUMNS; ++c) {
      const auto at = std::find(names.begin(), names.end(), COLUMN_NAMES[c]);
      at_[c] = at == names.end() ? SIZE_MAX : static_cast<size_t>(at - names.begin());
    }
    if (at_[ID] == SIZE_MAX || at_[DATE] == SIZE_MAX) {
      reject("This table has no id or date column: it is not Reddit's posts.csv or comments.csv.");
      return false;
    }
    return true;
  }
  std::string_view cell(const csv_rows::row& r, column c) const {
    return at_[c] < r.fields.size() ? r.fields[at_[c]] : std::string_view();
  }
  void row(const csv_rows::row& r) override {
    const std::string_view id = trim(cell(r, ID));
    const auto ms = parse_timestamp(cell(r, DATE));
    if (id.empty()) {
      skip(r, problem_code::MISSING_FIELD, "This row has no id.");
      return;
    }
    if (!ms) {
      skip(r, problem_code::MISSING_FIELD, "The date \"" + excerpt(cell(r, DATE)) + "\" of " + std::string(id) + " is not one Chorus reads.");
      return;
    }
    post& p = post_;
    p.clear();
    // Posts and comments have ids of their own kinds (t3_, t1_ in Reddit's API): kept apart.
    p.id = std::string(comments_ ? "t1_" : "t3_") + std::string(id);
    p.time_ms = *ms;
    const std::string_view body = cell(r, BODY), title = cell(r, TITLE);
    p.text = title.empty() ? std::string(body) : body.empty() ? std::string(title) : std::string(title) + "\n\n" + std::string(body);
    if (comments_) p.kind = post_kind::REPLY;
    std::string community(trim(cell(r, SUBREDDIT)));
    if (!community.empty()) p.client = "r/" + community;  // where it was posted, Reddit's nearest to a client
    user_mentions(p.text, p.mentions);
    body_links(p.text, p.urls);
    const std::string_view url = trim(cell(r, URL));
    if (!url.empty() && url.find("reddit.com/") == std::string_view::npos) p.urls.emplace_back(url);
    add_url_domains(p);
    tagged_words(p.text, '#', p.hashtags);
    counted();
    sink_.on_post(p);
  }

  bool comments_ = false;
  std::array<size_t, COLUMNS> at_{};
  post post_;
};

class reddit_session final : public format_session {
 public:
  std::unique_ptr<file_reader> open(std::string name, post_sink& sink) override {
    return std::make_unique<reddit_file>(std::move(name), sink);
  }
};

class reddit_export final : public format {
 public:
  std::string_view name() const override { return "reddit"; }
  std::string_view label() const override { return "Reddit data request export (the ZIP, posts.csv or comments.csv)"; }
  std::string_view platform() const override { return "Reddit"; }
  int sniff(std::string_view head, std::string_view /*path*/) const override {
    if (!head.starts_with("id,permalink,date,")) return 0;
    const std::string_view header = head.substr(0, head.find_first_of("\r\n"));
    const bool comments = header.find(",link,parent,") != std::string_view::npos;
    const bool posts = header.find(",title,url,") != std::string_view::npos;
    return comments || posts ? 90 : 0;
  }
  entry_role entry(std::string_view path) const override {
    const std::string_view base = base_name(path);
    if (base == "posts.csv") return {"posts", 0, false};
    if (base == "comments.csv") return {"comments", 1, false};
    entry_role none;
    none.never = std::find(std::begin(PRIVATE_FILES), std::end(PRIVATE_FILES), base) != std::end(PRIVATE_FILES);
    return none;
  }
  std::string post_url(std::string_view id, std::string_view /*author*/) const override {
    if (id.starts_with("t3_")) return "https://www.reddit.com/comments/" + std::string(id.substr(3));
    return {};
  }
  std::unique_ptr<format_session> begin(const reader_options& /*options*/) const override {
    return std::make_unique<reddit_session>();
  }
};

}  // namespace

const format& reddit_format() {
  static const reddit_export instance;
  return instance;
}

}  // namespace chorus
