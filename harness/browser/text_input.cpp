#include "harness/browser/text_input.hpp"

#include <fmt/format.h>

namespace formcheck::browser {
namespace {

// A 4-byte UTF-8 sequence is exactly a code point beyond the BMP.
bool starts_beyond_bmp(const std::string& text, size_t i) {
  return static_cast<unsigned char>(text[i]) >= 0xF0 && static_cast<unsigned char>(text[i]) < 0xF8 &&
         i + 4 <= text.size();
}

char32_t decode_four(const std::string& text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(text[i + k])); };
  return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
}

}  // namespace

std::optional<char32_t> first_beyond_bmp(const std::string& text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (starts_beyond_bmp(text, i)) {
      return decode_four(text, i);
    }
  }
  return std::nullopt;
}

std::string describe_code_point(const std::string& text, char32_t code_point) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (starts_beyond_bmp(text, i) && decode_four(text, i) == code_point) {
      return fmt::format("U+{:04X} ({})", static_cast<unsigned>(code_point), text.substr(i, 4));
    }
  }
  return fmt::format("U+{:04X}", static_cast<unsigned>(code_point));
}

std::vector<TextRun> bmp_runs(const std::string& text) {
  std::vector<TextRun> runs;
  for (size_t i = 0; i < text.size();) {
    const bool beyond = starts_beyond_bmp(text, i);
    const size_t length = beyond ? 4 : 1;
    if (runs.empty() || runs.back().beyond_bmp != beyond) {
      runs.push_back({{}, beyond});
    }
    runs.back().text += text.substr(i, length);
    i += length;
  }
  return runs;
}

const char* const kInsertTextScript = R"JS(
const field = arguments[0], text = arguments[1];
if (!(field instanceof HTMLInputElement) && !(field instanceof HTMLTextAreaElement)) {
  throw new Error('the element is not an <input> or <textarea>');
}
field.focus();
const before = new InputEvent('beforeinput', {inputType: 'insertText', data: text, bubbles: true, cancelable: true});
if (!field.dispatchEvent(before)) {
  return field.value;
}
let next = field.value + text;
// maxlength counts UTF-16 units; typing stops there, and never inside a surrogate pair.
if (field.maxLength >= 0 && next.length > field.maxLength) {
  next = next.slice(0, field.maxLength);
  const last = next.charCodeAt(next.length - 1);
  if (last >= 0xD800 && last <= 0xDBFF) {
    next = next.slice(0, -1);
  }
}
const proto = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
Object.getOwnPropertyDescriptor(proto, 'value').set.call(field, next);
field.dispatchEvent(new InputEvent('input', {inputType: 'insertText', data: text, bubbles: true}));
return field.value;
)JS";

}  // namespace formcheck::browser
