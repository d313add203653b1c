#pragma once
// Shared set-up for the contact site's end-to-end tests: a Twilio emulator and a
// formcheck-contact-site pointed at it, both real processes on loopback. What the site did is
// judged from the emulator's message log (through formcheck's Twilio client), never from the
// site's own answer alone.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/http/http.hpp"
#include "harness/twilio/client.hpp"
#include "tests/support/standin.hpp"

namespace formcheck::testing::site_e2e {

using nlohmann::json;
using namespace std::chrono_literals;

inline constexpr const char* kSite = "formcheck-contact-site";
inline constexpr const char* kEmulator = "formcheck-twilio-emulator";
inline constexpr const char* kAccountSid = "AC5e7e5e7e5e7e5e7e5e7e5e7e5e7e5e7e";
inline constexpr const char* kAuthToken = "c0ffeec0ffeec0ffeec0ffeec0ffee42";
inline constexpr const char* kSender = "whatsapp:+15557654321";      // registered with the emulator
inline constexpr const char* kStaff = "whatsapp:+6281234567890";     // Indonesian staff (+62)
inline constexpr const char* kSandbox = "whatsapp:+14155238886";

inline std::map<std::string, std::string> site_env(const std::string& api_base) {
  return {{"TWILIO_ACCOUNT_SID", kAccountSid},
          {"TWILIO_AUTH_TOKEN", kAuthToken},
          {"TWILIO_WHATSAPP_NUMBER", kSender},
          {"STAFF_WHATSAPP_NUMBER", kStaff},
          {"TWILIO_API_BASE", api_base}};
}

inline size_t code_points(std::string_view text) {
  size_t count = 0;
  for (const char c : text) {
    count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  }
  return count;
}

// The message part of a body built by the site: everything after "Message:\n".
inline std::string message_part(const std::string& body) {
  const auto at = body.find("\nMessage:\n");
  return at == std::string::npos ? std::string() : body.substr(at + 10);
}

class ContactSiteFixture : public ::testing::Test {
 protected:
  // Starts the emulator (once per test) and a site with `args` (after --port 0). `env`
  // entries replace the defaults of site_env().
  void start(std::vector<std::string> args = {}, const std::map<std::string, std::string>& env = {}) {
    if (!m_emulator) {
      m_emulator = StandIn::start(kEmulator, {"--port", "0", "--account-sid", kAccountSid, "--auth-token", kAuthToken,
                                              "--sender", kSender, "--delivery-delay-ms", "50"});
      ASSERT_NE(m_emulator, nullptr);
      twilio::ClientOptions options;
      options.api_base = m_emulator->base_url();
      options.timeout = 5s;
      m_twilio = std::make_unique<twilio::Client>(
          twilio::Credentials::auth_token(kAccountSid, Secret(kAuthToken)), options);
    }
    auto full_env = site_env(m_emulator->base_url());
    for (const auto& [key, value] : env) {
      full_env[key] = value;
    }
    args.insert(args.begin(), {"--port", "0"});
    m_site = StandIn::start(kSite, args, full_env);
    ASSERT_NE(m_site, nullptr);
  }

  const std::string& site_url() const { return m_site->base_url(); }
  const std::string& emulator_url() const { return m_emulator->base_url(); }
  StandIn& site() { return *m_site; }

  http::Request contact_request(std::string body, std::string content_type,
                                std::string accept = "application/json") const {
    http::Request request;
    request.method = http::Method::post;
    request.url = m_site->base_url() + "/api/contact";
    request.body = std::move(body);
    request.headers.push_back({"Content-Type", std::move(content_type)});  // "" removes curl's default
    request.headers.push_back({"Accept", std::move(accept)});
    request.timeout = 10s;
    return request;
  }

  http::Response post_json(const json& fields) const {
    return http::perform(contact_request(fields.dump(), "application/json"));
  }

  http::Response post_form(const std::vector<std::pair<std::string, std::string>>& fields,
                           std::string accept = "application/json") const {
    return http::perform(contact_request(http::form_encode(fields), "application/x-www-form-urlencoded",
                                         std::move(accept)));
  }

  static json valid_fields(std::string message = "Hello, do you have a room for two in June?") {
    return {{"name", "Ayu Lestari"}, {"email", "ayu@example.com"}, {"phone", "+62 812 3456 7890"},
            {"message", std::move(message)}};
  }

  // Every message the emulator holds (newest first, as Twilio lists them); To=staff unless
  // `to` says otherwise ("" for all).
  std::vector<twilio::Message> messages(const std::string& to = kStaff) const {
    twilio::MessageQuery query;
    if (!to.empty()) {
      query.to = to;
    }
    auto listed = m_twilio->list_messages(query);
    EXPECT_TRUE(listed) << (listed ? "" : listed.error().describe());
    return listed ? listed.value() : std::vector<twilio::Message>{};
  }

  // Waits until the emulator lists exactly `count` messages (to `to`), then returns them.
  std::vector<twilio::Message> await_messages(size_t count, const std::string& to = kStaff) const {
    std::vector<twilio::Message> found;
    wait_until(
        [&] {
          found = messages(to);
          return found.size() == count;
        },
        3s, 25ms);
    EXPECT_EQ(found.size(), count) << "messages in the emulator" << (to.empty() ? "" : " to " + to);
    return found;
  }

  // How many Messages create requests the emulator has answered, by its own stats.
  long emulator_create_requests() const {
    http::Request request;
    request.url = m_emulator->base_url() + "/__emulator/stats";
    const auto response = http::perform(request);
    const auto stats = json::parse(response.body, nullptr, false);
    // Keyed "METHOD path-template"; the create is the POST to …/Messages.json.
    long total = 0;
    if (stats.is_object() && stats.contains("requests") && stats["requests"].is_object()) {
      for (const auto& [route, count] : stats["requests"].items()) {
        const bool create = route.rfind("POST ", 0) == 0 && route.size() > 14 &&
                            route.compare(route.size() - 14, 14, "/Messages.json") == 0;
        if (create && count.is_number()) {
          total += count.get<long>();
        }
      }
    }
    return total;
  }

  void set_emulator_faults(const json& faults) const {
    http::Request request;
    request.method = http::Method::post;
    request.url = m_emulator->base_url() + "/__emulator/faults";
    http::set_json_body(request, faults);
    const auto response = http::perform(request);
    ASSERT_TRUE(response.is_success()) << response.status << " " << response.body;
  }

  static json body_of(const http::Response& response) { return json::parse(response.body, nullptr, false); }

 private:
  std::unique_ptr<StandIn> m_emulator;
  std::unique_ptr<StandIn> m_site;
  std::unique_ptr<twilio::Client> m_twilio;
};

}  // namespace formcheck::testing::site_e2e
