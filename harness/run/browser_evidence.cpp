#include "harness/run/browser_evidence.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>

#include "harness/checks/catalogue.hpp"
#include "harness/checks/page_checks.hpp"

namespace formcheck::run {

std::string screenshot_file_name(const std::string& token, const std::string& engine, const std::string& device) {
  std::string name = token + "-" + engine + "-" + device;
  for (auto& c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '_' && c != '.') {
      c = '_';
    }
  }
  return name + ".png";
}

namespace {

bool wants_screenshot(const std::vector<std::pair<std::string, results::CaseResult>>& results, const std::string& mode) {
  if (mode == "all") {
    return true;
  }
  if (mode != "failed") {
    return false;
  }
  for (const auto& [name, r] : results) {
    if (r.outcome == results::Outcome::failed || r.outcome == results::Outcome::error) {
      return true;
    }
  }
  return false;
}

}  // namespace

void finish_page_results(const checks::PageSubmission& page, const std::vector<std::string>& case_names,
                         std::vector<std::pair<std::string, results::CaseResult>>& results, const RunnerOptions& options) {
  auto is = [&](const std::string& name, checks::Check check) {
    return std::any_of(case_names.begin(), case_names.end(),
                       [&](const std::string& c) { return name == checks::check_name(check, c); });
  };
  for (auto& [name, r] : results) {
    checks::add_page_evidence(r, page);
    if (!is(name, checks::Check::guest_view)) {
      checks::adjust_for_unsent_page(r, page, is(name, checks::Check::accepted));
    }
  }
  if (page.screenshot_png.empty() || !wants_screenshot(results, options.screenshots)) {
    return;
  }
  std::error_code ec;
  std::filesystem::create_directories(options.screenshot_dir, ec);
  const auto path = options.screenshot_dir / screenshot_file_name(page.submission.token, page.engine, page.device);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(page.screenshot_png.data(), static_cast<std::streamsize>(page.screenshot_png.size()));
  if (!out) {
    return;  // a screenshot is evidence, never a reason to lose the verdicts
  }
  for (auto& [name, r] : results) {
    r.add_property("screenshot", path.string());
  }
}

}  // namespace formcheck::run
