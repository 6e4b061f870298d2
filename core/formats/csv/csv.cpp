#include "formats/csv/csv.h"

#include <algorithm>
#include <array>
#include <optional>

#include "scan/csv_rows.h"
#include "formats/tweet_v1/tweet_v1.h"
#include "json_writer.h"
#include "text/text_fold.h"
#include "text/text_util.h"
#include "time_parse.h"

namespace chorus {

namespace {

/// What a column may hold for a post.
enum class field : uint8_t {
  ID, TIME, TEXT, AUTHOR, KIND, REPLY_TO, LANG, CLIENT, URLS, ENGAGEMENT,
  RETWEETED_ID, REPLIED_ID, QUOTED_ID, REFERENCED, RETWEETED_AUTHOR, INCLUDED_AS, COUNT
};
constexpr size_t FIELD_COUNT = static_cast<size_t>(field::COUNT);

/// A header layout a tool writes: the header names of each field, the first present wins.
struct layout {
  std::string_view name;
  std::string_view label;
  std::array<std::vector<std::string_view>, FIELD_COUNT> columns;
  /// Header names that must all be present to recognise it.
  std::vector<std::string_view> marks;
};

const std::vector<layout>& layouts() {
  static const std::vector<layout> all = [] {
    std::vector<layout> v;
    layout twarc;  // twarc2 csv (twarc-csv), the 2021 layout and the current DEFAULT_TWEET_COLUMNS
    twarc.name = "twarc-csv";
    twarc.label = "twarc-csv (Twitter API v2)";
    twarc.marks = {"id", "created_at", "text", "author_id"};
    auto& c = twarc.columns;
    c[size_t(field::ID)] = {"id"};
    c[size_t(field::TIME)] = {"created_at"};
    c[size_t(field::TEXT)] = {"text"};
    c[size_t(field::AUTHOR)] = {"author.username"};
    c[size_t(field::REPLY_TO)] = {"in_reply_to_username"};
    c[size_t(field::LANG)] = {"lang"};
    c[size_t(field::CLIENT)] = {"source"};
    c[size_t(field::URLS)] = {"entities.urls"};
    c[size_t(field::ENGAGEMENT)] = {"public_metrics.like_count", "public_metrics.retweet_count"};
    c[size_t(field::RETWEETED_ID)] = {"referenced_tweets.retweeted.id"};
    c[size_t(field::REPLIED_ID)] = {"referenced_tweets.replied_to.id"};
    c[size_t(field::QUOTED_ID)] = {"referenced_tweets.quoted.id"};
    c[size_t(field::REFERENCED)] = {"referenced_tweets"};
    c[size_t(field::RETWEETED_AUTHOR)] = {"retweeted_username"};
    c[size_t(field::INCLUDED_AS)] = {"type"};  // 2021: a referenced tweet added as a row of its own
    v.push_back(std::move(twarc));

    layout json2csv;  // twarc 1 json2csv
    json2csv.name = "twarc-json2csv";
    json2csv.label = "twarc json2csv (Twitter API v1.1)";
    json2csv.marks = {"id", "created_at", "user_screen_name", "text", "tweet_type"};
    auto& j = json2csv.columns;
    j[size_t(field::ID)] = {"id"};
    j[size_t(field::TIME)] = {"created_at"};
    j[size_t(field::TEXT)] = {"text"};
    j[size_t(field::AUTHOR)] = {"user_screen_name"};
    j[size_t(field::KIND)] = {"tweet_type"};
    j[size_t(field::REPLY_TO)] = {"in_reply_to_screen_name"};
    j[size_t(field::LANG)] = {"lang"};
    j[size_t(field::CLIENT)] = {"source"};
    j[size_t(field::URLS)] = {"urls"};
    j[size_t(field::ENGAGEMENT)] = {"favorite_count", "retweet_count"};
    j[size_t(field::RETWEETED_AUTHOR)] = {"retweet_or_quote_screen_name"};
    v.push_back(std::move(json2csv));

    layout grailbird;  // the X archive's tweets.csv (2012-2018)
    grailbird.name = "x-archive-tweets-csv";
    grailbird.label = "X archive tweets.csv (Grailbird)";
    grailbird.marks = {"tweet_id", "timestamp", "text"};
    auto& g = grailbird.columns;
    g[size_t(field::ID)] = {"tweet_id"};
    g[size_t(field::TIME)] = {"timestamp"};
    g[size_t(field::TEXT)] = {"text"};
    g[size_t(field::CLIENT)] = {"source"};
    g[size_t(field::URLS)] = {"expanded_urls"};
    g[size_t(field::RETWEETED_ID)] = {"retweeted_status_id"};
    g[size_t(field::REPLIED_ID)] = {"in_reply_to_status_id", "in_reply_to_user_id"};
    v.push_back(std::move(grailbird));
    return v;
  }();
  return all;
}

std::string lower(std::string_view s) {
  std::string out(trim(s));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

int column_named(const std::vector<std::string>& header, std::string_view name) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

/// The known layout of a header (names lower-cased), or nullptr.
const layout* layout_of(const std::vector<std::string>& header) {
  for (const layout& l : layouts()) {
    if (std::all_of(l.marks.begin(), l.marks.end(), [&](std::string_view m) { return column_named(header, m) >= 0; })) {
      return &l;
    }
  }
  return nullptr;
}

/// Where each field is in a row: a column index or -1.
using column_map = std::array<int, FIELD_COUNT>;

column_map map_layout(const layout& l, const std::vector<std::string>& header) {
  column_map m;
  m.fill(-1);
  for (size_t f = 0; f < FIELD_COUNT; ++f) {
    for (std::string_view name : l.columns[f]) {
      const int at = column_named(header, name);
      if (at >= 0) {
        m[f] = at;
        break;
      }
    }
  }
  return m;
}

/// The user's mapping ("time=created,text=body,...") against a header; false with a reason when it names a
/// column the table does not have, a field Chorus does not know, or lacks time or text.
bool map_user_columns(std::string_view spec, const std::vector<std::string>& header, column_map& m,
                      std::string& why) {
  m.fill(-1);
  constexpr std::pair<std::string_view, field> NAMES[] = {{"time", field::TIME}, {"text", field::TEXT},
                                                          {"author", field::AUTHOR}, {"id", field::ID},
                                                          {"kind", field::KIND}, {"reply_to", field::REPLY_TO}};
  while (!spec.empty()) {
    const size_t comma = spec.find(',');
    const std::string_view part = trim(spec.substr(0, comma));
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      why = "\"" + std::string(part) + "\" is not field=column";
      return false;
    }
    const std::string_view name = trim(part.substr(0, eq));
    const std::string column = lower(part.substr(eq + 1));
    const auto known = std::find_if(std::begin(NAMES), std::end(NAMES), [&](const auto& n) { return n.first == name; });
    if (known == std::end(NAMES)) {
      why = "\"" + std::string(name) + "\" is not a field (time, text, author, id, kind, reply_to)";
      return false;
    }
    int at = column_named(header, column);
    if (at < 0 && !column.empty() && std::all_of(column.begin(), column.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      const long n = std::stol(column.substr(0, 6));
      if (n >= 1 && static_cast<size_t>(n) <= header.size()) at = static_cast<int>(n - 1);
    }
    if (at < 0) {
      why = "the table has no column \"" + column + "\"";
      return false;
    }
    m[size_t(known->second)] = at;
  }
  if (m[size_t(field::TIME)] < 0 || m[size_t(field::TEXT)] < 0) {
    why = "the time and the text must be mapped";
    return false;
  }
  return true;
}

/// A spreadsheet's rendering of a long number: 1.17007E+18, digits lost.
bool is_scientific(std::string_view s) {
  const size_t e = s.find_first_of("eE");
  if (e == std::string_view::npos || e == 0 || e + 2 > s.size()) return false;
  for (size_t i = 0; i < e; ++i) {
    if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) return false;
  }
  size_t i = e + 1;
  if (s[i] == '+' || s[i] == '-') ++i;
  if (i >= s.size()) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

/// A time cell: any form parse_timestamp reads, the same without a zone (read as UTC), a date alone, or
/// Unix seconds or milliseconds.
std::optional<int64_t> parse_cell_time(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  if (auto ms = parse_timestamp(s)) return ms;
  if (std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) && (s.size() == 10 || s.size() == 13)) {
    int64_t n = 0;
    for (char c : s) n = n * 10 + (c - '0');
    return s.size() == 10 ? n * 1000 : n;
  }
  std::string utc(s);
  if (utc.size() == 10) utc += " 00:00:00";
  if (utc.size() >= 19 && utc[10] == ' ' && utc.back() == 'C' && utc.ends_with(" UTC")) utc.resize(utc.size() - 4);
  utc += "Z";
  return parse_timestamp(utc);
}

/// The URLs of a cell: a JSON list of entity objects (twarc-csv's entities.urls, `"expanded_url": "..."`)
/// or URLs separated by spaces or commas.
void cell_urls(std::string_view cell, std::vector<std::string>& out) {
  cell = trim(cell);
  if (cell.starts_with("[")) {
    constexpr std::string_view KEY = "\"expanded_url\": \"";
    constexpr std::string_view KEY2 = "\"expanded_url\":\"";
    for (size_t at = 0; at < cell.size();) {
      size_t found = cell.find(KEY, at), skip = KEY.size();
      const size_t found2 = cell.find(KEY2, at);
      if (found2 < found) {
        found = found2;
        skip = KEY2.size();
      }
      if (found == std::string_view::npos) break;
      const size_t start = found + skip;
      const size_t end = cell.find('"', start);
      if (end == std::string_view::npos) break;
      std::string url(cell.substr(start, end - start));
      // JSON escapes a slash as \/ in some writers.
      url.erase(std::remove(url.begin(), url.end(), '\\'), url.end());
      if (!url.empty()) out.push_back(std::move(url));
      at = end + 1;
    }
    return;
  }
  size_t i = 0;
  while (i < cell.size()) {
    const size_t end = cell.find_first_of(" ,", i);
    const std::string_view url = cell.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    if (url.starts_with("http")) out.emplace_back(url);
    if (end == std::string_view::npos) break;
    i = end + 1;
  }
}

post_kind kind_named(std::string_view value) {
  const std::string v = lower(value);
  if (v.find("retweet") != std::string::npos || v.find("repost") != std::string::npos || v == "rt" ||
      v.find("boost") != std::string::npos || v.find("share") != std::string::npos) {
    return post_kind::REPOST;
  }
  if (v.find("repl") != std::string::npos || v.find("comment") != std::string::npos) return post_kind::REPLY;
  if (v.find("quot") != std::string::npos) return post_kind::QUOTE;
  return post_kind::ORIGINAL;
}

/// What one session counts across its files, for the facts.
struct csv_counts {
  uint64_t mangled_ids = 0;
  std::vector<std::string> layouts;  // the layouts met, by label, once each

