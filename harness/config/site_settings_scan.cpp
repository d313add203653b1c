#include "harness/config/site_settings_scan.hpp"

#include "harness/util/text_file.hpp"

#include <fmt/format.h>

#include <regex>
#include <sstream>

namespace formcheck::config {
namespace {

namespace fs = std::filesystem;

constexpr const char* kApiBase = "TWILIO_API_BASE";

// "60_000", "60 * 1000", "'5'" → the number (nullopt when it is not a plain product of integers).
std::optional<double> literal_number(std::string text) {
  text = text.substr(0, text.find('#'));  // a dotenv comment after the value
  std::string digits;
  for (char c : text) {
    if (c != '_' && c != '"' && c != '\'' && c != ' ' && c != '\t' && c != '\r') {
      digits += c;
    }
  }
  static const std::regex product(R"(^\d+(\*\d+)*$)");
  if (digits.empty() || !std::regex_match(digits, product)) {
    return std::nullopt;
  }
  double value = 1;
  std::string::size_type start = 0;
  for (;;) {
    const auto star = digits.find('*', start);
    value *= std::stod(digits.substr(start, star == std::string::npos ? std::string::npos : star - start));
    if (star == std::string::npos) {
      return value;
    }
    start = star + 1;
  }
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// A window variable's value in seconds, by the unit its name gives (a bare number of 1000 or
// more is milliseconds, as windowMs is).
double window_seconds(const std::string& name, double value) {
  if (ends_with(name, "_MS") || ends_with(name, "MILLISECONDS")) {
    return value / 1000;
  }
  if (ends_with(name, "_MIN") || ends_with(name, "_MINUTES")) {
    return value * 60;
  }
  if (ends_with(name, "_S") || ends_with(name, "_SEC") || ends_with(name, "_SECONDS")) {
    return value;
  }
  return value >= 1000 ? value / 1000 : value;
}

bool rate_limit_name(const std::string& name) {
  return name.find("RATE_LIMIT") != std::string::npos || name.find("RATELIMIT") != std::string::npos;
}

// One NAME=value of a rate limit into `limit` (max or window by the name).
void take_rate_setting(const std::string& name, double value, SiteRateLimit& limit,
                       std::vector<std::string>& names) {
  if (!rate_limit_name(name) || value <= 0) {
    return;
  }
  if (name.find("WINDOW") != std::string::npos || name.find("PERIOD") != std::string::npos) {
    if (limit.window_s == 0) {
      limit.window_s = window_seconds(name, value);
      names.push_back(name);
    }
  } else if (name.find("MAX") != std::string::npos || name.find("REQUESTS") != std::string::npos ||
             name.find("COUNT") != std::string::npos || ends_with(name, "RATE_LIMIT")) {
    if (limit.max == 0) {
      limit.max = static_cast<int>(value);
      names.push_back(name);
    }
  }
}

std::optional<SiteRateLimit> complete(SiteRateLimit limit, const std::string& file,
                                      const std::vector<std::string>& names) {
  if (limit.max <= 0 || limit.window_s <= 0) {
    return std::nullopt;
  }
  std::string list;
  for (const auto& n : names) {
    list += (list.empty() ? "" : ", ") + n;
  }
  limit.source = list.empty() ? file : fmt::format("{} ({})", file, list);
  return limit;
}

// Upstash's Ratelimit.slidingWindow(5, "60 s") (also fixedWindow, tokenBucket's first two).
std::optional<SiteRateLimit> upstash_limit(const std::string& source, const std::string& file) {
  static const std::regex window(
      R"re((?:slidingWindow|fixedWindow)\(\s*(\d+)\s*,\s*["'`](\d+)\s*(ms|s|m|h|d)["'`])re");
  std::smatch match;
  if (!std::regex_search(source, match, window)) {
    return std::nullopt;
  }
  const double amount = std::stod(match[2].str());
  const std::string unit = match[3].str();
  const double seconds = unit == "ms"  ? amount / 1000
                         : unit == "s" ? amount
                         : unit == "m" ? amount * 60
                         : unit == "h" ? amount * 3600
                                       : amount * 86400;
  return complete({std::stoi(match[1].str()), seconds, {}}, file, {});
}

}  // namespace

std::optional<SiteRateLimit> rate_limit_from_env(
    const std::vector<std::pair<std::string, std::string>>& entries, const std::string& file) {
  SiteRateLimit limit;
  std::vector<std::string> names;
  for (const auto& [name, value] : entries) {
    if (const auto number = literal_number(value)) {
      take_rate_setting(name, *number, limit, names);
    }
  }
  return complete(limit, file, names);
}

std::optional<SiteRateLimit> rate_limit_from_source(const std::string& source, const std::string& file) {
  if (auto upstash = upstash_limit(source, file)) {
    return upstash;
  }
  SiteRateLimit limit;
  std::vector<std::string> names;
  // `process.env.CONTACT_RATE_LIMIT_MAX ?? 5`, `|| "5"`: the route's own fallback.
  static const std::regex fallback(
      R"re(process\.env\.([A-Z0-9_]+)\)?\s*(?:\?\?|\|\|)\s*["'`]?([\d_]+(?:\s*\*\s*[\d_]+)*))re");
  for (std::sregex_iterator it(source.begin(), source.end(), fallback), end; it != end; ++it) {
    if (const auto number = literal_number((*it)[2].str())) {
      take_rate_setting((*it)[1].str(), *number, limit, names);
    }
  }
  // An options object: { max: 5, windowMs: 60 * 1000 } (express-rate-limit and its kin).
  static const std::regex max_key(R"re(\b(?:max|limit|maxRequests)\s*:\s*(\d+)\b)re");
  static const std::regex window_key(R"re(\bwindowMs\s*:\s*([\d_]+(?:\s*\*\s*[\d_]+)*))re");
  static const std::regex window_seconds_key(
      R"re(\bwindow(?:S|Sec|Seconds)\s*:\s*([\d_]+(?:\s*\*\s*[\d_]+)*))re");
  std::smatch match;
  if (limit.max == 0 && std::regex_search(source, match, max_key)) {
    limit.max = std::stoi(match[1].str());
  }
  if (limit.window_s == 0 && std::regex_search(source, match, window_key)) {
    limit.window_s = literal_number(match[1].str()).value_or(0) / 1000;
  } else if (limit.window_s == 0 && std::regex_search(source, match, window_seconds_key)) {
    limit.window_s = literal_number(match[1].str()).value_or(0);
  }
  return complete(limit, file, names);
}

SiteSettings scan_site_settings(const fs::path& dir, const SiteScan& scan) {
  SiteSettings settings;
  const std::string route_source = scan.route ? read_text_file(dir / scan.route->file).value_or("") : "";
  std::vector<std::pair<std::string, std::string>> entries;
  if (!scan.env_example.empty()) {
    static const std::regex line(R"(^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$)");
    std::istringstream lines(read_text_file(dir / scan.env_example).value_or(""));
    for (std::string one; std::getline(lines, one);) {
      std::smatch match;
      if (std::regex_match(one, match, line)) {
        entries.emplace_back(match[1].str(), match[2].str());
      }
    }
  }
  for (const auto& entry : entries) {
    if (entry.first == kApiBase) {
      settings.api_base_variable = true;
      settings.api_base_source = scan.env_example;
    }
  }
  if (!settings.api_base_variable && route_source.find(kApiBase) != std::string::npos) {
    settings.api_base_variable = true;
    settings.api_base_source = scan.route->file;
  }
  settings.rate_limit = rate_limit_from_env(entries, scan.env_example);
  if (!settings.rate_limit && scan.route) {
    settings.rate_limit = rate_limit_from_source(route_source, scan.route->file);
  }
  return settings;
}

}  // namespace formcheck::config
