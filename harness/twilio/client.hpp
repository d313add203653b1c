#pragma once
// The Twilio REST client formcheck uses against real Twilio and the emulator alike: only
// the base URLs and credentials differ.
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/http/http.hpp"
#include "harness/twilio/api_error.hpp"
#include "harness/twilio/models.hpp"
#include "harness/util/expected.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::twilio {

template <class T>
using Result = Expected<T, ApiError>;

struct Credentials {
  std::string account_sid;  // AC…, always in the path
  std::string api_key_sid;  // SK…: when set, the username; the secret is then the key's secret
  Secret secret;            // the auth token, or the API key secret

  static Credentials auth_token(std::string account_sid, Secret token);
  static Credentials api_key(std::string account_sid, std::string key_sid, Secret key_secret);
  const std::string& username() const { return api_key_sid.empty() ? account_sid : api_key_sid; }
};

struct ClientOptions {
  std::string api_base = "https://api.twilio.com";              // 2010 API (Messages, numbers)
  std::string messaging_base = "https://messaging.twilio.com";  // Senders v2
  std::chrono::milliseconds timeout{30000};
  size_t max_pages = 200;  // a guard against a server that pages forever
  // How requests are sent; tests may substitute a fake. Defaults to http::perform.
  std::function<http::Response(const http::Request&)> transport;
};

struct MessageCreate {
  std::string to{};
  std::string from{};  // or messaging_service_sid
  std::string body{};
  std::string messaging_service_sid{};
  std::string content_sid{};        // HX…, a template
  std::string content_variables{};  // a JSON string, e.g. {"1":"Ayu"}
  std::string status_callback{};
};

struct MessageQuery {
  std::optional<std::string> to;
  std::optional<std::string> from;
  std::optional<std::string> date_sent;         // YYYY-MM-DD (GMT)
  std::optional<std::string> date_sent_before;  // sent as the key "DateSent<" (inclusive)
  std::optional<std::string> date_sent_after;   // sent as the key "DateSent>" (inclusive)
  std::optional<int> page_size;                 // 1..1000; Twilio's default is 50
};

class Client {
 public:
  Client(Credentials credentials, ClientOptions options);

  Result<Message> create_message(const MessageCreate& create);
  Result<Message> fetch_message(std::string_view sid);

  // One page, then the next by the relative next_page_uri Twilio returned.
  Result<MessagePage> list_messages_page(const MessageQuery& query);
  Result<MessagePage> next_messages_page(const std::string& next_page_uri);
  // Every page (up to options.max_pages), in Twilio's order.
  Result<std::vector<Message>> list_messages(const MessageQuery& query);

  // WhatsApp senders (Senders v2, Channel=whatsapp), following absolute meta.next_page_url.
  Result<std::vector<Sender>> list_whatsapp_senders(std::optional<int> page_size = std::nullopt);
  Result<Sender> fetch_sender(std::string_view sid);

  // IncomingPhoneNumbers filtered by PhoneNumber (E.164, e.g. +15551234567), every page.
  Result<std::vector<IncomingPhoneNumber>> list_incoming_phone_numbers(
      const std::optional<std::string>& phone_number = std::nullopt);

  const Credentials& credentials() const { return m_credentials; }
  const ClientOptions& options() const { return m_options; }
  // How many HTTP requests this client has sent (every attempt counts).
  size_t requests_sent() const { return m_requests.load(); }

  std::string account_url(std::string_view suffix) const;  // {api_base}/2010-04-01/Accounts/{AC}{suffix}

 private:
  Result<nlohmann::json> get_json(const std::string& url);
  Result<nlohmann::json> send_json(http::Request request, long expected_status);
  Result<MessagePage> parse_message_page(const nlohmann::json& json, const std::string& url);
  template <class T, class Parse>
  Result<std::vector<T>> collect_2010_pages(std::string url, const char* key, Parse parse);
  std::string resolve_relative(const std::string& uri) const;

  Credentials m_credentials;
  ClientOptions m_options;
  std::atomic<size_t> m_requests{0};
};

}  // namespace formcheck::twilio
