#pragma once
// A small WebDriver BiDi client (JSON commands over a WebSocket, Boost.Beast): each command gets
// an id and waits, with a deadline, for the reply with that id; events that arrive meanwhile
// are queued for wait_event(). One thread uses a client at a time. A deadline that passes
// breaks the connection (a half-read WebSocket cannot be trusted again): every later call fails.
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/browser/engine.hpp"

namespace formcheck::browser {

class BiDiClient {
 public:
  // Connects to ws://127.0.0.1:PORT/PATH. No Origin header is sent (Firefox refuses foreign ones).
  static Result<std::unique_ptr<BiDiClient>> connect(int port, const std::string& path,
                                                     std::chrono::milliseconds timeout);
  ~BiDiClient();
  BiDiClient(const BiDiClient&) = delete;
  BiDiClient& operator=(const BiDiClient&) = delete;

  // Sends {id, method, params} and returns the reply's "result" (or "error: message").
  Result<nlohmann::json> call(const std::string& method, const nlohmann::json& params,
                              std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // The first queued or arriving event that `matches` (its whole message), else an error at the deadline.
  Result<nlohmann::json> wait_event(const std::function<bool(const nlohmann::json&)>& matches,
                                    std::chrono::milliseconds timeout);
  // Every queued event (emptying the queue).
  std::deque<nlohmann::json> take_events();
  void close();

 private:
  struct Connection;
  BiDiClient();
  Result<nlohmann::json> read_message(std::chrono::steady_clock::time_point deadline);
  std::unique_ptr<Connection> m_connection;
  std::deque<nlohmann::json> m_events;
  long m_next_id = 1;
  std::string m_broken;  // why the connection can no longer be used
};

}  // namespace formcheck::browser
