// What the contact site's POST /api/contact accepts (fixtures/contact-site/validation).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fixtures/contact-site/utf8.hpp"
#include "fixtures/contact-site/validation.hpp"

namespace formcheck::site {
namespace {

using nlohmann::json;

std::string repeat(std::string_view unit, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) {
    out += unit;
  }
  return out;
}

TEST(contact_site_validation, ClassifiesContentTypesWithParameters) {
  EXPECT_EQ(*classify_content_type("application/json"), BodyFormat::json);
  EXPECT_EQ(*classify_content_type("Application/JSON; charset=utf-8"), BodyFormat::json);
  EXPECT_EQ(*classify_content_type("application/x-www-form-urlencoded;charset=UTF-8"), BodyFormat::form);
  EXPECT_EQ(*classify_content_type("application/x-www-form-urlencoded; charset=\"utf-8\""), BodyFormat::form);
  EXPECT_FALSE(classify_content_type(""));
  EXPECT_FALSE(classify_content_type("text/plain"));
  EXPECT_FALSE(classify_content_type("multipart/form-data; boundary=x"));
  EXPECT_FALSE(classify_content_type("application/json; charset=iso-8859-1"));
}

TEST(contact_site_validation, AcceptsJsonAndKeepsTheMessageVerbatim) {
  const auto body = json{{"name", "  Ayu Lestari "},
                         {"email", "ayu@example.com"},
                         {"phone", "+62 812 3456 7890"},
                         {"message", "  *Hello*\n<script>alert(1)</script> 🌊 مرحبا  "}}
                        .dump();
  const auto submission = parse_submission(BodyFormat::json, body);
  ASSERT_TRUE(submission);
  EXPECT_EQ(submission->name, "Ayu Lestari");
  EXPECT_EQ(submission->email, "ayu@example.com");
  EXPECT_EQ(submission->phone, "+62 812 3456 7890");
  EXPECT_EQ(submission->message, "  *Hello*\n<script>alert(1)</script> 🌊 مرحبا  ");
}

TEST(contact_site_validation, AcceptsFormEncodingWithPlusAsSpaceAndFirstKeyWinning) {
  const auto submission =
      parse_submission(BodyFormat::form, "name=Ayu+Lestari&email=ayu%40example.com&message=Hi%20%F0%9F%8C%8A&name=x");
  ASSERT_TRUE(submission);
  EXPECT_EQ(submission->name, "Ayu Lestari");
  EXPECT_EQ(submission->email, "ayu@example.com");
  EXPECT_EQ(submission->message, "Hi 🌊");
  EXPECT_FALSE(submission->has_phone());
}

TEST(contact_site_validation, ReportsEveryFieldProblemAtOnce) {
  const auto result = parse_submission(BodyFormat::json, R"({"name":"   ","email":"not-an-email","phone":7})");
  ASSERT_FALSE(result);
  const auto& fields = result.error().fields;
  EXPECT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields.at("name"), "Name is required");
  EXPECT_EQ(fields.at("email"), "Email is not a valid email address");
  EXPECT_EQ(fields.at("phone"), "Phone must be a string");
  EXPECT_EQ(fields.at("message"), "Message is required");
  EXPECT_FALSE(result.error().error.empty());
}

TEST(contact_site_validation, WrongJsonTypesAreFieldErrors) {
  const auto result =
      parse_submission(BodyFormat::json, R"({"name":42,"email":["a@b.co"],"message":{"text":"hi"}})");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().fields.at("name"), "Name must be a string");
  EXPECT_EQ(result.error().fields.at("email"), "Email must be a string");
  EXPECT_EQ(result.error().fields.at("message"), "Message must be a string");
}

TEST(contact_site_validation, NullAndEmptyPhoneMeanNotGiven) {
  for (const char* body : {R"({"name":"A","email":"a@b.co","message":"m","phone":null})",
                           R"({"name":"A","email":"a@b.co","message":"m","phone":"  "})"}) {
    const auto result = parse_submission(BodyFormat::json, body);
    ASSERT_TRUE(result) << body;
    EXPECT_FALSE(result->has_phone());
  }
}

TEST(contact_site_validation, MalformedJsonAndNonObjectsAreBodyErrors) {
  for (const char* body : {"{\"name\":", "", "[1,2]", "\"text\"", "{\"name\":\"\xff\"}"}) {
    const auto result = parse_submission(BodyFormat::json, body);
    ASSERT_FALSE(result) << body;
    EXPECT_TRUE(result.error().fields.empty()) << body;
    EXPECT_FALSE(result.error().error.empty());
  }
}

TEST(contact_site_validation, CountsTheMessageLimitInCodePoints) {
  const auto emoji_5000 = repeat("🌊", 5000);  // 20,000 bytes, 5,000 characters
  auto ok = parse_submission(BodyFormat::json, json{{"name", "A"}, {"email", "a@b.co"}, {"message", emoji_5000}}.dump());
  ASSERT_TRUE(ok);
  EXPECT_EQ(count_code_points(ok->message), 5000u);
  const auto too_long =
      parse_submission(BodyFormat::json, json{{"name", "A"}, {"email", "a@b.co"}, {"message", emoji_5000 + "x"}}.dump());
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().fields.at("message"), "Message is too long (5001 characters; at most 5000)");
}

TEST(contact_site_validation, InvalidUtf8InAFormFieldIsAFieldError) {
  const auto result = parse_submission(BodyFormat::form, "name=%FF&email=a%40b.co&message=m");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().fields.at("name"), "Name is not valid UTF-8 text");
}

TEST(contact_site_validation, EmailPlausibility) {
  for (const char* good : {"a@b.co", "ayu.lestari+surf@example.co.id", "x@localhost.localdomain", "ñ@例え.jp"}) {
    EXPECT_TRUE(is_plausible_email(good)) << good;
  }
  for (const char* bad : {"", "a", "a@", "@b.co", "a@b", "a@.b", "a@b.", "a@b..co", "a b@c.co", "a@b@c.co"}) {
    EXPECT_FALSE(is_plausible_email(bad)) << bad;
  }
}

TEST(contact_site_utf8, ValidatesCountsAndTruncatesWithoutSplittingSequences) {
  EXPECT_TRUE(is_valid_utf8("héllo 🌊 مرحبا"));
  EXPECT_FALSE(is_valid_utf8("\xc3"));
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));  // a surrogate
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));      // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_EQ(count_code_points("a🌊é"), 3u);
  EXPECT_EQ(truncate_code_points("a🌊é", 2), "a🌊");
  EXPECT_EQ(truncate_code_points("a🌊é", 0), "");
  EXPECT_EQ(truncate_code_points("a🌊é", 10), "a🌊é");
}

}  // namespace
}  // namespace formcheck::site
