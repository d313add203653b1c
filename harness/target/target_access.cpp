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

namespace {

// The URL without user-info ("https://user:pw@host/x" → "https://host/x"): a browser never sends
// credentials in Origin or Referer.
std::string without_user_info(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    return url;
  }
  const auto authority_end = std::min(url.find_first_of("/?#", scheme_end + 3), url.size());
  const auto at = url.rfind('@', authority_end);
  if (at == std::string::npos || at < scheme_end + 3) {
    return url;
  }
  return url.substr(0, scheme_end + 3) + url.substr(at + 1);
}

}  // namespace

std::string origin_of_url(const std::string& url) {
  const auto clean = without_user_info(url);
  const auto scheme_end = clean.find("://");
  if (scheme_end == std::string::npos) {
    return {};
  }
  return ascii_lower(clean.substr(0, clean.find_first_of("/?#", scheme_end + 3)));
}

void add_browser_origin(http::Request& request, const config::TargetSettings& target, const std::string& page) {
  const auto origin = origin_of_url(target.url);
  if (origin.empty()) {
    return;
  }
  if (!http::find_header(request.headers, "Origin")) {
    request.headers.push_back({"Origin", origin});
  }
  if (!http::find_header(request.headers, "Referer")) {
    request.headers.push_back({"Referer", without_user_info(target.url) + page});
  }
}

std::optional<std::string> origin_refusal(const http::Response& response, const std::string& origin_sent,
                                          const std::string& referer_sent) {
  if (!response.transport_ok() || response.status != 403) {
    return std::nullopt;
  }
  const auto body = ascii_lower(response.body.substr(0, 4096));
  bool reads_like_csrf = false;
  for (const char* word : {"origin", "csrf", "xsrf", "cross-site", "cross site", "cross-origin", "referer",
                           "referrer", "forgery", "server actions"}) {
    reads_like_csrf = reads_like_csrf || body.find(word) != std::string::npos;
  }
  if (!reads_like_csrf) {
    return std::nullopt;
  }
  std::string words = response.body.substr(0, 120);
  if (const auto json = nlohmann::json::parse(response.body, nullptr, false); json.is_object()) {
    for (const char* key : {"error", "message"}) {
      if (json.contains(key) && json[key].is_string()) {
        words = json[key].get<std::string>().substr(0, 120);
        break;
      }
    }
  }
  std::replace_if(words.begin(), words.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  const auto sent = origin_sent.empty() && referer_sent.empty()
                        ? std::string("the browser sent the page's own Origin")
                        : fmt::format("formcheck sent Origin: {} and Referer: {} (a browser's on the form's page, "
                                      "unless form.headers or the target's headers set them)",
                                      origin_sent.empty() ? "(none)" : origin_sent,
                                      referer_sent.empty() ? "(none)" : http::display_url(referer_sent));
  return fmt::format(
      "the site refused the form with HTTP 403 “{}”, which reads like a CSRF check comparing the request's "
      "Origin (or Referer) with its Host: {}; if the site expects another origin (its public address behind a "
      "proxy, a canonical host), set \"Origin\" and \"Referer\" in form.headers or the target's headers",
      redact(words), sent);
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
