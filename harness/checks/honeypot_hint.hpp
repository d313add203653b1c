#pragma once
// The likely cause of an accepted submission that never became a message, when the
// submission filled a field named like a honeypot: sites answer a bot's submission with
// success and drop it, and formcheck's own submission looks like a bot's once it fills one.
#include "harness/checks/submission.hpp"
#include "harness/results/verdict.hpp"

namespace formcheck::checks {

// Appends the honeypot diagnosis to a failed `delivered` verdict whose submission was
// accepted, no message carrying its token was found, and a filled field (not the one
// carrying the token) looks like a honeypot. Adds the property `likely_honeypot`.
void name_a_likely_honeypot(results::CaseResult& delivered, const Submission& s, bool message_found);

}  // namespace formcheck::checks