  /// Notes a layout met (in a file, or in another session's state), once.
  void note_layout(std::string_view label) {
    if (std::find(layouts.begin(), layouts.end(), label) == layouts.end()) layouts.emplace_back(label);
  }
};

class csv_file final : public file_reader {
 public:
  csv_file(std::string name, post_sink& sink, const reader_options& options, csv_counts& counts)
      : sink_(sink), options_(options), counts_(counts) {
    stats_.name = std::move(name);
    stats_.format = "csv";
    stats_.role = "posts";
    stats_.readable = true;
  }

  bool feed(const char* data, size_t size) override {
    if (done_) return false;
    stats_.bytes += size;
    rows_.feed(data, size, [&](const csv_rows::row& r) { on_row(r); });
    return !done_;
  }

  void finish() override {
    if (done_) return;
    const uint64_t offset = rows_.row_offset();
    if (!rows_.finish([&](const csv_rows::row& r) { on_row(r); })) {
      ++stats_.records_read;
      ++stats_.skipped["truncated"];
      report(problem_level::ERROR, problem_code::TRUNCATED,
             "The file ends inside a quoted field (the row starts at byte " + std::to_string(offset) +
                 "): it was probably cut off. The complete rows before it were counted.",
             static_cast<int64_t>(stats_.records_read), static_cast<int64_t>(offset));
    }
    if (!header_read_) {
      report(problem_level::ERROR, problem_code::EMPTY_FILE, "The CSV file has no header row.", -1, -1);
    }
    if (mangled_ > 0) {
      counts_.mangled_ids += mangled_;
      report(problem_level::WARNING, problem_code::BAD_FIELD,
             std::to_string(mangled_) + " id(s) were written in scientific notation (such as " + mangled_example_ +
                 ") by a spreadsheet, which rounds them: those posts are counted, but cannot be told from their "
                 "duplicates. Export ids as text.",
             -1, -1);
    }
    done_ = true;
  }
  void abandon() override { done_ = true; }
  void start_at_record(uint64_t) override {}  // never cut: quoted fields may hold line breaks
  void stop_at(uint64_t) override {}
  const input_stats& stats() const override { return stats_; }

