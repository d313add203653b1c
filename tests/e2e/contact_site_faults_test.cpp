// Every planted fault does exactly what it says, as the emulator's message log shows: these
// are the defects formcheck's checks must catch, so each must be real.
#include "tests/e2e/contact_site_fixture.hpp"

namespace formcheck::testing::site_e2e {
namespace {

// Named for ctest -R contact_site.
class contact_site_faults : public ContactSiteFixture {};

TEST_F(contact_site_faults, SilentDropAnswers200ButSendsNothing) {
  start({"--fault", "silent-drop"});
  const auto response = post_json(valid_fields());
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(body_of(response)["ok"], true);
  EXPECT_EQ(emulator_create_requests(), 0);
  EXPECT_TRUE(messages("").empty());
}

TEST_F(contact_site_faults, DuplicateSendsEverySubmissionTwice) {
  start({"--fault", "duplicate"});
  const auto response = post_json(valid_fields());
  EXPECT_EQ(response.status, 200) << response.body;
  const auto sent = await_messages(2);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].body, sent[1].body);
  EXPECT_NE(sent[0].sid, sent[1].sid);
}

TEST_F(contact_site_faults, SenderSendsFromThatAddress) {
  start({"--fault", std::string("sender=") + kSandbox});
  ASSERT_EQ(post_json(valid_fields()).status, 200);
  const auto sent = await_messages(1);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].from, kSandbox);
  EXPECT_EQ(sent[0].to, kStaff);
}

TEST_F(contact_site_faults, RecipientSendsToThatAddressInsteadOfStaff) {
  const std::string elsewhere = "whatsapp:+15550001111";
  start({"--fault", "recipient=" + elsewhere});
  ASSERT_EQ(post_json(valid_fields()).status, 200);
  const auto sent = await_messages(1, elsewhere);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].to, elsewhere);
  EXPECT_EQ(sent[0].from, kSender);
  EXPECT_TRUE(messages(kStaff).empty());
}

TEST_F(contact_site_faults, TruncateCutsTheMessageToNCodePoints) {
  start({"--fault", "truncate=10"});
  const std::string message = "🌊🏄 Halo! Apakah ada kamar kosong?";
  ASSERT_EQ(post_json(valid_fields(message)).status, 200);
  const auto sent = await_messages(1);
  ASSERT_EQ(sent.size(), 1u);
  const auto part = message_part(sent[0].body);
  EXPECT_EQ(code_points(part), 10u) << part;
  EXPECT_EQ(message.rfind(part, 0), 0u) << "a prefix of what the guest wrote: " << part;
}

TEST_F(contact_site_faults, DropFieldEmailLeavesTheEmailLineOut) {
  start({"--fault", "drop-field=email"});
  ASSERT_EQ(post_json(valid_fields()).status, 200);
  const auto sent = await_messages(1);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].body.find("Email:"), std::string::npos) << sent[0].body;
  EXPECT_EQ(sent[0].body.find("ayu@example.com"), std::string::npos) << sent[0].body;
  EXPECT_NE(sent[0].body.find("Name: Ayu Lestari"), std::string::npos) << sent[0].body;
  EXPECT_NE(sent[0].body.find("Phone: +62 812 3456 7890"), std::string::npos) << sent[0].body;
}

TEST_F(contact_site_faults, EscapeHtmlSendsEntitiesInsteadOfTheGuestsCharacters) {
  start({"--fault", "escape-html"});
  ASSERT_EQ(post_json(valid_fields("<script>alert(\"hi\")</script> & more")).status, 200);
  const auto sent = await_messages(1);
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(message_part(sent[0].body), "&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; &amp; more");
}

TEST_F(contact_site_faults, Status500AnswersAnErrorYetSendsTheMessage) {
  start({"--fault", "status=500"});
  const auto response = post_json(valid_fields());
  EXPECT_EQ(response.status, 500) << response.body;
  EXPECT_EQ(await_messages(1).size(), 1u);
}

TEST_F(contact_site_faults, DelayHoldsTheAnswerAtLeastThatLong) {
  start({"--fault", "delay=800"});
  const auto started = std::chrono::steady_clock::now();
  const auto response = post_json(valid_fields());
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(response.status, 200) << response.body;
  EXPECT_GE(elapsed, 800ms);
  EXPECT_GE(response.elapsed, 800ms);
  EXPECT_EQ(await_messages(1).size(), 1u);
}

TEST_F(contact_site_faults, NoRateLimitAcceptsSevenInARow) {
  start({"--fault", "no-rate-limit"});
  for (int i = 0; i < 7; ++i) {
    const auto response = post_json(valid_fields("attempt " + std::to_string(i)));
    EXPECT_EQ(response.status, 200) << i << ": " << response.body;
  }
  EXPECT_EQ(await_messages(7).size(), 7u);
}

TEST_F(contact_site_faults, WithoutFaultsTheSeventhInARowIsLimited) {
  start();
  int accepted = 0;
  for (int i = 0; i < 7; ++i) {
    accepted += post_json(valid_fields("attempt " + std::to_string(i))).status == 200 ? 1 : 0;
  }
  EXPECT_EQ(accepted, 5);
  EXPECT_EQ(await_messages(5).size(), 5u);
}

}  // namespace
}  // namespace formcheck::testing::site_e2e
