#pragma once
// A short Markdown summary for CI pages that show one (GitHub's job summary, $GITHUB_STEP_SUMMARY):
//
//   ### ❌ formcheck run fc-1a2b3c: FAILED (exit code 1)
//   69 checks: 60 passed, 5 failed, 0 errors, 4 skipped, 0 not run
//
//   | target | delivery | sender | … |        passed/total per cell, ❌ ⚠️ ✅ by its worst outcome
//
//   **Failures and errors**
//   - ❌ `delivery.preview` contact-form/delivered — the message. **Fix:** the fix
//
// At most 25 failures are listed (the rest are counted). Every string is redacted (and masked
// with --mask-pii) and made safe for a table cell: no line breaks, '|' escaped.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/report/atomic_write.hpp"
#include "harness/report/html_run.hpp"
#include "harness/results/verdict.hpp"

namespace formcheck::report {

std::string render_summary_markdown(const std::vector<results::CaseResult>& cases, const HtmlRunMeta& meta);

// Appends `markdown` to `path` (GitHub's step summary file is shared by every step of the job).
WriteResult append_to_file(const std::filesystem::path& path, const std::string& markdown);

}  // namespace formcheck::report
