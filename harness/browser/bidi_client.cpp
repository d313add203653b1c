#include "harness/browser/bidi_client.hpp"

#include <fmt/format.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace formcheck::browser {

namespace beast = boost::beast;
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

struct BiDiClient::Connection {
  asio::io_context io;
  beast::websocket::stream<beast::tcp_stream> ws{io};
  beast::flat_buffer buffer;

  // Runs the io_context until `done` or the deadline; on the deadline cancels what is pending.
  bool run_until(const bool& done, Clock::time_point deadline) {
    io.restart();
    while (!done && Clock::now() < deadline) {
      io.run_for(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
      if (io.stopped() && !done) {
        io.restart();
      }
    }
    if (done) {
      return true;
    }
    beast::get_lowest_layer(ws).cancel();
    io.restart();
    io.run_for(std::chrono::milliseconds(500));
    return false;
  }
};

BiDiClient::BiDiClient() : m_connection(std::make_unique<Connection>()) {}

BiDiClient::~BiDiClient() { close(); }

Result<std::unique_ptr<BiDiClient>> BiDiClient::connect(int port, const std::string& path,
                                                        std::chrono::milliseconds timeout) {
  std::unique_ptr<BiDiClient> client(new BiDiClient());
  auto& c = *client->m_connection;
  const auto deadline = Clock::now() + timeout;
  beast::error_code error;
  bool done = false;
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
  beast::get_lowest_layer(c.ws).async_connect(endpoint, [&](beast::error_code e) {
    error = e;
    done = true;
  });
  bool in_time = c.run_until(done, deadline);
  if (!in_time || error) {
    return unexpected(fmt::format("cannot connect to the browser's WebDriver BiDi port {}: {}", port,
                                  in_time ? error.message() : std::string("timed out")));
  }
  done = false;
  c.ws.async_handshake(fmt::format("127.0.0.1:{}", port), path, [&](beast::error_code e) {
    error = e;
    done = true;
  });
  in_time = c.run_until(done, deadline);
  if (!in_time || error) {
    return unexpected(fmt::format("the browser refused the WebDriver BiDi handshake on port {}: {}", port,
                                  in_time ? error.message() : std::string("timed out")));
  }
  c.ws.text(true);
  return client;
}

Result<nlohmann::json> BiDiClient::read_message(Clock::time_point deadline) {
  if (!m_broken.empty()) {
    return unexpected(m_broken);
  }
  auto& c = *m_connection;
  beast::error_code error;
  bool done = false;
  c.ws.async_read(c.buffer, [&](beast::error_code e, size_t) {
    error = e;
    done = true;
  });
  if (!c.run_until(done, deadline)) {
    m_broken = "the browser did not answer in time (WebDriver BiDi)";
    return unexpected(m_broken);
  }
  if (error) {
    m_broken = "the browser's WebDriver BiDi connection ended: " + error.message();
    return unexpected(m_broken);
  }
  auto message = nlohmann::json::parse(beast::buffers_to_string(c.buffer.data()), nullptr, false);
  c.buffer.consume(c.buffer.size());
  if (message.is_discarded() || !message.is_object()) {
    return nlohmann::json::object();  // not a BiDi message: nothing to match
  }
  return message;
}

Result<nlohmann::json> BiDiClient::call(const std::string& method, const nlohmann::json& params,
                                        std::chrono::milliseconds timeout) {
  if (!m_broken.empty()) {
    return unexpected(m_broken);
  }
  const long id = m_next_id++;
  const auto deadline = Clock::now() + timeout;
  auto& c = *m_connection;
  beast::error_code error;
  bool done = false;
  const auto text = nlohmann::json{{"id", id}, {"method", method}, {"params", params}}.dump();
  c.ws.async_write(asio::buffer(text), [&](beast::error_code e, size_t) {
    error = e;
    done = true;
  });
  if (const bool in_time = c.run_until(done, deadline); !in_time || error) {
    m_broken = fmt::format("cannot send {} to the browser: {}", method, in_time ? error.message() : "timed out");
    return unexpected(m_broken);
  }
  for (;;) {
    auto message = read_message(deadline);
    if (!message) {
      return unexpected(fmt::format("{} ({} s): {}", method, timeout.count() / 1000.0, message.error()));
    }
    if (message->value("id", -1L) == id) {
      if (message->value("type", "") == "error") {
        return unexpected(fmt::format("{}: {}: {}", method, message->value("error", "error"), message->value("message", "")));
      }
      return message->value("result", nlohmann::json::object());
    }
    if (message->value("type", "") == "event") {
      m_events.push_back(std::move(*message));
    }
  }
}

Result<nlohmann::json> BiDiClient::wait_event(const std::function<bool(const nlohmann::json&)>& matches,
                                              std::chrono::milliseconds timeout) {
  for (auto it = m_events.begin(); it != m_events.end(); ++it) {
    if (matches(*it)) {
      auto found = std::move(*it);
      m_events.erase(it);
      return found;
    }
  }
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    auto message = read_message(deadline);
    if (!message) {
      return unexpected(message.error());
    }
    if (message->value("type", "") != "event") {
      continue;
    }
    if (matches(*message)) {
      return message;
    }
    m_events.push_back(std::move(*message));
  }
}

std::deque<nlohmann::json> BiDiClient::take_events() { return std::exchange(m_events, {}); }

void BiDiClient::close() {
  if (!m_connection) {
    return;
  }
  beast::error_code ignored;
  beast::get_lowest_layer(m_connection->ws).socket().close(ignored);
  m_connection.reset();
  m_broken = "the WebDriver BiDi connection is closed";
}

}  // namespace formcheck::browser
