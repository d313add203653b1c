// formcheck's own Twilio client against the real emulator process over loopback: the
// client the harness uses against real Twilio must read everything the emulator answers.
#include <gtest/gtest.h>

#include <set>

#include "harness/config/whatsapp_address.hpp"
#include "harness/http/http.hpp"
#include "harness/twilio/client.hpp"
#include "harness/twilio/error_catalog.hpp"
#include "tests/support/standin.hpp"

namespace formcheck::twilio {
namespace {

using testing::StandIn;
using testing::wait_until;
using namespace std::chrono_literals;

constexpr const char* kAccount = "AC11111111111111111111111111111111";
constexpr const char* kToken = "22222222222222222222222222222222";
constexpr const char* kKey = "SK33333333333333333333333333333333";
constexpr const char* kKeySecret = "key-secret-4444";
constexpr const char* kSender = "whatsapp:+15557654321";
constexpr const char* kStaff = "whatsapp:+6281234567890";

class TwilioClientE2E : public ::testing::Test {
 protected:
  void start(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"--port", "0", "--account-sid", kAccount, "--auth-token", kToken, "--api-key",
                                  std::string(kKey) + ":" + kKeySecret, "--sender", kSender, "--delivery-delay-ms",
                                  "600"};
    args.insert(args.end(), extra.begin(), extra.end());
    emulator = StandIn::start("formcheck-twilio-emulator", args);
    ASSERT_NE(emulator, nullptr);
  }
  Client client(std::string token = kToken) const {
    ClientOptions options;
    options.api_base = emulator->base_url();
    options.messaging_base = emulator->base_url();
    options.timeout = 5s;
    return Client(Credentials::auth_token(kAccount, Secret(std::move(token))), options);
  }
  http::Response control(http::Method method, const std::string& path, const nlohmann::json& body = nullptr) const {
    http::Request r;
    r.method = method;
    r.url = emulator->base_url() + path;
    if (!body.is_null()) {
      http::set_json_body(r, body);
    }
    return http::perform(r);
  }
  void scenario(const nlohmann::json& s) const {
    ASSERT_EQ(control(http::Method::post, "/__emulator/scenario", s).status, 200);
  }
  // Follows one message by SID until `done` holds for it (or the deadline passes).
  Message follow(Client& c, const std::string& sid, const std::function<bool(const Message&)>& done) const {
    Message last;
    EXPECT_TRUE(wait_until(
        [&] {
          auto m = c.fetch_message(sid);
          if (!m) {
            return false;
          }
          last = *m;
          return done(last);
        },
        10s, 50ms))
        << sid << " last status " << last.status;
    return last;
  }

  std::unique_ptr<StandIn> emulator;
};

TEST_F(TwilioClientE2E, CreateListFetchAndStatusProgression) {
  start();
  auto c = client();
  const auto created = c.create_message({.to = kStaff, .from = kSender, .body = "Halo *tim*! 🏄 & <b>"});
  ASSERT_TRUE(created) << created.error().describe();
  EXPECT_EQ(created->status, "queued");
  EXPECT_EQ(created->body, "Halo *tim*! 🏄 & <b>");
  EXPECT_EQ(created->from, kSender);
  EXPECT_EQ(created->to, kStaff);
  EXPECT_FALSE(created->error_code);
  ASSERT_TRUE(created->date_created);

  std::vector<std::string> seen{created->status};
  const auto final_view = follow(c, created->sid, [&](const Message& m) {
    if (seen.back() != m.status) {
      seen.push_back(m.status);
    }
    return m.status == "delivered";
  });
  EXPECT_EQ(final_view.status, "delivered");
  EXPECT_EQ(seen.front(), "queued");
  EXPECT_EQ(seen.back(), "delivered");
  ASSERT_TRUE(final_view.date_sent);
  EXPECT_GE(*final_view.date_updated, *final_view.date_created);

  MessageQuery query;
  query.to = kStaff;
  query.date_sent = format_date(*final_view.date_sent);
  const auto listed = c.list_messages(query);
  ASSERT_TRUE(listed) << listed.error().describe();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().sid, created->sid);
  query.to = "whatsapp:+6200000000000";
  EXPECT_TRUE(c.list_messages(query)->empty());
}

