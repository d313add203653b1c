// What the abuse burst varies from one submission to the next, and where it forges the
// client's address.
#include "harness/checks/abuse_variation.hpp"

#include <gtest/gtest.h>

#include <set>

namespace formcheck::checks {
namespace {

config::FormSettings form() {
  config::FormSettings f;
  f.fields = {{"fullName", "Ayu Lestari"},
              {"contactEmail", "ayu@example.com"},
              {"phone", "+6281234567890"},
              {"message", "Selamat pagi!"},
              {"guests", "2"}};
  f.token_field = "message";
  return f;
}

std::string field(const AbuserIdentity& id, const std::string& name) {
  for (const auto& [n, v] : id.fields) {
    if (n == name) {
      return v;
    }
  }
  return "<absent>";
}

TEST(AbuseVariation, EveryAbuserHasItsOwnNameAddressAndNumber) {
  std::set<std::string> names, emails, phones;
  for (int n = 1; n <= 30; ++n) {
    const auto id = abuser_identity(form(), n, false);
    names.insert(field(id, "fullName"));
    emails.insert(field(id, "contactEmail"));
    phones.insert(field(id, "phone"));
    EXPECT_EQ(field(id, "message"), "<absent>");  // the token field is the case's
    EXPECT_EQ(field(id, "guests"), "<absent>");   // nothing a spammer would vary
    EXPECT_TRUE(id.headers.empty());
  }
  EXPECT_EQ(names.size(), 30u);
  EXPECT_EQ(emails.size(), 30u);
  EXPECT_EQ(phones.size(), 30u);
  EXPECT_EQ(field(abuser_identity(form(), 3, false), "contactEmail"), "ayu.3@example.com");
  EXPECT_EQ(field(abuser_identity(form(), 3, false), "phone"), "+6281234567803");
  EXPECT_EQ(field(abuser_identity(form(), 1, false), "phone").size(), std::string("+6281234567890").size());
}

TEST(AbuseVariation, ForgedAddressesDifferPerAbuser) {
  const auto one = abuser_identity(form(), 1, true);
  const auto two = abuser_identity(form(), 2, true);
  ASSERT_EQ(one.headers.size(), 2u);
  EXPECT_EQ(one.headers[0].first, "X-Forwarded-For");
  EXPECT_EQ(one.headers[1].first, "X-Real-IP");
  EXPECT_NE(one.headers[0].second, two.headers[0].second);
}

TEST(AbuseVariation, LoopbackUrls) {
  for (const std::string url : {"http://localhost:3000", "http://127.0.0.1:8080/x", "http://[::1]:3000",
                                "https://app.localhost", "http://user@127.0.0.2"}) {
    EXPECT_TRUE(is_loopback_url(url)) << url;
  }
  for (const std::string url :
       {"https://example.vercel.app", "https://127.example.com", "http://10.0.0.5:3000"}) {
    EXPECT_FALSE(is_loopback_url(url)) << url;
  }
}

TEST(AbuseVariation, ForgedForRemoteTargetsUnlessConfigured) {
  config::TargetSettings remote;
  remote.url = "https://preview.example.com";
  EXPECT_TRUE(forges_client_ip(remote));
  remote.rate_limit.forge_client_ip = false;
  EXPECT_FALSE(forges_client_ip(remote));

  config::TargetSettings local;
  local.url = "http://127.0.0.1:3000";
  EXPECT_FALSE(forges_client_ip(local));
  local.rate_limit.forge_client_ip = true;
  EXPECT_TRUE(forges_client_ip(local));

  config::TargetSettings started;
  started.url = "http://dev.internal:3000";
  started.start = config::StartSettings{};
  EXPECT_FALSE(forges_client_ip(started));
  EXPECT_NE(describe_variation(form(), started).find("not forged (a target formcheck starts"),
            std::string::npos)
      << describe_variation(form(), started);
}

}  // namespace
}  // namespace formcheck::checks
