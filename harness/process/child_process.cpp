#include "harness/process/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness/process/boost_process.hpp"
// Boost 1.81 header-only mode forgets this non-inline definition (process_environment::
// on_setup); this file is the only one that launches processes, so it is defined here once.
#include <boost/process/v2/impl/environment.ipp>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>

#include "harness/process/child_groups.hpp"
#include "harness/util/secret.hpp"

extern char** environ;

namespace formcheck::process {
namespace bp = boost::process::v2;
namespace {

constexpr size_t kMaxKeptLines = 2000;

// Runs in the child between fork and exec: a group of its own (so stop() reaches its
// children too) and death with its parent (so nothing outlives formcheck, even kill -9).
struct OwnGroupAndParentDeath {
  pid_t parent = getpid();
  template <class Launcher>
  bp::error_code on_exec_setup(Launcher&, const bp::filesystem::path&, const char* const*&) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) {  // the parent died before prctl took effect
      _exit(127);
    }
    return {};
  }
};

std::vector<std::string> build_environment(const LaunchSpec& spec) {
  std::map<std::string, std::string> merged;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view kv(*entry);
    const auto eq = kv.find('=');
    if (eq != std::string_view::npos) {
      merged[std::string(kv.substr(0, eq))] = std::string(kv.substr(eq + 1));
    }
  }
  for (const auto& name : spec.env_remove) {
    merged.erase(name);
  }
  for (const auto& [name, value] : spec.env_overrides) {
    merged[name] = value;
  }
  std::vector<std::string> out;
  out.reserve(merged.size());
  for (const auto& [name, value] : merged) {
    out.push_back(name + "=" + value);
  }
  return out;
}

ExitStatus decode_wait_status(int status) {
  ExitStatus s;
  s.exited = true;
  if (WIFEXITED(status)) {
    s.code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    s.signal = WTERMSIG(status);
    s.code = 128 + s.signal;
  }
  return s;
}

}  // namespace

Expected<std::unique_ptr<ChildProcess>, std::string> ChildProcess::start(const LaunchSpec& spec) {
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    return unexpected(fmt::format("cannot create pipes: {}", std::strerror(errno)));
  }

  const auto env = build_environment(spec);
  bp::filesystem::path exe = spec.executable;
  if (!exe.has_parent_path()) {
    exe = bp::environment::find_executable(spec.executable.string());
    if (exe.empty()) {
      for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
        close(fd);
      }
      return unexpected(fmt::format("'{}' was not found on PATH", spec.executable.string()));
    }
  }

  std::vector<std::string> args = spec.args;
  if (spec.supervise) {
    std::error_code self_ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", self_ec);
    const auto supervisor = self.parent_path() / "formcheck-supervise";
    if (!self_ec && std::filesystem::exists(supervisor)) {
      args.insert(args.begin(), {std::to_string(spec.supervisor_grace.count()), "--", exe.string()});
      exe = supervisor;
    }
  }

  boost::asio::io_context ctx;
  bp::error_code ec;
  std::unique_ptr<ChildProcess> child(new ChildProcess());
  {
    const auto cwd = spec.cwd.value_or(std::filesystem::current_path());
    bp::process proc(ctx.get_executor(), exe, args, ec, bp::process_stdio{nullptr, out_pipe[1], err_pipe[1]},
                     bp::process_environment{env}, bp::process_start_dir{cwd.string()}, OwnGroupAndParentDeath{});
    close(out_pipe[1]);
    close(err_pipe[1]);
    if (ec) {
      close(out_pipe[0]);
      close(err_pipe[0]);
      return unexpected(fmt::format("cannot start '{}': {}", exe.string(), ec.message()));
    }
    child->m_pid = proc.id();
    track_child_group(child->m_pid);  // its group id is its pid (setpgid(0, 0) above)
    proc.detach();  // we reap it ourselves with waitpid, so stop() controls the whole group
  }
  child->m_out_fd = out_pipe[0];
  child->m_err_fd = err_pipe[0];
  ChildProcess* self = child.get();
  child->m_out_reader = std::thread([self] { self->reader_loop(self->m_out_fd, OutputLine::Stream::out); });
  child->m_err_reader = std::thread([self] { self->reader_loop(self->m_err_fd, OutputLine::Stream::err); });
  return child;
}

