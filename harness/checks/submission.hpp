#pragma once
// Submitting the contact form: one HTTP request per submission, each carrying a unique
// correlation token (and the test marker) in the token field.
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
};

struct Submission {
  std::string token;
  Fields fields_sent;  // exactly what went over the wire (token field included)
  std::chrono::steady_clock::time_point sent_at;
  std::chrono::system_clock::time_point sent_wall;
  http::Response response;
  std::optional<std::string> sid;  // from the site's answer, where form.sid_pointer finds one

  bool accepted() const { return response.is_success(); }
  // "HTTP 200 in 84 ms", or the transport error
  std::string describe_response() const;
};

// Form defaults with the case's fields laid over them (a case field with the same name wins).
Fields merge_fields(const Fields& defaults, const Fields& overrides);

// The token field's value as sent: "[<marker> <token>] <value>". The token goes first so a
// site that truncates the message still carries it.
std::string mark_value(const std::string& marker, const std::string& token, const std::string& value);

// Sends every request at once (curl multi) and returns the submissions in order.
std::vector<Submission> submit_all(const config::TargetSettings& target, const config::FormSettings& form,
                                   const std::vector<SubmissionRequest>& requests);

// The HTTP request a submission makes (exposed for --dry-run and tests).
http::Request build_request(const config::TargetSettings& target, const config::FormSettings& form,
                            const Fields& fields_sent);

// "fc-<6 hex>" for this run; tokens are "<run id>-<n>".
std::string new_run_id();

}  // namespace formcheck::checks
