#include "harness/process/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

// Process v2 only finds a program on PATH here; the launch itself is formcheck's own (launch()).
#include "harness/process/boost_process.hpp"

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


// Everything the child needs, built before the fork. Between fork and exec the child of a
// multi-threaded program may only make async-signal-safe calls: no allocation, because another
// thread may have held the allocator's lock at the moment of the fork (ASan's allocator, for one,
// is not reset in the child), and the child would then wait for it for ever, before exec, with
// the parent waiting for the exec.
class ExecPlan {
 public:
  ExecPlan(std::string executable, std::vector<std::string> args, std::vector<std::string> env, std::string cwd,
           int out_fd, int err_fd)
      : m_executable(std::move(executable)),
        m_args(std::move(args)),
        m_env(std::move(env)),
        m_cwd(std::move(cwd)),
        m_out_fd(out_fd),
        m_err_fd(err_fd) {
    for (auto& a : m_args) {
      m_argv.push_back(a.data());
    }
    m_argv.push_back(nullptr);
    for (auto& e : m_env) {
      m_envp.push_back(e.data());
    }
    m_envp.push_back(nullptr);
  }

  // In the child: a group of its own (so stop() reaches its children too), death with its
  // parent (so nothing outlives formcheck, even kill -9), stdin from /dev/null, the pipes as
  // stdout and stderr, every other descriptor closed. Async-signal-safe calls only. On
  // failure, errno goes to `status_fd` (close-on-exec: a successful exec closes it empty).
  [[noreturn]] void exec_in_child(pid_t parent, int status_fd) const {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) {  // the parent died before prctl took effect
      _exit(127);
    }
    const int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 || dup2(m_out_fd, STDOUT_FILENO) < 0 ||
        dup2(m_err_fd, STDERR_FILENO) < 0 || chdir(m_cwd.c_str()) != 0) {
      fail(status_fd);
    }
    // Descriptors formcheck opened without close-on-exec must not leak into the target.
    if (status_fd > STDERR_FILENO + 1) {
      close_range(STDERR_FILENO + 1, static_cast<unsigned>(status_fd - 1), 0);
    }
    close_range(static_cast<unsigned>(status_fd + 1), ~0U, 0);
    execve(m_executable.c_str(), m_argv.data(), m_envp.data());
    fail(status_fd);
  }

 private:
  [[noreturn]] static void fail(int status_fd) {
    const int error = errno;
    [[maybe_unused]] const auto written = write(status_fd, &error, sizeof error);
    _exit(127);
  }

  std::string m_executable;
  std::vector<std::string> m_args;
  std::vector<std::string> m_env;
  std::string m_cwd;
  int m_out_fd;
  int m_err_fd;
  std::vector<char*> m_argv;
  std::vector<char*> m_envp;
};

// How long the parent waits for the child's exec to succeed or fail: a child that neither
// execs nor fails in this time is stuck (nothing it runs before exec can take long), and is
// killed rather than waited on for ever.
constexpr std::chrono::milliseconds kExecDeadline{10000};

// Forks and execs `plan`; the child's pid, or why it did not start.
Expected<pid_t, std::string> launch(const ExecPlan& plan) {
  int status_pipe[2];
  if (pipe2(status_pipe, O_CLOEXEC) != 0) {
    return unexpected(fmt::format("cannot create a pipe: {}", std::strerror(errno)));
  }
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    plan.exec_in_child(parent, status_pipe[1]);
  }
  const int fork_error = errno;
  close(status_pipe[1]);
  if (pid < 0) {
    close(status_pipe[0]);
    return unexpected(fmt::format("fork failed: {}", std::strerror(fork_error)));
  }
  int child_error = 0;
  ssize_t n = -1;
  pollfd ready{status_pipe[0], POLLIN, 0};
  const auto deadline = std::chrono::steady_clock::now() + kExecDeadline;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    const int polled = poll(&ready, 1, static_cast<int>(std::max<long>(0, left.count())));
    if (polled < 0 && errno == EINTR) {
      continue;
    }
    if (polled > 0) {
      n = read(status_pipe[0], &child_error, sizeof child_error);
      if (n < 0 && errno == EINTR) {
        continue;
      }
    }
    break;
  }
  close(status_pipe[0]);
  if (n == 0) {
    return pid;  // the exec closed the pipe: the program runs
  }
  kill(pid, SIGKILL);
  int ignored = 0;
  waitpid(pid, &ignored, 0);
  if (n < 0) {
    return unexpected(fmt::format("the new process did not reach exec within {} s",
                                  std::chrono::duration_cast<std::chrono::seconds>(kExecDeadline).count()));
  }
  return unexpected(std::string(std::strerror(child_error)));
}

}  // namespace

Expected<std::unique_ptr<ChildProcess>, std::string> ChildProcess::start(const LaunchSpec& spec) {
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    return unexpected(fmt::format("cannot create pipes: {}", std::strerror(errno)));
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    const int error = errno;
    close(out_pipe[0]);
    close(out_pipe[1]);
    return unexpected(fmt::format("cannot create pipes: {}", std::strerror(error)));
  }
  const auto close_pipes = [&] {
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
      if (fd >= 0) {
        close(fd);
      }
    }
  };

  std::filesystem::path exe = spec.executable;
  if (!exe.has_parent_path()) {
    exe = bp::environment::find_executable(spec.executable.string());
    if (exe.empty()) {
      close_pipes();
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
  args.insert(args.begin(), exe.string());

  const ExecPlan plan(exe.string(), args, build_environment(spec),
                      spec.cwd.value_or(std::filesystem::current_path()).string(), out_pipe[1], err_pipe[1]);
  auto launched = launch(plan);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (!launched) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return unexpected(fmt::format("cannot start '{}': {}", exe.string(), launched.error()));
  }
  std::unique_ptr<ChildProcess> child(new ChildProcess());
  child->m_pid = *launched;
  track_child_group(child->m_pid);  // its group id is its pid (setpgid(0, 0) in the child)
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
