// formcheck-supervise: sits between formcheck and a local target so that the target AND its
// children die with formcheck, even under `kill -9` of formcheck.
//
//   formcheck ──(PR_SET_PDEATHSIG: SIGUSR1)──► formcheck-supervise ──► target (npm …) ──► children
//                                               └───────────── one process group ─────────────┘
//
// PR_SET_PDEATHSIG alone would kill only the direct child (npm), leaving `next dev` running.
// The supervisor shares the target's process group: when formcheck dies the kernel signals
// the supervisor, which sends SIGTERM to the whole group, waits a grace period, then SIGKILL.
// A SIGTERM from formcheck (a normal stop) reaches the group directly; the supervisor ignores
// it and exits the way the target did. Usage: formcheck-supervise GRACE_MS -- PROGRAM ARGS…
//
// A start command may escape the group (`setsid`, a double fork). The supervisor is a child
// subreaper (PR_SET_CHILD_SUBREAPER), so whatever is orphaned below it is adopted by it rather
// than by init: when the target ends, the supervisor ends everything it adopted (and their
// groups) before it exits, so nothing outlives the run and no escaped process keeps
// formcheck's output pipes open.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <dirent.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <initializer_list>

namespace {

volatile sig_atomic_t g_parent_died = 0;
volatile pid_t g_child = 0;

void on_parent_death(int) { g_parent_died = 1; }

// A signal sent to the supervisor itself (formcheck's stop() or a test signals the pid it
// started) is meant for the target: pass it on. A group-wide signal reaches the target too,
// so it may see the signal twice; programs that stop on one TERM stop on two.
void forward(int signal_number) {
  if (g_child > 0) {
    kill(g_child, signal_number);
  }
}

int signal_adopted(int signal_number);

void stop_group(long grace_ms) {
  signal(SIGTERM, SIG_IGN);
  kill(0, SIGTERM);  // our own group: the target and everything it started
  const long step_ms = 50;
  for (long waited = 0; waited < grace_ms; waited += step_ms) {
    signal_adopted(SIGTERM);  // escaped processes, adopted as their parents die
    // Reap what has exited; stop waiting once no child is left.
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }
    if (waitpid(-1, nullptr, WNOHANG) < 0 && errno == ECHILD) {
      break;
    }
    timespec pause{0, step_ms * 1000000L};
    nanosleep(&pause, nullptr);
  }
  signal_adopted(SIGKILL);
  kill(0, SIGKILL);  // includes ourselves
  _exit(137);
}

// Signals every process the supervisor adopted (its children other than the target, which
// has exited) and their process groups. Returns how many there were.
int signal_adopted(int signal_number) {
  const pid_t self = getpid();
  int found = 0;
  DIR* proc = opendir("/proc");
  if (proc == nullptr) {
    return 0;
  }
  while (dirent* entry = readdir(proc)) {
    char* end = nullptr;
    const long pid = std::strtol(entry->d_name, &end, 10);
    if (pid <= 0 || *end != '\0') {
      continue;
    }
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE* file = std::fopen(path, "re");
    if (file == nullptr) {
      continue;
    }
    char text[512] = {};
    const size_t length = std::fread(text, 1, sizeof text - 1, file);
    std::fclose(file);
    text[length] = '\0';
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses; skip to the last ')'.
    const char* close_paren = std::strrchr(text, ')');
    char state = 0;
    long ppid = 0;
    long pgrp = 0;
    if (close_paren == nullptr || std::sscanf(close_paren + 1, " %c %ld %ld", &state, &ppid, &pgrp) != 3 ||
        ppid != self || state == 'Z') {
      continue;
    }
    ++found;
    if (pgrp > 1 && pgrp != getpgrp()) {
      kill(static_cast<pid_t>(-pgrp), signal_number);  // what it started in its own group
    }
    kill(static_cast<pid_t>(pid), signal_number);
  }
  closedir(proc);
  return found;
}

// The target has exited: TERM what it left behind (adopted orphans, escaped groups, its own
// group), wait the grace period while reaping, then KILL whatever is left.
void end_adopted(long grace_ms) {
  signal(SIGTERM, SIG_IGN);
  kill(0, SIGTERM);
  if (signal_adopted(SIGTERM) == 0) {
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }
    return;
  }
  const long step_ms = 50;
  for (long waited = 0; waited < grace_ms; waited += step_ms) {
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }
    if (waitpid(-1, nullptr, WNOHANG) < 0 && errno == ECHILD) {
      return;
    }
    timespec pause{0, step_ms * 1000000L};
    nanosleep(&pause, nullptr);
  }
  signal_adopted(SIGKILL);
  while (waitpid(-1, nullptr, 0) > 0) {
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || std::strcmp(argv[2], "--") != 0) {
    std::fprintf(stderr, "usage: formcheck-supervise GRACE_MS -- PROGRAM [ARGS…]\n");
    return 2;
  }
  const long grace_ms = std::strtol(argv[1], nullptr, 10);
  const pid_t parent = getppid();

  struct sigaction on_death {};
  on_death.sa_handler = on_parent_death;
  sigemptyset(&on_death.sa_mask);
  sigaction(SIGUSR1, &on_death, nullptr);
  struct sigaction pass_on {};
  pass_on.sa_handler = forward;
  sigemptyset(&pass_on.sa_mask);
  for (int s : {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR2}) {
    sigaction(s, &pass_on, nullptr);  // we follow the target out instead of dying first
  }
  prctl(PR_SET_PDEATHSIG, SIGUSR1);
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  if (getppid() != parent) {  // formcheck died before prctl took effect
    return 127;
  }

  const pid_t child = fork();
  if (child < 0) {
    std::perror("formcheck-supervise: fork");
    return 127;
  }
  g_child = child;
  if (child == 0) {
    for (int s : {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2}) {
      signal(s, SIG_DFL);
    }
    execvp(argv[3], argv + 3);
    std::fprintf(stderr, "formcheck-supervise: cannot run '%s': %s\n", argv[3], std::strerror(errno));
    _exit(127);
  }

  int status = 0;
  for (;;) {
    int any_status = 0;
    const pid_t done = waitpid(-1, &any_status, 0);  // adopted orphans are reaped as they end
    if (done == child) {
      status = any_status;
      break;
    }
    if (done > 0) {
      continue;
    }
    if (g_parent_died != 0) {
      stop_group(grace_ms);
    }
    if (done < 0 && errno != EINTR) {
      return 127;
    }
  }
  if (g_parent_died != 0) {
    stop_group(grace_ms);
  }
  g_child = 0;
  end_adopted(grace_ms);
  if (WIFSIGNALED(status)) {
    // Exit the way the target did, so formcheck reports "killed by signal N".
    g_child = 0;
    signal(WTERMSIG(status), SIG_DFL);
    raise(WTERMSIG(status));
    return 128 + WTERMSIG(status);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
