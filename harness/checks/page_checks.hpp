#pragma once
// Verdicts for a submission made through the page: what the guest saw (guest-view), and the
// page's evidence on every check of that submission.
#include "harness/checks/page_submission.hpp"
#include "harness/config/config.hpp"
#include "harness/results/verdict.hpp"

namespace formcheck::checks {

// Passes when the page sent the form, its route answered 2xx, the guest saw no error and (when
// form.success_text is set) saw that text. A page that shows success while its request failed
// fails and says so.
results::CaseResult check_guest_view(const PageSubmission& page, const config::FormSettings& form);

// Adds engine, device, what the page sent, what the guest saw and the console errors.
void add_page_evidence(results::CaseResult& result, const PageSubmission& page);

// A check about the message of a page that never sent its request is not the site's
// infrastructure trouble: it becomes a failed "accepted" or a skip pointing at guest-view.
void adjust_for_unsent_page(results::CaseResult& result, const PageSubmission& page, bool is_accepted_check);

}  // namespace formcheck::checks
