// Start-up and shutdown contract of formcheck-twilio-emulator, and its refusal of bad
// command lines and scenario files.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/process/child_process.hpp"
#include "tests/e2e/emulator_fixture.hpp"

namespace formcheck::testing::emulator {
namespace {

process::ExitStatus run_to_exit(std::vector<std::string> args, std::string* output) {
  process::LaunchSpec spec;
  spec.executable = bin_path("formcheck-twilio-emulator");
  spec.args = std::move(args);
  auto child = process::ChildProcess::start(spec);
  EXPECT_TRUE(child.has_value());
  if (!child) {
    return {};
  }
  auto status = child.value()->wait_exit(std::chrono::seconds(10));
  // The exit can be seen before the pipe readers have taken the last lines: wait for the
  // output to settle (a deadline, not a guess).
  std::string previous;
  wait_until(
      [&] {
        *output = child.value()->output_text();
        const bool settled = !output->empty() && *output == previous;
        previous = *output;
        return settled;
      },
      std::chrono::seconds(2), std::chrono::milliseconds(50));
  return status;
}

std::string write_temp(const std::string& name, const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() / (name + "-" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << text;
  return path.string();
}

TEST(emulator_lifecycle, PrintsExactlyTheListeningLineAndExitsZeroOnSigterm) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  std::vector<std::string> stdout_lines;
  for (const auto& line : emulator->standin().process().output()) {
    if (line.stream == process::OutputLine::Stream::out) {
      stdout_lines.push_back(line.text);
    }
  }
  ASSERT_EQ(stdout_lines.size(), 1u);
  EXPECT_EQ(stdout_lines[0], "listening " + emulator->base_url());
  // It really accepts connections once the line is out.
  EXPECT_EQ(emulator->control(http::Method::get, "stats").status, 200);
  // Start-up info goes to stderr: the account, never the token.
  // (stderr is read by its own thread: it may trail the stdout line a little.)
  std::string text;
  EXPECT_TRUE(wait_until(
      [&] {
        text = emulator->standin().process().output_text();
        return text.find(k_account) != std::string::npos;
      },
      std::chrono::seconds(2)))
      << text;
  EXPECT_EQ(text.find(k_token), std::string::npos);

  const auto stopped = emulator->standin().process().stop(std::chrono::seconds(5));
  EXPECT_TRUE(stopped.status.exited);
  EXPECT_FALSE(stopped.killed) << "needed SIGKILL";
  EXPECT_EQ(stopped.status.code, 0);
  EXPECT_EQ(stopped.status.signal, 0);
}

TEST(emulator_lifecycle, ExitsZeroOnSigintPromptlyEvenWithAnIdleKeepAliveConnection) {
  auto emulator = Emulator::start();
  ASSERT_TRUE(emulator);
  // A client that keeps its connection open after one request (curl, browsers, SDKs do).
  const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(sock, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(emulator->standin().port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(sock, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  const std::string request = "GET /__emulator/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  ASSERT_EQ(::send(sock, request.data(), request.size(), 0), static_cast<ssize_t>(request.size()));
  char buffer[512];
  ASSERT_GT(::recv(sock, buffer, sizeof buffer, 0), 0);

  const auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(::kill(emulator->standin().process().pid(), SIGINT), 0);
  const auto status = emulator->standin().process().wait_exit(std::chrono::seconds(5));
  ::close(sock);
  EXPECT_TRUE(status.exited);
  EXPECT_EQ(status.code, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST(emulator_lifecycle, BadScenarioKeyExitsTwoNamingFileAndKey) {
  const auto path = write_temp("emulator-bad-scenario",
                               R"({"senders": [{"sender_id": "whatsapp:+15550001111", "status": "SLEEPING"}]})");
  std::string output;
  const auto status = run_to_exit({"--port", "0", "--scenario", path}, &output);
  std::filesystem::remove(path);
  EXPECT_TRUE(status.exited);
  EXPECT_EQ(status.code, 2);
  EXPECT_NE(output.find(path), std::string::npos) << output;
  EXPECT_NE(output.find("senders[0].status"), std::string::npos) << output;
  EXPECT_EQ(output.find("listening"), std::string::npos) << output;
}

TEST(emulator_lifecycle, UnknownScenarioKeyAndInvalidJsonExitTwo) {
  const auto unknown = write_temp("emulator-unknown-key", R"({"sandbox_joinde": []})");
  const auto broken = write_temp("emulator-broken", R"({"sandbox_joined": [)");
  std::string output;
  auto status = run_to_exit({"--port", "0", "--scenario", unknown}, &output);
  EXPECT_EQ(status.code, 2);
  EXPECT_NE(output.find("sandbox_joinde"), std::string::npos) << output;
  status = run_to_exit({"--port", "0", "--scenario", broken}, &output);
  EXPECT_EQ(status.code, 2);
  EXPECT_NE(output.find(broken), std::string::npos) << output;
  std::filesystem::remove(unknown);
  std::filesystem::remove(broken);
}

TEST(emulator_lifecycle, RejectsMalformedCommandLineValues) {
  std::string output;
  EXPECT_EQ(run_to_exit({"--port", "0", "--sender", "+15550001111"}, &output).code, 2) << output;
  EXPECT_EQ(run_to_exit({"--port", "0", "--account-sid", "SK123"}, &output).code, 2) << output;
  EXPECT_EQ(run_to_exit({"--port", "0", "--api-key", "nokey"}, &output).code, 2) << output;
  EXPECT_EQ(run_to_exit({"--help"}, &output).code, 0) << output;
  EXPECT_NE(output.find("--delivery-delay-ms"), std::string::npos);
}

}  // namespace
}  // namespace formcheck::testing::emulator
