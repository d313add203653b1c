// The client's logic against a scripted transport (a fake is fine in a unit test; the
// end-to-end tests drive the same client against the real emulator process).
#include <gtest/gtest.h>

#include <deque>

#include "harness/twilio/client.hpp"
#include "harness/twilio/error_catalog.hpp"

namespace formcheck::twilio {
namespace {

using nlohmann::json;

const std::string kAccount = "AC00000000000000000000000000000001";

json message_json(const std::string& sid, const std::string& status = "delivered") {
  return {{"account_sid", kAccount},
          {"api_version", "2010-04-01"},
          {"body", "hello"},
          {"date_created", "Thu, 30 Jul 2015 20:12:31 +0000"},
          {"date_sent", "Thu, 30 Jul 2015 20:12:33 +0000"},
          {"date_updated", "Thu, 30 Jul 2015 20:12:33 +0000"},
          {"direction", "outbound-api"},
          {"error_code", nullptr},
          {"error_message", nullptr},
          {"from", "whatsapp:+15005550006"},
          {"messaging_service_sid", nullptr},
          {"num_media", "0"},
          {"num_segments", "1"},
          {"price", nullptr},
          {"price_unit", "USD"},
          {"sid", sid},
          {"status", status},
          {"subresource_uris", {{"media", "/x"}}},
          {"to", "whatsapp:+6281234567890"},
          {"uri", "/2010-04-01/Accounts/" + kAccount + "/Messages/" + sid + ".json"}};
}

// Answers queued responses in order and records every request it saw.
struct ScriptedTransport {
  std::deque<http::Response> answers;
  std::vector<http::Request> seen;

