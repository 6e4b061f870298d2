#include "formats/linkedin/linkedin.h"

#include <algorithm>
#include <array>
#include <memory>

#include "json_writer.h"
#include "scan/csv_table.h"
#include "text/text_fold.h"
#include "text/text_util.h"
#include "time_parse.h"
#include "time_zone.h"

namespace chorus {

namespace {

/// Files of the export with private things (messages, contacts, logins): never opened.
constexpr std::string_view PRIVATE_FILES[] = {
    "messages.csv", "guide_messages.csv", "learning_coach_messages.csv", "Connections.csv", "Invitations.csv",
    "PhoneNumbers.csv", "Email Addresses.csv", "Contacts.csv", "ImportedContacts.csv", "Registration.csv",
    "Logins.csv", "Security Challenges.csv", "Whatsapp Phone Numbers.csv", "Receipts.csv", "Receipts_v2.csv",
    "Ad_Targeting.csv", "Inferences_about_you.csv", "SearchQueries.csv", "Profile.csv", "Profile Summary.csv"};

constexpr std::string_view SHARES_HEADER = "Date,ShareLink,ShareCommentary";
constexpr std::string_view COMMENTS_HEADER = "Date,Link,Message";

/// A time as LinkedIn writes it, "2025-07-01 14:33:22", in the zone chosen for the analysis.
std::optional<int64_t> linkedin_time(std::string_view text, const zone_rules* zone) {
  const auto local = parse_local_timestamp(text);
  if (!local) return std::nullopt;
  return zone ? zone->utc_of_local(*local) : *local;
}

/// ShareCommentary after CSV unescaping reads `line1"\n""\n"line2`: every physical line wrapped in quotes of its
/// own (a blank one as ""). Unwrapped line by line; a text without that pattern is kept as it is.
std::string unwrap_lines(std::string_view text) {
  if (text.find("\"\n\"") == std::string_view::npos) return std::string(text);
  std::string out;
  size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    const size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    const bool last = end == text.size();
    if (!first && line.starts_with('"')) line.remove_prefix(1);
    if (!last && line.ends_with('"')) line.remove_suffix(1);
    if (!first) out += '\n';
    out.append(line);
    first = false;
    start = end + 1;
  }
  return out;
}

/// The posts' common part: text, its hashtags, mentions, links and their domains.
void fill_text(post& p, std::string text) {
  p.text = std::move(text);
  tagged_words(p.text, '#', p.hashtags);
  for (size_t at = p.text.find("http"); at != std::string::npos; at = p.text.find("http", at + 4)) {
    const std::string_view rest = std::string_view(p.text).substr(at);
    if (!rest.starts_with("http://") && !rest.starts_with("https://")) continue;
    size_t end = 0;
    while (end < rest.size() && !is_space(rest[end]) && rest[end] != ')' && rest[end] != '"') ++end;
    p.urls.emplace_back(rest.substr(0, end));
    at += end;
  }
}

/// Shares.csv: RFC 4180, with the per-line quoting of its texts.
class shares_file final : public csv_table_reader {
 public:
  shares_file(std::string name, post_sink& sink, const zone_rules* zone)
      : csv_table_reader(std::move(name), sink, "linkedin-shares", "posts"), zone_(zone) {}

 private:
  enum column : uint8_t { DATE, LINK, TEXT, SHARED, COLUMNS };
  bool header(const std::vector<std::string>& names) override {
    constexpr std::array<std::string_view, COLUMNS> NAMES = {"date", "sharelink", "sharecommentary", "sharedurl"};
    for (size_t c = 0; c < COLUMNS; ++c) {
      const auto at = std::find(names.begin(), names.end(), NAMES[c]);
      at_[c] = at == names.end() ? SIZE_MAX : static_cast<size_t>(at - names.begin());
    }
    if (at_[DATE] == SIZE_MAX) {
      reject("This table has no Date column: it is not LinkedIn's Shares.csv.");
      return false;
    }
    return true;
  }
  std::string_view cell(const csv_rows::row& r, column c) const {
    return at_[c] < r.fields.size() ? r.fields[at_[c]] : std::string_view();
  }
  void row(const csv_rows::row& r) override {
    const auto ms = linkedin_time(cell(r, DATE), zone_);
    if (!ms) {
      skip(r, problem_code::MISSING_FIELD, "The date \"" + excerpt(cell(r, DATE)) + "\" is not one Chorus reads.");
      return;
    }
    post& p = post_;
    p.clear();
    p.time_ms = *ms;
    p.id = std::string(trim(cell(r, LINK)));
    if (p.id.empty()) p.id = "linkedin:share:" + std::to_string(*ms);
    fill_text(p, unwrap_lines(cell(r, TEXT)));
    const std::string_view shared = trim(cell(r, SHARED));
    if (!shared.empty() && std::find(p.urls.begin(), p.urls.end(), shared) == p.urls.end()) p.urls.emplace_back(shared);
    add_url_domains(p);
    counted();
    sink_.on_post(p);
  }

  const zone_rules* zone_;
  std::array<size_t, COLUMNS> at_{};
  post post_;
};

/// Comments.csv: a comment starts at a line that begins with a date and a LinkedIn link; its message runs to the
/// next such line. A quoted message has its quotes removed and \" and "" inside it read as quotes.
class comments_file final : public file_reader {
 public:
  comments_file(std::string name, post_sink& sink, const zone_rules* zone) : sink_(sink), zone_(zone) {
    stats_.name = std::move(name);
    stats_.format = "linkedin-comments";
    stats_.role = "comments";
    stats_.readable = true;
  }
  bool feed(const char* data, size_t size) override {
    stats_.bytes += size;
    for (size_t i = 0; i < size; ++i) {
      if (data[i] == '\n') {
        line_end();
      } else if (line_.size() < MAX_RECORD) {
        line_ += data[i];
      }
    }
    return true;
  }
  void finish() override {
    if (!line_.empty()) line_end();
    flush();
    if (!header_read_) report(problem_code::EMPTY_FILE, "The CSV file has no header row.", -1, -1);
  }
  void abandon() override {}
  void start_at_record(uint64_t) override {}
  void stop_at(uint64_t) override {}
  const input_stats& stats() const override { return stats_; }

