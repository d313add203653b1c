#pragma once
// The frame every HTML report shares: one self-contained file (inline CSS, inline SVG, no
// script, no font, nothing fetched) that opens from disk offline. A Content-Security-Policy
// forbids every fetch except images beside the file, so even a hostile string that slipped
// through escaping could not make the page load anything.
#include <string>
#include <string_view>

namespace formcheck::report {

// `title` and `body` are HTML already (escaped by the caller).
std::string html_document(std::string_view title, std::string_view body);

// One of: passed, failed, error, skipped, not-run, running: the CSS class of a verdict.
std::string_view verdict_class(std::string_view outcome_name);

}  // namespace formcheck::report
