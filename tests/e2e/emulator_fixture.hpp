#pragma once
// Shared helpers for the emulator's end-to-end tests: start it as a real process, talk to
// it over loopback with formcheck's own HTTP client, read JSON answers.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/http/http.hpp"
#include "tests/support/standin.hpp"

namespace formcheck::testing::emulator {

// The emulator's documented demo credentials (fixtures/twilio-emulator/README.md).
inline constexpr const char* k_account = "ACf0c4ec4f0c4ec4f0c4ec4f0c4ec4f0c4";
inline constexpr const char* k_token = "5ec2e75ec2e75ec2e75ec2e75ec2e700";
inline constexpr const char* k_sender = "whatsapp:+15550001111";
inline constexpr const char* k_sandbox = "whatsapp:+14155238886";
inline constexpr const char* k_staff = "whatsapp:+15559990000";

using Fields = std::vector<std::pair<std::string, std::string>>;

inline nlohmann::json parse_json(const http::Response& response) {
  auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (json.is_discarded()) {
    ADD_FAILURE() << "not JSON (HTTP " << response.status << "): " << response.body.substr(0, 300);
    return nlohmann::json::object();
  }
  return json;
}

class Emulator {
 public:
  // Starts the emulator with a registered sender and a short delivery delay, plus `args`.
  static std::unique_ptr<Emulator> start(std::vector<std::string> args = {}, long delivery_delay_ms = 300) {
    std::vector<std::string> all = {"--port", "0", "--sender", k_sender, "--delivery-delay-ms",
                                    std::to_string(delivery_delay_ms)};
    all.insert(all.end(), args.begin(), args.end());
    auto standin = StandIn::start("formcheck-twilio-emulator", all);
    if (!standin) {
      return nullptr;
    }
    auto emulator = std::unique_ptr<Emulator>(new Emulator());
    emulator->m_standin = std::move(standin);
    return emulator;
  }

  StandIn& standin() { return *m_standin; }
  const std::string& base_url() const { return m_standin->base_url(); }
  std::string url(const std::string& path) const { return base_url() + path; }
  static std::string account_path() { return std::string("/2010-04-01/Accounts/") + k_account; }
  static std::string messages_path() { return account_path() + "/Messages.json"; }
  static std::string message_path(const std::string& sid) { return account_path() + "/Messages/" + sid + ".json"; }

  http::Request request(http::Method method, const std::string& path_and_query) const {
    http::Request request;
    request.method = method;
    request.url = url(path_and_query);
    request.auth = http::Auth::basic(k_account, Secret(k_token));
    request.timeout = std::chrono::milliseconds(10000);
    return request;
  }

  http::Response get(const std::string& path_and_query) const {
    return http::perform(request(http::Method::get, path_and_query));
  }

  http::Response post_form(const std::string& path, const Fields& fields) const {
    auto req = request(http::Method::post, path);
    http::set_form_body(req, fields);
    return http::perform(req);
  }

  // POST …/Messages.json with To/From/Body plus `extra`.
  http::Response send(const std::string& to, const std::string& from, const std::string& body,
                      Fields extra = {}) const {
    Fields fields = {{"To", to}, {"From", from}};
    if (!body.empty()) {
      fields.emplace_back("Body", body);
    }
    fields.insert(fields.end(), extra.begin(), extra.end());
    return post_form(messages_path(), fields);
  }

  // Sends and returns the created Message JSON (fails the test unless 201).
  nlohmann::json create(const std::string& to, const std::string& from = k_sender,
                        const std::string& body = "Hello from the contact form", Fields extra = {}) const {
    const auto response = send(to, from, body, std::move(extra));
    EXPECT_EQ(response.status, 201) << response.body;
    return parse_json(response);
  }

  nlohmann::json fetch(const std::string& sid) const { return parse_json(get(message_path(sid))); }

  // Waits (deadline, not a sleep) until message `sid` reaches `status`; returns the last read.
  nlohmann::json wait_for_status(const std::string& sid, const std::string& status,
                                 std::chrono::milliseconds timeout = std::chrono::seconds(5)) const {
    nlohmann::json last;
    const bool reached = wait_until(
        [&] {
          last = fetch(sid);
          return last.value("status", "") == status;
        },
        timeout);
    EXPECT_TRUE(reached) << "message " << sid << " never reached " << status << "; last: " << last.dump();
    return last;
  }

  // Control API (no auth).
  http::Response control(http::Method method, const std::string& path, const nlohmann::json& body = nullptr) const {
    http::Request req;
    req.method = method;
    req.url = url("/__emulator/" + path);
    if (!body.is_null()) {
      http::set_json_body(req, body);
    }
    return http::perform(req);
  }
  nlohmann::json control_json(http::Method method, const std::string& path,
                              const nlohmann::json& body = nullptr) const {
    const auto response = control(method, path, body);
    EXPECT_EQ(response.status, 200) << path << ": " << response.body;
    return parse_json(response);
  }
  void set_faults(const nlohmann::json& faults) const { control_json(http::Method::post, "faults", faults); }
  void set_scenario(const nlohmann::json& scenario) const { control_json(http::Method::post, "scenario", scenario); }

 private:
  Emulator() = default;
  std::unique_ptr<StandIn> m_standin;
};

// {"code": int, "message": string, "more_info": "https://www.twilio.com/docs/errors/<code>", "status": int}
inline void expect_twilio_error(const http::Response& response, long status, int code) {
  EXPECT_EQ(response.status, status) << response.body;
  const auto json = parse_json(response);
  ASSERT_TRUE(json.is_object()) << response.body;
  EXPECT_EQ(json.size(), 4u) << response.body;
  EXPECT_EQ(json.value("code", 0), code) << response.body;
  EXPECT_EQ(json.value("status", 0), status) << response.body;
  EXPECT_TRUE(json.contains("message") && json["message"].is_string()) << response.body;
  EXPECT_EQ(json.value("more_info", ""), "https://www.twilio.com/docs/errors/" + std::to_string(code));
}

}  // namespace formcheck::testing::emulator
