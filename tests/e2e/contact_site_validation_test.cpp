// Everything the contact site refuses, and that a refused submission sends nothing to Twilio.
#include "tests/e2e/contact_site_fixture.hpp"

namespace formcheck::testing::site_e2e {
namespace {

std::string repeat(std::string_view unit, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) {
    out += unit;
  }
  return out;
}

class contact_site_validation : public ContactSiteFixture {
 protected:
  void SetUp() override { start({"--rate-limit", "100/60"}); }

  // Nothing reached Twilio: the emulator never saw a create.
  void expect_nothing_sent() {
    EXPECT_EQ(emulator_create_requests(), 0);
    EXPECT_TRUE(messages("").empty());
  }

  static void expect_field_error(const http::Response& response, const std::string& field,
                                 const std::string& problem) {
    const auto body = body_of(response);
    ASSERT_TRUE(body.is_object()) << response.body;
    ASSERT_TRUE(body.contains("fields")) << response.body;
    ASSERT_TRUE(body["fields"].contains(field)) << response.body;
    EXPECT_EQ(body["fields"][field], problem) << response.body;
  }
};

TEST_F(contact_site_validation, MissingFieldsAreAllReportedAtOnce) {
  const auto response = post_json(json::object());
  EXPECT_EQ(response.status, 400);
  const auto body = body_of(response);
  EXPECT_TRUE(body["error"].is_string());
  EXPECT_EQ(body["fields"].size(), 3u) << response.body;
  expect_field_error(response, "name", "Name is required");
  expect_field_error(response, "email", "Email is required");
  expect_field_error(response, "message", "Message is required");
  expect_nothing_sent();
}

TEST_F(contact_site_validation, WhitespaceOnlyCountsAsMissing) {
  const auto response = post_form({{"name", "   "}, {"email", "ayu@example.com"}, {"message", "\n\t "}});
  EXPECT_EQ(response.status, 400);
  expect_field_error(response, "name", "Name is required");
  expect_field_error(response, "message", "Message is required");
  EXPECT_FALSE(body_of(response)["fields"].contains("email"));
  expect_nothing_sent();
}

TEST_F(contact_site_validation, ABadEmailIsAFieldError) {
  for (const char* email : {"ayu", "ayu@", "ayu@example", "ayu @example.com", "@example.com"}) {
    auto fields = valid_fields();
    fields["email"] = email;
    const auto response = post_json(fields);
    EXPECT_EQ(response.status, 400) << email;
    expect_field_error(response, "email", "Email is not a valid email address");
  }
  expect_nothing_sent();
}

TEST_F(contact_site_validation, AMessageOf5001CodePointsIsTooLong) {
  const auto response = post_json(valid_fields(repeat("🌊", 5001)));
  EXPECT_EQ(response.status, 400);
  expect_field_error(response, "message", "Message is too long (5001 characters; at most 5000)");
  expect_nothing_sent();
}

TEST_F(contact_site_validation, AMessageOf5000CodePointsPassesValidationButTwilioRefusesItsLength) {
  // The site forwards verbatim; Twilio caps Body at 1,600 characters (21617), which the site
  // reports as a refusal rather than cutting the guest's words.
  const auto response = post_json(valid_fields(repeat("🌊", 5000)));
  EXPECT_EQ(response.status, 502) << response.body;
  EXPECT_EQ(body_of(response)["twilio_code"], 21617) << response.body;
  EXPECT_TRUE(messages("").empty());
}

TEST_F(contact_site_validation, WrongJsonTypesAreFieldErrors) {
  const auto response = post_json({{"name", 42}, {"email", true}, {"message", json::array({"hi"})}, {"phone", 1}});
  EXPECT_EQ(response.status, 400);
  expect_field_error(response, "name", "Name must be a string");
  expect_field_error(response, "email", "Email must be a string");
  expect_field_error(response, "message", "Message must be a string");
  expect_field_error(response, "phone", "Phone must be a string");
  expect_nothing_sent();
}

TEST_F(contact_site_validation, MalformedJsonIsA400WithAnError) {
  for (const char* text : {"{\"name\": \"Ayu\",", "not json", "", "[\"a\"]"}) {
    const auto response = http::perform(contact_request(text, "application/json"));
    EXPECT_EQ(response.status, 400) << text;
    const auto body = body_of(response);
    ASSERT_TRUE(body.is_object()) << response.body;
    EXPECT_TRUE(body["error"].is_string()) << response.body;
  }
  expect_nothing_sent();
}

TEST_F(contact_site_validation, OtherContentTypesAre415) {
  const auto fields = valid_fields().dump();
  for (const char* type : {"text/plain", "multipart/form-data; boundary=x", "application/xml", ""}) {
    const auto response = http::perform(contact_request(fields, type));
    EXPECT_EQ(response.status, 415) << "'" << type << "'";
    EXPECT_TRUE(body_of(response)["error"].is_string()) << response.body;
  }
  // A well-formed multipart form (what a FormData fetch sends) is refused the same way.
  const std::string multipart =
      "--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nAyu\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nayu@example.com\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\nHi\r\n--XyZ--\r\n";
  const auto response = http::perform(contact_request(multipart, "multipart/form-data; boundary=XyZ"));
  EXPECT_EQ(response.status, 415) << response.body;
  expect_nothing_sent();
}

TEST_F(contact_site_validation, BodiesOver64KiBAre413) {
  const std::string big = json{{"name", "Ayu"}, {"email", "ayu@example.com"}, {"message", repeat("x", 70000)}}.dump();
  const auto response = http::perform(contact_request(big, "application/json"));
  EXPECT_EQ(response.status, 413);
  EXPECT_TRUE(body_of(response)["error"].is_string()) << response.body;

  auto chunked = contact_request(big, "application/json");
  chunked.headers.push_back({"Transfer-Encoding", "chunked"});
  const auto chunked_response = http::perform(chunked);
  EXPECT_EQ(chunked_response.status, 413) << chunked_response.body;
  expect_nothing_sent();
}

}  // namespace
}  // namespace formcheck::testing::site_e2e
