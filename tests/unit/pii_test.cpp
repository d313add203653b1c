// --mask-pii: phone numbers and e-mail addresses masked consistently, public numbers kept,
// nothing that merely looks numeric (dates, SIDs, Base64) touched, and redact() applying it.
#include "harness/util/pii.hpp"

#include "harness/util/secret.hpp"

#include <gtest/gtest.h>

namespace formcheck {
namespace {

class PiiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    clear_pii_for_testing();
    clear_registered_secrets_for_testing();
  }
  void TearDown() override {
    clear_pii_for_testing();
    clear_registered_secrets_for_testing();
  }
};

TEST_F(PiiTest, PhoneKeepsPlusCountryCodeAndLastThreeDigits) {
  EXPECT_EQ(mask_phone("whatsapp:+6281234567890"), "whatsapp:+62••••••••890");
  EXPECT_EQ(mask_phone("whatsapp:+34600123456"), "whatsapp:+34••••••456");
  EXPECT_EQ(mask_phone("+15557654321"), "+1•••••••321");            // NANP: one-digit code
  EXPECT_EQ(mask_phone("+79161234567"), "+7•••••••567");            // Russia/Kazakhstan
  EXPECT_EQ(mask_phone("+85212345678"), "+852•••••678");            // three-digit code
  EXPECT_EQ(mask_phone("+62 812-3456-7890"), "+62 •••-••••-•890");  // separators stay
  EXPECT_EQ(mask_phone("0812 3456 7890"), "•••• •••• •890");        // no '+': no country code to keep
}

TEST_F(PiiTest, EmailKeepsFirstLetterAndDomain) {
  EXPECT_EQ(mask_email("ayu@example.com"), "a••@example.com");
  EXPECT_EQ(mask_email("x@example.com"), "x@example.com");
}

TEST_F(PiiTest, NumbersAndAddressesAreFoundAnywhereInText) {
  EXPECT_EQ(mask_pii_always("SM1 to whatsapp:+6281234567890 (queued)"),
            "SM1 to whatsapp:+62••••••••890 (queued)");
  EXPECT_EQ(mask_pii_always("GET /Messages.json?To=whatsapp%3A%2B6281234567890&PageSize=50"),
            "GET /Messages.json?To=whatsapp%3A%2B62••••••••890&PageSize=50");
  EXPECT_EQ(mask_pii_always(R"({"to":"whatsapp:+6281234567890","email":"ayu@example.com"})"),
            R"({"to":"whatsapp:+62••••••••890","email":"a••@example.com"})");
  EXPECT_EQ(mask_pii_always("call +62 812-3456-7890 today"), "call +62 •••-••••-•890 today");
  EXPECT_EQ(mask_pii_always("email=ayu%40example.com&x=1"), "email=a••%40example.com&x=1");
  EXPECT_EQ(mask_pii_always("write to made@example.co.id."), "write to m•••@example.co.id.");
}

TEST_F(PiiTest, ALongNumberEndsAtTheFirstSeparator) {
  // A compact +E.164 number does not swallow the count that follows it.
  EXPECT_EQ(mask_pii_always("whatsapp:+15557654321 2 messages"), "whatsapp:+1•••••••321 2 messages");
}

TEST_F(PiiTest, SameValueSameMaskDifferentValuesDiffer) {
  const auto a = mask_pii_always("+6281234567890");
  EXPECT_EQ(a, mask_pii_always("+6281234567890"));
  EXPECT_NE(a, mask_pii_always("+6281234567891"));
  EXPECT_NE(a, mask_pii_always("+3481234567890"));
}

TEST_F(PiiTest, WhatOnlyLooksNumericIsLeftAlone) {
  for (const std::string text :
       {"Mon, 15 Jan 2024 12:30:00 +0000", "2024-01-15T12:30:00+07:00", "SM0123456789abcdef",
        "id+123456789abc", "1e+10", "+1234", "npm @next/env", "pkg@1.2.3",
        "https://[REDACTED]@api.example.com/", "+12345678901234567 (too long)"}) {
    EXPECT_EQ(mask_pii_always(text), text);
  }
}

TEST_F(PiiTest, PublicNumbersStayReadableInAnySpelling) {
  register_public_number("whatsapp:+14155238886");
  EXPECT_EQ(mask_pii_always("from whatsapp:+14155238886"), "from whatsapp:+14155238886");
  EXPECT_EQ(mask_pii_always("send 'join' to +1 415 523 8886"), "send 'join' to +1 415 523 8886");
  EXPECT_EQ(mask_pii_always("From=whatsapp%3A%2B14155238886"), "From=whatsapp%3A%2B14155238886");
  EXPECT_EQ(mask_pii_always("to +14155238887"), "to +1•••••••887");
}

TEST_F(PiiTest, RegisteredPayloadValuesAreMaskedInTheirOwnSpellingAndPercentEncoded) {
  register_pii("0812 3456 7890");
  register_pii("Hello world");  // not personal data: not registered
  register_pii("12");
  EXPECT_EQ(mask_pii_always("phone: 0812 3456 7890."), "phone: •••• •••• •890.");
  EXPECT_EQ(mask_pii_always("phone=0812%203456%207890&a=12"), "phone=•••• •••• •890&a=12");
  EXPECT_EQ(mask_pii_always("Hello world"), "Hello world");
}

TEST_F(PiiTest, MaskingTwiceChangesNothing) {
  register_pii("0812 3456 7890");
  const std::string text =
      "to whatsapp:+6281234567890, from ayu@example.com, phone 0812 3456 7890, +62 812-3456-7890";
  const auto once = mask_pii_always(text);
  EXPECT_EQ(mask_pii_always(once), once);
}

TEST_F(PiiTest, RedactAppliesMaskingOnlyWhenSwitchedOn) {
  const Secret token("0123456789abcdef0123456789abcdef");
  const std::string text =
      "token 0123456789abcdef0123456789abcdef to whatsapp:+6281234567890 from ayu@example.com";
  EXPECT_EQ(redact(text), "token [REDACTED] to whatsapp:+6281234567890 from ayu@example.com");
  set_pii_masking(true);
  EXPECT_EQ(redact(text), "token [REDACTED] to whatsapp:+62••••••••890 from a••@example.com");
  EXPECT_EQ(mask_pii(text),
            "token 0123456789abcdef0123456789abcdef to whatsapp:+62••••••••890 from a••@example.com");
}

}  // namespace
}  // namespace formcheck
