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
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

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

void stop_group(long grace_ms) {
  signal(SIGTERM, SIG_IGN);
  kill(0, SIGTERM);  // our own group: the target and everything it started
  const long step_ms = 50;
  for (long waited = 0; waited < grace_ms; waited += step_ms) {
    // Reap what has exited; stop waiting once no child is left.
    while (waitpid(-1, nullptr, WNOHANG) > 0) {
    }
    if (waitpid(-1, nullptr, WNOHANG) < 0 && errno == ECHILD) {
      break;
    }
    timespec pause{0, step_ms * 1000000L};
    nanosleep(&pause, nullptr);
  }
  signal(SIGKILL, SIG_DFL);
  kill(0, SIGKILL);  // includes ourselves
  _exit(137);
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
    const pid_t done = waitpid(child, &status, 0);
    if (done == child) {
      break;
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
  if (WIFSIGNALED(status)) {
    // Exit the way the target did, so formcheck reports "killed by signal N".
    g_child = 0;
    signal(WTERMSIG(status), SIG_DFL);
    raise(WTERMSIG(status));
    return 128 + WTERMSIG(status);
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
