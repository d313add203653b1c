#pragma once
// Starts a program in its own process group, keeps its stdout/stderr (bounded), lets a caller
// wait for a line with a deadline, and stops the whole group (SIGTERM, then SIGKILL) when asked
// or when the object dies. The child also gets PR_SET_PDEATHSIG so it dies with formcheck even
// under `kill -9`.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "harness/util/expected.hpp"

namespace formcheck::process {

struct LaunchSpec {
  std::filesystem::path executable;  // absolute path, or a name looked up on PATH
  std::vector<std::string> args;
  std::optional<std::filesystem::path> cwd;
  std::map<std::string, std::string> env_overrides;  // added to (or replacing in) formcheck's environment
  std::vector<std::string> env_remove;               // names removed from the inherited environment
  // Start through formcheck-supervise (found beside the running executable), so the program's
  // own children die with formcheck too, even under kill -9. Without it only the direct child
  // does (PR_SET_PDEATHSIG).
  bool supervise = true;
  std::chrono::milliseconds supervisor_grace{3000};
};

struct OutputLine {
  enum class Stream { out, err };
  Stream stream;
  std::string text;
};

struct ExitStatus {
  bool exited = false;  // false while running
  int code = 0;         // exit code, or 128 + signal number when killed by a signal
  int signal = 0;       // the signal that ended it, 0 when it exited normally
};

class ChildProcess {
 public:
  static Expected<std::unique_ptr<ChildProcess>, std::string> start(const LaunchSpec& spec);

  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  int pid() const { return m_pid; }

  // Waits until a stdout/stderr line satisfies `matches` (returns it), the process exits
  // (nullopt), or the deadline passes (nullopt). Lines seen before the call count too.
  std::optional<std::string> wait_for_line(const std::function<bool(const OutputLine&)>& matches,
                                           std::chrono::milliseconds timeout);

  // Non-blocking: has it exited? (reaps it when it has)
  ExitStatus poll_exit();
  // Waits up to `timeout` for the process to exit by itself.
  ExitStatus wait_exit(std::chrono::milliseconds timeout);

  // SIGTERM to the whole group, wait up to `grace`, then SIGKILL. Returns how it ended and
  // whether SIGKILL was needed.
  struct StopResult {
    ExitStatus status;
    bool killed = false;
  };
  StopResult stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

  // Everything captured so far (bounded to the newest lines), already redacted.
  std::vector<OutputLine> output() const;
  std::string output_text() const;

 private:
  ChildProcess() = default;
  void reader_loop(int fd, OutputLine::Stream stream);

  int m_pid = -1;
  int m_out_fd = -1;
  int m_err_fd = -1;
  std::thread m_out_reader;
  std::thread m_err_reader;
  // Set once the process is stopped: a reader then gives up after a quiet spell instead of
  // waiting for EOF, which never comes while an escaped descendant holds the pipe.
  std::atomic<bool> m_closing{false};
  mutable std::mutex m_mutex;
  std::condition_variable m_changed;
  std::deque<OutputLine> m_lines;
  size_t m_dropped_lines = 0;
  int m_open_streams = 2;
  ExitStatus m_exit;
  std::optional<StopResult> m_stopped;
};

}  // namespace formcheck::process
