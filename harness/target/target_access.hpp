#pragma once
// What every request to a target carries (its headers and Vercel's protection bypass), and
// how an answer that refuses access is explained: the preflight and the form submissions
// both use this, so a protected preview is reached the same way each time.
#include "harness/config/config.hpp"
#include "harness/http/http.hpp"

#include <optional>
#include <string>
#include <vector>

namespace formcheck::target {

inline constexpr const char* kVercelBypassHeader = "x-vercel-protection-bypass";

// Adds the target's headers (form.headers with targets.NAME.headers over them) and, when a
// bypass secret is set, x-vercel-protection-bypass. A header already on the request with the
// same name is replaced.
void add_target_headers(http::Request& request, const config::TargetSettings& target);

// "https://host:port" of a URL: its scheme and authority, lower-cased ("" when it has none).
std::string origin_of_url(const std::string& url);

// Adds what a browser submitting the form from `page` sends and a plain HTTP client does not:
// Origin (the target's origin) and Referer (the form's page), so a route that refuses
// cross-site posts (a CSRF middleware, Next.js Server Actions comparing Origin with Host)
// sees a same-origin request. A header of the same name already on the request (form.headers)
// stays; add_target_headers then lays the target's headers over both.
void add_browser_origin(http::Request& request, const config::TargetSettings& target, const std::string& page);

// For a 403 that reads like a CSRF or origin check (its body names the origin, the referer,
// CSRF, a cross-site request or forgery): one sentence naming the Origin and Referer that
// were sent and the keys that set them; nullopt otherwise.
std::optional<std::string> origin_refusal(const http::Response& response, const std::string& origin_sent,
                                          const std::string& referer_sent);

// The bypass secret a browser carries to this target: vercel_bypass_secret, else the value of an
// x-vercel-protection-bypass entry in the target's headers ("" when neither is set).
std::string browser_bypass_secret(const config::TargetSettings& target);

// `url` with Vercel's documented query form of the bypass appended
// (x-vercel-protection-bypass=SECRET&x-vercel-set-bypass-cookie=true): the answer sets a cookie
// that the page's own later requests carry, which is how a browser, unable to add a header to
// WebDriver's navigation, gets past the wall.
std::string with_bypass_cookie_query(const std::string& url, const std::string& secret);

// The names of the target's headers a browser cannot send (WebDriver classic sets no request
// headers): every one but the bypass, which the browser carries as Vercel's cookie.
std::vector<std::string> headers_a_browser_cannot_send(const config::TargetSettings& target);

// Does this answer come from Vercel's authentication wall (Deployment Protection) rather
// than the site? Vercel answers it with `server: Vercel`, its SSO cookie or its SSO page.
bool is_vercel_auth_wall(const http::Response& response);

// For a 401/403 answer: one sentence saying why and which key fixes it; nullopt otherwise.
std::optional<std::string> access_refused(const http::Response& response,
                                          const config::TargetSettings& target);

}  // namespace formcheck::target
