#pragma once
// Making untrusted text (whatever a site or Twilio sent back) safe for a report: valid
// UTF-8 always, no characters XML 1.0 forbids, no terminal control sequences. Callers redact
// secrets first, then clean, then shorten: shortening a redacted string can never leave half
// a secret behind.
#include <cstddef>
#include <string>
#include <string_view>

namespace formcheck::report {

inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD

// Replaces each ill-formed UTF-8 subsequence (stray continuation bytes, truncated or overlong
// sequences, encoded surrogates, values above U+10FFFF) with U+FFFD.
std::string valid_utf8(std::string_view text);

// valid_utf8(), and also replaces what XML 1.0 forbids even as a character reference: C0
// controls other than tab, LF and CR, and U+FFFE/U+FFFF.
std::string xml_safe(std::string_view text);

// valid_utf8(), and also replaces every control character except tab and LF (C0, DEL and
// C1: ESC and CSI would let a hostile site drive the terminal; CR would overwrite lines).
std::string terminal_safe(std::string_view text);

// One line for a message attribute or a console row: line breaks and tabs become spaces,
// runs of spaces collapse, ends are trimmed; text longer than `max_chars` code points is cut
// at a code point boundary and ends with "…". Expects valid UTF-8 (clean it first).
std::string one_line(std::string_view text, std::size_t max_chars = 300);

}  // namespace formcheck::report
