#pragma once
// Text that a driver cannot type with keys. chromedriver before 156 refuses any character
// outside the Basic Multilingual Plane in Element Send Keys ("ChromeDriver only supports
// characters in the BMP"), and an emoji is exactly what a guest types into a contact form. Such
// characters are put in the field the way an input method does: the field's own value setter
// (so a React-controlled input's state follows: React tracks the value through that setter)
// and then an `input` event of type insertText, which is what the page's handlers listen for.
#include <optional>
#include <string>
#include <vector>

namespace formcheck::browser {

// The first code point outside the BMP in UTF-8 `text` (nullopt when there is none).
std::optional<char32_t> first_beyond_bmp(const std::string& text);

// "U+1F600 (😀)": how an error names a character.
std::string describe_code_point(const std::string& text, char32_t code_point);

// `text` cut into runs that are all inside the BMP or all outside it, in order.
struct TextRun {
  std::string text;
  bool beyond_bmp = false;
};
std::vector<TextRun> bmp_runs(const std::string& text);

// A script (arguments: the element, the text) that appends the text at the end of the field
// as an input method would: beforeinput (a page may cancel it), the native value setter,
// then input. A maxlength is honoured as typing honours it. Returns the field's value.
extern const char* const kInsertTextScript;

}  // namespace formcheck::browser