  http::Response operator()(const http::Request& request) {
    seen.push_back(request);
    if (answers.empty()) {
      ADD_FAILURE() << "unexpected request " << request.url;
      return {};
    }
    auto answer = answers.front();
    answers.pop_front();
    answer.url = request.url;
    return answer;
  }
};

http::Response answer(long status, std::string body, http::Headers headers = {}) {
  http::Response response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

Client make_client(ScriptedTransport& transport, std::string base = "http://twilio.test") {
  ClientOptions options;
  options.api_base = base;
  options.messaging_base = base;
  options.transport = [&transport](const http::Request& r) { return transport(r); };
  return Client(Credentials::auth_token(kAccount, Secret("0123456789abcdef0123456789abcdef")), options);
}

TEST(TwilioClient, ListFollowsRelativeNextPageUri) {
  ScriptedTransport transport;
  const std::string next = "/2010-04-01/Accounts/" + kAccount + "/Messages.json?PageSize=2&Page=1&PageToken=PAabc";
  transport.answers.push_back(answer(
      200, json{{"messages", {message_json("SM1"), message_json("SM2")}}, {"next_page_uri", next}}.dump()));
  transport.answers.push_back(
      answer(200, json{{"messages", {message_json("SM3")}}, {"next_page_uri", nullptr}}.dump()));
  auto client = make_client(transport);
  MessageQuery query;
  query.to = "whatsapp:+6281234567890";
  query.date_sent_after = "2015-07-30";
  query.page_size = 2;
  const auto all = client.list_messages(query);
  ASSERT_TRUE(all) << all.error().describe();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[2].sid, "SM3");
  ASSERT_EQ(transport.seen.size(), 2u);
  EXPECT_EQ(transport.seen[0].url, "http://twilio.test/2010-04-01/Accounts/" + kAccount +
                                       "/Messages.json?To=whatsapp%3A%2B6281234567890&DateSent%3E=2015-07-30&PageSize=2");
  EXPECT_EQ(transport.seen[1].url, "http://twilio.test" + next);
  EXPECT_EQ(client.requests_sent(), 2u);
}

TEST(TwilioClient, ListStopsOnARepeatedPage) {
  ScriptedTransport transport;
  const std::string next = "/2010-04-01/Accounts/" + kAccount + "/Messages.json?PageToken=same";
  for (int i = 0; i < 2; ++i) {
    transport.answers.push_back(answer(200, json{{"messages", json::array()}, {"next_page_uri", next}}.dump()));
  }
  auto client = make_client(transport);
  const auto all = client.list_messages({});
  ASSERT_FALSE(all);
  EXPECT_EQ(all.error().kind, ApiError::Kind::bad_response);
}

TEST(TwilioClient, SendersFollowAbsoluteNextPageUrlVerbatim) {
  ScriptedTransport transport;
  json sender = {{"sid", "XE00000000000000000000000000000001"},
                 {"status", "ONLINE"},
                 {"sender_id", "whatsapp:+15005550006"},
                 {"profile", {{"name", "Sumba Sunset Surf Camp"}, {"emails", {{{"email", "a@b.c"}}}}}},
                 {"offline_reasons", nullptr}};
  transport.answers.push_back(answer(
      200, json{{"senders", {sender}}, {"meta", {{"next_page_url", "http://other.test/v2/Channels/Senders?Page=1"}}}}
               .dump()));
  transport.answers.push_back(answer(200, json{{"senders", {sender}}, {"meta", {{"next_page_url", nullptr}}}}.dump()));
  auto client = make_client(transport);
  const auto senders = client.list_whatsapp_senders();
  ASSERT_TRUE(senders) << senders.error().describe();
  ASSERT_EQ(senders->size(), 2u);
  EXPECT_EQ((*senders)[0].profile.name, "Sumba Sunset Surf Camp");
  EXPECT_EQ((*senders)[0].profile.emails, std::vector<std::string>{"a@b.c"});
  EXPECT_EQ(transport.seen[0].url, "http://twilio.test/v2/Channels/Senders?Channel=whatsapp");
  EXPECT_EQ(transport.seen[1].url, "http://other.test/v2/Channels/Senders?Page=1");
}

TEST(TwilioClient, CreateIsFormEncodedWithBasicAuth) {
  ScriptedTransport transport;
  transport.answers.push_back(answer(201, message_json("SM9", "queued").dump()));
  auto client = make_client(transport);
  const auto created = client.create_message({.to = "whatsapp:+6281234567890",
                                              .from = "whatsapp:+15005550006",
                                              .body = "Name: Ayu & co\n*bold*",
                                              .messaging_service_sid = {},
                                              .content_sid = {},
                                              .content_variables = {},
                                              .status_callback = {}});
  ASSERT_TRUE(created) << created.error().describe();
  EXPECT_EQ(created->status, "queued");
  ASSERT_EQ(transport.seen.size(), 1u);
  const auto& request = transport.seen[0];
  EXPECT_EQ(request.method, http::Method::post);
  EXPECT_EQ(request.body, "To=whatsapp%3A%2B6281234567890&From=whatsapp%3A%2B15005550006&Body=Name%3A%20Ayu%20%26%20co%0A%2Abold%2A");
  EXPECT_EQ(http::find_header(request.headers, "Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(request.auth.kind, http::Auth::Kind::basic);
  EXPECT_EQ(request.auth.user, kAccount);
}

TEST(TwilioClient, ApiKeyIsTheUsernameAndTheAccountStaysInThePath) {
  ScriptedTransport transport;
  transport.answers.push_back(answer(200, message_json("SM1").dump()));
  ClientOptions options;
  options.api_base = "http://twilio.test/";
  options.transport = [&transport](const http::Request& r) { return transport(r); };
  Client client(Credentials::api_key(kAccount, "SK00000000000000000000000000000001", Secret("key-secret-value")),
                options);
  ASSERT_TRUE(client.fetch_message("SM1"));
  EXPECT_EQ(transport.seen[0].auth.user, "SK00000000000000000000000000000001");
  EXPECT_EQ(transport.seen[0].url, "http://twilio.test/2010-04-01/Accounts/" + kAccount + "/Messages/SM1.json");
}

TEST(TwilioClient, TwilioErrorBodiesBecomeTypedErrors) {
  ScriptedTransport transport;
  transport.answers.push_back(answer(401,
                                     R"({"code":20003,"message":"Authenticate","more_info":"https://www.twilio.com/docs/errors/20003","status":401})",
                                     {{"Content-Type", "application/json"}}));
  auto client = make_client(transport);
  const auto result = client.fetch_message("SM1");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ApiError::Kind::twilio);
  EXPECT_EQ(result.error().http_status, 401);
  EXPECT_EQ(result.error().code, 20003);
  EXPECT_EQ(result.error().more_info, "https://www.twilio.com/docs/errors/20003");
  EXPECT_TRUE(result.error().is_auth_failure());
  EXPECT_FALSE(result.error().is_retryable());
  const auto text = result.error().describe();
  EXPECT_NE(text.find("20003"), std::string::npos);
  EXPECT_NE(text.find("/Messages/SM1.json"), std::string::npos) << text;
  EXPECT_EQ(text.find("0123456789abcdef0123456789abcdef"), std::string::npos);
}

TEST(TwilioClient, HtmlErrorPagesAndTruncatedJsonAreTypedToo) {
  ScriptedTransport transport;
  transport.answers.push_back(answer(503, "<html><body>Service Unavailable</body></html>",
                                     {{"Content-Type", "text/html"}, {"Retry-After", "7"}}));
  transport.answers.push_back(answer(200, R"({"sid":"SM1","status":"deliv)"));
  transport.answers.push_back(answer(200, R"({"sid":"SM1","status":"delivered","error_code":"63016"})"));
  auto client = make_client(transport);

  const auto html = client.fetch_message("SM1");
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().kind, ApiError::Kind::http);
  EXPECT_EQ(html.error().http_status, 503);
  EXPECT_EQ(html.error().retry_after, std::chrono::seconds(7));
  EXPECT_TRUE(html.error().is_retryable());
  EXPECT_NE(html.error().describe().find("Service Unavailable"), std::string::npos);

  const auto truncated = client.fetch_message("SM1");
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().kind, ApiError::Kind::bad_response);

  const auto wrong_type = client.fetch_message("SM1");
  ASSERT_FALSE(wrong_type);
  EXPECT_NE(wrong_type.error().message.find("error_code"), std::string::npos) << wrong_type.error().message;
}

TEST(TwilioClient, TransportErrorsNameTheUrl) {
  ScriptedTransport transport;
  http::Response refused;
  refused.error = http::TransportError{http::TransportErrorKind::connection_refused, "connection refused http://x"};
  transport.answers.push_back(refused);
  auto client = make_client(transport);
  const auto result = client.list_messages_page({});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ApiError::Kind::transport);
  EXPECT_TRUE(result.error().is_retryable());
}

TEST(Models, MessageFieldsKeepTwilioTypes) {
  auto j = message_json("SM1", "undelivered");
  j["error_code"] = 63016;
  j["price"] = "-0.00500";
  const auto m = parse_message(j);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->error_code, 63016);
  EXPECT_EQ(m->price, "-0.00500");
  EXPECT_EQ(m->num_segments, "1");
  EXPECT_EQ(format_iso8601(*m->date_created), "2015-07-30T20:12:31Z");
  EXPECT_TRUE(is_final_failure(m->status));

