#include "harness/checks/warm_up.hpp"

#include "harness/checks/submission.hpp"
#include "harness/http/http.hpp"

#include <fmt/format.h>

namespace formcheck::checks {

WarmUp warm_up(const config::TargetSettings& target, const config::FormSettings& form) {
  // The form's own request (URL, TLS settings, form.headers such as a deployment-protection
  // bypass), as a GET without a body: nothing is submitted, nothing counted by a limiter that
  // counts POSTs.
  auto request = build_request(target, form, {});
  request.method = http::Method::get;
  request.body.clear();
  std::erase_if(request.headers, [](const http::Header& h) { return h.name == "Content-Type"; });
  const auto began = std::chrono::steady_clock::now();
  const auto response = http::perform(request);
  WarmUp out;
  out.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - began);
  out.answer = response.error ? response.error->message : fmt::format("HTTP {}", response.status);
  out.reached_site = response.transport_ok() || response.request_sent;
  return out;
}

}  // namespace formcheck::checks
