#pragma once
// Ports for a local target that formcheck starts itself, chosen so parallel tests cannot take
// them first. free_port() asks the kernel for an ephemeral port and closes it: any process
// binding port 0 (every stand-in, every outgoing connection) may then get the same one before
// the target binds it. A port below the kernel's ephemeral range is never handed out that way;
// chosen at random and checked free, only another test choosing the same one could collide.
#include <chrono>
#include <fstream>
#include <netinet/in.h>
#include <random>
#include <regex>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace formcheck::testing::run_e2e {

// A free loopback port below the ephemeral range (ip_local_port_range), or 0.
inline int unraced_port() {
  int ephemeral_low = 32768;
  std::ifstream("/proc/sys/net/ipv4/ip_local_port_range") >> ephemeral_low;
  const int low = 10000;
  const int high = std::max(low + 1000, ephemeral_low) - 1;
  std::mt19937 random(static_cast<unsigned>(getpid()) ^
                      static_cast<unsigned>(std::chrono::steady_clock::now().time_since_epoch().count()));
  for (int tries = 0; tries < 200; ++tries) {
    const int port = std::uniform_int_distribution<int>(low, high)(random);
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<uint16_t>(port));
    const bool free = fd >= 0 && bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    if (fd >= 0) {
      close(fd);
    }
    if (free) {
      return port;
    }
  }
  return 0;
}

// Seconds from a dry run's "estimated duration: about 1 min 5 s" line (-1 when absent).
inline double estimated_seconds(const std::string& dry_run_output) {
  std::smatch m;
  const std::regex line(R"(estimated duration: about (?:(\d+) min )?(\d+) s)");
  if (!std::regex_search(dry_run_output, m, line)) {
    return -1;
  }
  return (m[1].matched ? std::stod(m[1]) * 60 : 0) + std::stod(m[2]);
}

}  // namespace formcheck::testing::run_e2e
