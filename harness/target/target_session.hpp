#pragma once
// Getting a target ready before its checks: a local target is started (and later stopped),
// a remote one gets a preflight. Either way the result says, in one line, why it cannot be
// used — an `error` verdict for that target's cases, never a failed check.
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "harness/config/config.hpp"
#include "harness/process/child_process.hpp"

namespace formcheck::target {

class TargetSession {
 public:
  // Starts (local) or preflights (remote) `target`. On failure, error() says why.
  static std::unique_ptr<TargetSession> open(const config::TargetSettings& target, const std::atomic<bool>* cancelled);
  ~TargetSession();

  bool ready() const { return m_error.empty(); }
  const std::string& error() const { return m_error; }
  // What the local target printed (redacted), for reports when something failed.
  std::string captured_output() const;
  // Is the local process still alive? (a crash mid-run turns later cases into errors)
  bool alive();
  std::string exit_description();
  void stop();
  double startup_seconds() const { return m_startup_s; }
  // The local target's newest output lines (at most `count`), each on one line with terminal
  // colours removed and control characters escaped: shown with an error on the console.
  std::vector<std::string> last_output_lines(size_t count) const;
  // Non-empty when start.reuse_existing found a server already running at the target's URL
  // and formcheck used it instead of starting one: says whose it is.
  const std::string& reused_server() const { return m_reused; }
  // Ready probes that reached the server (a limiter on the form's route may count them).
  int probes_sent() const { return m_probes_sent; }

 private:
  void start_local(const config::TargetSettings& target, const std::atomic<bool>* cancelled);
  // Polls url + start.ready until it answers, the process exits, TLS fails for good or the
  // deadline passes (then error() says which).
  void wait_until_ready(const config::TargetSettings& target, std::chrono::steady_clock::time_point began,
                        const std::atomic<bool>* cancelled);
  std::string exited_early_problem(const config::TargetSettings& target, const process::ExitStatus& exit);
  void preflight(const config::TargetSettings& target, const std::atomic<bool>* cancelled);

  std::unique_ptr<process::ChildProcess> m_process;
  std::string m_error;
  std::string m_reused;
  double m_startup_s = 0;
  int m_probes_sent = 0;
};

}  // namespace formcheck::target
