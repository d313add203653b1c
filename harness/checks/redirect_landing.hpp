#pragma once
// Post/Redirect/Get: a classic form handler answers the POST with 303 See Other (or 302/301)
// and the browser GETs the page it points at: a thank-you page when the submission went
// through, the form again (with ?error=1, a flash message) when it did not. formcheck follows
// the redirect as a browser does and judges where it lands, by the landing URL and, unless
// form.judge_body is false, by what the page says.
#include "harness/checks/submission.hpp"
#include "harness/config/config.hpp"
#include "harness/http/http.hpp"

#include <optional>
#include <string>

namespace formcheck::checks {

// Whether `to` is the route at `from` under another address: the same path but for a trailing
// slash, the same query, another scheme or host (a trailing-slash, https or www rule). A
// 301/302/303 there is the route moving, not a thank-you page: the GET a browser sends reaches
// the route without the form. A redirect to the very same URL is not: a form that posts to its
// own page redirects there after a success (Post/Redirect/Get), and its landing is judged.
bool same_route(const std::string& to, const std::string& from);

// The GET a browser sends to `to` after a 301/302/303 answer to `previous` (or after any
// redirect once the method is GET): no body, no Content-Type; within the target's origin
// (`same_origin`) the same headers plus the cookies the redirect answer set (a flash message
// lives in one); to another origin only Accept, as the target's headers (credentials, the
// deployment-protection bypass) are not that origin's business.
http::Request get_after_redirect(const http::Request& previous, const http::Response& redirect,
                                 const std::string& to, bool same_origin);

// Why the page a Post/Redirect/Get submission landed on says it failed; nullopt when it
// does not (a non-2xx landing is refused by its status already):
// - the landing URL signals an error: a query such as error=1, status=failed, success=false,
//   sent=0, or a path segment such as /error or /send-failed;
// - (form.judge_body) its text says so: "could not be sent", "something went wrong", a
//   JSON body refusing (acceptance.hpp);
// - (form.judge_body) it is the form page again (form.page or form.path) and says nothing
//   of success (no success query such as sent=1, no "thank you"/"has been sent" text).
std::optional<std::string> landing_refusal(const Submission& s, const config::FormSettings& form);

// What landing_refusal checks under `form`, for the report of a passed `accepted`.
std::string landing_checks(const config::FormSettings& form);

}  // namespace formcheck::checks