 private:
  void report(problem_level level, problem_code code, std::string message, int64_t record, int64_t offset) {
    sink_.report(level, code, stats_.name, std::move(message), record, offset);
  }
  void skip(const csv_rows::row& r, problem_code code, std::string message) {
    ++stats_.skipped[std::string(problem_code_name(code))];
    report(problem_level::ERROR, code, std::move(message), static_cast<int64_t>(stats_.records_read),
           static_cast<int64_t>(r.offset));
  }

  void on_row(const csv_rows::row& r) {
    if (done_) return;
    if (!header_read_) {
      read_header(r);
      return;
    }
    ++stats_.records_read;
    if (r.oversize) {
      skip(r, problem_code::RECORD_TOO_LARGE, "This row is longer than 16 MiB and was skipped.");
      return;
    }
    use_row(r);
  }

  void read_header(const csv_rows::row& r) {
    header_read_ = true;
    std::vector<std::string> header;
    for (const auto f : r.fields) header.push_back(lower(f));
    if (const layout* l = layout_of(header)) {
      columns_ = map_layout(*l, header);
      stats_.format = std::string(l->name);
      stats_.data_name = std::string(l->label);
      grailbird_ = l->name == "x-archive-tweets-csv";
      counts_.note_layout(l->label);
      return;
    }
    std::string names;
    for (size_t i = 0; i < header.size() && i < 12; ++i) names += (i ? ", " : "") + std::string(excerpt(r.fields[i], 30));
    if (header.size() > 12) names += ", ...";
    std::string why;
    if (!options_.columns.empty() && map_user_columns(options_.columns, header, columns_, why)) {
      stats_.format = "csv-mapped";
      stats_.data_name = "columns mapped by the user: " + options_.columns;
      return;
    }
    stats_.readable = false;
    stats_.role = "unknown";
    done_ = true;
    report(problem_level::ERROR, problem_code::UNMAPPED_COLUMNS,
           options_.columns.empty()
               ? "Chorus does not know the columns of this CSV file (" + names +
                     "): say which hold the time, the text and the rest (on the page, or with --columns) to read it."
               : "The column mapping does not fit this CSV file (" + names + "): " + why + ".",
           -1, 0);
  }

