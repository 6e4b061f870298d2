// The wasm boundary: begin, feed chunks, finish with a plain object. Only this file knows Embind.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <memory>
#include <string>

#include "analysis.h"
#include "version.h"

namespace {

using emscripten::val;

std::unique_ptr<chorus::analysis> current;  // one analysis at a time per module instance

/// Starts a new analysis, dropping any unfinished one.
void begin() {
  current = std::make_unique<chorus::analysis>();
}

/// Starts the next file of the analysis.
void begin_file(const std::string& name) {
  if (!current) begin();
  current->begin_file(name);
}

/// Feeds bytes of the current file; a Uint8Array arrives here as std::string.
void feed(const std::string& chunk) {
  if (!current) begin();
  current->feed(chunk.data(), chunk.size());
}

/// Ends the current file.
void end_file() {
  if (current) current->end_file();
}

/// Ends the analysis and returns the summary as a plain JS object (schema chorus-summary/1).
val finish() {
  if (!current) begin();
  const std::string json = current->summary_json();
  current.reset();
  return val::global("JSON").call<val>("parse", json);
}

std::string version() {
  return chorus::VERSION;
}

}  // namespace

EMSCRIPTEN_BINDINGS(chorus) {
  emscripten::function("begin", &begin);
  emscripten::function("beginFile", &begin_file);
  emscripten::function("feed", &feed);
  emscripten::function("endFile", &end_file);
  emscripten::function("finish", &finish);
  emscripten::function("version", &version);
}
