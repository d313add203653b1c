#include <gtest/gtest.h>

#include "harness/http/http.hpp"

namespace formcheck::http {
namespace {

TEST(PercentEncode, WhatsAppAddressesKeepTheirPlus) {
  EXPECT_EQ(percent_encode("whatsapp:+6281234567890"), "whatsapp%3A%2B6281234567890");
  // Decoding with form rules must give the address back, never a space for the plus.
  EXPECT_EQ(percent_decode(percent_encode("whatsapp:+6281234567890")), "whatsapp:+6281234567890");
}

TEST(PercentEncode, EncodesEverythingButUnreserved) {
  EXPECT_EQ(percent_encode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(percent_encode("a b&c=d/e?f#g"), "a%20b%26c%3Dd%2Fe%3Ff%23g");
  EXPECT_EQ(percent_encode("DateSent>"), "DateSent%3E");
  EXPECT_EQ(percent_encode("é"), "%C3%A9");
  EXPECT_EQ(percent_encode(std::string("\0x", 2)), "%00x");
}

TEST(PercentDecode, FormRulesAndStrayPercents) {
  EXPECT_EQ(percent_decode("a+b"), "a b");
  EXPECT_EQ(percent_decode("a+b", false), "a+b");
  EXPECT_EQ(percent_decode("100%"), "100%");
  EXPECT_EQ(percent_decode("%zz%4"), "%zz%4");
  EXPECT_EQ(percent_decode("%E2%9C%93"), "\xE2\x9C\x93");
}

TEST(FormEncode, KeepsOrderAndRepeats) {
  EXPECT_EQ(form_encode({{"To", "whatsapp:+1"}, {"Body", "Hi *there*\n"}, {"MediaUrl", "a"}, {"MediaUrl", "b"}}),
            "To=whatsapp%3A%2B1&Body=Hi%20%2Athere%2A%0A&MediaUrl=a&MediaUrl=b");
}

TEST(WithQuery, AppendsToExistingQuery) {
  EXPECT_EQ(with_query("http://h/x.json", {}), "http://h/x.json");
  EXPECT_EQ(with_query("http://h/x.json", {{"To", "+1"}}), "http://h/x.json?To=%2B1");
  EXPECT_EQ(with_query("http://h/x.json?a=1", {{"b", "2"}}), "http://h/x.json?a=1&b=2");
}

TEST(Headers, LookupIsCaseInsensitive) {
  const Headers headers{{"Content-Type", "application/json"}, {"retry-after", "3"}};
  EXPECT_EQ(find_header(headers, "content-type"), "application/json");
  EXPECT_EQ(find_header(headers, "Retry-After"), "3");
  EXPECT_FALSE(find_header(headers, "Retry"));
}

TEST(Perform, ConnectionRefusedIsDataNamingTheUrlWithoutCredentials) {
  Request request;
  request.url = "http://127.0.0.1:1/2010-04-01/Accounts/AC1/Messages.json";
  request.auth = Auth::basic("ACuser", Secret("s3cr3t-token-value"));
  request.timeout = std::chrono::milliseconds(2000);
  const auto response = perform(request);
  ASSERT_TRUE(response.error.has_value());
  EXPECT_EQ(response.error->kind, TransportErrorKind::connection_refused);
  EXPECT_EQ(response.status, 0);
  EXPECT_NE(response.error->message.find("127.0.0.1:1"), std::string::npos) << response.error->message;
  EXPECT_EQ(response.error->message.find("s3cr3t-token-value"), std::string::npos);
}

TEST(Perform, UnresolvableHostIsADnsError) {
  Request request;
  request.url = "http://no-such-host.invalid/";
  request.timeout = std::chrono::milliseconds(3000);
  const auto response = perform(request);
  ASSERT_TRUE(response.error.has_value());
  EXPECT_EQ(response.error->kind, TransportErrorKind::dns);
}

TEST(PerformAll, KeepsRequestOrderEvenWhenAllFail) {
  std::vector<Request> requests(5);
  for (size_t i = 0; i < requests.size(); ++i) {
    requests[i].url = "http://127.0.0.1:1/" + std::to_string(i);
  }
  const auto responses = perform_all(requests, 2);
  ASSERT_EQ(responses.size(), 5u);
  for (size_t i = 0; i < responses.size(); ++i) {
    EXPECT_EQ(responses[i].url, "http://127.0.0.1:1/" + std::to_string(i));
    EXPECT_TRUE(responses[i].error.has_value());
  }
}

}  // namespace
}  // namespace formcheck::http
