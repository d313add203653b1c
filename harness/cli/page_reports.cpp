#include "harness/cli/page_reports.hpp"

#include <fmt/format.h>

#include <cstdlib>

#include "harness/cli/command_error.hpp"
#include "harness/report/run_meta.hpp"
#include "harness/report/summary_markdown.hpp"

namespace formcheck::cli {
namespace {

void check(const report::WriteResult& written) {
  if (!written) {
    throw CommandError(kInfrastructure, written.error());
  }
}

report::HtmlRunMeta page_meta(const PageOutputs& outputs, report::RunMeta run, std::optional<int> exit_code) {
  report::HtmlRunMeta meta;
  meta.run = std::move(run);
  meta.title = outputs.title;
  meta.exit_code = exit_code;
  meta.latency_budget_s = outputs.latency_budget_s;
  return meta;
}

}  // namespace

void write_run_pages(const PageOutputs& outputs, const results::ResultBook& book,
                     std::chrono::steady_clock::time_point started, std::optional<int> exit_code) {
  const auto cases = book.snapshot();
  const auto meta = page_meta(
      outputs,
      report::meta_from_book(
          book, std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)),
      exit_code);
  if (!outputs.html.empty()) {
    check(report::write_run_html(outputs.html, cases, meta));
  }
  if (!outputs.summary_md.empty()) {
    check(report::write_file_atomically(outputs.summary_md, report::render_summary_markdown(cases, meta)));
  }
  if (exit_code) {
    append_step_summary(cases, meta);
  }
}

void append_step_summary(const std::vector<results::CaseResult>& cases, const report::HtmlRunMeta& meta) {
  const char* path = std::getenv("GITHUB_STEP_SUMMARY");
  if (path == nullptr || *path == '\0') {
    return;
  }
  if (auto written = report::append_to_file(path, report::render_summary_markdown(cases, meta)); !written) {
    // The run's own reports are written; a CI page that cannot be appended to is worth a
    // warning, not a different verdict.
    fmt::print(stderr, "formcheck: warning: GITHUB_STEP_SUMMARY: {}\n", written.error());
  }
}

void write_monitor_pages(const PageOutputs& outputs, const std::vector<results::CaseResult>& cases,
                         const report::MonitorPage& page, const report::RunMeta& meta, int exit_code) {
  auto html_meta = page_meta(outputs, meta, exit_code);
  if (!outputs.html.empty()) {
    html_meta.base_dir = std::filesystem::absolute(outputs.html).parent_path();
    check(report::write_monitor_html(outputs.html, cases, page, html_meta));
  }
  if (!outputs.summary_md.empty()) {
    check(report::write_file_atomically(outputs.summary_md, report::render_summary_markdown(cases, html_meta)));
  }
  append_step_summary(cases, html_meta);
}

void print_page_paths(const PageOutputs& outputs) {
  if (!outputs.html.empty()) {
    fmt::print("HTML:  {}\n", outputs.html);
  }
  if (!outputs.summary_md.empty()) {
    fmt::print("Summary: {}\n", outputs.summary_md);
  }
}

}  // namespace formcheck::cli
