// What a site sends back never takes over formcheck's output: a secret of formcheck's own
// environment (or of a .env file it reads) that the config never named, echoed by the site's
// error page, is masked in every output and report (c10a); terminal control sequences, NUL
// and C1 controls in the site's answer and in the Twilio message body never reach the
// terminal or a report raw, with --color always or not (c10c).
#include "tests/e2e/run_fixture.hpp"

#include <cstdlib>

namespace formcheck::testing::run_e2e {
namespace {

constexpr const char* kApiKeySid = "SK00112233445566778899aabbccddeeff";
constexpr const char* kApiKeySecret = "apikeysecret-4e9d2b7a61c8";
constexpr const char* kVercelToken = "vercel-dotenv-token-5b3e9a17";

class RunSiteOutput : public RunFixture {
 protected:
  void TearDown() override {
    unsetenv("TWILIO_AUTH_TOKEN");
    RunFixture::TearDown();
  }

  // `formcheck run` with every report, keeping TWILIO_AUTH_TOKEN of this process's environment
  // (the fixture's own runs strip it). Returns the result with HTML and Markdown appended.
  RunResult run_with_reports(const std::filesystem::path& config, std::vector<std::string> extra,
                             const std::string& tag) {
    const auto junit = dir() / (tag + "-junit.xml");
    const auto json_path = dir() / (tag + "-results.json");
    std::vector<std::string> argv{bin_path("formcheck"),
                                  "run",
                                  "--config",
                                  config.string(),
                                  "--junit",
                                  junit.string(),
                                  "--json",
                                  json_path.string(),
                                  "--html",
                                  (dir() / (tag + ".html")).string(),
                                  "--summary-md",
                                  (dir() / (tag + ".md")).string(),
                                  "--yes"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto process = Spawned::start(
        argv, dir(), dir() / (tag + ".out"), dir() / (tag + ".err"),
        {"TWILIO_ACCOUNT_SID", "TWILIO_WHATSAPP_NUMBER", "STAFF_WHATSAPP_NUMBER", "TWILIO_API_BASE",
         "NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "GITHUB_STEP_SUMMARY"});
    if (!process) {
      return {};
    }
    const auto code = process->wait_exit(60s);
    process.reset();
    auto result = collect(code, tag, junit, json_path);
    result.junit_text += "\n" + read_text(dir() / (tag + ".html")) + "\n" + read_text(dir() / (tag + ".md"));
    return result;
  }

  json api_key_config(const StandIn& site) const {
    auto config = base_config();
    config["twilio"].erase("auth_token");
    config["twilio"]["api_key_sid"] = kApiKeySid;
    config["twilio"]["api_key_secret"] = kApiKeySecret;
    config["twilio"]["messaging_base"] = emulator_url();
    config["expect"]["latency_s"] = 2;
    config["expect"]["grace_s"] = 1;
    config["targets"]["site"] = remote_target(site);
    return config;
  }
};

std::string around(const std::string& text, size_t at) {
  return at == std::string::npos ? std::string() : text.substr(at > 80 ? at - 80 : 0, 200);
}

// ---- c10a: secrets the config never named ----------------------------------------------------
TEST_F(RunSiteOutput, AnEnvironmentTokenTheConfigNeverNamedIsMaskedWhereTheSiteEchoesIt) {
  start_emulator({"--api-key", std::string(kApiKeySid) + ":" + kApiKeySecret});
  auto* site = start_site({"--fault", "leak-env=TWILIO_AUTH_TOKEN"});
  ASSERT_NE(site, nullptr);
  setenv("TWILIO_AUTH_TOKEN", kAuthToken, 1);
  const auto result = run_with_reports(write_config(api_key_config(*site)), {"--suite", "delivery"}, "leak");
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 1) << result.diagnosis();
  const auto everything = result.everything();
  const auto at = everything.find(kAuthToken);
  EXPECT_EQ(at, std::string::npos) << "the auth token leaks: …" << around(everything, at) << "…";
  // The site's words did reach the report, masked: the search above saw the leak path.
  EXPECT_NE(result.json_text.find("Twilio authentication failed: TWILIO_AUTH_TOKEN=[REDACTED]"),
            std::string::npos)
      << result.json_text.substr(0, 3000);
}

TEST_F(RunSiteOutput, ADotenvTokenTheConfigNeverNamedIsMaskedWhereTheSiteEchoesIt) {
  start_emulator({"--api-key", std::string(kApiKeySid) + ":" + kApiKeySecret});
  auto* site = start_site({"--fault", "leak-env=VERCEL_TOKEN"}, {{"VERCEL_TOKEN", kVercelToken}});
  ASSERT_NE(site, nullptr);
  write_text(dir() / ".env.local", std::string("VERCEL_TOKEN=") + kVercelToken + "\nSHORT_TOKEN=abc\n");
  auto config = api_key_config(*site);
  config["env_files"] = {".env.local"};
  const auto result = run_with_reports(write_config(config), {"--suite", "delivery"}, "dotenv");
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 1) << result.diagnosis();
  const auto everything = result.everything();
  const auto at = everything.find(kVercelToken);
  EXPECT_EQ(at, std::string::npos) << "the Vercel token leaks: …" << around(everything, at) << "…";
  EXPECT_NE(result.json_text.find("VERCEL_TOKEN=[REDACTED]"), std::string::npos)
      << result.json_text.substr(0, 3000);
}

// ---- c10c: terminal control sequences from the site and from Twilio ---------------------------
// The hostile-text site answers 500 with raw ESC sequences, CR, a lone C1 CSI byte and a NUL,
// and sends staff a message whose body holds the same (valid UTF-8: ESC, BEL, CR, U+009B).
// Where `text` holds a C1 control (U+0080..U+009F) or a byte that is not UTF-8 (a raw 0x9B
// is CSI to a terminal in 8-bit mode); npos when neither.
size_t c1_or_raw_byte(const std::string& text) {
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    const size_t length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) {
      return i;
    }
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        return i;
      }
    }
    if (length == 2 && b == 0xC2 && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
      return i;  // U+0080..U+009F
    }
    i += length;
  }
  return std::string::npos;
}

