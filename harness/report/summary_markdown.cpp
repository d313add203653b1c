#include "harness/report/summary_markdown.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "harness/report/case_groups.hpp"
#include "harness/report/clean_text.hpp"
#include "harness/report/html_submissions.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::report {
namespace {

constexpr size_t kMaxFailures = 25;

// One line, redacted, with what Markdown would read as markup made literal.
std::string md(std::string_view raw, size_t max_chars = 300) {
  const std::string line = one_line(terminal_safe(redact(raw)), max_chars);
  std::string out;
  for (const char c : line) {
    if (c == '|' || c == '<' || c == '>' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out;
}

// For inside a code span, where backslashes are literal: backticks dropped.
std::string code(std::string_view raw) {
  std::string out = one_line(terminal_safe(redact(raw)), 120);
  out.erase(std::remove(out.begin(), out.end(), '`'), out.end());
  return out;
}

std::string icon(const results::RunSummary& s) {
  if (s.failed > 0) {
    return "❌";
  }
  if (s.errors > 0 || s.not_run > 0) {
    return "⚠️";
  }
  return s.passed > 0 ? "✅" : "➖";
}

std::string grid(const std::vector<CaseGroup>& groups) {
  std::vector<std::string> targets, suites;
  for (const auto& g : groups) {
    if (std::find(targets.begin(), targets.end(), g.target) == targets.end()) {
      targets.push_back(g.target);
    }
    if (std::find(suites.begin(), suites.end(), g.suite) == suites.end()) {
      suites.push_back(g.suite);
    }
  }
  std::string out = "| target |";
  std::string rule = "|---|";
  for (const auto& s : suites) {
    out += " " + md(s) + " |";
    rule += "---|";
  }
  out += "\n" + rule + "\n";
  for (const auto& t : targets) {
    out += "| " + md(t) + " |";
    for (const auto& s : suites) {
      const auto g = std::find_if(groups.begin(), groups.end(),
                                  [&](const CaseGroup& x) { return x.suite == s && x.target == t; });
      out += g == groups.end() ? std::string(" – |")
                               : fmt::format(" {} {}/{} |", icon(g->summary), g->summary.passed, g->summary.total());
    }
    out += "\n";
  }
  return out;
}

}  // namespace

std::string render_summary_markdown(const std::vector<results::CaseResult>& cases, const HtmlRunMeta& meta) {
  const auto s = results::summarise(cases);
  const auto label = verdict_label(meta.exit_code);
  std::string out = fmt::format("### {} {} {}: {}{}\n\n", icon(s), md(meta.title), md(meta.run.run_id), label.text,
                                meta.exit_code ? fmt::format(" (exit code {})", *meta.exit_code) : std::string());
  out += fmt::format("{} checks: {} passed{}, {} failed, {} errors, {} skipped, {} not run\n\n", s.total(), s.passed,
                     s.flaky > 0 ? fmt::format(" ({} flaky)", s.flaky) : std::string(), s.failed, s.errors, s.skipped,
                     s.not_run);
  out += grid(group_by_suite_and_target(cases));
  size_t listed = 0, problems = 0;
  std::string list;
  for (const auto outcome : {results::Outcome::failed, results::Outcome::error}) {
    for (const auto& c : cases) {
      if (c.outcome != outcome) {
        continue;
      }
      if (++problems > kMaxFailures) {
        continue;
      }
      ++listed;
      list += fmt::format("- {} `{}` {} — {}", outcome == results::Outcome::failed ? "❌" : "⚠️",
                          code(c.suite + "." + c.target), md(c.name), md(c.message));
      if (const auto fix = fix_of(c); !fix.empty() && c.message.find(fix) == std::string::npos) {
        list += " **Fix:** " + md(fix);
      }
      list += "\n";
    }
  }
  if (problems > 0) {
    out += "\n**Failures and errors**\n\n" + list;
    if (problems > listed) {
      out += fmt::format("- … and {} more (see the HTML or JUnit report)\n", problems - listed);
    }
  }
  return out + "\n";
}

WriteResult append_to_file(const std::filesystem::path& path, const std::string& markdown) {
  std::ofstream out(path, std::ios::app | std::ios::binary);
  if (!out) {
    return unexpected("cannot append to " + path.string() + ": " + std::strerror(errno));
  }
  out << markdown;
  out.flush();
  if (!out) {
    return unexpected("cannot append to " + path.string() + ": write failed");
  }
  return true;
}

}  // namespace formcheck::report
