#pragma once
// The processes under a pid, read from /proc, for tests that prove nothing outlives formcheck.
#include <dirent.h>

#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/run_fixture.hpp"

namespace formcheck::testing::browser_e2e {

inline int parent_pid_of(int pid) {
  const auto stat = run_e2e::read_text("/proc/" + std::to_string(pid) + "/stat");
  const auto close_paren = stat.rfind(')');
  if (close_paren == std::string::npos) {
    return -1;
  }
  std::istringstream rest(stat.substr(close_paren + 2));
  std::string state;
  int ppid = -1;
  rest >> state >> ppid;
  return ppid;
}

// Every live descendant of `root` (children, grandchildren, …).
inline std::vector<int> descendants_of(int root) {
  std::map<int, int> parents;
  if (DIR* proc = opendir("/proc")) {
    while (const dirent* entry = readdir(proc)) {
      const int pid = std::atoi(entry->d_name);
      if (pid > 0) {
        parents[pid] = parent_pid_of(pid);
      }
    }
    closedir(proc);
  }
  std::vector<int> out;
  std::vector<int> frontier{root};
  while (!frontier.empty()) {
    const int parent = frontier.back();
    frontier.pop_back();
    for (const auto& [pid, ppid] : parents) {
      if (ppid == parent) {
        out.push_back(pid);
        frontier.push_back(pid);
      }
    }
  }
  return out;
}

inline std::string command_line_of(int pid) {
  auto text = run_e2e::read_text("/proc/" + std::to_string(pid) + "/cmdline");
  for (auto& c : text) {
    if (c == '\0') {
      c = ' ';
    }
  }
  return text;
}

}  // namespace formcheck::testing::browser_e2e
