#include "harness/target/port_holder.hpp"

#include "harness/util/one_line.hpp"
#include "harness/util/secret.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <netdb.h>
#include <poll.h>
#include <sstream>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace formcheck::target {
namespace {

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The inodes of the listening sockets on `port` in one of /proc/net/tcp or tcp6. Each line:
// "sl local_address rem_address st … uid timeout inode …", the address as HEX_IP:HEX_PORT and
// the state 0A for LISTEN.
std::vector<std::string> listening_inodes(const std::filesystem::path& table, int port) {
  std::vector<std::string> inodes;
  std::istringstream lines(read_all(table));
  std::string line;
  std::getline(lines, line);  // the header
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::vector<std::string> f;
    for (std::string field; fields >> field && f.size() < 10;) {
      f.push_back(field);
    }
    if (f.size() < 10 || f[3] != "0A") {
      continue;
    }
    const auto colon = f[1].rfind(':');
    if (colon != std::string::npos && std::stoi(f[1].substr(colon + 1), nullptr, 16) == port) {
      inodes.push_back(f[9]);
    }
  }
  return inodes;
}

// The pid whose descriptors include socket:[inode], or 0.
int socket_owner(const std::string& inode) {
  const std::string wanted = "socket:[" + inode + "]";
  std::error_code ec;
  for (const auto& process : std::filesystem::directory_iterator("/proc", ec)) {
    const auto name = process.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    std::error_code fd_ec;
    for (const auto& fd : std::filesystem::directory_iterator(process.path() / "fd", fd_ec)) {
      std::error_code link_ec;
      if (std::filesystem::read_symlink(fd.path(), link_ec).string() == wanted) {
        return std::stoi(name);
      }
    }
  }
  return 0;
}

std::string command_line(int pid) {
  auto text = read_all(fmt::format("/proc/{}/cmdline", pid));
  for (auto& c : text) {
    c = c == '\0' ? ' ' : c;
  }
  return one_line(escape_control_characters(redact(text)), 160);
}

bool connects(const addrinfo& address, std::chrono::milliseconds timeout) {
  const int fd = socket(address.ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return false;
  }
  bool connected = connect(fd, address.ai_addr, address.ai_addrlen) == 0;
  if (!connected && errno == EINPROGRESS) {
    pollfd writable{fd, POLLOUT, 0};
    int error = 0;
    socklen_t length = sizeof error;
    connected = poll(&writable, 1, static_cast<int>(timeout.count())) == 1 &&
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
  }
  close(fd);
  return connected;
}

}  // namespace

std::optional<HostPort> host_port(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) {
    return std::nullopt;
  }
  const auto scheme = url.substr(0, scheme_end);
  auto authority = url.substr(scheme_end + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  authority = authority.substr(authority.find('@') == std::string_view::npos ? 0 : authority.find('@') + 1);
  HostPort out;
  out.port = scheme == "https" ? 443 : 80;
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {  // [::1]:3000
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    out.host = std::string(authority.substr(1, close - 1));
    port_text = authority.substr(close + 1);
    port_text = port_text.empty() ? port_text : port_text.substr(1);
  } else {
    const auto colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    port_text = colon == std::string_view::npos ? std::string_view() : authority.substr(colon + 1);
  }
  if (!port_text.empty()) {
    if (port_text.find_first_not_of("0123456789") != std::string_view::npos || port_text.size() > 5) {
      return std::nullopt;
    }
    out.port = std::stoi(std::string(port_text));
  }
  if (out.host.empty() || out.port <= 0 || out.port > 65535) {
    return std::nullopt;
  }
  return out;
}

bool accepts_connections(const HostPort& where, std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(where.host.c_str(), std::to_string(where.port).c_str(), &hints, &found) != 0) {
    return false;  // the ready probe names a name that does not resolve
  }
  bool accepted = false;
  for (const addrinfo* a = found; a != nullptr && !accepted; a = a->ai_next) {
    accepted = connects(*a, timeout);
  }
  freeaddrinfo(found);
  return accepted;
}

std::string describe_port_holder(int port) {
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    for (const auto& inode : listening_inodes(table, port)) {
      if (const int pid = socket_owner(inode); pid > 0) {
        return fmt::format("pid {} ({})", pid, command_line(pid));
      }
    }
  }
  return "a process /proc does not show (another user's, or outside this container)";
}

}  // namespace formcheck::target
