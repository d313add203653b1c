#include "harness/config/duplicate_keys.hpp"

#include <nlohmann/json.hpp>

#include <map>

namespace formcheck::config {
namespace {

struct Frame {
  bool object = false;
  std::string path;                     // of this container
  std::map<std::string, size_t> lines;  // object: key → line where it first appeared
  bool expecting_key = true;            // object: the next string is a key
  std::string key;                      // object: the member being read
  size_t index = 0;                     // array: the element being read
};

std::string child_path(const Frame& parent, const std::string& leaf_key) {
  if (!parent.object) {
    return parent.path + "[" + std::to_string(parent.index) + "]";
  }
  return parent.path.empty() ? leaf_key : parent.path + "." + leaf_key;
}

// The key as JSON means it ("\u0061" and "a" are the same key); raw text if it cannot decode.
std::string decoded(std::string_view quoted) {
  const auto value = nlohmann::json::parse(quoted, nullptr, false);
  return value.is_string() ? value.get<std::string>() : std::string(quoted);
}

// The end of the string starting at `i` (the index of its closing quote).
size_t string_end(std::string_view text, size_t i) {
  for (++i; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      break;
    }
  }
  return i;
}

// Past a comment starting at `i`, counting the lines it spans.
size_t comment_end(std::string_view text, size_t i, size_t& line) {
  const bool block = text[i + 1] == '*';
  const auto end = text.find(block ? "*/" : "\n", i + 2);
  const size_t stop = end == std::string_view::npos ? text.size() : end + (block ? 2 : 0);
  for (size_t j = i; j < stop; ++j) {
    line += text[j] == '\n' ? 1 : 0;
  }
  return stop;
}

}  // namespace

std::vector<DuplicateKey> find_duplicate_keys(std::string_view text) {
  std::vector<DuplicateKey> found;
  std::vector<Frame> stack;
  size_t line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
    } else if (c == '/' && i + 1 < text.size() && (text[i + 1] == '/' || text[i + 1] == '*')) {
      i = comment_end(text, i, line) - 1;
    } else if (c == '{' || c == '[') {
      Frame frame;
      frame.object = c == '{';
      frame.path = stack.empty() ? std::string() : child_path(stack.back(), stack.back().key);
      stack.push_back(std::move(frame));
    } else if ((c == '}' || c == ']') && !stack.empty()) {
      stack.pop_back();
    } else if (c == ',' && !stack.empty()) {
      stack.back().expecting_key = true;
      ++stack.back().index;
    } else if (c == '"') {
      const size_t end = string_end(text, i);
      if (!stack.empty() && stack.back().object && stack.back().expecting_key) {
        Frame& object = stack.back();
        object.key = decoded(text.substr(i, end - i + 1));
        object.expecting_key = false;
        const auto [it, inserted] = object.lines.emplace(object.key, line);
        if (!inserted) {
          found.push_back({child_path(object, object.key), it->second, line});
        }
      }
      i = end;
    }
  }
  return found;
}

}  // namespace formcheck::config
