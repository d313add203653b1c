#include "harness/config/starter_sections.hpp"

#include <fmt/format.h>

namespace formcheck::config {

std::string starter_api_base(const SiteScan& scan) {
  if (!scan.settings.api_base_variable) {
    return {};
  }
  return fmt::format(
      "    // The site's Twilio client reads TWILIO_API_BASE ({}): formcheck reads the messages\n"
      "    // where the site sent them.\n"
      "    \"api_base\": \"${{TWILIO_API_BASE:-https://api.twilio.com}}\",\n",
      scan.settings.api_base_source);
}

std::string starter_rate_limit(const SiteScan& scan, const std::string& indent, bool comma) {
  const auto& limit = scan.settings.rate_limit;
  if (!limit) {
    return fmt::format(
        "{0}// The site's own rate limit, if it has one: formcheck paces itself by it, and the\n"
        "{0}// rate-limit suite checks it. \"rate_limit\": {{ \"max\": 5, \"window_s\": 60 }}\n",
        indent);
  }
  return fmt::format(
      "{0}// The site's rate limit, read from {1}: formcheck paces itself by it, and the\n"
      "{0}// rate-limit suite checks it.\n"
      "{0}\"rate_limit\": {{ \"max\": {2}, \"window_s\": {3:g} }}{4}\n",
      indent, limit->source, limit->max, limit->window_s, comma ? "," : "");
}

std::string starter_suites(const SiteScan& scan) {
  if (scan.settings.rate_limit) {
    return "  \"suites\": [\"delivery\", \"sender\", \"passthrough\", \"rate-limit\"],\n";
  }
  return "  // Add \"rate-limit\" once each target states the site's limit in \"rate_limit\".\n"
         "  \"suites\": [\"delivery\", \"sender\", \"passthrough\"],\n";
}

std::string starter_preview_target(const SiteScan& scan) {
  std::string out =
      "    \"preview\": {\n"
      "      \"url\": \"${PREVIEW_URL}\",  // from your deployment step\n"
      "      // A protected Vercel preview: the secret of Project Settings → Deployment Protection →\n"
      "      // Protection Bypass for Automation (empty: no bypass).\n"
      "      \"vercel_bypass_secret\": \"${VERCEL_AUTOMATION_BYPASS_SECRET:-}\",\n";
  out += starter_rate_limit(scan, "      ", true);
  out +=
      "      // Submit through the page as well, as a guest does (needs the Debian packages chromium\n"
      "      // and chromium-driver; webkit2gtk-driver and firefox-esr add the other engines):\n"
      "      // \"browser\": { \"engines\": [\"chromium\"], \"devices\": [\"desktop\", \"Pixel 7\"] },\n"
      "    },\n";
  return out;
}

std::string starter_reference() {
  return "formcheck's example config, fixtures/configs/example.jsonc in its data folder\n"
         "// (/usr/share/formcheck from the Debian package)";
}

}  // namespace formcheck::config
