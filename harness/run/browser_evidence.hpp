#pragma once
// The verdicts of one page submission, finished together: the page's evidence on each, the
// checks of a page that never sent its request re-worded, and its screenshot kept (per
// --screenshots) and linked from every one of them.
#include <string>
#include <utility>
#include <vector>

#include "harness/checks/page_submission.hpp"
#include "harness/run/runner.hpp"
#include "harness/results/verdict.hpp"

namespace formcheck::run {

// case_names: every case the page submission carried (a pack's payloads, or its one case).
void finish_page_results(const checks::PageSubmission& page, const std::vector<std::string>& case_names,
                         std::vector<std::pair<std::string, results::CaseResult>>& results, const RunnerOptions& options);

// A file name for a case's screenshot: letters, digits, '-', '_' and '.' only.
std::string screenshot_file_name(const std::string& token, const std::string& engine, const std::string& device);

}  // namespace formcheck::run