  j["num_segments"] = 1;  // an integer where Twilio sends a string
  EXPECT_FALSE(parse_message(j));
  j = message_json("SM1");
  j["date_created"] = "2015-07-30T20:12:31Z";  // not RFC 2822
  EXPECT_FALSE(parse_message(j));
}

TEST(Statuses, FollowTheOutboundLifecycle) {
  for (auto s : {"failed", "undelivered", "canceled"}) {
    EXPECT_TRUE(is_final_failure(s)) << s;
  }
  for (auto s : {"delivered", "read"}) {
    EXPECT_TRUE(is_delivered_or_read(s)) << s;
  }
  for (auto s : {"accepted", "queued", "sending", "sent", "scheduled"}) {
    EXPECT_TRUE(is_pending(s)) << s;
    EXPECT_FALSE(is_final_failure(s)) << s;
  }
}

TEST(RetryAfter, SecondsOrHttpDate) {
  const auto now = std::chrono::system_clock::time_point(std::chrono::sys_days(std::chrono::year{2024} / 1 / 1));
  EXPECT_EQ(parse_retry_after("5", now), std::chrono::seconds(5));
  EXPECT_EQ(parse_retry_after("Mon, 01 Jan 2024 00:00:30 GMT", now), std::chrono::seconds(30));
  EXPECT_EQ(parse_retry_after("Sun, 31 Dec 2023 00:00:00 GMT", now), std::chrono::seconds(0));
  EXPECT_FALSE(parse_retry_after("soon", now));
  EXPECT_FALSE(parse_retry_after("-3", now));
}

TEST(ErrorCatalog, CoversTheCodesASiteOwnerMeets) {
  for (int code : {20003, 20404, 20429, 21211, 21610, 21617, 21910, 30003, 30006, 30008, 63003, 63007, 63015, 63016,
                   63018, 63024, 63032}) {
    const auto* info = find_error(code);
    ASSERT_NE(info, nullptr) << code;
    EXPECT_FALSE(info->diagnosis.empty()) << code;
    EXPECT_NE(describe_error(code).find(std::to_string(code)), std::string::npos);
  }
  EXPECT_NE(describe_error(63015).find("join"), std::string::npos);
  EXPECT_NE(describe_error(63016).find("ContentSid"), std::string::npos);
  EXPECT_EQ(find_error(99999), nullptr);
  EXPECT_NE(describe_error(99999).find("https://www.twilio.com/docs/errors/99999"), std::string::npos);
}

}  // namespace
}  // namespace formcheck::twilio
