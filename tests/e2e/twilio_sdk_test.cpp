// Twilio's official Node SDK (npm `twilio`, tests/sdk) against the emulator: its requests
// (form-encoded create, filtered list, fetch, paging) must get answers it parses.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/process/child_process.hpp"
#include "tests/support/standin.hpp"

namespace formcheck::testing {
namespace {

TEST(TwilioOfficialSdk, NodeSdkParsesEveryEmulatorAnswer) {
  const std::filesystem::path sdk_dir = std::filesystem::path(formcheck::testing::source_dir()) / "tests/sdk";
  if (!std::filesystem::exists(sdk_dir / "node_modules/twilio/package.json")) {
    GTEST_SKIP() << "twilio-node is not installed: run `npm ci` in tests/sdk (scripts/setup.sh does when npm exists)";
  }
  auto emulator = StandIn::start("formcheck-twilio-emulator",
                                 {"--port", "0", "--account-sid", "AC11111111111111111111111111111111", "--auth-token",
                                  "22222222222222222222222222222222", "--sender", "whatsapp:+15557654321",
                                  "--delivery-delay-ms", "300"});
  ASSERT_NE(emulator, nullptr);
  process::LaunchSpec spec;
  spec.executable = "node";
  spec.args = {(sdk_dir / "twilio_node_check.mjs").string(), emulator->base_url(), "AC11111111111111111111111111111111",
               "22222222222222222222222222222222", "whatsapp:+15557654321", "whatsapp:+6281234567890"};
  spec.env_remove = {"TWILIO_EDGE", "TWILIO_REGION"};
  auto node = process::ChildProcess::start(spec);
  if (!node) {
    GTEST_SKIP() << "node is not on PATH: " << node.error();
  }
  const auto status = node.value()->wait_exit(std::chrono::seconds(60));
  ASSERT_TRUE(status.exited) << "the SDK check did not finish in 60 s:\n" << node.value()->output_text();
  EXPECT_EQ(status.code, 0) << node.value()->output_text();
  EXPECT_TRUE(wait_until([&] { return node.value()->output_text().find("\"ok\":true") != std::string::npos; },
                         std::chrono::seconds(5)))
      << node.value()->output_text();
}

TEST(TwilioOfficialSdk, NodeSdkSendsAContentTemplateOutsideTheWindow) {
  const std::filesystem::path sdk_dir = std::filesystem::path(formcheck::testing::source_dir()) / "tests/sdk";
  if (!std::filesystem::exists(sdk_dir / "node_modules/twilio/package.json")) {
    GTEST_SKIP() << "twilio-node is not installed: run `npm ci` in tests/sdk (scripts/setup.sh does when npm exists)";
  }
  constexpr const char* kTemplate = "HXc0ffeec0ffeec0ffeec0ffeec0ffee00";
  const auto scenario = std::filesystem::temp_directory_path() / ("formcheck-sdk-template-" + std::to_string(getpid()) + ".json");
  {
    std::ofstream out(scenario);
    // Staff last wrote two days ago: the window is closed.
    out << R"({"content_templates": {")" << kTemplate
        << R"(": "New contact form submission\nName: {{1}}\nEmail: {{2}}\nPhone: {{4}}\nMessage:\n{{3}}"},
               "inbound": [{"from": "whatsapp:+6281234567890", "ago_s": 172800}]})";
  }
  auto emulator = StandIn::start("formcheck-twilio-emulator",
                                 {"--port", "0", "--account-sid", "AC11111111111111111111111111111111", "--auth-token",
                                  "22222222222222222222222222222222", "--sender", "whatsapp:+15557654321",
                                  "--delivery-delay-ms", "300", "--scenario", scenario.string()});
  std::filesystem::remove(scenario);
  ASSERT_NE(emulator, nullptr);
  process::LaunchSpec spec;
  spec.executable = "node";
  spec.args = {(sdk_dir / "twilio_node_template.mjs").string(), emulator->base_url(),
               "AC11111111111111111111111111111111", "22222222222222222222222222222222", "whatsapp:+15557654321",
               "whatsapp:+6281234567890", kTemplate};
  spec.env_remove = {"TWILIO_EDGE", "TWILIO_REGION"};
  auto node = process::ChildProcess::start(spec);
  if (!node) {
    GTEST_SKIP() << "node is not on PATH: " << node.error();
  }
  const auto status = node.value()->wait_exit(std::chrono::seconds(60));
  ASSERT_TRUE(status.exited) << "the SDK check did not finish in 60 s:\n" << node.value()->output_text();
  EXPECT_EQ(status.code, 0) << node.value()->output_text();
  EXPECT_TRUE(wait_until([&] { return node.value()->output_text().find("\"ok\":true") != std::string::npos; },
                         std::chrono::seconds(5)))
      << node.value()->output_text();
}

}  // namespace
}  // namespace formcheck::testing
