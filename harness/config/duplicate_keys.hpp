#pragma once
// JSON objects that name a key twice. nlohmann's parser (like most) keeps the last value
// silently, so a leftover line further down a config quietly wins over the one a reader sees.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace formcheck::config {

struct DuplicateKey {
  std::string path;             // dotted, arrays as [i]: "targets.preview.headers.x-api-key"
  std::size_t first_line = 0;   // 1-based
  std::size_t second_line = 0;  // where the key appears again
};

// Every key repeated within one object, at any depth, in the order the repeats appear.
// `text` is JSON with // and /* */ comments (and trailing commas); it must already parse.
std::vector<DuplicateKey> find_duplicate_keys(std::string_view text);

}  // namespace formcheck::config
