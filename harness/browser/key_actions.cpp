#include "harness/browser/key_actions.hpp"

#include <algorithm>

namespace formcheck::browser {
namespace {

constexpr const char* kEnterKey = "\xEE\x80\x86";  // U+E006, WebDriver's Return key

// The length of the UTF-8 sequence starting with `lead` (1 for a stray byte).
size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0 && lead < 0xF8) {
    return 4;
  }
  if (lead >= 0xE0) {
    return lead < 0xF0 ? 3 : 1;
  }
  if (lead >= 0xC0) {
    return 2;
  }
  return 1;
}

}  // namespace

nlohmann::json key_actions_for(const std::string& text) {
  nlohmann::json actions = nlohmann::json::array();
  for (size_t i = 0; i < text.size();) {
    std::string key;
    if (text[i] == '\r' || text[i] == '\n') {
      key = kEnterKey;
      i += (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
    } else {
      const auto length = std::min(sequence_length(static_cast<unsigned char>(text[i])), text.size() - i);
      key = text.substr(i, length);
      i += length;
    }
    actions.push_back({{"type", "keyDown"}, {"value", key}});
    actions.push_back({{"type", "keyUp"}, {"value", key}});
  }
  return actions;
}

}  // namespace formcheck::browser
