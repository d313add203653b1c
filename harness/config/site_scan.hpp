#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/config/honeypot.hpp"

namespace formcheck::config {

// The contact route found in a site's sources.
struct ContactRoute {
  std::string file;                 // relative to the site's folder, e.g. app/api/contact/route.ts
  std::string path;                 // the URL path it serves, e.g. /api/contact
  std::string encoding = "json";    // "form" when the handler reads formData()
  std::vector<std::string> fields;  // names destructured from the request body, when visible
  bool imports_twilio = false;      // false: picked by its name only
  bool returns_sid = false;         // its answer seems to carry the message SID ({ sid: … })
};

// The Twilio variables of the site, by role, guessed from their names.
struct SiteVariables {
  std::string account_sid = "TWILIO_ACCOUNT_SID";
  std::string auth_token = "TWILIO_AUTH_TOKEN";
  std::string sender = "TWILIO_WHATSAPP_NUMBER";
  std::string staff = "STAFF_WHATSAPP_NUMBER";
  bool sender_has_prefix = true;  // the value is whatsapp:+…, not a bare +…
  bool staff_has_prefix = true;
};

// The site's rate limit as its code or env example states it.
struct SiteRateLimit {
  int max = 0;
  double window_s = 0;
  std::string source;  // where it was read: ".env.example (CONTACT_RATE_LIMIT_MAX, …)"
};

// Settings of the site that the starter config carries over, beyond its variables' names.
struct SiteSettings {
  // The site reads TWILIO_API_BASE (its Twilio client can be pointed elsewhere, e.g. at an
  // emulator): formcheck's reads must go where the site's writes went.
  bool api_base_variable = false;
  std::string api_base_source;  // where the name was seen
  std::optional<SiteRateLimit> rate_limit;
};

// What `formcheck init` learns from a site's folder; every field is what was seen, or a default.
struct SiteScan {
  bool has_package_json = false;
  bool nextjs = false;
  std::string package_manager = "npm";  // from the lock file: npm, pnpm, yarn or bun
  std::string dev_script;               // package.json scripts.dev, verbatim
  int port = 3000;                      // from the dev script (-p/--port/PORT=), else Next.js's default
  bool port_from_script = false;
  std::optional<ContactRoute> route;
  std::vector<std::string> dotenv_files;      // .env* present (not the example)
  std::string env_example;                    // the example file read, "" when none
  std::vector<std::string> example_variables; // every name it lists, in order
  SiteVariables variables;
  // Fields a bot fills and a guest never does (hidden inputs on the pages, route fields named
  // like one): the starter config leaves them empty.
  std::vector<HoneypotField> honeypots;
  SiteSettings settings;  // site_settings_scan.hpp
};

// Reads package.json, the lock files, the API routes (app/api/**/route.*, pages/api/**, also
// under src/) and the dotenv files of `dir`. Never throws for a file it cannot read: it is skipped.
SiteScan scan_site(const std::filesystem::path& dir);

// Helpers, exposed for unit tests.
int port_from_dev_script(const std::string& script, bool* found);
std::optional<std::string> api_path_of(const std::string& relative_file);

}  // namespace formcheck::config
