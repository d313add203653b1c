#pragma once
// Whether a local target's port is taken before formcheck starts it, and by whom. A second
// dev server on a busy port either exits (EADDRINUSE) or, like `next dev`, moves to another
// port while the first server keeps answering at the target's URL: both are named up front.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace formcheck::target {

struct HostPort {
  std::string host;
  int port = 0;
};

// The host and port of an http(s) URL (80 or 443 when it names none); nullopt when it is not one.
std::optional<HostPort> host_port(std::string_view url);

// Whether something accepts TCP connections at host:port now (any of its addresses), waiting
// at most `timeout` for each address.
bool accepts_connections(const HostPort& where, std::chrono::milliseconds timeout);

// "pid 1234 (node …/next dev -p 3000)" for the process listening on `port`, read from
// /proc/net/tcp{,6} (the socket's inode) and /proc/PID/fd (who holds it); a sentence saying
// it cannot be told when /proc does not show it (another user's process, a container).
std::string describe_port_holder(int port);

}  // namespace formcheck::target
