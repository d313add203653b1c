// The HTTP debug log entry: what it shows (method, URL, status, time, headers, body starts)
// and what it never shows (credentials in any form, a secret cut in half by the truncation,
// terminal control sequences), and --mask-pii applied to it.
#include "harness/http/trace.hpp"
#include "harness/util/pii.hpp"
#include "harness/util/secret.hpp"

#include <gtest/gtest.h>

namespace formcheck::http {
namespace {

constexpr const char* kSid = "AC0123456789abcdef0123456789abcdef";
constexpr const char* kToken = "9f3b6c1de27a4b58a0c4d6e8f1a2b3c4";

class HttpTraceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clear_registered_secrets_for_testing();
    clear_pii_for_testing();
  }
  void TearDown() override {
    clear_registered_secrets_for_testing();
    clear_pii_for_testing();
  }

  static Request twilio_list() {
    Request request;
    request.url = std::string("https://api.twilio.com/2010-04-01/Accounts/") + kSid +
                  "/Messages.json?To=whatsapp%3A%2B6281234567890";
    request.auth = Auth::basic(kSid, Secret(kToken));
    return request;
  }
};

TEST_F(HttpTraceTest, ShowsTheExchangeWithCredentialsRedacted) {
  Request request = twilio_list();
  request.method = Method::post;
  request.headers.push_back({"X-Form-Key", kToken});
  request.body = "Body=hello";
  Response response;
  response.status = 201;
  response.elapsed = std::chrono::milliseconds(42);
  response.headers = {{"Content-Type", "application/json"}, {"Set-Cookie", "session=abc123; HttpOnly"}};
  response.body = R"({"sid":"SM1","status":"queued"})";

  const auto entry = detail::format_trace(detail::trace_record(request), response);
  EXPECT_NE(entry.find("http POST https://api.twilio.com/2010-04-01/Accounts/"), std::string::npos) << entry;
  EXPECT_NE(entry.find("→ 201 in 42 ms"), std::string::npos) << entry;
  EXPECT_NE(entry.find("  > Authorization: Basic [REDACTED]\n"), std::string::npos) << entry;
  EXPECT_NE(entry.find("  > X-Form-Key: [REDACTED]\n"), std::string::npos) << entry;
  EXPECT_NE(entry.find("  > body (10 bytes): Body=hello\n"), std::string::npos) << entry;
  EXPECT_NE(entry.find("  < Content-Type: application/json\n"), std::string::npos) << entry;
  EXPECT_NE(entry.find("  < Set-Cookie: [REDACTED]\n"), std::string::npos) << entry;
  EXPECT_NE(entry.find(R"(  < body (31 bytes): {"sid":"SM1","status":"queued"})"), std::string::npos)
      << entry;
  EXPECT_EQ(entry.find(kToken), std::string::npos) << entry;
  EXPECT_EQ(entry.find(base64_encode(std::string(kSid) + ":" + kToken)), std::string::npos) << entry;
  EXPECT_EQ(entry.find("abc123"), std::string::npos) << entry;
  // Without --mask-pii the staff number is shown as sent.
  EXPECT_NE(entry.find("%2B6281234567890"), std::string::npos) << entry;
}

TEST_F(HttpTraceTest, BearerTokensAreRedactedEvenWhenNeverRegistered) {
  Request request;
  request.url = "https://api.vercel.com/v10/projects/p/env";
  request.auth = Auth::bearer(Secret("vercel-unregistered-5b7d9f1a"));
  clear_registered_secrets_for_testing();  // only the header's position can hide it now
  Response response;
  response.status = 200;
  const auto entry = detail::format_trace(detail::trace_record(request), response);
  EXPECT_NE(entry.find("  > Authorization: Bearer [REDACTED]\n"), std::string::npos) << entry;
  EXPECT_EQ(entry.find("vercel-unregistered"), std::string::npos) << entry;
}

TEST_F(HttpTraceTest, LongBodiesAreCutAfterRedactionAndControlCharactersEscaped) {
  register_secret(kToken);
  Request request;
  request.url = "http://127.0.0.1:1/api/contact";
  Response response;
  response.status = 500;
  // The token straddles the cut: redacting after cutting would leave its first half.
  response.body = std::string(kTraceBodyBytes - 10, 'x') + kToken + std::string(20000, 'y');
  const auto entry = detail::format_trace(detail::trace_record(request), response);
  EXPECT_EQ(entry.find(std::string(kToken).substr(0, 10)), std::string::npos)
      << "half a secret left by the cut";
  EXPECT_NE(entry.find("  < body (" + std::to_string(response.body.size()) + " bytes): xxx"),
            std::string::npos);
  EXPECT_NE(entry.find(" …\n"), std::string::npos);
  EXPECT_LT(entry.size(), kTraceBodyBytes + 400);

  response.body = "line one\nline two\x1b[2J\r";
  const auto escaped = detail::format_trace(detail::trace_record(request), response);
  EXPECT_NE(escaped.find(R"(line one\nline two\x1b[2J\r)"), std::string::npos) << escaped;
}

TEST_F(HttpTraceTest, SecretNamedJsonValuesAreMaskedBeforeAnyoneRegisteredThem) {
  // Vercel's env list shows Plain values; the audit registers them only after reading the answer.
  Request request;
  request.url = "https://api.vercel.com/v10/projects/p/env";
  Response response;
  response.status = 200;
  response.body = R"({"envs":[{"key":"TWILIO_AUTH_TOKEN","value":"plain-tok-7e1d","type":"plain"},)"
                  R"({"key":"TWILIO_WHATSAPP_NUMBER","value":"whatsapp:+15557654321","type":"plain"}],)"
                  R"("auth_token":"acct-tok-55aa","pagination":{"next":null}})";
  const auto entry = detail::format_trace(detail::trace_record(request), response);
  EXPECT_EQ(entry.find("plain-tok-7e1d"), std::string::npos) << entry;
  EXPECT_EQ(entry.find("acct-tok-55aa"), std::string::npos) << entry;
  EXPECT_NE(entry.find(R"("value":"whatsapp:+15557654321")"), std::string::npos) << entry;
  EXPECT_NE(entry.find(R"("key":"TWILIO_AUTH_TOKEN")"), std::string::npos) << entry;
}

TEST_F(HttpTraceTest, TransportErrorsAreNamed) {
  Request request;
  request.url = "http://127.0.0.1:9/api/contact";
  Response response;
  response.elapsed = std::chrono::milliseconds(3);
  response.error =
      TransportError{TransportErrorKind::connection_refused, "connection refused http://127.0.0.1:9"};
  const auto entry = detail::format_trace(detail::trace_record(request), response);
  EXPECT_NE(entry.find("http GET http://127.0.0.1:9/api/contact → connection refused in 3 ms"),
            std::string::npos)
      << entry;
}

TEST_F(HttpTraceTest, MaskPiiAppliesToTheWholeEntry) {
  set_pii_masking(true);
  Request request = twilio_list();
  Response response;
  response.status = 200;
  response.body = R"({"messages":[{"to":"whatsapp:+6281234567890","body":"from ayu@example.com"}]})";
  const auto entry = detail::format_trace(detail::trace_record(request), response);
  EXPECT_EQ(entry.find("81234567"), std::string::npos) << entry;
  EXPECT_EQ(entry.find("ayu@"), std::string::npos) << entry;
  EXPECT_NE(entry.find("To=whatsapp%3A%2B62••••••••890"), std::string::npos) << entry;
  EXPECT_NE(entry.find(R"("to":"whatsapp:+62••••••••890")"), std::string::npos) << entry;
}

}  // namespace
}  // namespace formcheck::http
