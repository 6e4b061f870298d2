#include "formats/mastodon/html_text.h"

#include <algorithm>
#include <cstdint>

namespace chorus::mastodon {

namespace {

/// Appends code point `cp` as UTF-8 (U+FFFD for what is not a character).
void put_utf8(uint32_t cp, std::string& out) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | cp >> 6);
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | cp >> 12);
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | cp >> 18);
    out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// Decodes the character reference at html[i] ('&'), appending it to `out`; returns the position after it.
/// What is not a reference Chorus knows stays as it is.
size_t put_reference(std::string_view html, size_t i, std::string& out) {
  const size_t semicolon = html.find(';', i);
  if (semicolon == std::string_view::npos || semicolon - i > 10) {
    out += '&';
    return i + 1;
  }
  const std::string_view name = html.substr(i + 1, semicolon - i - 1);
  static constexpr std::pair<std::string_view, std::string_view> NAMED[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"}};
  for (const auto& [entity, text] : NAMED) {
    if (name == entity) {
      out += text;
      return semicolon + 1;
    }
  }
  if (name.size() >= 2 && name[0] == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    uint32_t cp = 0;
    bool digits = true;
    for (size_t k = hex ? 2 : 1; k < name.size() && digits; ++k) {
      const char c = name[k];
      uint32_t d = 0;
      if (c >= '0' && c <= '9') d = static_cast<uint32_t>(c - '0');
      else if (hex && c >= 'a' && c <= 'f') d = static_cast<uint32_t>(c - 'a' + 10);
      else if (hex && c >= 'A' && c <= 'F') d = static_cast<uint32_t>(c - 'A' + 10);
      else digits = false;
      cp = std::min<uint32_t>(cp * (hex ? 16 : 10) + d, 0x110000);  // past U+10FFFF stays out of range
    }
    if (digits && name.size() > (hex ? 2u : 1u)) {
      put_utf8(cp, out);
      return semicolon + 1;
    }
  }
  out += '&';
  return i + 1;
}

/// The value of attribute `name` in a tag's attributes (character references decoded), or empty.
std::string attribute(std::string_view tag, std::string_view name) {
  for (size_t at = tag.find(name); at != std::string_view::npos; at = tag.find(name, at + 1)) {
    const bool starts = at > 0 && (tag[at - 1] == ' ' || tag[at - 1] == '\t' || tag[at - 1] == '\n');
    size_t k = at + name.size();
    if (!starts || k >= tag.size() || tag[k] != '=') continue;
    ++k;
    const char quote = k < tag.size() && (tag[k] == '"' || tag[k] == '\'') ? tag[k] : '\0';
    if (quote) ++k;
    const size_t end = quote ? tag.find(quote, k) : tag.find_first_of(" \t\n>", k);
    const std::string_view raw = tag.substr(k, end == std::string_view::npos ? std::string_view::npos : end - k);
    std::string value;
    for (size_t j = 0; j < raw.size();) {
      if (raw[j] == '&') {
        j = put_reference(raw, j, value);
      } else {
        value += raw[j++];
      }
    }
    return value;
  }
  return {};
}

}  // namespace

std::string html_to_text(std::string_view html, html_links& links) {
  std::string out;
  out.reserve(html.size());
  // The link being read: its text starts at link_text; a hashtag link's text becomes a hashtag.
  bool in_link = false, hashtag_link = false;
  size_t link_text = 0;
  for (size_t i = 0; i < html.size();) {
    const char c = html[i];
    if (c == '&') {
      i = put_reference(html, i, out);
      continue;
    }
    if (c != '<') {
      out += c;
      ++i;
      continue;
    }
    // A tag: up to its '>', quoted attribute values stepped over.
    size_t end = i + 1;
    for (char quote = '\0'; end < html.size(); ++end) {
      if (quote) {
        if (html[end] == quote) quote = '\0';
      } else if (html[end] == '"' || html[end] == '\'') {
        quote = html[end];
      } else if (html[end] == '>') {
        break;
      }
    }
    const std::string_view tag = html.substr(i + 1, end - i - 1);
    i = end < html.size() ? end + 1 : end;
    const bool closing = !tag.empty() && tag[0] == '/';
    const std::string_view rest = closing ? tag.substr(1) : tag;
    size_t name_end = 0;
    while (name_end < rest.size() && rest[name_end] != ' ' && rest[name_end] != '/' && rest[name_end] != '\t' &&
           rest[name_end] != '\n') {
      ++name_end;
    }
    std::string name(rest.substr(0, name_end));
    for (char& ch : name) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
    if (name == "br") {
      out += '\n';
    } else if (name == "p" && closing) {
      out += "\n\n";
    } else if (name == "a" && !closing) {
      const std::string classes = attribute(tag, "class");
      const std::string rel = attribute(tag, "rel");
      hashtag_link = classes.find("hashtag") != std::string::npos || rel.find("tag") != std::string::npos;
      if (!hashtag_link && classes.find("mention") == std::string::npos) {
        std::string href = attribute(tag, "href");
        if (!href.empty()) links.urls.push_back(std::move(href));
      }
      in_link = true;
      link_text = out.size();
    } else if (name == "a" && closing && in_link) {
      if (hashtag_link && link_text < out.size() && out[link_text] == '#' && out.size() > link_text + 1) {
        links.hashtags.push_back(out.substr(link_text + 1));
      }
      in_link = hashtag_link = false;
    }
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

}  // namespace chorus::mastodon