  std::string_view cell(const csv_rows::row& r, field f) const {
    const int at = columns_[size_t(f)];
    return at >= 0 && static_cast<size_t>(at) < r.fields.size() ? r.fields[at] : std::string_view();
  }

  void use_row(const csv_rows::row& r) {
    const std::string_view included_as = trim(cell(r, field::INCLUDED_AS));
    if (!included_as.empty()) {
      ++stats_.skipped[std::string(problem_code_name(problem_code::NOT_A_POST))];
      report(problem_level::INFO, problem_code::NOT_A_POST,
             "This row is a tweet the collected ones refer to (\"" + excerpt(included_as) +
                 "\"), added by twarc-csv; it is not one of the collection.",
             static_cast<int64_t>(stats_.records_read), static_cast<int64_t>(r.offset));
      return;
    }
    post& p = post_;
    p.clear();
    const std::string_view time = cell(r, field::TIME);
    const std::string_view id = trim(cell(r, field::ID));
    const auto ms = parse_cell_time(time);
    if (!ms) {
      skip(r, time.empty() ? problem_code::MISSING_FIELD : problem_code::BAD_FIELD,
           time.empty() ? "This row has no time." : "\"" + excerpt(time) + "\" is not a time Chorus understands.");
      return;
    }
    if (is_scientific(id)) {
      if (mangled_++ == 0) mangled_example_ = std::string(id);
    } else {
      p.id.assign(id);
    }
    p.time_ms = *ms;
    p.text.assign(cell(r, field::TEXT));
    p.author.assign(trim(cell(r, field::AUTHOR)));
    if (!p.author.empty() && p.author[0] == '@') p.author.erase(0, 1);
    p.lang.assign(trim(cell(r, field::LANG)));
    p.client = client_name(cell(r, field::CLIENT));
    p.engagement_known = columns_[size_t(field::ENGAGEMENT)] >= 0;
    p.reply_to.assign(trim(cell(r, field::REPLY_TO)));
    if (!p.reply_to.empty() && p.reply_to[0] == '@') p.reply_to.erase(0, 1);
    // The kind: a kind column, the ids of referenced tweets, or what the text shows.
    const bool mapped_kind = columns_[size_t(field::KIND)] >= 0;
    const std::string_view referenced = cell(r, field::REFERENCED);
    if (mapped_kind) {
      p.kind = kind_named(cell(r, field::KIND));
    } else if (!trim(cell(r, field::RETWEETED_ID)).empty() || referenced.find("\"retweeted\"") != std::string_view::npos) {
      p.kind = post_kind::REPOST;
    } else if (!trim(cell(r, field::REPLIED_ID)).empty() || referenced.find("\"replied_to\"") != std::string_view::npos) {
      p.kind = post_kind::REPLY;
    } else if (!trim(cell(r, field::QUOTED_ID)).empty() || referenced.find("\"quoted\"") != std::string_view::npos) {
      p.kind = post_kind::QUOTE;
    } else if (p.text.starts_with("RT @")) {
      p.kind = post_kind::REPOST;
    } else if (!p.reply_to.empty()) {
      p.kind = post_kind::REPLY;
    }
    const size_t escaped = p.text.size();
    if (!options_.columns.empty() && stats_.format == "csv-mapped") {
      // Another tool's table: its text is taken as written.
    } else {
      decode_html_entities(p.text);
    }
    p.text_repaired = p.text.size() != escaped;
    tagged_words(p.text, '#', p.hashtags);
    tagged_words(p.text, '@', p.mentions);
    if (p.kind == post_kind::REPLY && p.reply_to.empty() && p.text.starts_with("@") && !p.mentions.empty()) {
      p.reply_to = p.mentions.front();  // a reply names whom it answers first
    }
    cell_urls(cell(r, field::URLS), p.urls);
    if (columns_[size_t(field::URLS)] < 0) {
      for (size_t at = p.text.find("http"); at != std::string::npos; at = p.text.find("http", at + 4)) {
        const size_t end = p.text.find_first_of(" \t\r\n\"<>", at);
        const std::string_view url = std::string_view(p.text).substr(at, end == std::string::npos ? std::string::npos : end - at);
        if (url.starts_with("http://") || url.starts_with("https://")) p.urls.emplace_back(url);
      }
    }
    add_url_domains(p);
    ++stats_.records_counted;
    sink_.on_post(p);
  }

