// `formcheck init` carries over what a site states about itself: TWILIO_API_BASE, its rate
// limit (env example or route code), and writes a preview target with Vercel's bypass secret
// and browser mode offered; the written config still loads, with those values in it.
#include "harness/config/site_settings_scan.hpp"

#include "harness/config/config.hpp"
#include "harness/config/starter_config.hpp"
#include "harness/config/starter_sections.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace formcheck::config {
namespace {

namespace fs = std::filesystem;

class ScratchSite : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "formcheck-settings-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    m_dir = pattern;
    write("package.json",
          R"({"scripts": {"dev": "next dev"}, "dependencies": {"next": "16.0.0", "twilio": "5"}})");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(m_dir, ec);
  }
  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories((m_dir / relative).parent_path());
    std::ofstream(m_dir / relative) << text;
  }
  void write_route(const std::string& body) const {
    write("app/api/contact/route.ts", "import twilio from \"twilio\";\n" + body);
  }
  const fs::path& dir() const { return m_dir; }

 private:
  fs::path m_dir;
};

Expected<Config, Problems> load(const std::string& text, std::map<std::string, std::string> env) {
  for (const char* name : {"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"}) {
    env.emplace(name, std::string(name) == "TWILIO_ACCOUNT_SID" ? "AC0123456789abcdef0123456789abcdef"
                                                                : "0123456789abcdef0123456789abcdef");
  }
  env.emplace("TWILIO_WHATSAPP_NUMBER", "whatsapp:+15557654321");
  env.emplace("STAFF_WHATSAPP_NUMBER", "whatsapp:+6281234567890");
  env.emplace("PREVIEW_URL", "https://surf-camp-git-main.vercel.app");
  env.emplace("PRODUCTION_URL", "https://surf-camp.example");
  LoadOptions options;
  options.environment = std::move(env);
  return parse_config(text, "/nonexistent/site/formcheck.json", options);
}

std::string problems_of(const Expected<Config, Problems>& loaded) {
  std::string out;
  if (!loaded) {
    for (const auto& p : loaded.error()) {
      out += p.to_string() + "\n";
    }
  }
  return out;
}

TEST_F(ScratchSite, TheEnvExamplesRateLimitAndApiBaseReachEveryTarget) {
  write_route(
      "export async function POST(request: Request) { const { name, message } = await request.json(); }\n");
  write(".env.example",
        "TWILIO_ACCOUNT_SID=AC...\nTWILIO_API_BASE=https://api.twilio.com\nCONTACT_RATE_LIMIT_MAX=5\n"
        "CONTACT_RATE_LIMIT_WINDOW_S=60 # seconds\n");
  const auto scan = scan_site(dir());
  ASSERT_TRUE(scan.settings.rate_limit.has_value());
  EXPECT_EQ(scan.settings.rate_limit->max, 5);
  EXPECT_EQ(scan.settings.rate_limit->window_s, 60);
  EXPECT_EQ(scan.settings.rate_limit->source,
            ".env.example (CONTACT_RATE_LIMIT_MAX, CONTACT_RATE_LIMIT_WINDOW_S)");
  EXPECT_TRUE(scan.settings.api_base_variable);
  const auto text = render_starter_config(scan, starter_reference());
  const auto loaded = load(text, {{"TWILIO_API_BASE", "http://127.0.0.1:4010"}});
  ASSERT_TRUE(loaded) << problems_of(loaded) << text;
  EXPECT_EQ(loaded->twilio.api_base, "http://127.0.0.1:4010");
  for (const auto& target : loaded->targets) {
    EXPECT_EQ(target.rate_limit.max, 5) << target.name;
    EXPECT_EQ(target.rate_limit.window_s, 60) << target.name;
  }
  EXPECT_NE(text.find("\"passthrough\", \"rate-limit\"]"), std::string::npos) << text;
  // Without the variable, Twilio's own API.
  const auto unset = load(text, {});
  ASSERT_TRUE(unset) << problems_of(unset);
  EXPECT_EQ(unset->twilio.api_base, "https://api.twilio.com");
}

TEST_F(ScratchSite, TheRoutesOwnLimitIsReadWhenTheEnvSaysNothing) {
  struct Case {
    std::string code;
    int max;
    double window_s;
  };
  for (const auto& c : std::vector<Case>{
           {"const limiter = rateLimit({ windowMs: 15 * 60 * 1000, max: 10 });", 10, 900},
           {"const limiter = rateLimit({ windowMs: 60_000, limit: 3 });", 3, 60},
           {"new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(5, \"60 s\") });", 5, 60},
           {"const MAX = Number(process.env.CONTACT_RATE_LIMIT_MAX ?? 4);\n"
            "const WINDOW = Number(process.env.CONTACT_RATE_LIMIT_WINDOW_MS || 30000);",
            4, 30},
       }) {
    write_route(c.code +
                "\nexport async function POST(request: Request) { const body = await request.json(); }\n");
    const auto scan = scan_site(dir());
    ASSERT_TRUE(scan.settings.rate_limit.has_value()) << c.code;
    EXPECT_EQ(scan.settings.rate_limit->max, c.max) << c.code;
    EXPECT_EQ(scan.settings.rate_limit->window_s, c.window_s) << c.code;
    EXPECT_EQ(scan.settings.rate_limit->source.rfind("app/api/contact/route.ts", 0), 0u)
        << scan.settings.rate_limit->source;
  }
}

TEST_F(ScratchSite, NothingStatedNothingInvented) {
  write_route("export async function POST(request: Request) { const body = await request.json(); }\n");
  const auto scan = scan_site(dir());
  EXPECT_FALSE(scan.settings.rate_limit.has_value());
  EXPECT_FALSE(scan.settings.api_base_variable);
  const auto text = render_starter_config(scan, starter_reference());
  EXPECT_EQ(text.find("api_base"), std::string::npos) << text;
  EXPECT_EQ(text.find("\"passthrough\", \"rate-limit\"]"), std::string::npos) << text;
  const auto loaded = load(text, {});
  ASSERT_TRUE(loaded) << problems_of(loaded) << text;
}

TEST_F(ScratchSite, ThePreviewGetsTheBypassSecretAndBrowserModeOnOffer) {
  write_route("const base = process.env.TWILIO_API_BASE;\n");
  const auto scan = scan_site(dir());
  EXPECT_TRUE(scan.settings.api_base_variable);
  EXPECT_EQ(scan.settings.api_base_source, "app/api/contact/route.ts");
  const auto text = render_starter_config(scan, starter_reference());
  EXPECT_NE(text.find("\"vercel_bypass_secret\": \"${VERCEL_AUTOMATION_BYPASS_SECRET:-}\""),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("x-vercel-protection-bypass"), std::string::npos) << "the old header comment: " << text;
  EXPECT_NE(text.find("// \"browser\": { \"engines\": [\"chromium\"]"), std::string::npos) << text;
  const auto with_secret =
      load(text, {{"VERCEL_AUTOMATION_BYPASS_SECRET", "abcdefghijklmnopqrstuvwxyz012345"}});
  ASSERT_TRUE(with_secret) << problems_of(with_secret) << text;
  EXPECT_FALSE(with_secret->targets[1].vercel_bypass_secret.empty());
  const auto without = load(text, {});
  ASSERT_TRUE(without) << problems_of(without) << text;
}

}  // namespace
}  // namespace formcheck::config
