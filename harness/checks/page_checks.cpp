#include "harness/checks/page_checks.hpp"

#include <fmt/format.h>

#include "harness/checks/evaluate.hpp"
#include "harness/util/join.hpp"

namespace formcheck::checks {
namespace {

using results::CaseResult;
using results::Outcome;

CaseResult verdict(Outcome outcome, std::string message, std::string detail = {}) {
  CaseResult r;
  r.outcome = outcome;
  r.message = excerpt(message, 600);
  r.detail = excerpt(detail, 2000);
  return r;
}

// What the guest saw, in a few words, for the verdict's line.
std::string seen(const PageSubmission& page) {
  if (!page.errors_seen.empty()) {
    return "the error \"" + join(page.errors_seen, " | ") + "\"";
  }
  if (!page.status_texts.empty()) {
    return "\"" + join(page.status_texts, " | ") + "\"";
  }
  return "no message";
}

}  // namespace

CaseResult check_guest_view(const PageSubmission& page, const config::FormSettings& form) {
  const auto where = fmt::format("{} {}", page.engine, page.device);
  const std::string console =
      page.console_errors.empty() ? std::string() : "; console: " + join(page.console_errors, " | ");
  if (page.interrupted) {
    return verdict(Outcome::not_run, "interrupted while the page was submitted");
  }
  if (!page.problem.empty()) {
    return verdict(page.infrastructure ? Outcome::error : Outcome::failed, fmt::format("{} ({}){}", page.problem, where, console));
  }
  const auto& s = page.submission;
  const bool route_ok = s.response.is_success();
  const bool error_seen = !page.errors_seen.empty() || !page.invalid_fields.empty();
  const bool success_expected = !form.success_text.empty();
  const std::string invalid =
      page.invalid_fields.empty() ? std::string() : "; fields marked invalid: " + join(page.invalid_fields, ", ");
  if (!route_ok) {
    const auto answer = s.describe_response();
    if (page.success_text_seen) {
      return verdict(Outcome::failed,
                     fmt::format("the page showed success (\"{}\") although its request to {} answered {} ({})",
                                 form.success_text, form.path, answer, where),
                     "response body: " + excerpt(s.response.body, 500));
    }
    return verdict(Outcome::failed,
                   fmt::format("the page's request to {} answered {}; the guest saw {}{} ({}){}", form.path, answer,
                               seen(page), invalid, where, console),
                   "the page sent: " + excerpt(page.request_body, 500) +
                       "\nresponse body: " + excerpt(s.response.body, 500));
  }
  if (error_seen) {
    return verdict(Outcome::failed,
                   fmt::format("the route answered {} but the guest saw {}{} ({})", s.describe_response(), seen(page),
                               invalid, where));
  }
  if (success_expected && !page.success_text_seen) {
    return verdict(Outcome::failed, fmt::format("the guest never saw \"{}\" (form.success_text) after HTTP {}; the page "
                                                "showed {} ({})",
                                                form.success_text, s.response.status, seen(page), where));
  }
  return verdict(Outcome::passed, fmt::format("HTTP {}; the guest saw {} ({}){}", s.response.status, seen(page), where,
                                              console.empty() ? "" : "; console errors recorded"));
}

void add_page_evidence(CaseResult& r, const PageSubmission& page) {
  r.add_property("browser", page.engine);
  r.add_property("device", page.device);
  if (!page.emulation.empty()) {
    r.add_property("emulation", page.emulation);
  }
  r.add_property("page", http::display_url(page.page_url));
  r.add_property("page_load_ms", std::to_string(page.load_time.count()));
  r.add_property("page_submit_ms", std::to_string(page.submit_time.count()));
  if (page.plain_post) {
    r.add_property("page_submission", "plain HTML form post (the page's script did not send it)");
  }
  if (!page.request_body.empty()) {
    r.add_property("page_request_body", excerpt(page.request_body, 500));
  }
  if (!page.status_texts.empty()) {
    r.add_property("page_status_text", excerpt(join(page.status_texts, " | "), 500));
  }
  if (!page.errors_seen.empty()) {
    r.add_property("page_errors_seen", excerpt(join(page.errors_seen, " | "), 500));
  }
  for (const auto& e : page.console_errors) {
    r.add_property("console_error", excerpt(e, 300));
  }
  for (const auto& m : page.typing_mismatches) {
    r.add_property("typing", m);
  }
  if (!page.problem.empty()) {
    r.timeline.push_back({std::chrono::milliseconds(0), "page: " + excerpt(page.problem, 500)});
  }
}

void adjust_for_unsent_page(CaseResult& r, const PageSubmission& page, bool is_accepted_check) {
  if (page.request_made) {
    return;
  }
  if (page.interrupted) {
    r.outcome = Outcome::not_run;
    r.message = "interrupted while the page was submitted";
    return;
  }
  const auto why = page.problem.empty() ? std::string("the page sent no request") : page.problem;
  if (is_accepted_check) {
    r.outcome = page.infrastructure ? Outcome::error : Outcome::failed;
    r.message = excerpt("the form was never submitted: " + why, 600);
    return;
  }
  if (r.outcome == Outcome::error || r.outcome == Outcome::failed) {
    r.outcome = Outcome::skipped;
    r.message = "not checked: the page sent no request, so no message was expected (see guest-view)";
  }
}

}  // namespace formcheck::checks
