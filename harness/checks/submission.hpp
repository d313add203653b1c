#pragma once
// Submitting the contact form: one HTTP request per submission, each carrying a unique
// correlation token (and the test marker) in the token field.
#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "harness/config/config.hpp"
#include "harness/http/http.hpp"

namespace formcheck::checks {

using Fields = std::vector<std::pair<std::string, std::string>>;

struct SubmissionRequest {
  std::string token;  // fc-<run>-<n>
  Fields fields;      // as the case wants them, before the token is added
  Fields headers = {};  // on this request only, after the target's (an abuser's forged client address)
};

// A redirect that was followed: its status and where it pointed. A 307/308 re-sends the POST;
// a 301/302/303 is followed with a GET, as a browser does after a classic form post
// (Post/Redirect/Get), and every hop after it is a GET too.
struct RedirectHop {
  long status = 0;
  std::string to;
  bool as_get = false;
};

// Why the final answer, a redirect, was not followed.
enum class RedirectStop {
  none,            // not a redirect, or one fetch() would not follow either (300, 304)
  loop,            // it points at a URL already asked
  too_many,        // more than kMaxRedirects in a row
  other_origin,    // another scheme, host or port: form.headers must not go there
  changes_method,  // 301/302/303 to the route's own address: the browser's GET loses the submission
};

// What is kept of a site's answer: enough for any real route's JSON or error page.
inline constexpr size_t kMaxAnswerBytes = 1024 * 1024;

// fetch() gives up after 20; a contact form behind more than a few redirects is broken anyway.
inline constexpr size_t kMaxRedirects = 5;

struct Submission {
  std::string token;
  Fields fields_sent;  // exactly what went over the wire (token field included)
  std::string url;     // where the form was posted first (target url + form.path)
  // The Origin and Referer the request carried (a browser's, unless form.headers or the
  // target's headers set their own); empty for a page submission, whose browser sends its own.
  std::string origin_sent;
  std::string referer_sent;
  std::chrono::milliseconds answer_timeout{0};  // form.timeout_s, for the whole answer
  std::chrono::steady_clock::time_point sent_at;
  std::chrono::system_clock::time_point sent_wall;
  http::Response response;  // the final answer (after the redirects followed)
  std::vector<RedirectHop> redirects;
  RedirectStop redirect_stop = RedirectStop::none;
  std::optional<std::string> sid;  // from the site's answer, where form.sid_pointer finds one
  // Why a 2xx answer is still not acceptance (its body says the submission failed).
  std::optional<std::string> refusal;
  // Post/Redirect/Get: what was checked of the page the redirect led to ("" without one).
  std::string landing_checked;
  // How many of formcheck's own submissions the target's rate-limit window held when this one
  // was sent (its pacing's count; -1 when not known): a 429 that comes before formcheck has
  // used the limit was caused by another client.
  int own_in_window = -1;

  bool accepted() const { return response.is_success() && !refusal; }
  // Whether the answer is the page a 301/302/303 led to (Post/Redirect/Get).
  bool redirected_to_get() const {
    return std::any_of(redirects.begin(), redirects.end(), [](const RedirectHop& hop) { return hop.as_get; });
  }
  // The site got the request but gave no answer in time: it may still have sent the message.
  bool cancelled() const { return response.error && response.error->kind == http::TransportErrorKind::aborted; }
  bool answer_timed_out() const {
    return response.error && response.error->kind == http::TransportErrorKind::timeout &&
           response.request_sent;
  }
  // "HTTP 200 in 84 ms", or the transport error
  std::string describe_response() const;
  // "POST A → 307 B → 307 A", ending with where an unfollowed redirect points; empty without redirects.
  std::string describe_redirects() const;
};

// Form defaults with the case's fields laid over them (a case field with the same name wins).
Fields merge_fields(const Fields& defaults, const Fields& overrides);

// The token field's value as sent: "[<marker> <token>] <value>". The token goes first so a
// site that truncates the message still carries it.
std::string mark_value(const std::string& marker, const std::string& token, const std::string& value);

// Sends every request at once (curl multi) and returns the submissions in order. 307/308
// answers within the target's origin are followed as a browser's fetch() would (the POST
// re-sent); 301/302/303 are followed with a GET as a browser does after a form post (the
// landing page then judged by redirect_landing.hpp), unless they point at the route's own
// address; up to kMaxRedirects and never to a URL already asked. Any other redirect is left
// as the answer, with redirect_stop saying why.
// `cancelled` (Ctrl-C) stops every request still waiting for its answer.
std::vector<Submission> submit_all(const config::TargetSettings& target, const config::FormSettings& form,
                                   const std::vector<SubmissionRequest>& requests,
                                   const std::atomic<bool>* cancelled = nullptr);

// The HTTP request a submission makes (exposed for --dry-run and tests).
http::Request build_request(const config::TargetSettings& target, const config::FormSettings& form,
                            const Fields& fields_sent);

// "fc-<6 hex>" for this run; tokens are "<run id>-<n>".
std::string new_run_id();

}  // namespace formcheck::checks
