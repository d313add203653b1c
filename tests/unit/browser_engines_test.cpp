// The engine-side pieces of WebKit and Firefox that need no browser: typing as key actions,
// BiDi's value (de)serialisation, the BiDi client's deadline, phone profiles, the engines'
// shutdown latch and "all".
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "harness/browser/bidi_client.hpp"
#include "harness/browser/device_profiles.hpp"
#include "harness/browser/engines.hpp"
#include "harness/browser/firefox_session.hpp"
#include "harness/browser/webdriver_client.hpp"
#include "harness/browser/key_actions.hpp"
#include "harness/browser/shutdown_latch.hpp"
#include "harness/run/browser_plan.hpp"

namespace formcheck::browser {
namespace {

std::vector<std::string> keys_down(const nlohmann::json& actions) {
  std::vector<std::string> keys;
  for (const auto& a : actions) {
    if (a.at("type") == "keyDown") {
      keys.push_back(a.at("value").get<std::string>());
    }
  }
  return keys;
}

TEST(KeyActions, OneKeyPerCodePointEmojiKeptNewlinesAsEnter) {
  const std::string enter = "\xEE\x80\x86";
  // A ZWJ family is five code points; Arabic and Japanese one per letter; \r\n is one Enter.
  const auto keys = keys_down(key_actions_for("a\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7\r\nم\nあ"));
  const std::vector<std::string> expected{"a", "\xF0\x9F\x91\xA9", "\xE2\x80\x8D", "\xF0\x9F\x91\xA7", enter, "م", enter,
                                          "あ"};
  EXPECT_EQ(keys, expected);
  EXPECT_EQ(key_actions_for("ab").size(), 4u) << "a keyUp follows every keyDown";
  EXPECT_TRUE(key_actions_for("").empty());
}

TEST(BiDiValues, ArgumentsBecomeLocalValuesElementsSharedReferences) {
  const nlohmann::json args = {{{kElementKey, "node-1"}}, "css", 3, nullptr, true, {{"k", {1, 2}}}};
  const auto local = to_local_value(args);
  EXPECT_EQ(local.at("type"), "array");
  const auto& v = local.at("value");
  EXPECT_EQ(v[0], (nlohmann::json{{"sharedId", "node-1"}}));
  EXPECT_EQ(v[1], (nlohmann::json{{"type", "string"}, {"value", "css"}}));
  EXPECT_EQ(v[2].at("type"), "number");
  EXPECT_EQ(v[3], (nlohmann::json{{"type", "null"}}));
  EXPECT_EQ(v[4].at("type"), "boolean");
  EXPECT_EQ(v[5].at("type"), "object");
  EXPECT_EQ(v[5].at("value")[0][0], "k");
}

TEST(BiDiValues, RemoteValuesBecomeJsonNodesElementReferences) {
  const auto remote = nlohmann::json::parse(R"({"type":"object","value":[
      ["requests",{"type":"array","value":[{"type":"object","value":[["status",{"type":"number","value":200}],
                                                                      ["done",{"type":"boolean","value":true}]]}]}],
      ["missing",{"type":"undefined"}],["nan",{"type":"number","value":"NaN"}],
      ["button",{"type":"node","sharedId":"n-7","value":{"nodeType":1}}]]})");
  const auto json = from_remote_value(remote);
  EXPECT_EQ(json.at("requests")[0].at("status"), 200);
  EXPECT_EQ(json.at("requests")[0].at("done"), true);
  EXPECT_TRUE(json.at("missing").is_null());
  EXPECT_TRUE(json.at("nan").is_null());
  EXPECT_EQ(json.at("button").at(kElementKey), "n-7");
}

// A peer that accepts the connection and never answers: the handshake ends at the deadline.
TEST(BiDiClientDeadline, SilentPeerFailsAtTheDeadline) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  const auto started = std::chrono::steady_clock::now();
  auto client = BiDiClient::connect(ntohs(address.sin_port), "/session", std::chrono::milliseconds(300));
  const auto took = std::chrono::steady_clock::now() - started;
  ::close(fd);
  ASSERT_FALSE(client.has_value());
  EXPECT_NE(client.error().find("timed out"), std::string::npos) << client.error();
  EXPECT_LT(took, std::chrono::seconds(3));
}

TEST(DeviceProfiles, KnownPhonesHaveViewportRatioAndAgent) {
  const auto pixel = device_profile("Pixel 7");
  ASSERT_TRUE(pixel.has_value());
  EXPECT_EQ(pixel->width, 412);
  EXPECT_DOUBLE_EQ(pixel->pixel_ratio, 2.625);
  EXPECT_NE(pixel->user_agent.find("Android"), std::string::npos);
  EXPECT_FALSE(device_profile("Nokia 3310").has_value());
}

TEST(DeviceProfiles, ThePhoneOfASessionIsNothingForTheDesktopAndAnUnknownOneListsTheKnown) {
  const auto desktop = phone_profile(Device{}, "WebKit");
  ASSERT_TRUE(desktop.has_value());
  EXPECT_FALSE(desktop->has_value());
  const auto pixel = phone_profile(Device{"Pixel 7"}, "WebKit");
  ASSERT_TRUE(pixel.has_value());
  ASSERT_TRUE(pixel->has_value());
  EXPECT_EQ((*pixel)->width, 412);
  const auto unknown = phone_profile(Device{"Nokia 3310"}, "Firefox");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().find("Firefox has no profile for 'Nokia 3310'; its phones are: \"iPhone SE\""),
            std::string::npos)
      << unknown.error();
}

TEST(ShutdownLatch, SessionsOpenUntilShutdownWhoseWorkRunsOnce) {
  ShutdownLatch latch;
  {
    auto lock = latch.lock_open();
    ASSERT_TRUE(lock.has_value());
    EXPECT_TRUE(lock->owns_lock());
  }
  int stops = 0;
  latch.shut_down([&] { ++stops; });
  latch.shut_down([&] { ++stops; });
  EXPECT_EQ(stops, 1);
  const auto refused = latch.lock_open();
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error(), "the browser engine was shut down");
  const auto late = begin_session(latch, Device{"Pixel 7"}, "WebKit");
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error(), "the browser engine was shut down");
}

TEST(ShutdownLatch, ASessionStartsWithItsPhoneAndTheLatchHeld) {
  ShutdownLatch latch;
  const auto start = begin_session(latch, Device{"Pixel 7"}, "Firefox");
  ASSERT_TRUE(start.has_value()) << start.error();
  ASSERT_TRUE(start->phone.has_value());
  EXPECT_EQ(start->phone->name, "Pixel 7");
  EXPECT_TRUE(start->lock.owns_lock());
  ShutdownLatch other;
  EXPECT_FALSE(begin_session(other, Device{"Nokia 3310"}, "Firefox").has_value());
}

TEST(AllEngines, ResolvesToTheInstalledOnesWithoutDuplicates) {
  const auto installed = available_engines().installed;
  const auto resolved = run::resolve_all({"chromium", "all"});
  EXPECT_EQ(resolved.front(), "chromium");
  EXPECT_EQ(std::count(resolved.begin(), resolved.end(), "chromium"), 1);
  for (const auto& e : installed) {
    EXPECT_NE(std::find(resolved.begin(), resolved.end(), e), resolved.end()) << e;
  }
  EXPECT_EQ(available_engines().installed.size() + available_engines().missing.size(), engine_names().size());
}

}  // namespace
}  // namespace formcheck::browser
