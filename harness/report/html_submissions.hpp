#pragma once
// The submissions behind a run's cases, as the HTML report draws them: several checks judge
// one submission (delivered, latency, one message …), which carry the same correlation token
// in their evidence. One Submission per (target, token), in the order first seen.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/results/verdict.hpp"

namespace formcheck::report {

struct Submission {
  std::string target;
  std::string token;
  size_t evidence = 0;          // the case with the fullest timeline: the one to draw
  std::vector<size_t> checks;   // every case judging this submission, in order
  std::optional<double> latency_s;     // submit → the expected status, as observed
  std::optional<double> poll_bound_s;  // the status changed at most this long before it was seen
  std::string status;                  // Twilio's last status ("" when no message was found)
};

std::vector<Submission> submissions_of(const std::vector<results::CaseResult>& cases);

// The first value of property `key`, if the case has it.
std::optional<std::string> property(const results::CaseResult& c, std::string_view key);

// The fix for a failed check: its "fix" property, else what follows "fix: " in the message.
std::string fix_of(const results::CaseResult& c);

}  // namespace formcheck::report
