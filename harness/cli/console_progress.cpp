#include "harness/cli/console_progress.hpp"

#include "harness/report/clean_text.hpp"
#include "harness/run/heartbeat.hpp"
#include "harness/util/one_line.hpp"
#include "harness/util/secret.hpp"

#include <fmt/format.h>

#include <limits>

namespace formcheck::cli {
namespace {
std::atomic<bool> g_quiet{false};

// Text a site or Twilio may have written, fit for one console line: secrets masked, control
// characters (ESC, CR, NUL, C1's CSI) replaced, line breaks folded, so that it can neither
// drive the terminal nor print a verdict line of its own.
std::string console_text(std::string_view text) {
  return one_line(report::terminal_safe(redact(text)), std::numeric_limits<std::size_t>::max());
}

// The same for a note, whose line breaks are kept but indented under it.
std::string note_text(std::string_view text) {
  std::string out;
  for (const char c : report::terminal_safe(redact(text))) {
    out += c == '\n' ? std::string("\n  ") : std::string(1, c);
  }
  return out;
}
}  // namespace

void set_console_quiet(bool quiet) {
  g_quiet.store(quiet);
}
bool console_quiet() {
  return g_quiet.load();
}

ConsoleProgress::ConsoleProgress(bool live, bool colour, bool quiet)
    : m_live(live && !quiet), m_colour(colour), m_quiet(quiet) {}

ConsoleProgress::~ConsoleProgress() {
  stop_live();
}

void ConsoleProgress::clear_live_line() {
  // Erase the live block: clear this line, then move up and clear each earlier one.
  for (int i = 0; i < m_live_lines; ++i) {
    std::fputs(i == 0 ? "\r\033[2K" : "\033[1A\033[2K", stdout);
  }
  m_live_lines = 0;
}

void ConsoleProgress::print_line(const std::string& line) {
  clear_live_line();
  fmt::print("{}\n", line);
  std::fflush(stdout);
  m_last_output = std::chrono::steady_clock::now();
}

void ConsoleProgress::result(const results::CaseResult& r) {
  const char* mark = "✓";
  const char* colour = "\033[32m";
  switch (r.outcome) {
    case results::Outcome::passed:
      break;
    case results::Outcome::failed:
      mark = "✗";
      colour = "\033[31m";
      break;
    case results::Outcome::error:
      mark = "!";
      colour = "\033[35m";
      break;
    case results::Outcome::skipped:
    case results::Outcome::not_run:
      mark = "-";
      colour = "\033[33m";
      break;
  }
  if (m_quiet && r.outcome != results::Outcome::failed && r.outcome != results::Outcome::error) {
    return;
  }
  std::lock_guard lock(m_mutex);
  const auto [printed, fresh] =
      m_printed.try_emplace(fmt::format("{}.{} {} #{}", r.suite, r.target, r.name, r.attempt), r.outcome);
  if (!fresh && printed->second == r.outcome) {
    return;
  }
  printed->second = r.outcome;
  if (r.outcome == results::Outcome::error) {
    // An unreachable target errors every one of its checks with the same words: once is enough.
    const auto [seen, first] = m_errors_seen.try_emplace(r.target + "\n" + r.message, 0);
    if (!first) {
      ++seen->second;
      return;
    }
  }
  // A retried check says which attempt this is; a flaky pass says so at once.
  std::string attempt;
  if (r.attempts.size() > 1) {
    attempt = r.flaky ? fmt::format(" (flaky: passed on attempt {})", r.attempt)
                      : fmt::format(" (attempt {})", r.attempts.back().number);
  }
  print_line(fmt::format("{}{}{} {}.{} {} — {}{}", m_colour ? colour : "", mark, m_colour ? "\033[0m" : "",
                         r.suite, r.target, console_text(r.name), console_text(r.message), attempt));
}

void ConsoleProgress::note(const std::string& text) {
  if (m_quiet) {
    return;
  }
  std::lock_guard lock(m_mutex);
  print_line(fmt::format("  {}", note_text(text)));
}

void ConsoleProgress::start_live(std::function<std::vector<checks::PendingView>()> pending) {
  if (m_quiet) {
    return;
  }
  m_thread = std::thread([this, pending = std::move(pending)] {
    if (m_live) {
      live_loop(pending);
    } else {
      heartbeat_loop(pending);
    }
  });
}

void ConsoleProgress::heartbeat_loop(const std::function<std::vector<checks::PendingView>()>& pending) {
  while (!m_stop.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    {
      std::lock_guard lock(m_mutex);
      if (std::chrono::steady_clock::now() - m_last_output < kHeartbeatEvery) {
        continue;
      }
    }
    const auto line = run::heartbeat_line(pending());
    std::lock_guard lock(m_mutex);
    if (!line.empty()) {
      print_line("  " + console_text(line));
    }
  }
}

void ConsoleProgress::live_loop(const std::function<std::vector<checks::PendingView>()>& pending) {
  while (!m_stop.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    const auto views = pending();
    std::lock_guard lock(m_mutex);
    clear_live_line();
    if (views.empty()) {
      continue;
    }
    // One line per pending submission (oldest first, at most 6), then a count of the rest.
    auto sorted = views;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.elapsed > b.elapsed; });
    constexpr size_t kShown = 6;
    std::string block = fmt::format("⏳ {} pending", sorted.size());
    int lines = 1;
    for (size_t i = 0; i < std::min(kShown, sorted.size()); ++i) {
      const auto& v = sorted[i];
      block += fmt::format("\n   {} waiting for {} · last: {} · {:.1f}/{:.0f} s", console_text(v.token),
                           console_text(v.waiting_for), console_text(v.last_status), v.elapsed.count() / 1000.0,
                           v.budget.count() / 1000.0);
      ++lines;
    }
    if (sorted.size() > kShown) {
      block += fmt::format("\n   … and {} more", sorted.size() - kShown);
      ++lines;
    }
    fmt::print("{}", block);
    std::fflush(stdout);
    m_live_lines = lines;
  }
}

void ConsoleProgress::print_collapsed() {
  for (const auto& [key, more] : m_errors_seen) {
    if (more > 0) {
      const auto target = key.substr(0, key.find('\n'));
      print_line(fmt::format("  {}: {} more check(s) errored the same way", target, more));
    }
  }
  m_errors_seen.clear();
}

void ConsoleProgress::stop_live() {
  m_stop.store(true);
  if (m_thread.joinable()) {
    m_thread.join();
  }
  std::lock_guard lock(m_mutex);
  clear_live_line();
  print_collapsed();
}

}  // namespace formcheck::cli