TEST_F(TwilioClientE2E, ApiKeyAuthWorksAndBadCredentialsAre20003) {
  start();
  ClientOptions options;
  options.api_base = emulator->base_url();
  Client with_key(Credentials::api_key(kAccount, kKey, Secret(kKeySecret)), options);
  EXPECT_TRUE(with_key.list_messages_page({})) << "API key SK…:secret with the AC in the path";

  auto wrong = client("ffffffffffffffffffffffffffffffff");
  const auto refused = wrong.list_messages_page({});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().http_status, 401);
  EXPECT_EQ(refused.error().code, 20003);
  EXPECT_TRUE(refused.error().is_auth_failure());
  EXPECT_EQ(refused.error().describe().find("ffffffffffffffffffffffffffffffff"), std::string::npos);
}

TEST_F(TwilioClientE2E, WhatsAppErrorPathsReachTheClientTyped) {
  start();
  scenario({{"outside_window", {"whatsapp:+6281111111111"}},
            {"content_templates", {{"HX11111111111111111111111111111111", "New contact from {{1}}"}}}});
  auto c = client();

  // 21617: over 1,600 characters (code points) is refused at create time.
  const auto too_long = c.create_message({.to = kStaff, .from = kSender, .body = std::string(1601, 'x')});
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, 21617);
  EXPECT_EQ(too_long.error().http_status, 400);

  // 63015: the sandbox reaches only recipients who joined.
  const auto sandbox = c.create_message({.to = kStaff, .from = std::string(config::kSandboxNumber), .body = "hi"});
  ASSERT_TRUE(sandbox) << sandbox.error().describe();
  const auto sandbox_end = follow(c, sandbox->sid, [](const Message& m) { return is_final_failure(m.status); });
  EXPECT_EQ(sandbox_end.error_code, 63015);
  EXPECT_NE(describe_error(63015).find("join"), std::string::npos);

  // 63016: free-form outside the 24 h window fails; a template gets through.
  const auto free_form = c.create_message({.to = "whatsapp:+6281111111111", .from = kSender, .body = "hello"});
  ASSERT_TRUE(free_form);
  EXPECT_EQ(follow(c, free_form->sid, [](const Message& m) { return is_final_failure(m.status); }).error_code, 63016);
  const auto templated = c.create_message({.to = "whatsapp:+6281111111111",
                                           .from = kSender,
                                           .content_sid = "HX11111111111111111111111111111111",
                                           .content_variables = R"({"1":"Ayu"})"});
  ASSERT_TRUE(templated) << templated.error().describe();
  EXPECT_EQ(follow(c, templated->sid, [](const Message& m) { return m.status == "delivered"; }).status, "delivered");

  // 63007: a From that is not a WhatsApp sender of the account (refused at create, or failed later).
  const auto unknown = c.create_message({.to = kStaff, .from = "whatsapp:+15550000000", .body = "hi"});
  if (unknown) {
    EXPECT_EQ(follow(c, unknown->sid, [](const Message& m) { return is_final_failure(m.status); }).error_code, 63007);
  } else {
    EXPECT_EQ(unknown.error().code, 63007);
  }
}

TEST_F(TwilioClientE2E, PagesThrough2500MessagesWithPageSize1000) {
  start();
  nlohmann::json messages = nlohmann::json::array();
  for (int i = 0; i < 2500; ++i) {
    messages.push_back({{"from", kSender},
                        {"to", kStaff},
                        {"body", "history " + std::to_string(i)},
                        {"status", "delivered"},
                        {"date_created", "2026-11-20T10:00:00Z"}});
  }
  ASSERT_EQ(control(http::Method::post, "/__emulator/messages", messages).status / 100, 2);
  auto c = client();
  MessageQuery query;
  query.to = kStaff;
  query.page_size = 1000;
  const auto first = c.list_messages_page(query);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->messages.size(), 1000u);
  ASSERT_TRUE(first->next_page_uri);
  EXPECT_EQ(first->next_page_uri->rfind("/2010-04-01/", 0), 0u) << "relative, as Twilio writes it";
  const size_t before = c.requests_sent();
  const auto all = c.list_messages(query);
  ASSERT_TRUE(all) << all.error().describe();
  EXPECT_EQ(c.requests_sent() - before, 3u);
  std::set<std::string> sids;
  for (const auto& m : *all) {
    sids.insert(m.sid);
  }
  EXPECT_EQ(sids.size(), 2500u);
}