void ChildProcess::reader_loop(int fd, OutputLine::Stream stream) {
  std::string pending;
  char buffer[4096];
  for (;;) {
    pollfd ready{fd, POLLIN, 0};
    const int polled = poll(&ready, 1, 200);
    if (polled == 0) {
      if (m_closing.load()) {
        break;  // stopped, and nothing more came: an escaped holder of the pipe cannot stall us
      }
      continue;
    }
    const ssize_t n = polled < 0 ? -1 : read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      break;
    }
    pending.append(buffer, static_cast<size_t>(n));
    size_t newline;
    std::vector<OutputLine> complete;
    while ((newline = pending.find('\n')) != std::string::npos) {
      complete.push_back({stream, redact(pending.substr(0, newline))});
      pending.erase(0, newline + 1);
    }
    if (!complete.empty()) {
      std::lock_guard lock(m_mutex);
      for (auto& line : complete) {
        m_lines.push_back(std::move(line));
        if (m_lines.size() > kMaxKeptLines) {
          m_lines.pop_front();
          ++m_dropped_lines;
        }
      }
      m_changed.notify_all();
    }
  }
  std::lock_guard lock(m_mutex);
  if (!pending.empty()) {
    m_lines.push_back({stream, redact(pending)});
  }
  --m_open_streams;
  m_changed.notify_all();
}

std::optional<std::string> ChildProcess::wait_for_line(const std::function<bool(const OutputLine&)>& matches,
                                                       std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock lock(m_mutex);
  size_t checked = 0;
  for (;;) {
    for (; checked < m_lines.size(); ++checked) {
      if (matches(m_lines[checked])) {
        return m_lines[checked].text;
      }
    }
    if (m_open_streams == 0) {
      return std::nullopt;  // both pipes closed: the process is gone
    }
    // Wake periodically: a child that exits while a grandchild keeps the pipe open must
    // still be noticed.
    const auto wake = std::min(deadline, std::chrono::steady_clock::now() + std::chrono::milliseconds(100));
    m_changed.wait_until(lock, wake);
    if (std::chrono::steady_clock::now() >= deadline) {
      return std::nullopt;
    }
    lock.unlock();
    const bool gone = poll_exit().exited;
    lock.lock();
    if (gone && checked >= m_lines.size() && m_open_streams == 0) {
      return std::nullopt;
    }
    if (gone && checked >= m_lines.size()) {
      // Let the readers drain what the process wrote before it exited, then give up.
      m_changed.wait_for(lock, std::chrono::milliseconds(50));
      if (checked >= m_lines.size()) {
        return std::nullopt;
      }
    }
  }
}

ExitStatus ChildProcess::poll_exit() {
  std::lock_guard lock(m_mutex);
  if (!m_exit.exited && m_pid > 0) {
    // Peek first: once reaped, the pid may be reused, so the second Ctrl-C must forget it before.
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(m_pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0 ||
        info.si_pid == m_pid) {
      untrack_child_group(m_pid);
    }
    int status = 0;
    const pid_t r = waitpid(m_pid, &status, WNOHANG);
    if (r == m_pid) {
      m_exit = decode_wait_status(status);
    } else if (r < 0 && errno == ECHILD) {
      m_exit.exited = true;  // reaped elsewhere; the code is unknown
    }
  }
  return m_exit;
}

ExitStatus ChildProcess::wait_exit(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto status = poll_exit();
    if (status.exited || std::chrono::steady_clock::now() >= deadline) {
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

ChildProcess::StopResult ChildProcess::stop(std::chrono::milliseconds grace) {
  StopResult result;
  if (m_pid <= 0) {
    return result;
  }
  if (m_stopped) {
    // Once reaped, the pid (and group id) may be reused by an unrelated process: never
    // signal it again.
    return *m_stopped;
  }
  if (!poll_exit().exited) {
    kill(-m_pid, SIGTERM);
    kill(m_pid, SIGTERM);  // in case it left its group
    result.status = wait_exit(grace);
    if (!result.status.exited) {
      kill(-m_pid, SIGKILL);
      kill(m_pid, SIGKILL);
      result.killed = true;
      result.status = wait_exit(std::chrono::seconds(5));
    }
  } else {
    result.status = poll_exit();
  }
  // Children of the child that outlived it still belong to the group: end them too.
  kill(-m_pid, SIGKILL);
  m_stopped = result;
  return result;
}

std::vector<OutputLine> ChildProcess::output() const {
  std::lock_guard lock(m_mutex);
  return {m_lines.begin(), m_lines.end()};
}

std::string ChildProcess::output_text() const {
  std::lock_guard lock(m_mutex);
  std::string text;
  if (m_dropped_lines > 0) {
    text += fmt::format("[{} earlier lines dropped]\n", m_dropped_lines);
  }
  for (const auto& line : m_lines) {
    text += line.stream == OutputLine::Stream::err ? "[stderr] " : "";
    text += line.text;
    text += '\n';
  }
  return text;
}

ChildProcess::~ChildProcess() {
  stop(std::chrono::seconds(2));
  m_closing = true;
  // The readers end when every writer of the pipes is gone (the group was killed above), or
  // after a quiet spell when something outside the group still holds them.
  if (m_out_reader.joinable()) {
    m_out_reader.join();
  }
  if (m_err_reader.joinable()) {
    m_err_reader.join();
  }
  if (m_out_fd >= 0) {
    close(m_out_fd);
  }
  if (m_err_fd >= 0) {
    close(m_err_fd);
  }
}

}  // namespace formcheck::process
