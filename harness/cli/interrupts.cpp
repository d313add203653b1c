#include "harness/cli/interrupts.hpp"

#include <signal.h>
#include <unistd.h>

#include "harness/process/child_groups.hpp"

namespace formcheck::cli {
namespace {

std::atomic<bool> g_interrupted{false};
std::atomic<int> g_signals{0};

void on_signal(int) {
  if (g_signals.fetch_add(1) >= 1) {
    // The second Ctrl-C: leave now, and take the local targets along at once (SIGKILL to their
    // groups) rather than leave them to the supervisor's grace period. The last complete
    // report written stays valid because every write is atomic.
    process::kill_tracked_child_groups();
    constexpr char message[] = "\nformcheck: interrupted twice, exiting now\n";
    [[maybe_unused]] const auto written = write(STDERR_FILENO, message, sizeof message - 1);
    _exit(130);
  }
  g_interrupted.store(true);
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

const std::atomic<bool>& interrupted() { return g_interrupted; }

}  // namespace formcheck::cli
