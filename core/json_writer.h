// A small streaming JSON writer with stable, two-space indented output.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chorus {

/// Writes JSON into a string. Callers pair begin_/end_ calls; keys go before values inside objects.
class json_writer {
 public:
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  /// Writes an object key; the next call writes its value.
  void key(std::string_view k);
  void value(std::string_view s);
  void value(const char* s) { value(std::string_view(s)); }
  void value(int64_t n);
  void value(uint64_t n);
  void value(int n) { value(static_cast<int64_t>(n)); }
  void value(bool b);
  /// A finite number, to six significant digits.
  void value(double x);
  void null();
  /// Writes a key and its value.
  template <typename T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }
  /// Writes a key and its value, or null when `present` is false.
  template <typename T>
  void field_or_null(std::string_view k, bool present, const T& v) {
    key(k);
    if (present) {
      value(v);
    } else {
      null();
    }
  }

  const std::string& str() const { return out_; }

 private:
  void before_value();
  void newline();
  void close(char bracket);

  std::string out_;
  std::vector<bool> first_;  // per open container: nothing written in it yet
  bool after_key_ = false;
};

/// Appends `s` as a quoted JSON string, escaping quotes, backslashes and control characters.
void append_json_string(std::string& out, std::string_view s);

}  // namespace chorus
