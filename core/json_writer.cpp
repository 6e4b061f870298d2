#include "json_writer.h"

#include <cstdio>

namespace chorus {

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += ch;
        }
    }
  }
  out += '"';
}

void json_writer::newline() {
  out_ += '\n';
  out_.append(first_.size() * 2, ' ');
}

void json_writer::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
    newline();
  }
}

void json_writer::begin_object() {
  before_value();
  out_ += '{';
  first_.push_back(true);
}

void json_writer::close(char bracket) {
  const bool empty = first_.back();
  first_.pop_back();
  if (!empty) newline();
  out_ += bracket;
}

void json_writer::end_object() {
  close('}');
}

void json_writer::begin_array() {
  before_value();
  out_ += '[';
  first_.push_back(true);
}

void json_writer::end_array() {
  close(']');
}

void json_writer::key(std::string_view k) {
  before_value();
  append_json_string(out_, k);
  out_ += ": ";
  after_key_ = true;
}

void json_writer::value(std::string_view s) {
  before_value();
  append_json_string(out_, s);
}

void json_writer::value(int64_t n) {
  before_value();
  out_ += std::to_string(n);
}

void json_writer::value(uint64_t n) {
  before_value();
  out_ += std::to_string(n);
}

void json_writer::value(double x) {
  before_value();
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);  // the same text in every build
  out_ += text;
}

void json_writer::value(bool b) {
  before_value();
  out_ += b ? "true" : "false";
}

void json_writer::null() {
  before_value();
  out_ += "null";
}

}  // namespace chorus
