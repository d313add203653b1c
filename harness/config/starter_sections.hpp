#pragma once
// Parts of the starter config (`formcheck init`) that carry the site's own settings over:
// where its Twilio client points, its rate limit, the preview target with Vercel's bypass and
// browser mode on offer. Each returns text ready to splice into render_starter_config's JSON.
#include "harness/config/site_scan.hpp"

#include <string>

namespace formcheck::config {

// `    "api_base": "${TWILIO_API_BASE:-https://api.twilio.com}",  // …` when the site reads
// TWILIO_API_BASE, else "".
std::string starter_api_base(const SiteScan& scan);

// `"rate_limit": { "max": 5, "window_s": 60 }` with the comment naming its source, indented
// by `indent` and followed by ",\n" when `comma`; when the site states none, the comment that
// asks for it.
std::string starter_rate_limit(const SiteScan& scan, const std::string& indent, bool comma);

// The top-level "suites" line: rate-limit included when the site's limit is known.
std::string starter_suites(const SiteScan& scan);

// The "preview" target: ${PREVIEW_URL}, Vercel's bypass secret, browser mode offered.
std::string starter_preview_target(const SiteScan& scan);

// Where every key is explained, in words that hold on any machine (the written file is
// committed to the site's repository: no path of the machine that ran init belongs in it).
std::string starter_reference();

}  // namespace formcheck::config
