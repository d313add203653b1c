#include "harness/config/clear_text_credentials.hpp"

#include "harness/util/secret.hpp"
#include "harness/util/secret_names.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace formcheck::config {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The host of an absolute URL: user-info, port, path and brackets removed, lower case.
std::string host_of(std::string_view url) {
  const auto scheme_end = url.find("://");
  std::string_view rest = scheme_end == std::string_view::npos ? url : url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    rest = rest.substr(at + 1);
  }
  if (!rest.empty() && rest.front() == '[') {
    return lower(rest.substr(1, rest.find(']') - 1));
  }
  return lower(rest.substr(0, rest.find(':')));
}

bool is_loopback(const std::string& host) {
  // 0.0.0.0 is this machine to Linux (dev servers print it as their address).
  if (host == "localhost" || host.ends_with(".localhost") || host == "::1" || host == "0.0.0.0") {
    return true;
  }
  // 127.0.0.0/8 as four dotted numbers.
  int parts = 0;
  size_t start = 0;
  while (start <= host.size()) {
    const auto dot = std::min(host.find('.', start), host.size());
    const auto part = host.substr(start, dot - start);
    if (part.empty() || part.size() > 3 || !std::all_of(part.begin(), part.end(), ::isdigit)) {
      return false;
    }
    if (parts == 0 && part != "127") {
      return false;
    }
    ++parts;
    start = dot + 1;
  }
  return parts == 4;
}

// A header that carries a credential: by name, or because its value holds a registered secret.
bool credential_header(const std::string& name, const std::string& value) {
  const std::string n = lower(name);
  const bool by_name = n == "authorization" || n == "proxy-authorization" || n == "cookie" ||
                       n == "x-vercel-protection-bypass" || n.find("api-key") != std::string::npos ||
                       is_secret_name(n);
  return by_name || redact(value) != value;
}

std::string fix_for(std::string_view url) {
  return fmt::format("use https:// ({}), or a loopback address for a local stand-in",
                     "https://" + std::string(url.substr(std::min(url.size(), size_t{7}))));
}

}  // namespace

bool is_clear_text_to_another_host(std::string_view url) {
  return lower(url.substr(0, 7)) == "http://" && !is_loopback(host_of(url));
}

Problems clear_text_credentials(const Config& config, const std::vector<std::string>& wanted) {
  const bool every_target = wanted.empty() || std::find(wanted.begin(), wanted.end(), "all") != wanted.end();
  Problems problems;
  const std::string file = config.file.string();
  for (const auto& [key, url] :
       {std::pair<std::string, std::string>{"twilio.api_base", config.twilio.api_base},
        {"twilio.messaging_base", config.twilio.messaging_base}}) {
    if (is_clear_text_to_another_host(url)) {
      problems.push_back({file, key,
                          "would send Twilio's credentials in clear text (http:// to a host that is "
                          "not loopback); nothing was sent",
                          fix_for(url)});
    }
  }
  for (const auto& t : config.targets) {
    const bool chosen = every_target || std::find(wanted.begin(), wanted.end(), t.name) != wanted.end();
    if (!chosen || !is_clear_text_to_another_host(t.url)) {
      continue;
    }
    std::string what = t.vercel_bypass_secret.empty() ? std::string() : "the Vercel bypass secret";
    for (const auto& [name, value] : t.headers) {
      if (what.empty() && credential_header(name, value)) {
        what = fmt::format("the secret header '{}'", name);
      }
    }
    if (!what.empty()) {
      problems.push_back({file, fmt::format("targets.{}.url", t.name),
                          fmt::format("would send {} in clear text (http:// to a host that is not loopback); "
                                      "nothing was sent",
                                      what),
                          fix_for(t.url)});
    }
  }
  return problems;
}

void check_clear_text_vercel(const std::string& file, const std::string& api_base, bool has_token,
                             Problems& problems) {
  if (has_token && is_clear_text_to_another_host(api_base)) {
    problems.push_back({file, "audit.vercel.api_base",
                        "would send the Vercel token in clear text (http:// to a host that is not loopback); "
                        "nothing was sent",
                        fix_for(api_base)});
  }
}

}  // namespace formcheck::config