  post_sink& sink_;
  const reader_options& options_;
  csv_counts& counts_;
  input_stats stats_;
  csv_rows rows_;
  column_map columns_{};
  bool header_read_ = false, done_ = false, grailbird_ = false;
  uint64_t mangled_ = 0;
  std::string mangled_example_;
  post post_;
};

class csv_session final : public format_session {
 public:
  explicit csv_session(const reader_options& options) : options_(options) {}
  std::unique_ptr<file_reader> open(std::string name, post_sink& sink) override {
    return std::make_unique<csv_file>(std::move(name), sink, options_, counts_);
  }
  void write_facts(json_writer& w, const std::vector<input_stats>& /*inputs*/) const override {
    w.begin_object();
    w.key("layouts");
    w.begin_array();
    for (const auto& l : counts_.layouts) w.value(l);
    w.end_array();
    w.field("mangled_ids", counts_.mangled_ids);
    w.key("facts");
    w.begin_array();
    for (const auto& l : counts_.layouts) w.value("CSV columns recognised as " + l + ".");
    if (!options_.columns.empty()) w.value("CSV columns mapped as " + options_.columns + ".");
    w.end_array();
    w.key("notes");
    w.begin_array();
    if (counts_.mangled_ids > 0) {
      w.value(std::to_string(counts_.mangled_ids) +
              " ids were rounded by a spreadsheet (scientific notation): their posts could not be checked for duplicates.");
    }
    w.end_array();
    w.end_object();
  }

