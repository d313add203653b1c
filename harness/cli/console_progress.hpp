#pragma once
// What the console shows during a run: each verdict the moment it is decided (on a terminal
// and in a piped CI log alike), notes (target started, pacing), and while submissions are
// pending either one live block (a capable terminal: it is rewritten in place) or, anywhere
// else, a heartbeat line at most every 15 s saying what is pending and for how long.
// An infrastructure error repeated for every check of a target is printed once.
#include "harness/checks/watcher.hpp"
#include "harness/results/verdict.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace formcheck::cli {

// --quiet, for every command: only what did not pass, the summary and errors.
void set_console_quiet(bool quiet);
bool console_quiet();

class ConsoleProgress {
 public:
  // live: rewrite a block in place (a capable terminal only); quiet: only what did not pass.
  ConsoleProgress(bool live, bool colour, bool quiet = console_quiet());
  ~ConsoleProgress();

  void result(const results::CaseResult& result);
  void note(const std::string& text);
  // Starts the live block (live) or the heartbeat (otherwise), fed by `pending`.
  void start_live(std::function<std::vector<checks::PendingView>()> pending);
  void stop_live();

  static constexpr std::chrono::seconds kHeartbeatEvery{15};

 private:
  void clear_live_line();
  void print_line(const std::string& line);  // with m_mutex held
  void live_loop(const std::function<std::vector<checks::PendingView>()>& pending);
  void heartbeat_loop(const std::function<std::vector<checks::PendingView>()>& pending);
  void print_collapsed();  // with m_mutex held

  bool m_live;
  bool m_colour;
  bool m_quiet;
  std::mutex m_mutex;
  int m_live_lines = 0;  // lines of the live block now on screen
  std::chrono::steady_clock::time_point m_last_output = std::chrono::steady_clock::now();
  // target + "\n" + message of an error already printed → how many more were not printed
  std::map<std::string, int> m_errors_seen;
  // suite.target name #attempt → the outcome printed: a verdict recorded again unchanged
  // (with more evidence) is not printed twice
  std::map<std::string, results::Outcome> m_printed;
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

}  // namespace formcheck::cli
