#include "query.h"

#include <doctest/doctest.h>

#include "text/text_fold.h"

using namespace chorus;

namespace {

bool matches(std::string_view term_text, std::string_view text, std::vector<std::string> hashtags = {},
             std::vector<std::string> mentions = {}) {
  query_term term;
  std::string error;
  REQUIRE_MESSAGE(parse_term(term_text, term, error), error);
  post p;
  p.text = std::string(text);
  p.hashtags = std::move(hashtags);
  p.mentions = std::move(mentions);
  query_matcher matcher({term});
  std::vector<bool> hits;
  matcher.match(p, hits);
  return hits[0];
}

std::string folded(std::string_view s) {
  std::string out;
  fold_text(s, out);
  return out;
}

}  // namespace

TEST_CASE("case folding goes beyond ASCII") {
  CHECK(folded("\xC3\x89T\xC3\x89") == "\xC3\xA9t\xC3\xA9");                // ÉTÉ -> été
  CHECK(folded("\xCE\xA3\xCF\x83\xCF\x82") == "\xCF\x83\xCF\x83\xCF\x83");  // Σσς -> σσσ
  CHECK(folded("\xC4\xB0stanbul \xC4\xB1") == "istanbul i");                // İ and ı -> i
  CHECK(folded("\xD0\x9C\xD0\x95 \xD0\xA2\xD0\x9E\xD0\x96\xD0\x95") ==
        "\xD0\xBC\xD0\xB5 \xD1\x82\xD0\xBE\xD0\xB6\xD0\xB5");
  CHECK(folded("Stra\xC3\x9F"
               "e") == "strasse");
  CHECK(folded("\xEF\xBC\x83\xEF\xBC\xAD\xEF\xBD\x85") == "#me");                  // fullwidth ＃Ｍｅ
  CHECK(folded("don\xE2\x80\x99t \xE2\x80\x9Cme\xE2\x80\x9D") == "don't \"me\"");  // curly quotes
  CHECK(folded("\xC5\xB8") == "\xC3\xBF");                                         // Ÿ -> ÿ
}

TEST_CASE("folding never lengthens text: every code point's folded form fits where it was") {
  const auto utf8 = [](uint32_t cp) {
    std::string s;
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return s;
  };
  size_t wrong = 0;
  std::string all, all_expected;
  for (uint32_t cp = 1; cp <= 0x10FFFF; ++cp) {
    const std::string in = utf8(cp);
    const std::string expected = cp == 0xDF || cp == 0x1E9E ? "ss" : utf8(fold_code_point(cp));
    const std::string out = folded(in);
    if (out != expected || out.size() > in.size()) ++wrong;
    if (cp % 97 == 0) {  // and strung together, through the eight-byte steps
      all += in + "Ab";
      all_expected += expected + "ab";
    }
  }
  CHECK(wrong == 0);
  CHECK(folded(all) == all_expected);
  CHECK(folded("\xFF\xC3"
               "ABCDEFGH"
               "\xE2\x80") ==
        "\xFF\xC3"
        "abcdefgh"
        "\xE2\x80");  // invalid bytes stay
  std::string appended = "kept ";
  fold_text("MORE", appended);
  CHECK(appended == "kept more");
}

TEST_CASE("contains finds a part wherever std::string_view::find does") {
  uint64_t seed = 42;
  const auto next = [&] {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<unsigned>(seed >> 33);
  };
  const char alphabet[] = "aab\x80\x81";  // few letters: many near misses, and bytes with the high bit set
  size_t checked = 0, found = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text(next() % 40, ' '), part(next() % 6, ' ');
    for (char& c : text) c = alphabet[next() % 5];
    for (char& c : part) c = alphabet[next() % 5];
    const bool expected = std::string_view(text).find(part) != std::string_view::npos;
    CHECK_MESSAGE(contains(text, part) == expected, "text '" << text << "' part '" << part << "'");
    ++checked;
    found += expected ? 1 : 0;
  }
  CHECK(found > checked / 10);  // both answers were exercised
  CHECK(found < checked * 9 / 10);
  CHECK(contains("it happened to me too", "too"));
  CHECK_FALSE(contains("it happened to me to", "too"));
}

TEST_CASE("phrases match whatever the case, punctuation and spacing, at word boundaries") {
  struct row {
    const char* text;
    bool expected;
  };
  const row rows[] = {
      {"me too", true},
      {"Me, too.", true},
      {"ME TOO!", true},
      {"me  too", true},
      {"me\ntoo", true},
      {"Me-too", true},
      {"\"Me too\" she wrote", true},
      {"It happened to me too", true},
      {"metoo", false},
      {"meet too", false},
      {"me tool", false},
      {"ame too", false},
      {"me, and too", false},
      {"too me", false},
      {"#MeToo", false},  // one word: the hashtag is another term
      {"", false},
  };
  for (const auto& r : rows) {
    CAPTURE(r.text);
    CHECK(matches("me too", r.text) == r.expected);
  }
}

