#pragma once
// What the console shows during a run: each verdict as it lands, notes (target started,
// pacing), and — on a terminal — one live line saying what is still pending.
#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "harness/checks/watcher.hpp"
#include "harness/run/verdict.hpp"

namespace formcheck::cli {

class ConsoleProgress {
 public:
  ConsoleProgress(bool live, bool colour);
  ~ConsoleProgress();

  void result(const run::CaseResult& result);
  void note(const std::string& text);
  // Starts the live line (TTY only), fed by `pending`.
  void start_live(std::function<std::vector<checks::PendingView>()> pending);
  void stop_live();

 private:
  void clear_live_line();

  bool m_live;
  bool m_colour;
  std::mutex m_mutex;
  int m_live_lines = 0;  // lines of the live block now on screen
  std::atomic<bool> m_stop{false};
  std::thread m_thread;
};

}  // namespace formcheck::cli
