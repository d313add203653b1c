#pragma once
// The run as one HTML page people read (formcheck run/audit --html FILE):
//
//   verdict and exit code           a coloured banner ("RUNNING" in the copy written at start)
//   targets × suites grid           passed/total per cell, coloured by its worst outcome
//   failures and errors first       message, fix, evidence (SID, status, from/to, body, Twilio
//                                   error, the site's answer), timeline, target output, attempts
//   passed only on a retry          each earlier attempt with its own evidence
//   latency per target              inline SVG: one mark per submission, the latency_s budget,
//                                   the poll bound
//   every submission's timeline     POST → site answered → queued → sent → delivered, with times
//   every check                     suite, target, name, outcome, message, duration
//
// Screenshots: a property whose key starts with "screenshot" (e.g. "screenshot chromium
// Pixel 7") and whose value is an image path is shown under its case, linked relative to the
// page, so browser runs can add theirs without touching this file.
// Every string passes through html_text() (redaction, --mask-pii, escaping).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/report/atomic_write.hpp"
#include "harness/report/run_meta.hpp"
#include "harness/results/verdict.hpp"

namespace formcheck::report {

struct HtmlRunMeta {
  RunMeta run;
  std::string title = "formcheck run";
  // The command's exit code; nullopt while the run is going (the copy written at the start).
  std::optional<int> exit_code;
  double latency_budget_s = 30;  // expect.latency_s: the chart's budget line
  std::string version = FORMCHECK_VERSION;
  // The page's folder: screenshot paths are written relative to it. Empty: as given.
  std::filesystem::path base_dir;
};

// "PASSED", "FAILED", "ERROR", "INTERRUPTED", "RUNNING", or "EXIT n", with its CSS class.
struct VerdictLabel {
  std::string text;
  std::string css;
};
VerdictLabel verdict_label(std::optional<int> exit_code);

// Pieces the monitor page shares: the verdict banner, the failed/errored/flaky cases in full,
// and the table of every check.
std::string html_verdict_header(const std::vector<results::CaseResult>& cases, const HtmlRunMeta& meta);
std::string html_problem_cases(const std::vector<results::CaseResult>& cases, const std::filesystem::path& base_dir);
std::string html_all_checks(const std::vector<results::CaseResult>& cases);

std::string render_run_html(const std::vector<results::CaseResult>& cases, const HtmlRunMeta& meta);

WriteResult write_run_html(const std::filesystem::path& path, const std::vector<results::CaseResult>& cases,
                           HtmlRunMeta meta);

}  // namespace formcheck::report
