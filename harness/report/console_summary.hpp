#pragma once
// The end-of-run summary on the console:
//
//   target      suite      passed  failed  errors  skipped
//   production  delivery        3       1       0        0
//
//   ✗ delivery.production contact-form/delivered — no message reached staff within 30 s
//
//   3 passed, 1 failed, 0 errors, 0 skipped
//
// Rows are (target, suite) in first-seen order; "skipped" counts cases that were not run
// too (the totals line says how many). Every string is redacted and stripped of control
// characters, so a hostile site cannot drive the terminal.
#include <cstdio>
#include <string>
#include <vector>

#include "harness/results/verdict.hpp"

namespace formcheck::report {

std::string render_summary_table(const std::vector<results::CaseResult>& cases, bool colour);

// Colour as --color, NO_COLOR, FORCE_COLOR and the terminal decide (terminal_style.hpp).
bool use_colour(std::FILE* stream);

}  // namespace formcheck::report