 private:
  static constexpr size_t MAX_RECORD = 1u << 20;

  static bool starts_record(std::string_view line) {
    // "2025-07-13 08:15:21,https://www.linkedin.com/..."
    if (line.size() < 21 || line[19] != ',' || !parse_local_timestamp(line.substr(0, 19))) return false;
    return line.substr(20).starts_with("https://www.linkedin.com/");
  }
  void line_end() {
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    const uint64_t line_offset = offset_;
    offset_ += line_.size() + 1;
    if (!header_read_) {
      header_read_ = true;
      line_.clear();
      return;
    }
    if (starts_record(line_)) {
      flush();
      record_ = std::move(line_);
      record_offset_ = line_offset;
    } else if (!record_.empty()) {
      record_ += '\n';
      record_ += line_;
    } else if (!line_.empty()) {
      ++stats_.records_read;
      ++stats_.skipped[std::string(problem_code_name(problem_code::MALFORMED_RECORD))];
      report(problem_code::MALFORMED_RECORD, "This line does not start with a date and a LinkedIn link: it was skipped.",
             static_cast<int64_t>(stats_.records_read), static_cast<int64_t>(line_offset));
    }
    line_.clear();
  }
  void flush() {
    if (record_.empty()) return;
    ++stats_.records_read;
    const std::string_view r = record_;
    const size_t second = r.find(',', 20);
    const std::string_view link = r.substr(20, second == std::string_view::npos ? std::string_view::npos : second - 20);
    std::string_view message = second == std::string_view::npos ? std::string_view() : r.substr(second + 1);
    std::string text;
    if (message.size() >= 2 && message.front() == '"' && message.back() == '"') {
      message = message.substr(1, message.size() - 2);
      for (size_t i = 0; i < message.size(); ++i) {
        if ((message[i] == '\\' || message[i] == '"') && i + 1 < message.size() && message[i + 1] == '"') ++i;
        text += message[i];
      }
    } else {
      text.assign(message);
    }
    post& p = post_;
    p.clear();
    p.time_ms = *linkedin_time(r.substr(0, 19), zone_);
    p.kind = post_kind::REPLY;
    p.id = "linkedin:comment:" + std::to_string(p.time_ms) + ":" + std::string(link);
    fill_text(p, std::move(text));
    add_url_domains(p);
    ++stats_.records_counted;
    sink_.on_post(p);
    record_.clear();
  }
  void report(problem_code code, std::string message, int64_t record, int64_t offset) {
    sink_.report(problem_level::ERROR, code, stats_.name, std::move(message), record, offset);
  }

  post_sink& sink_;
  const zone_rules* zone_;
  input_stats stats_;
  std::string line_, record_;
  uint64_t offset_ = 0, record_offset_ = 0;
  bool header_read_ = false;
  post post_;
};

class linkedin_session final : public format_session {
 public:
  explicit linkedin_session(const reader_options& options) : options_(options) {}
  std::unique_ptr<file_reader> open(std::string name, post_sink& sink) override {
    const zone_rules* zone = options_.local_zone;
    if (same_key(base_name(name), "Comments.csv")) return std::make_unique<comments_file>(std::move(name), sink, zone);
    return std::make_unique<shares_file>(std::move(name), sink, zone);
  }
  void write_facts(json_writer& w, const std::vector<input_stats>& /*inputs*/) const override {
    w.begin_object();
    w.key("facts");
    w.begin_array();
    w.end_array();
    w.key("notes");
    w.begin_array();
    w.value(local_times_note("LinkedIn", options_));
    w.end_array();
    w.end_object();
  }

 private:
  reader_options options_;
};

class linkedin_export final : public format {
 public:
  std::string_view name() const override { return "linkedin"; }
  std::string_view label() const override { return "LinkedIn data export (Shares.csv, Comments.csv, or its ZIP)"; }
  std::string_view platform() const override { return "LinkedIn"; }
  int sniff(std::string_view head, std::string_view path) const override {
    // Comments.csv is opened by its name (its rows are not RFC 4180); Shares.csv by its header.
    if (head.starts_with(COMMENTS_HEADER)) return same_key(base_name(path), "Comments.csv") ? 90 : 0;
    return head.starts_with(SHARES_HEADER) && !same_key(base_name(path), "Comments.csv") ? 90 : 0;
  }
  entry_role entry(std::string_view path) const override {
    const std::string_view base = base_name(path);
    if (base == "Shares.csv") return {"posts", 0, false};
    if (base == "Comments.csv") return {"comments", 1, false};
    entry_role none;
    none.never = std::find(std::begin(PRIVATE_FILES), std::end(PRIVATE_FILES), base) != std::end(PRIVATE_FILES);
    return none;
  }
  std::string post_url(std::string_view id, std::string_view /*author*/) const override {
    return id.starts_with("https://www.linkedin.com/") ? std::string(id) : std::string();
  }
  std::unique_ptr<format_session> begin(const reader_options& options) const override {
    return std::make_unique<linkedin_session>(options);
  }
};

}  // namespace

const format& linkedin_format() {
  static const linkedin_export instance;
  return instance;
}

}  // namespace chorus
