#include "harness/twilio/client.hpp"

#include <fmt/format.h>

#include <set>

namespace formcheck::twilio {
namespace {

using nlohmann::json;

ApiError shape_error(const std::string& url, std::string message) {
  ApiError error;
  error.kind = ApiError::Kind::bad_response;
  error.http_status = 200;
  error.url = http::display_url(url);
  error.message = std::move(message);
  return error;
}

std::string trim_trailing_slash(std::string base) {
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  return base;
}

}  // namespace

Credentials Credentials::auth_token(std::string account_sid, Secret token) {
  return Credentials{std::move(account_sid), "", std::move(token)};
}

Credentials Credentials::api_key(std::string account_sid, std::string key_sid, Secret key_secret) {
  return Credentials{std::move(account_sid), std::move(key_sid), std::move(key_secret)};
}

Client::Client(Credentials credentials, ClientOptions options)
    : m_credentials(std::move(credentials)), m_options(std::move(options)) {
  m_options.api_base = trim_trailing_slash(m_options.api_base);
  m_options.messaging_base = trim_trailing_slash(m_options.messaging_base);
  if (!m_options.transport) {
    m_options.transport = [](const http::Request& request) { return http::perform(request); };
  }
  register_basic_credentials(m_credentials.username(), m_credentials.secret.reveal());
}

std::string Client::account_url(std::string_view suffix) const {
  return fmt::format("{}/2010-04-01/Accounts/{}{}", m_options.api_base, http::percent_encode(m_credentials.account_sid),
                     suffix);
}

std::string Client::resolve_relative(const std::string& uri) const {
  if (uri.rfind("http://", 0) == 0 || uri.rfind("https://", 0) == 0) {
    return uri;
  }
  // Twilio's *_uri fields are relative to the API base; joined as twilio-node does it.
  return m_options.api_base + (uri.empty() || uri.front() != '/' ? "/" : "") + uri;
}

Result<json> Client::send_json(http::Request request, long expected_status) {
  request.auth = http::Auth::basic(m_credentials.username(), m_credentials.secret);
  request.timeout = m_options.timeout;
  request.headers.push_back({"Accept", "application/json"});
  ++m_requests;
  const http::Response response = m_options.transport(request);
  const auto method = to_string(request.method);
  if (!response.transport_ok() || response.status != expected_status) {
    // Twilio create answers 201, reads 200; any other 2xx is still an answer we can read.
    if (!(response.transport_ok() && response.status >= 200 && response.status < 300)) {
      return unexpected(error_from_response(response, method));
    }
  }
  auto body = json::parse(response.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return unexpected(error_from_response(response, method));  // a 2xx that is not JSON: transport_ok here
  }
  return body;
}

Result<json> Client::get_json(const std::string& url) {
  http::Request request;
  request.method = http::Method::get;
  request.url = url;
  return send_json(std::move(request), 200);
}

Result<Message> Client::create_message(const MessageCreate& create) {
  std::vector<std::pair<std::string, std::string>> fields{{"To", create.to}};
  auto add = [&](const char* key, const std::string& value) {
    if (!value.empty()) {
      fields.emplace_back(key, value);
    }
  };
  add("From", create.from);
  add("MessagingServiceSid", create.messaging_service_sid);
  add("Body", create.body);
  add("ContentSid", create.content_sid);
  add("ContentVariables", create.content_variables);
  add("StatusCallback", create.status_callback);
  http::Request request;
  request.method = http::Method::post;
  request.url = account_url("/Messages.json");
  http::set_form_body(request, fields);
  auto json = send_json(std::move(request), 201);
  if (!json) {
    return unexpected(json.error());
  }
  auto message = parse_message(*json);
  if (!message) {
    return unexpected(shape_error(account_url("/Messages.json"), message.error()));
  }
  return std::move(message.value());
}

Result<Message> Client::fetch_message(std::string_view sid) {
  const auto url = account_url(fmt::format("/Messages/{}.json", http::percent_encode(sid)));
  auto json = get_json(url);
  if (!json) {
    return unexpected(json.error());
  }
  auto message = parse_message(*json);
  if (!message) {
    return unexpected(shape_error(url, message.error()));
  }
  return std::move(message.value());
}

Result<MessagePage> Client::parse_message_page(const json& body, const std::string& url) {
  const auto it = body.find("messages");
  if (it == body.end() || !it->is_array()) {
    return unexpected(shape_error(url, "list envelope has no 'messages' array"));
  }
  MessagePage page;
  page.messages.reserve(it->size());
  for (const auto& item : *it) {
    auto message = parse_message(item);
    if (!message) {
      return unexpected(shape_error(url, message.error()));
    }
    page.messages.push_back(std::move(message.value()));
  }
  if (const auto next = body.find("next_page_uri"); next != body.end() && next->is_string() && !next->empty()) {
    page.next_page_uri = next->get<std::string>();
  }
  if (const auto p = body.find("page"); p != body.end() && p->is_number_integer()) {
    page.page = p->get<int>();
  }
  if (const auto p = body.find("page_size"); p != body.end() && p->is_number_integer()) {
    page.page_size = p->get<int>();
  }
  return page;
}

Result<MessagePage> Client::list_messages_page(const MessageQuery& query) {
  std::vector<std::pair<std::string, std::string>> params;
  if (query.to) {
    params.emplace_back("To", *query.to);
  }
  if (query.from) {
    params.emplace_back("From", *query.from);
  }
  if (query.date_sent) {
    params.emplace_back("DateSent", *query.date_sent);
  }
  if (query.date_sent_before) {
    params.emplace_back("DateSent<", *query.date_sent_before);
  }
  if (query.date_sent_after) {
    params.emplace_back("DateSent>", *query.date_sent_after);
  }
  if (query.page_size) {
    params.emplace_back("PageSize", std::to_string(*query.page_size));
  }
  const auto url = http::with_query(account_url("/Messages.json"), params);
  auto json = get_json(url);
  if (!json) {
    return unexpected(json.error());
  }
  return parse_message_page(*json, url);
}

Result<MessagePage> Client::next_messages_page(const std::string& next_page_uri) {
  const auto url = resolve_relative(next_page_uri);
  auto json = get_json(url);
  if (!json) {
    return unexpected(json.error());
  }
  return parse_message_page(*json, url);
}

Result<std::vector<Message>> Client::list_messages(const MessageQuery& query) {
  auto page = list_messages_page(query);
  std::vector<Message> all;
  std::set<std::string> seen_pages;
  for (size_t pages = 1;; ++pages) {
    if (!page) {
      return unexpected(page.error());
    }
    for (auto& message : page->messages) {
      all.push_back(std::move(message));
    }
    if (!page->next_page_uri) {
      return all;
    }
    if (pages >= m_options.max_pages || !seen_pages.insert(*page->next_page_uri).second) {
      return unexpected(shape_error(resolve_relative(*page->next_page_uri),
                                    fmt::format("paging did not end after {} pages (or repeated a page)", pages)));
    }
    page = next_messages_page(*page->next_page_uri);
  }
}

template <class T, class Parse>
Result<std::vector<T>> Client::collect_2010_pages(std::string url, const char* key, Parse parse) {
  std::vector<T> all;
  std::set<std::string> seen;
  for (size_t pages = 0; pages < m_options.max_pages; ++pages) {
    auto json = get_json(url);
    if (!json) {
      return unexpected(json.error());
    }
    const auto it = json->find(key);
    if (it == json->end() || !it->is_array()) {
      return unexpected(shape_error(url, fmt::format("list envelope has no '{}' array", key)));
    }
    for (const auto& item : *it) {
      auto parsed = parse(item);
      if (!parsed) {
        return unexpected(shape_error(url, parsed.error()));
      }
      all.push_back(std::move(parsed.value()));
    }
    const auto next = json->find("next_page_uri");
    if (next == json->end() || !next->is_string() || next->empty()) {
      return all;
    }
    if (!seen.insert(next->get<std::string>()).second) {
      break;
    }
    url = resolve_relative(next->get<std::string>());
  }
  return unexpected(shape_error(url, "paging did not end (or repeated a page)"));
}

Result<std::vector<IncomingPhoneNumber>> Client::list_incoming_phone_numbers(
    const std::optional<std::string>& phone_number) {
  std::vector<std::pair<std::string, std::string>> params;
  if (phone_number) {
    params.emplace_back("PhoneNumber", *phone_number);
  }
  return collect_2010_pages<IncomingPhoneNumber>(
      http::with_query(account_url("/IncomingPhoneNumbers.json"), params), "incoming_phone_numbers",
      [](const json& item) { return parse_incoming_phone_number(item); });
}

Result<std::vector<Sender>> Client::list_whatsapp_senders(std::optional<int> page_size) {
  std::vector<std::pair<std::string, std::string>> params{{"Channel", "whatsapp"}};
  if (page_size) {
    params.emplace_back("PageSize", std::to_string(*page_size));
  }
  std::string url = http::with_query(m_options.messaging_base + "/v2/Channels/Senders", params);
  std::vector<Sender> all;
  std::set<std::string> seen;
  for (size_t pages = 0; pages < m_options.max_pages; ++pages) {
    auto json = get_json(url);
    if (!json) {
      return unexpected(json.error());
    }
    const auto it = json->find("senders");
    if (it == json->end() || !it->is_array()) {
      return unexpected(shape_error(url, "list envelope has no 'senders' array"));
    }
    for (const auto& item : *it) {
      auto sender = parse_sender(item);
      if (!sender) {
        return unexpected(shape_error(url, sender.error()));
      }
      all.push_back(std::move(sender.value()));
    }
    // Senders v2 pages by an absolute meta.next_page_url, used verbatim.
    const auto meta = json->find("meta");
    if (meta == json->end() || !meta->is_object()) {
      return all;
    }
    const auto next = meta->find("next_page_url");
    if (next == meta->end() || !next->is_string() || next->empty()) {
      return all;
    }
    if (!seen.insert(next->get<std::string>()).second) {
      break;
    }
    url = next->get<std::string>();
  }
  return unexpected(shape_error(url, "paging did not end (or repeated a page)"));
}

Result<Sender> Client::fetch_sender(std::string_view sid) {
  const auto url = fmt::format("{}/v2/Channels/Senders/{}", m_options.messaging_base, http::percent_encode(sid));
  auto json = get_json(url);
  if (!json) {
    return unexpected(json.error());
  }
  auto sender = parse_sender(*json);
  if (!sender) {
    return unexpected(shape_error(url, sender.error()));
  }
  return std::move(sender.value());
}

}  // namespace formcheck::twilio
