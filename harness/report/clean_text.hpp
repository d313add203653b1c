#pragma once
// Making untrusted text (whatever a site or Twilio sent back) safe for a report: valid
// UTF-8 always, no characters XML 1.0 forbids, no terminal control sequences. Callers redact
// secrets first, then clean, then shorten: shortening a redacted string can never leave half
// a secret behind.
#include <cstddef>
#include <string>
#include <string_view>

#include "harness/util/one_line.hpp"  // one_line(): clean first, then shorten

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

}  // namespace formcheck::report
