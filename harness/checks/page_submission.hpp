#pragma once
// Submitting the contact form the way a guest does: open the page in a browser session,
// wait until the form is interactive, type every field with key events, click submit, and
// read the form's own API request and answer as the page made them (so the message SID and
// the correlation token still tie the submission to its WhatsApp message), plus what the
// guest saw afterwards.
#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "harness/browser/engine.hpp"
#include "harness/checks/submission.hpp"
#include "harness/config/config.hpp"

namespace formcheck::checks {

struct PageSubmission {
  std::string engine;  // "chromium"
  std::string device;  // "desktop", "Pixel 7", …
  std::string emulation;  // what the engine could and could not emulate of the phone ("" = all of it)
  std::string page_url;
  Submission submission;  // the page's own request to form.path (response.error when it made none)
  bool request_made = false;
  bool plain_post = false;  // the browser posted the form itself (no script): the answer is the page it landed on
  // Why the guest could not submit ("" when the page made its request): the page did not
  // load, a field or the submit button is missing or unusable, or the page sent nothing.
  std::string problem;
  bool infrastructure = false;  // the problem is the browser's, not the page's (it could not start)
  bool interrupted = false;     // Ctrl-C ended the wait
  bool never_interactive = false;  // the page did not load or hydrate in time (its server may say why)
  std::string request_body;               // what the page's script sent
  std::vector<std::string> status_texts;  // visible text of the page's status areas afterwards
  std::vector<std::string> errors_seen;   // visible error messages afterwards
  std::vector<std::string> invalid_fields;
  bool success_text_seen = false;
  std::vector<std::string> console_errors;  // console errors and uncaught exceptions
  std::vector<std::string> typing_mismatches;  // "field: typed N bytes, the field holds M"
  std::string screenshot_png;                  // after submitting (empty when not taken)
  std::chrono::milliseconds load_time{0};
  std::chrono::milliseconds submit_time{0};  // typing + click + the answer
};

struct PageOptions {
  bool screenshot = true;
  std::chrono::milliseconds interactive_timeout{15000};  // load + hydration
  const std::atomic<bool>* cancelled = nullptr;           // Ctrl-C: stop waiting on the page
  // Called right before the click (the site's rate limit counts the request from then);
  // false = do not submit (the run was cancelled while pacing).
  std::function<bool()> before_click;
  // Called once the page's request has been answered (or given up on).
  std::function<void()> after_request;
};

// The page submission for one request (token and fields as for submit_all).
PageSubmission submit_page(browser::Session& session, const config::TargetSettings& target,
                           const config::FormSettings& form, const SubmissionRequest& request,
                           const PageOptions& options = {});

// Whether a problem text says the browser itself failed (its session or driver gone).
bool browser_failed(const std::string& problem);

// The CSS selector formcheck uses for a field: form.selectors, else [name="FIELD"].
std::string field_selector(const config::FormSettings& form, const std::string& field);

}  // namespace formcheck::checks
