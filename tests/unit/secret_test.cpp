#include <gtest/gtest.h>

#include "harness/util/secret.hpp"

namespace formcheck {
namespace {

class SecretTest : public ::testing::Test {
 protected:
  void SetUp() override { clear_registered_secrets_for_testing(); }
  void TearDown() override { clear_registered_secrets_for_testing(); }
};

TEST_F(SecretTest, RegisteredValuesAreMaskedEverywhere) {
  const Secret token("0123456789abcdef0123456789abcdef");
  EXPECT_EQ(redact("token=0123456789abcdef0123456789abcdef; again 0123456789abcdef0123456789abcdef"),
            "token=[REDACTED]; again [REDACTED]");
}

TEST_F(SecretTest, BasicAuthHeaderBase64IsMasked) {
  register_basic_credentials("ACdemo", "tok3n-value");
  const std::string encoded = base64_encode("ACdemo:tok3n-value");
  EXPECT_EQ(redact("sent " + encoded), "sent [REDACTED]");
}

TEST_F(SecretTest, PercentEncodedFormIsMasked) {
  register_secret("p@ss word+1");
  EXPECT_EQ(redact("Body=p%40ss%20word%2B1"), "Body=[REDACTED]");
}

TEST_F(SecretTest, UnregisteredAuthorizationHeadersAndUserInfoAreMasked) {
  EXPECT_EQ(redact("Authorization: Bearer abc.def.ghi"), "Authorization: Bearer [REDACTED]");
  EXPECT_EQ(redact("authorization: basic QUM6dG9r"), "authorization: basic [REDACTED]");
  EXPECT_EQ(redact("GET https://AC1:tok@api.twilio.com/x"), "GET https://[REDACTED]@api.twilio.com/x");
}

// A browser reaches a protected Vercel preview through a URL that carries the bypass secret:
// the query parameter is masked by its name even where the value was never registered.
TEST_F(SecretTest, VercelBypassIsMaskedByItsNameInQueryStringsAndHeaders) {
  EXPECT_EQ(redact("GET https://p.vercel.app/contact?x-vercel-protection-bypass=s3cr3t-value&x-vercel-set-bypass-cookie=true"),
            "GET https://p.vercel.app/contact?x-vercel-protection-bypass=[REDACTED]&x-vercel-set-bypass-cookie=true");
  EXPECT_EQ(redact("https://p/?a=1&X-Vercel-Protection-Bypass=abc%2Fdef#top"),
            "https://p/?a=1&X-Vercel-Protection-Bypass=[REDACTED]#top");
  EXPECT_EQ(redact("x-vercel-protection-bypass: hdr-value-123\nnext"), "x-vercel-protection-bypass: [REDACTED]\nnext");
  EXPECT_EQ(redact("\"x-vercel-protection-bypass\" is the header"), "\"x-vercel-protection-bypass\" is the header");
  EXPECT_EQ(redact("x-vercel-protection-bypass=&x=1"), "x-vercel-protection-bypass=&x=1");
}

TEST_F(SecretTest, ShortValuesAreNotRegistered) {
  register_secret("abc");
  EXPECT_EQ(redact("abcabc"), "abcabc");
}

TEST_F(SecretTest, LongerSecretsWinOverTheirPrefixes) {
  register_secret("abcd");
  register_secret("abcdefgh");
  EXPECT_EQ(redact("xabcdefghx"), "x[REDACTED]x");
}

TEST(Base64, MatchesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

}  // namespace
}  // namespace formcheck

namespace formcheck {
namespace {

// std::regex used to backtrack (and overflow its stack) on long unbroken text: redaction
// must stay linear, whatever a site or a child process prints.
TEST(Redact, HandlesLongUnbrokenTextAndUrls) {
  const std::string letters(200000, 'a');
  EXPECT_EQ(redact(letters), letters);
  const std::string url = "https://" + std::string(100000, 'b') + "/x";
  EXPECT_EQ(redact(url), url);
  const std::string header = "Authorization: Bearer " + std::string(100000, 'c');
  EXPECT_EQ(redact(header), "Authorization: Bearer [REDACTED]");
}

}  // namespace
}  // namespace formcheck