  void write_state(json_writer& w, bool /*fragments_only*/) const override {
    w.begin_object();
    w.field("mangled_ids", counts_.mangled_ids);
    w.key("layouts");
    w.begin_array();
    for (const auto& l : counts_.layouts) w.value(l);
    w.end_array();
    w.end_object();
  }
  bool merge_state(const simdjson::dom::element& state) override {
    uint64_t mangled = 0;
    simdjson::dom::array layouts;
    if (state["mangled_ids"].get(mangled) || mangled > MAX_STATE_COUNT || state["layouts"].get(layouts)) return false;
    std::vector<std::string_view> incoming;
    for (simdjson::dom::element l : layouts) {
      if (l.get(incoming.emplace_back())) return false;
    }
    counts_.mangled_ids += mangled;
    for (const std::string_view label : incoming) counts_.note_layout(label);
    return true;
  }

 private:
  reader_options options_;
  csv_counts counts_;
};

class csv final : public format {
 public:
  std::string_view name() const override { return "csv"; }
  std::string_view label() const override {
    return "CSV tables of posts (twarc-csv, twarc json2csv, X tweets.csv, or any table once its columns are mapped)";
  }
  std::string_view id_space() const override { return "x"; }
  std::string_view platform() const override { return "X"; }
  int sniff(std::string_view head, std::string_view path) const override {
    // A header row of several names, not JSON; the name helps.
    const std::string_view first = trim(head.substr(0, head.find('\n')));
    if (first.empty() || first[0] == '{' || first[0] == '[' || first.find('=') != std::string_view::npos) return 0;
    if (std::count(first.begin(), first.end(), ',') < 1) return 0;
    for (unsigned char c : head.substr(0, 512)) {
      if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) return 0;
    }
    if (path.ends_with(".csv") || path.ends_with(".CSV")) return 60;
    // Without the name, only a header Chorus knows: a line of text with a comma is not a table.
    std::vector<std::string> header;
    csv_rows rows;
    bool first_row = false;
    rows.feed(first.data(), first.size(), [&](const csv_rows::row&) {});
    rows.finish([&](const csv_rows::row& r) {
      for (auto f : r.fields) header.push_back(lower(f));
      first_row = true;
    });
    return first_row && layout_of(header) ? 60 : 0;
  }
  entry_role entry(std::string_view path) const override {
    if (path.ends_with(".csv") || path.ends_with(".CSV")) return {"posts", 3, true};
    return {};
  }
  std::string preview(std::string_view head) const override {
    csv_rows rows;
    std::vector<std::vector<std::string>> table;
    rows.feed(head.data(), head.size(), [&](const csv_rows::row& r) {
      if (table.size() >= 6) return;
      std::vector<std::string> fields;
      for (auto f : r.fields) fields.emplace_back(repair_utf8(f.substr(0, 200)));
      table.push_back(std::move(fields));
    });
    json_writer w;
    w.begin_object();
    w.key("columns");
    w.begin_array();
    std::vector<std::string> header;
    if (!table.empty()) {
      for (const auto& f : table[0]) {
        w.value(f);
        header.push_back(lower(f));
      }
    }
    w.end_array();
    w.key("rows");
    w.begin_array();
    for (size_t i = 1; i < table.size(); ++i) {
      w.begin_array();
      for (const auto& f : table[i]) w.value(f);
      w.end_array();
    }
    w.end_array();
    const layout* l = layout_of(header);
    w.field_or_null("known", l != nullptr, l ? std::string(l->label) : std::string());
    w.end_object();
    return w.str();
  }
  std::unique_ptr<format_session> begin(const reader_options& options) const override {
    return std::make_unique<csv_session>(options);
  }
};

}  // namespace

const format& csv_format() {
  static const csv instance;
  return instance;
}

}  // namespace chorus
