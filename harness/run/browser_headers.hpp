#pragma once
// Browser mode and a target's `headers`: WebDriver classic sets no request headers, so the
// page and its own requests go without them. The run says so once.
#include <string>

#include "harness/run/plan.hpp"

namespace formcheck::run {

// The one note for a browser run whose targets have `headers` (form.headers or
// targets.NAME.headers): names the headers per target, never their values; Vercel's bypass is
// not among them (the browser carries it as Vercel's cookie). "" when no browser target has any.
std::string browser_headers_note(const Plan& plan);

}  // namespace formcheck::run
