#include "query.h"

#include "enum_names.h"
#include "text/text_fold.h"

namespace chorus {

std::string_view term_kind_name(term_kind kind) {
  static constexpr enum_names<term_kind, 4> KINDS{{"hashtag", "hashtag_prefix", "mention", "phrase"}};
  return KINDS(kind);
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// Only the word code points of folded text, concatenated.
void compact(std::string_view folded, std::string& out) {
  out.clear();
  for (size_t i = 0; i < folded.size();) {
    const size_t at = i;
    if (is_word_code_point(next_code_point(folded, i))) out.append(folded.substr(at, i - at));
  }
}

}  // namespace

bool parse_term(std::string_view text, query_term& term, std::string& error) {
  term = {};
  term.text = std::string(trim(text));
  std::string folded;
  fold_text(term.text, folded);  // fullwidth ＃ and ＠ become # and @ here
  std::string_view body = folded;
  if (!body.empty() && (body.front() == '#' || body.front() == '@')) {
    const char sigil = body.front();
    body.remove_prefix(1);
    const bool prefix = sigil == '#' && !body.empty() && body.back() == '*';
    if (prefix) body.remove_suffix(1);
    std::vector<std::string_view> words;
    split_words(body, words);
    // Handles of other platforms join words with '.', '-' and '@' (alice.bsky.social, user@mastodon.social).
    bool handle = sigil == '@' && !body.empty();
    for (size_t i = 0; handle && i < body.size();) {
      const size_t start = i;
      const uint32_t cp = next_code_point(body, i);
      const bool joiner = cp == '.' || cp == '-' || cp == '@';
      handle = is_word_code_point(cp) || cp == '_' || (joiner && start > 0 && i < body.size());
    }
    if (!handle && (words.size() != 1 || words[0].size() != body.size())) {
      error = "\"" + term.text + "\" is not a " + (sigil == '#' ? "hashtag" : "handle") +
              ": it must be one word, such as #MeToo or @TaranaBurke.";
      return false;
    }
    term.kind = sigil == '@' ? term_kind::MENTION : prefix ? term_kind::HASHTAG_PREFIX : term_kind::HASHTAG;
    term.key = std::string(body);
    return true;
  }
  std::vector<std::string_view> words;
  split_words(folded, words);
  if (words.empty()) {
    error = "\"" + term.text + "\" has no words to look for.";
    return false;
  }
  term.kind = term_kind::PHRASE;
  for (const auto w : words) {
    if (w.size() > words[term.probe].size()) term.probe = term.words.size();
    term.words.emplace_back(w);
  }
  for (size_t i = 0; i < folded.size();)
    term.unspaced = is_unspaced_script(next_code_point(folded, i)) || term.unspaced;
  if (term.unspaced)
    compact(folded, term.key);
  else
    term.key = folded;
  return true;
}

query_matcher::query_matcher(std::vector<query_term> terms) : terms_(std::move(terms)) {
  for (const auto& term : terms_) any_unspaced_ = any_unspaced_ || term.unspaced;
}

namespace {

/// Folds each of `values` into `out`, reusing its strings.
void fold_all(const std::vector<std::string>& values, std::vector<std::string>& out) {
  out.resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    out[i].clear();
    fold_text(values[i], out[i]);
  }
}

}  // namespace

void query_matcher::match(const post& p, std::vector<bool>& hits) {
  hits.assign(terms_.size(), false);
  bool text_ready = false, words_ready = false, tags_ready = false, mentions_ready = false;
  for (size_t t = 0; t < terms_.size(); ++t) {
    const query_term& term = terms_[t];
    if (term.kind == term_kind::PHRASE) {
      if (!text_ready) {
        folded_.clear();
        fold_text(p.text, folded_);
        if (any_unspaced_) compact(folded_, compact_);
        text_ready = true;
      }
      if (term.unspaced) {
        hits[t] = compact_.find(term.key) != std::string::npos;
        continue;
      }
      // Most posts lack the phrase's longest word even as a substring: no need to split them into words.
      if (!contains(folded_, term.words[term.probe])) continue;
      if (!words_ready) {
        split_words(folded_, words_);
        words_ready = true;
      }
      const size_t n = term.words.size();
      for (size_t i = 0; i + n <= words_.size() && !hits[t]; ++i) {
        size_t k = 0;
        while (k < n && words_[i + k] == term.words[k]) ++k;
        hits[t] = k == n;
      }
      continue;
    }
    const bool mention = term.kind == term_kind::MENTION;
    if (mention && !mentions_ready) {
      fold_all(p.mentions, folded_mentions_);
      mentions_ready = true;
    } else if (!mention && !tags_ready) {
      fold_all(p.hashtags, folded_tags_);
      tags_ready = true;
    }
    for (const auto& value : mention ? folded_mentions_ : folded_tags_) {
      const bool match =
          term.kind == term_kind::HASHTAG_PREFIX ? value.compare(0, term.key.size(), term.key) == 0 : value == term.key;
      if (match) {
        hits[t] = true;
        break;
      }
    }
  }
}

}  // namespace chorus
