// The contact site's per-client rate limit: what is refused, what it says, that a refused
// request sends nothing, and that the window really ends.
#include <charconv>

#include "tests/e2e/contact_site_fixture.hpp"

namespace formcheck::testing::site_e2e {
namespace {

// Named for ctest -R contact_site.
class contact_site_rate_limit : public ContactSiteFixture {};

long retry_after_of(const http::Response& response) {
  const auto text = response.header("Retry-After").value_or("");
  long seconds = -1;
  std::from_chars(text.data(), text.data() + text.size(), seconds);
  return seconds;
}

TEST_F(contact_site_rate_limit, TheSixthInsideTheWindowIs429AndTheFirstAfterItIsAccepted) {
  start({"--rate-limit", "5/2"});
  const auto window_start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) {
    const auto response = post_json(valid_fields("burst " + std::to_string(i)));
    ASSERT_EQ(response.status, 200) << i << ": " << response.body;
  }
  const auto sixth = post_json(valid_fields("sixth"));
  ASSERT_EQ(sixth.status, 429) << sixth.body;
  EXPECT_EQ(body_of(sixth), json({{"error", "Too many requests"}}));
  const long retry_after = retry_after_of(sixth);
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 2);
  EXPECT_EQ(await_messages(5).size(), 5u) << "a limited request must send nothing";

  // Keep knocking: refused attempts do not extend the wait, and the first accepted one must
  // come once the window has passed, not before.
  http::Response accepted;
  ASSERT_TRUE(wait_until(
      [&] {
        accepted = post_json(valid_fields("after the window"));
        return accepted.status != 429;
      },
      5s, 100ms));
  EXPECT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_GE(std::chrono::steady_clock::now() - window_start, 2s - 50ms);
  const auto sent = await_messages(6);
  ASSERT_EQ(sent.size(), 6u);
  EXPECT_EQ(message_part(sent[0].body), "after the window");
}

TEST_F(contact_site_rate_limit, InvalidSubmissionsCountTowardTheLimit) {
  start({"--rate-limit", "5/60"});
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(post_json(json::object()).status, 400) << i;
  }
  const auto valid = post_json(valid_fields());
  EXPECT_EQ(valid.status, 429) << valid.body;
  EXPECT_GE(retry_after_of(valid), 50);
  EXPECT_EQ(emulator_create_requests(), 0);
}

TEST_F(contact_site_rate_limit, ForwardedForIsIgnoredUnlessTheProxyIsTrusted) {
  start({"--rate-limit", "1/60"});
  auto spoofed = [&](const std::string& address) {
    auto request = contact_request(valid_fields().dump(), "application/json");
    request.headers.push_back({"X-Forwarded-For", address + ", 10.0.0.1"});
    return http::perform(request);
  };
  EXPECT_EQ(spoofed("198.51.100.1").status, 200);
  EXPECT_EQ(spoofed("198.51.100.2").status, 429) << "a client must not escape the limit by claiming an address";
}

TEST_F(contact_site_rate_limit, BehindATrustedProxyEachForwardedClientHasItsOwnBudget) {
  start({"--rate-limit", "1/60", "--trust-proxy"});
  auto from = [&](const std::string& address) {
    auto request = contact_request(valid_fields().dump(), "application/json");
    request.headers.push_back({"X-Forwarded-For", address + ", 10.0.0.1"});
    return http::perform(request);
  };
  EXPECT_EQ(from("198.51.100.1").status, 200);
  EXPECT_EQ(from("198.51.100.2").status, 200);
  EXPECT_EQ(from("198.51.100.1").status, 429);
  EXPECT_EQ(await_messages(2).size(), 2u);
}

TEST_F(contact_site_rate_limit, ABrowserPostingTheFormGetsA429Page) {
  start({"--rate-limit", "1/60"});
  const std::vector<std::pair<std::string, std::string>> fields{
      {"name", "Ayu"}, {"email", "ayu@example.com"}, {"message", "Hi"}};
  EXPECT_EQ(post_form(fields, "text/html").status, 200);
  const auto limited = post_form(fields, "text/html");
  EXPECT_EQ(limited.status, 429);
  EXPECT_GE(retry_after_of(limited), 1);
  EXPECT_NE(limited.body.find("Too many requests"), std::string::npos);
  EXPECT_NE(limited.header("Content-Type").value_or("").find("text/html"), std::string::npos);
}

}  // namespace
}  // namespace formcheck::testing::site_e2e
