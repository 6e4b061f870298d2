// Query terms and matching, and text folding: a term and a post's text from one input.
#include <string>
#include <vector>

#include "fuzz_support.h"
#include "query.h"
#include "text/text_fold.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* raw, size_t size) {
  const std::string_view data(reinterpret_cast<const char*>(raw), size);
  const size_t cut = data.find('\n');
  const std::string_view term = data.substr(0, cut);
  const std::string_view text = cut == std::string_view::npos ? data : data.substr(cut + 1);
  std::string folded;
  chorus::fold_text(text, folded);
  chorus::fuzz::require(folded.size() <= text.size());
  std::vector<chorus::query_term> terms(1);
  std::string error;
  if (!chorus::parse_term(std::string(term), terms[0], error)) return 0;
  chorus::query_matcher matcher(std::move(terms));
  chorus::post p;
  p.text.assign(text);
  p.hashtags.emplace_back(text.substr(0, 40));
  p.mentions.emplace_back(term.substr(0, 20));
  std::vector<bool> hits;
  matcher.match(p, hits);
  chorus::fuzz::require(hits.size() == 1);
  return 0;
}
