#pragma once
// Whether a 2xx answer is the site's acceptance of the form. Many routes answer failures with
// a 200 (Next.js's NextResponse.json defaults to it) and say so in the body, so the status
// alone is not acceptance: the body has the last word.
#include <optional>
#include <string>

#include "harness/http/http.hpp"

namespace formcheck::checks {

// Why the body of a 2xx answer refuses the submission, or nullopt when it does not:
// a JSON object whose `success` or `ok` is false, or whose `error` member is set (not null,
// false or empty), or an HTML page where JSON was asked for (`json_expected`: the form posts
// JSON, so the route is an API and an HTML answer is an error page, e.g. a framework's 404
// or 500 served with 200). An empty body, plain text, or JSON saying nothing about failure
// is no refusal.
std::optional<std::string> body_refusal(const http::Response& response, bool json_expected);

}  // namespace formcheck::checks