TEST_F(TwilioClientE2E, ListLagHidesNewMessagesThatFetchBySidSees) {
  start();
  ASSERT_EQ(control(http::Method::post, "/__emulator/faults", {{"list_lag_ms", 1500}}).status, 200);
  auto c = client();
  const auto created = c.create_message({.to = kStaff, .from = kSender, .body = "lagging"});
  ASSERT_TRUE(created);
  EXPECT_TRUE(c.fetch_message(created->sid));
  MessageQuery query;
  query.to = kStaff;
  const auto early = c.list_messages(query);
  ASSERT_TRUE(early);
  EXPECT_TRUE(early->empty()) << "the list lags behind fetch by SID";
  EXPECT_TRUE(wait_until([&] { return c.list_messages(query)->size() == 1; }, 10s, 100ms));
}

TEST_F(TwilioClientE2E, ConcurrencyPastTheLimitIs20429) {
  start();
  ASSERT_EQ(control(http::Method::post, "/__emulator/faults", {{"max_concurrent", 2}, {"slow_ms", 300}}).status, 200);
  std::vector<http::Request> requests(8);
  for (auto& r : requests) {
    r.url = emulator->base_url() + "/2010-04-01/Accounts/" + kAccount + "/Messages.json";
    r.auth = http::Auth::basic(kAccount, Secret(kToken));
  }
  const auto responses = http::perform_all(requests, 8);
  int limited = 0;
  for (const auto& r : responses) {
    if (r.status == 429) {
      ++limited;
      const auto e = error_from_response(r, "GET");
      EXPECT_EQ(e.code, 20429);
      EXPECT_TRUE(e.is_retryable());
    }
  }
  EXPECT_GT(limited, 0);
  EXPECT_LT(limited, 8);
}

TEST_F(TwilioClientE2E, FaultsBecomeTypedErrorsAndNeverCrashEitherSide) {
  start();
  auto c = client();
  struct Case {
    nlohmann::json faults;
    ApiError::Kind kind;
  };
  const std::vector<Case> cases = {
      {{{"error_rate", 1.0}, {"error_status", 503}}, ApiError::Kind::twilio},
      {{{"error_rate", 1.0}, {"error_status", 502}, {"html_errors", true}}, ApiError::Kind::http},
      {{{"malformed_json_rate", 1.0}}, ApiError::Kind::bad_response},
      {{{"drop_connection_rate", 1.0}}, ApiError::Kind::transport},
  };
  for (const auto& fault : cases) {
    ASSERT_EQ(control(http::Method::post, "/__emulator/faults", fault.faults).status, 200) << fault.faults;
    const auto result = c.list_messages_page({});
    ASSERT_FALSE(result) << fault.faults;
    EXPECT_EQ(result.error().kind, fault.kind) << fault.faults << ": " << result.error().describe();
    EXPECT_TRUE(result.error().is_retryable()) << fault.faults;
    ASSERT_EQ(control(http::Method::del, "/__emulator/faults").status / 100, 2);
    EXPECT_TRUE(c.list_messages_page({})) << "the emulator still answers after " << fault.faults;
  }
  // Slower than the client's timeout: a transport timeout naming the URL.
  ClientOptions options;
  options.api_base = emulator->base_url();
  options.timeout = 300ms;
  Client impatient(Credentials::auth_token(kAccount, Secret(kToken)), options);
  ASSERT_EQ(control(http::Method::post, "/__emulator/faults", {{"slow_ms", 2000}}).status, 200);
  const auto slow = impatient.list_messages_page({});
  ASSERT_FALSE(slow);
  EXPECT_EQ(slow.error().transport, http::TransportErrorKind::timeout);
  EXPECT_NE(slow.error().describe().find("/Messages.json"), std::string::npos);
}

TEST_F(TwilioClientE2E, SendersAndIncomingNumbersOfTheAccount) {
  start();
  auto c = client();
  const auto senders = c.list_whatsapp_senders();
  ASSERT_TRUE(senders) << senders.error().describe();
  ASSERT_EQ(senders->size(), 1u);
  EXPECT_EQ(senders->front().sender_id, kSender);
  EXPECT_EQ(senders->front().status, "ONLINE");
  EXPECT_TRUE(senders->front().profile.name.has_value());
  const auto fetched = c.fetch_sender(senders->front().sid);
  ASSERT_TRUE(fetched);
  EXPECT_EQ(fetched->sid, senders->front().sid);
  const auto numbers = c.list_incoming_phone_numbers(std::string("+15557654321"));
  ASSERT_TRUE(numbers) << numbers.error().describe();
  ASSERT_EQ(numbers->size(), 1u);
  EXPECT_EQ(numbers->front().phone_number, "+15557654321");
  EXPECT_TRUE(c.list_incoming_phone_numbers(std::string("+14155238886"))->empty()) << "the sandbox is not a number of the account";
}

}  // namespace
}  // namespace formcheck::twilio
