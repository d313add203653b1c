#include "harness/target/target_access.hpp"

#include "harness/util/ascii_case.hpp"
#include "harness/util/percent_encoding.hpp"
#include "harness/util/secret.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace formcheck::target {
namespace {

void set_header(http::Request& request, const std::string& name, const std::string& value) {
  const auto key = ascii_lower(name);
  std::erase_if(request.headers, [&](const http::Header& h) { return ascii_lower(h.name) == key; });
  request.headers.push_back({name, value});
}

}  // namespace

void add_target_headers(http::Request& request, const config::TargetSettings& target) {
  for (const auto& [name, value] : target.headers) {
    set_header(request, name, value);
  }
  if (!target.vercel_bypass_secret.empty()) {
    set_header(request, kVercelBypassHeader, target.vercel_bypass_secret.reveal());
  }
}

std::string browser_bypass_secret(const config::TargetSettings& target) {
  if (!target.vercel_bypass_secret.empty()) {
    return target.vercel_bypass_secret.reveal();
  }
  for (const auto& [name, value] : target.headers) {
    if (ascii_lower(name) == kVercelBypassHeader) {
      register_secret(value);  // it is about to travel in a URL
      return value;
    }
  }
  return {};
}

std::string with_bypass_cookie_query(const std::string& url, const std::string& secret) {
  const auto fragment = url.find('#');
  auto out = url.substr(0, fragment);
  out += out.find('?') == std::string::npos ? '?' : '&';
  out += fmt::format("{}={}&x-vercel-set-bypass-cookie=true", kVercelBypassHeader, percent_encode_unreserved(secret));
  if (fragment != std::string::npos) {
    out += url.substr(fragment);
  }
  return out;
}

std::vector<std::string> headers_a_browser_cannot_send(const config::TargetSettings& target) {
  std::vector<std::string> names;
  for (const auto& [name, value] : target.headers) {
    if (ascii_lower(name) != kVercelBypassHeader) {
      names.push_back(name);
    }
  }
  return names;
}

bool is_vercel_auth_wall(const http::Response& response) {
  if (response.status != 401 && response.status != 403) {
    return false;
  }
  for (const auto& header : response.headers) {
    const auto name = ascii_lower(header.name);
    const auto value = ascii_lower(header.value);
    if ((name == "server" && value == "vercel") ||
        (name == "set-cookie" && value.starts_with("_vercel_sso"))) {
      return true;
    }
  }
  const auto body = ascii_lower(response.body.substr(0, 64 * 1024));
  return body.find("vercel.com/sso") != std::string::npos || body.find("_vercel_sso") != std::string::npos;
}

std::optional<std::string> access_refused(const http::Response& response,
                                          const config::TargetSettings& target) {
  if (!response.transport_ok() || (response.status != 401 && response.status != 403)) {
    return std::nullopt;
  }
  const auto url = http::display_url(response.url);
  if (is_vercel_auth_wall(response)) {
    if (!target.vercel_bypass_secret.empty()) {
      return fmt::format(
          "{} answered HTTP {} from Vercel's authentication wall although x-vercel-protection-bypass was "
          "sent: "
          "the bypass secret is wrong or was regenerated (copy it again from the Vercel project's Settings → "
          "Deployment Protection → Protection Bypass for Automation into targets.{}.vercel_bypass_secret or "
          "VERCEL_AUTOMATION_BYPASS_SECRET)",
          url, response.status, target.name);
    }
    return fmt::format(
        "{} answered HTTP {} from Vercel's authentication wall (Deployment Protection): set "
        "targets.{}.vercel_bypass_secret, or the environment variable VERCEL_AUTOMATION_BYPASS_SECRET, to "
        "the "
        "secret from the Vercel project's Settings → Deployment Protection → Protection Bypass for "
        "Automation",
        url, response.status, target.name);
  }
  return fmt::format(
      "{} answered HTTP {}: the target refuses unauthenticated requests (give the credentials it needs as "
      "targets.{}.headers, e.g. {{\"Authorization\": \"Bearer ${{PREVIEW_TOKEN}}\"}})",
      url, response.status, target.name);
}

}  // namespace formcheck::target
