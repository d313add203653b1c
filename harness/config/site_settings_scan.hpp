#pragma once
// What `formcheck init` reads of a site's settings (site_scan.hpp's SiteSettings): whether
// the site's Twilio client takes TWILIO_API_BASE, and the rate limit its env example or its
// route states (CONTACT_RATE_LIMIT_MAX=5 / …_WINDOW_S=60; `max: 5, windowMs: 60_000`;
// Upstash's slidingWindow(5, "60 s"); a literal fallback `process.env.X ?? 5`).
#include "harness/config/site_scan.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace formcheck::config {

// Reads the env example and the contact route `scan` found in `dir`.
SiteSettings scan_site_settings(const std::filesystem::path& dir, const SiteScan& scan);

// Helpers, exposed for unit tests. `entries`: NAME → value pairs of an env example.
std::optional<SiteRateLimit> rate_limit_from_env(
    const std::vector<std::pair<std::string, std::string>>& entries, const std::string& file);
std::optional<SiteRateLimit> rate_limit_from_source(const std::string& source, const std::string& file);

}  // namespace formcheck::config
