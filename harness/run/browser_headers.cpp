#include "harness/run/browser_headers.hpp"

#include <fmt/format.h>

#include "harness/run/browser_plan.hpp"
#include "harness/target/target_access.hpp"

namespace formcheck::run {

std::string browser_headers_note(const Plan& plan) {
  std::string listed;
  for (const auto& t : plan.targets) {
    const auto names = target::headers_a_browser_cannot_send(t.target);
    if (!uses_browser(t.suites) || names.empty()) {
      continue;
    }
    std::string joined;
    for (const auto& n : names) {
      joined += (joined.empty() ? "" : ", ") + n;
    }
    listed += fmt::format("{}{} ({})", listed.empty() ? "" : "; ", t.target.name, joined);
  }
  if (listed.empty()) {
    return {};
  }
  return fmt::format(
      "note: browser mode cannot set request headers (WebDriver classic has no way to), so the page and the "
      "form's own request go without the configured headers of {}; the API requests carry them. Vercel's "
      "protection bypass is the exception: the browser carries it as Vercel's cookie",
      listed);
}

}  // namespace formcheck::run
