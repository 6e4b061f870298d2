#include "json_writer.h"

#include <doctest/doctest.h>

TEST_CASE("strings are escaped so that any text round-trips") {
  std::string out;
  chorus::append_json_string(out, std::string("a\"b\\c\nd\te\x01 \xF0\x9F\x92\x9C", 15));
  CHECK(out == "\"a\\\"b\\\\c\\nd\\te\\u0001 \xF0\x9F\x92\x9C\"");
}

TEST_CASE("objects and arrays nest with two-space indents and empty containers stay compact") {
  chorus::json_writer w;
  w.begin_object();
  w.key("n");
  w.value(uint64_t{18446744073709551615ull});
  w.key("list");
  w.begin_array();
  w.value("x");
  w.null();
  w.end_array();
  w.key("empty");
  w.begin_object();
  w.end_object();
  w.end_object();
  CHECK(w.str() == "{\n  \"n\": 18446744073709551615,\n  \"list\": [\n    \"x\",\n    null\n  ],\n  \"empty\": {}\n}");
}
