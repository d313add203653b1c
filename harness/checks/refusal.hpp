#pragma once
// What the site answered, in words a console line can carry, and the verdict for a
// submission the site refused with 429 outside the rate-limit suite: that is formcheck's
// pacing being looser than the site's real limit, never a defect of the payload's check.
#include "harness/checks/submission.hpp"
#include "harness/config/config.hpp"
#include "harness/results/verdict.hpp"

#include <optional>
#include <string>

namespace formcheck::checks {

// "HTTP 429 “Too many requests, try again later”": the status and the first words of the
// site's error (its JSON `error` or `message`, else the body's start); or the transport error.
std::string site_answer(const Submission& s);

// The error verdict for a check of a submission the site refused with 429, naming the pacing
// (targets.NAME.rate_limit) and the fix; nullopt when the answer was not 429.
std::optional<results::CaseResult> pacing_refusal(const Submission& s, const config::TargetSettings& target);

// A non-pass whose message does not yet say what the site answered gets it appended, so the
// console line names the site's answer and not only what was missing.
void say_what_the_site_answered(results::CaseResult& r, const Submission& s);

}  // namespace formcheck::checks
