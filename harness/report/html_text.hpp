#pragma once
// Text bound for an HTML report: secrets and (with --mask-pii) personal data out first, then
// what HTML must not carry (invalid UTF-8, control characters), then escaped for both element
// content and quoted attribute values. Every string a site or Twilio sent back goes through
// html_text() before it reaches the page.
#include <string>
#include <string_view>

namespace formcheck::report {

// &, <, >, " and ' as character references; nothing else changes.
std::string html_escape(std::string_view text);

// redact(), then xml_safe(), then html_escape().
std::string html_text(std::string_view raw);

// html_text() of one line, shortened to `max_chars` code points ("…" when cut).
std::string html_line(std::string_view raw, std::size_t max_chars = 300);

// "1.234 s" (three decimals below 10 s, one above): how the page writes durations.
std::string seconds_label(double seconds);

}  // namespace formcheck::report