void expect_no_site_controls(const std::string& text, const std::string& where, bool colour) {
  const std::vector<std::pair<std::string, std::string>> needles{{"clear screen", "\x1b[2J"},
                                                                 {"cursor home", "\x1b[H"},
                                                                 {"window title", "\x1b]0;"},
                                                                 {"BEL", "\x07"},
                                                                 {"NUL", std::string(1, '\0')}};
  for (const auto& [name, needle] : needles) {
    const auto at = text.find(needle);
    EXPECT_EQ(at, std::string::npos) << where << " holds the site's " << name << ": …" << around(text, at)
                                     << "…";
  }
  const auto c1 = c1_or_raw_byte(text);
  EXPECT_EQ(c1, std::string::npos) << where << " holds a C1 control or a raw byte: …" << around(text, c1)
                                   << "…";
  if (!colour) {
    EXPECT_EQ(text.find('\x1b'), std::string::npos)
        << where << " holds an ESC: …" << around(text, text.find('\x1b'));
    EXPECT_EQ(text.find('\r'), std::string::npos)
        << where << " holds a CR: …" << around(text, text.find('\r'));
  }
}

// Every string of a JSON document, decoded, one per line.
void strings_of(const json& node, std::string& out) {
  if (node.is_string()) {
    out += node.get<std::string>() + "\n";
  } else if (node.is_structured()) {
    for (const auto& [key, value] : node.items()) {
      out += key + "\n";
      strings_of(value, out);
    }
  }
}

TEST_F(RunSiteOutput, ControlSequencesFromTheSiteAndTwilioNeverReachTheTerminalOrAReport) {
  start_emulator();
  auto* site = start_site({"--fault", "hostile-text"});
  ASSERT_NE(site, nullptr);
  auto config = base_config();
  config["expect"]["latency_s"] = 3;
  config["expect"]["grace_s"] = 1;
  config["targets"]["site"] = remote_target(*site);
  const auto path = write_config(config);
  for (const bool colour : {false, true}) {
    const std::string tag = colour ? "colour" : "plain";
    std::vector<std::string> args{"--suite", "delivery", "--verbose"};
    if (colour) {
      args.insert(args.end(), {"--color", "always"});
    }
    const auto result = run_with_reports(path, args, tag);
    ASSERT_TRUE(result.finished) << result.diagnosis();
    EXPECT_EQ(result.code, 1) << result.diagnosis();
    // The site's words reached the output (cleaned): the search below saw the path.
    EXPECT_NE(result.out.find("all checks passed"), std::string::npos) << result.diagnosis();
    expect_no_site_controls(result.out, tag + " stdout", colour);
    expect_no_site_controls(result.err, tag + " stderr", colour);
    expect_no_site_controls(result.junit_text, tag + " JUnit/HTML/Markdown", false);
    // JSON escapes controls (\u001b): a reader printing a message would still replay them.
    std::string decoded;
    strings_of(result.results, decoded);
    EXPECT_NE(decoded.find("all checks passed"), std::string::npos) << result.json_text.substr(0, 3000);
    expect_no_site_controls(decoded, tag + " JSON strings", false);
  }
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