TEST_CASE("phrases fold accents' case, Greek sigma, fullwidth letters and curly apostrophes") {
  CHECK(matches("\xC3\xA9t\xC3\xA9", "\xC3\x89T\xC3\x89 2017"));  // été ~ ÉTÉ
  CHECK_FALSE(matches("\xC3\xA9t\xC3\xA9", "ete"));               // accents are kept
  CHECK(matches("\xCF\x83\xCE\xB5 \xCE\xB5\xCE\xBC\xCE\xAD\xCE\xBD\xCE\xB1\xCF\x82",
                "\xCE\xA3\xCE\x95 \xCE\x95\xCE\x9C\xCE\x88\xCE\x9D\xCE\x91\xCE\xA3"));
  CHECK(matches("don't stay silent", "Don\xE2\x80\x99t stay silent"));
  CHECK(matches("yo tambi\xC3\xA9n", "YO TAMBI\xC3\x89N."));
  CHECK(matches("me too", "\xEF\xBC\xAD\xEF\xBC\xA5 \xEF\xBC\xB4\xEF\xBC\xAF\xEF\xBC\xAF"));  // ＭＥ ＴＯＯ
  CHECK(matches("istanbul", "\xC4\xB0STANBUL"));
}

TEST_CASE("phrases in scripts without spaces match as substrings") {
  CHECK(matches("\xE7\xA7\x81\xE3\x82\x82",
                "\xE7\xA7\x81\xE3\x82\x82\xE3\x80\x82\xE5\xA3\xB0\xE3\x82\x92"));  // 私も in 私も。声を
  CHECK(matches("\xE7\xB1\xB3\xE5\x85\x94", "\xE6\x88\x91\xE4\xB9\x9F\xE6\x98\xAF\xE7\xB1\xB3\xE5\x85\x94"));  // 米兔
  CHECK_FALSE(matches("\xE7\xA7\x81\xE3\x82\x82", "\xE7\xA7\x81\xE3\x81\xAF"));                                // 私は
}

TEST_CASE("hashtag terms match hashtags in any case, exactly unless asked for a prefix") {
  CHECK(matches("#MeToo", "", {"metoo"}));
  CHECK(matches("#metoo", "", {"METOO"}));
  CHECK(matches("\xEF\xBC\x83MeToo", "", {"MeToo"}));  // fullwidth ＃
  CHECK_FALSE(matches("#MeToo", "", {"MeTooMovement"}));
  CHECK(matches("#MeToo*", "", {"MeTooMovement"}));
  CHECK_FALSE(matches("#MeToo", "#MeToo in the text only"));  // hashtags come from the post's hashtag list
  CHECK(matches("#YoTambi\xC3\xA9n", "", {"YOTAMBI\xC3\x89N"}));
}

TEST_CASE("mention terms match mentioned handles in any case") {
  CHECK(matches("@TaranaBurke", "", {}, {"taranaburke"}));
  CHECK_FALSE(matches("@Tarana", "", {}, {"TaranaBurke"}));
}

TEST_CASE("terms that cannot match anything are refused with a reason") {
  query_term term;
  std::string error;
  CHECK_FALSE(parse_term("", term, error));
  CHECK_FALSE(parse_term("#", term, error));
  CHECK_FALSE(parse_term("#me too", term, error));
  CHECK(error.find("one word") != std::string::npos);
  CHECK_FALSE(parse_term("!!!", term, error));
  CHECK(parse_term("  me too  ", term, error));
  CHECK(term.text == "me too");
  CHECK(term.kind == term_kind::PHRASE);
}

TEST_CASE("folding ASCII eight bytes at a time lowers exactly A-Z, at every length and alignment") {
  std::string all;
  for (int c = 1; c < 128; ++c) all += static_cast<char>(c);
  for (size_t start = 0; start < 9; ++start) {
    for (size_t length = 0; start + length <= all.size(); length += 5) {
      const std::string text = "\xC3\x89" + all.substr(start, length) + "\xC3\x89";  // É at both ends
      std::string expected = "\xC3\xA9";
      for (const char c : all.substr(start, length)) expected += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
      expected += "\xC3\xA9";
      CHECK(folded(text) == expected);
    }
  }
}
