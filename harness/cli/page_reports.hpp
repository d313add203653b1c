#pragma once
// The reports people look at: --html FILE (a self-contained page), --summary-md FILE (a short
// Markdown summary) and, when CI sets GITHUB_STEP_SUMMARY, the same summary appended to it.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "harness/report/html_monitor.hpp"
#include "harness/report/html_run.hpp"
#include "harness/results/verdict.hpp"

namespace formcheck::cli {

struct PageOutputs {
  std::string html;        // --html
  std::string summary_md;  // --summary-md
  std::string title = "formcheck run";
  double latency_budget_s = 30;
};

// Writes the page and the Markdown file (each only when asked for), atomically. `exit_code`
// is nullopt for the copy written at the start (every check "not run"); with it (the end of
// the run), the summary is also appended to $GITHUB_STEP_SUMMARY.
void write_run_pages(const PageOutputs& outputs, const results::ResultBook& book,
                     std::chrono::steady_clock::time_point started, std::optional<int> exit_code);

// At the end only: appends the Markdown summary to $GITHUB_STEP_SUMMARY when it is set.
void append_step_summary(const std::vector<results::CaseResult>& cases, const report::HtmlRunMeta& meta);

// The same for the monitor: its page, its Markdown file, the step summary.
void write_monitor_pages(const PageOutputs& outputs, const std::vector<results::CaseResult>& cases,
                         const report::MonitorPage& page, const report::RunMeta& meta, int exit_code);

// "HTML:  …" / "Summary: …" lines for the outputs that were asked for.
void print_page_paths(const PageOutputs& outputs);

}  // namespace formcheck::cli
