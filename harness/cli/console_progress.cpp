#include "harness/cli/console_progress.hpp"

#include <fmt/format.h>

#include "harness/util/secret.hpp"

namespace formcheck::cli {

ConsoleProgress::ConsoleProgress(bool live, bool colour) : m_live(live), m_colour(colour) {}

ConsoleProgress::~ConsoleProgress() { stop_live(); }

void ConsoleProgress::clear_live_line() {
  if (m_line_shown) {
    fmt::print("\r\033[2K");
    m_line_shown = false;
  }
}

void ConsoleProgress::result(const run::CaseResult& r) {
  const char* mark = "✓";
  const char* colour = "\033[32m";
  switch (r.outcome) {
    case run::Outcome::passed:
      break;
    case run::Outcome::failed:
      mark = "✗";
      colour = "\033[31m";
      break;
    case run::Outcome::error:
      mark = "!";
      colour = "\033[35m";
      break;
    case run::Outcome::skipped:
    case run::Outcome::not_run:
      mark = "-";
      colour = "\033[33m";
      break;
  }
  std::lock_guard lock(m_mutex);
  clear_live_line();
  fmt::print("{}{}{} {}.{} {} — {}\n", m_colour ? colour : "", mark, m_colour ? "\033[0m" : "", r.suite, r.target,
             r.name, redact(r.message));
  std::fflush(stdout);
}

void ConsoleProgress::note(const std::string& text) {
  std::lock_guard lock(m_mutex);
  clear_live_line();
  fmt::print("  {}\n", redact(text));
  std::fflush(stdout);
}

void ConsoleProgress::start_live(std::function<std::vector<checks::PendingView>()> pending) {
  if (!m_live) {
    return;
  }
  m_thread = std::thread([this, pending = std::move(pending)] {
    while (!m_stop.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
      const auto views = pending();
      std::lock_guard lock(m_mutex);
      clear_live_line();
      if (views.empty()) {
        continue;
      }
      const auto& oldest = *std::max_element(views.begin(), views.end(),
                                             [](const auto& a, const auto& b) { return a.elapsed < b.elapsed; });
      fmt::print("⏳ {} pending · oldest {} waiting for {} ({}) {:.1f}/{:.0f} s", views.size(), oldest.token,
                 oldest.waiting_for, oldest.last_status, oldest.elapsed.count() / 1000.0,
                 oldest.budget.count() / 1000.0);
      std::fflush(stdout);
      m_line_shown = true;
    }
  });
}

void ConsoleProgress::stop_live() {
  m_stop.store(true);
  if (m_thread.joinable()) {
    m_thread.join();
  }
  std::lock_guard lock(m_mutex);
  clear_live_line();
}

}  // namespace formcheck::cli
