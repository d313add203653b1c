#include "harness/report/console_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <cstdlib>
#include <string_view>
#include <unistd.h>

#include "harness/report/case_groups.hpp"
#include "harness/report/clean_text.hpp"
#include "harness/report/terminal_style.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::report {
namespace {

constexpr size_t kMessageChars = 200;

std::string text(std::string_view raw) {
  return one_line(terminal_safe(redact(raw)), kMessageChars);
}

// Display width in code points (good enough for the names formcheck prints).
size_t width(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  }
  return n;
}

std::string pad_right(const std::string& s, size_t w) {
  return s + std::string(w > width(s) ? w - width(s) : 0, ' ');
}
std::string pad_left(const std::string& s, size_t w) {
  return std::string(w > width(s) ? w - width(s) : 0, ' ') + s;
}

struct Painter {
  bool on;
  std::string operator()(std::string_view code, const std::string& s) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : s;
  }
};
constexpr std::string_view kBold = "1", kRed = "31", kGreen = "32", kYellow = "33", kDim = "2";

// Colours a count only when it matters (a zero stays plain).
std::string count_cell(const Painter& paint, size_t count, std::string_view code, size_t w) {
  const std::string cell = pad_left(std::to_string(count), w);
  return count > 0 ? paint(code, cell) : cell;
}

std::string count_totals(const Painter& paint, size_t count, std::string_view word, std::string_view code) {
  const std::string phrase = fmt::format("{} {}", count, word);
  return count > 0 ? paint(code, phrase) : phrase;
}

}  // namespace

std::string render_summary_table(const std::vector<results::CaseResult>& cases, bool colour) {
  const Painter paint{colour};
  std::string out;
  const auto groups = group_by_suite_and_target(cases);
  if (groups.empty()) {
    out += "No cases were run.\n";
  } else {
    const std::array<std::string, 6> header{"target", "suite", "passed", "failed", "errors", "skipped"};
    std::vector<std::array<std::string, 2>> labels;
    size_t target_w = width(header[0]), suite_w = width(header[1]);
    for (const auto& g : groups) {
      labels.push_back({text(g.target), text(g.suite)});
      target_w = std::max(target_w, width(labels.back()[0]));
      suite_w = std::max(suite_w, width(labels.back()[1]));
    }
    out +=
        paint(kBold, fmt::format("{}  {}  {}  {}  {}  {}", pad_right(header[0], target_w),
                                 pad_right(header[1], suite_w), header[2], header[3], header[4], header[5]));
    out += '\n';
    for (size_t i = 0; i < groups.size(); ++i) {
      const auto& s = groups[i].summary;
      out +=
          fmt::format("{}  {}  {}  {}  {}  {}\n", pad_right(labels[i][0], target_w),
                      pad_right(labels[i][1], suite_w), count_cell(paint, s.passed, kGreen, header[2].size()),
                      count_cell(paint, s.failed, kRed, header[3].size()),
                      count_cell(paint, s.errors, kYellow, header[4].size()),
                      count_cell(paint, s.skipped + s.not_run, kDim, header[5].size()));
    }
  }

  // An error shared by many checks of one target (it was unreachable) is listed once, with
  // how many more checks it stopped.
  std::vector<std::string> lines;
  std::vector<size_t> same_error_count;
  std::map<std::string, size_t> error_line;  // target + message → index in lines
  for (const auto& c : cases) {
    if (c.outcome != results::Outcome::failed && c.outcome != results::Outcome::error) {
      continue;
    }
    const bool failed = c.outcome == results::Outcome::failed;
    if (!failed) {
      const auto [at, first] = error_line.try_emplace(c.target + "\n" + c.message, lines.size());
      if (!first) {
        ++same_error_count[at->second];
        continue;
      }
    }
    const std::string why = c.message.empty() ? std::string(failed ? "failed" : "error") : text(c.message);
    const std::string tries =
        c.attempts.size() > 1 ? fmt::format(" (after {} attempts)", c.attempts.size()) : std::string();
    lines.push_back(fmt::format("{} {} {} — {}{}", paint(failed ? kRed : kYellow, "✗"), text(c.suite + "." + c.target),
                                text(c.name), why, tries));
    same_error_count.push_back(0);
  }
  std::string problems;
  for (size_t i = 0; i < lines.size(); ++i) {
    problems += lines[i];
    if (same_error_count[i] > 0) {
      problems += fmt::format(" (and {} more check(s) with the same error)", same_error_count[i]);
    }
    problems += '\n';
  }
  // Flaky passes are passes, but never quiet ones: each is listed with what went wrong first.
  for (const auto& c : cases) {
    if (c.outcome != results::Outcome::passed || !c.flaky) {
      continue;
    }
    std::string why = "passed on a retry";
    for (const auto& a : c.attempts) {
      if (a.number != c.attempt && (a.outcome == results::Outcome::failed || a.outcome == results::Outcome::error)) {
        why = fmt::format("passed on attempt {} of {}; attempt {} {}: {}", c.attempt, c.attempts.size(), a.number,
                          results::to_string(a.outcome), text(a.message));
        break;
      }
    }
    problems += fmt::format("{} {} {} — flaky: {}\n", paint(kYellow, "⚠"), text(c.suite + "." + c.target),
                            text(c.name), why);
  }
  if (!problems.empty()) {
    out += '\n';
    out += problems;
  }

  const auto total = results::summarise(cases);
  std::string notes;
  if (total.not_run > 0) {
    notes = fmt::format("{} not run", total.not_run);
  }
  if (total.flaky > 0) {
    notes += fmt::format("{}{}", notes.empty() ? "" : ", ", paint(kYellow, fmt::format("{} flaky", total.flaky)));
  }
  out += '\n';
  out += fmt::format(
      "{}, {}, {}, {}{}\n", count_totals(paint, total.passed, "passed", kGreen),
      count_totals(paint, total.failed, "failed", kRed), count_totals(paint, total.errors, "errors", kYellow),
      fmt::format("{} skipped", total.skipped + total.not_run), notes.empty() ? "" : " (" + notes + ")");
  return out;
}

bool use_colour(std::FILE* stream) { return terminal_style(stream).colour; }

}  // namespace formcheck::report
