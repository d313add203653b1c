// `formcheck run` against a preview behind Vercel's authentication wall: the contact site
// started with --vercel-protection answers every request without the right
// x-vercel-protection-bypass header as Vercel does (401, server: Vercel, SSO cookie and page).
// Without the secret the run stops at the preflight, before anything is sent, and names the
// secret; with it (config, environment, or form.headers) every request gets through.
#include "tests/e2e/run_fixture.hpp"

#include <cstdlib>

namespace formcheck::testing::run_e2e {
namespace {

constexpr const char* kBypass = "bypass-5f0c9a1e7d3b42c6a8e1f0d2c4b6a8e0";
constexpr const char* kBypassVariable = "VERCEL_AUTOMATION_BYPASS_SECRET";

// Sets an environment variable for one test (formcheck inherits the test's environment).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : m_name(name) { setenv(name, value, 1); }
  ~ScopedEnv() { unsetenv(m_name); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* m_name;
};

class ProtectedPreview : public RunFixture {
 protected:
  void SetUp() override {
    RunFixture::SetUp();
    unsetenv(kBypassVariable);  // only the test that sets it may have it
    start_emulator();
    m_site = start_site({"--vercel-protection", kBypass});
    ASSERT_NE(m_site, nullptr);
  }

  RunResult run_preview(const json& target_patch, const json& form_patch = json::object()) {
    auto config = base_config();
    config["form"].merge_patch(form_patch);
    auto target = remote_target(*m_site);
    target.merge_patch(target_patch);
    config["targets"]["preview"] = target;
    return run(write_config(config), {"--suite", "delivery"});
  }

  StandIn* m_site = nullptr;
};

TEST_F(ProtectedPreview, WithoutTheSecretTheRunStopsAtThePreflightNamingIt) {
  const auto started = std::chrono::steady_clock::now();
  const auto r = run_preview(json::object());
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(r.code, 3) << r.diagnosis();
  EXPECT_LT(took, 15s) << "a wall does not go away by waiting";
  const auto all = r.out + r.err;
  EXPECT_NE(all.find("Vercel's authentication wall"), std::string::npos) << r.diagnosis();
  EXPECT_NE(all.find("targets.preview.vercel_bypass_secret"), std::string::npos) << r.diagnosis();
  EXPECT_NE(all.find(kBypassVariable), std::string::npos) << r.diagnosis();
  EXPECT_EQ(site_posts(*m_site), 0) << "nothing may be submitted past a refused preflight";
  EXPECT_EQ(emulator_creates(), 0);
  EXPECT_EQ(outcome(r.results, "delivery", "preview", "contact-form/accepted"), "error")
      << case_table(r.results);
}

TEST_F(ProtectedPreview, TheSecretInTheConfigGetsEveryRequestThroughAndIsNeverPrinted) {
  const auto r = run_preview({{"vercel_bypass_secret", kBypass}});
  EXPECT_EQ(r.code, 0) << r.diagnosis() << case_table(r.results);
  EXPECT_EQ(outcome(r.results, "delivery", "preview", "contact-form/delivered"), "passed")
      << case_table(r.results);
  EXPECT_EQ(r.everything().find(kBypass), std::string::npos) << "the bypass secret leaked";
}

TEST_F(ProtectedPreview, TheSecretFromVercelsEnvironmentVariableIsTheDefault) {
  const ScopedEnv env(kBypassVariable, kBypass);
  const auto r = run_preview(json::object());
  EXPECT_EQ(r.code, 0) << r.diagnosis() << case_table(r.results);
  EXPECT_EQ(r.everything().find(kBypass), std::string::npos) << "the bypass secret leaked";
}

TEST_F(ProtectedPreview, AWrongSecretIsCalledWrong) {
  const auto r = run_preview({{"vercel_bypass_secret", "bypass-not-the-one-vercel-knows-0000"}});
  EXPECT_EQ(r.code, 3) << r.diagnosis();
  EXPECT_NE((r.out + r.err).find("the bypass secret is wrong"), std::string::npos) << r.diagnosis();
  EXPECT_EQ(site_posts(*m_site), 0);
}

TEST_F(ProtectedPreview, TheDryRunShowsEachRequestWithTheBypassRedactedAndAnEstimate) {
  auto config = base_config();
  auto target = remote_target(*m_site, 2, 30);
  target["vercel_bypass_secret"] = kBypass;
  config["targets"]["preview"] = target;
  const auto r = formcheck({"run", "--config", write_config(config).string(), "--suite", "delivery",
                            "--suite", "sender", "--dry-run"});
  EXPECT_EQ(r.code, 0) << r.diagnosis();
  EXPECT_NE(r.out.find("x-vercel-protection-bypass: [REDACTED]"), std::string::npos) << r.diagnosis();
  EXPECT_NE(r.out.find("POST " + m_site->base_url() + "/api/contact"), std::string::npos) << r.diagnosis();
  EXPECT_NE(r.out.find("\"message\":\"[formcheck-test fc-"), std::string::npos) << r.diagnosis();
  // 1 submission (the sender checks are judged from the delivery message) within the site's
  // 2 per 30 s: no pacing, then up to expect.latency_s (5 s).
  EXPECT_NE(r.out.find("preview: up to 1 message(s) (budget 100); at most about 5 s per attempt"),
            std::string::npos)
      << r.diagnosis();
  EXPECT_NE(r.out.find("estimated duration: about 5 s"), std::string::npos) << r.diagnosis();
  EXPECT_EQ(r.everything().find(kBypass), std::string::npos) << "the bypass secret leaked";
  EXPECT_EQ(site_posts(*m_site), 0);
}

// A browser cannot send the header: it uses Vercel's query form, whose answer sets a cookie
// that the page's later requests carry. The stand-in behaves so, and its cookie is a grant,
// not the secret.
TEST_F(ProtectedPreview, TheWallHonoursTheQueryFormAndTheCookieItSets) {
  auto get = [&](const std::string& path_and_query, const std::string& cookie = {}) {
    http::Request request;
    request.url = m_site->base_url() + path_and_query;
    request.timeout = 5s;
    if (!cookie.empty()) {
      request.headers.push_back({"Cookie", cookie});
    }
    return http::perform(request);
  };
  EXPECT_EQ(get("/contact").status, 401);
  EXPECT_EQ(get("/contact?x-vercel-protection-bypass=bypass-wrong-0000").status, 401);
  const auto passed =
      get(std::string("/contact?x-vercel-protection-bypass=") + kBypass + "&x-vercel-set-bypass-cookie=true");
  EXPECT_EQ(passed.status, 200);
  const auto set_cookie = http::find_header(passed.headers, "Set-Cookie").value_or("");
  ASSERT_FALSE(set_cookie.empty());
  EXPECT_EQ(set_cookie.find(kBypass), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite=Lax"), std::string::npos) << set_cookie;
  const auto cookie = set_cookie.substr(0, set_cookie.find(';'));
  EXPECT_EQ(get("/contact", cookie).status, 200) << cookie;
  EXPECT_EQ(get("/contact", "_vercel_jwt=forged").status, 401);
  EXPECT_EQ(get(std::string("/contact?x-vercel-protection-bypass=") + kBypass).status, 200)
      << "the query parameter alone passes, without a cookie";
}

TEST_F(ProtectedPreview, FormHeadersReachThePreflightToo) {
  const auto r = run_preview(json::object(), {{"headers", {{"x-vercel-protection-bypass", kBypass}}}});
  EXPECT_EQ(r.code, 0) << r.diagnosis() << case_table(r.results);
}

TEST_F(ProtectedPreview, PerTargetHeadersReachEveryRequest) {
  const auto r = run_preview({{"headers", {{"x-vercel-protection-bypass", kBypass}}}});
  EXPECT_EQ(r.code, 0) << r.diagnosis() << case_table(r.results);
}

}  // namespace
}  // namespace formcheck::testing::run_e2e

namespace formcheck::testing::run_e2e {
namespace {

// targets.NAME.wait_s: a preview URL known before its deployment answers.
class StillDeploying : public RunFixture {
 protected:
  std::filesystem::path config_for(int port, double wait_s) {
    auto config = base_config();
    config["targets"]["preview"] = {{"url", "http://127.0.0.1:" + std::to_string(port)},
                                    {"wait_s", wait_s},
                                    {"rate_limit", {{"max", 50}, {"window_s", 10}}}};
    return write_config(config);
  }
};

TEST_F(StillDeploying, WaitSKeepsProbingUntilTheTargetAnswers) {
  start_emulator();
  const int port = free_port();
  auto process = start_formcheck(
      {"run", "--config", config_for(port, 30).string(), "--suite", "delivery", "--yes", "--verbose"},
      "waiting");
  ASSERT_NE(process, nullptr);
  // The deployment comes up only after a probe found nothing (--verbose logs each finished request).
  const auto probe = "GET http://127.0.0.1:" + std::to_string(port) + "/";
  ASSERT_TRUE(
      wait_until([&] { return read_text(dir() / "waiting.err").find(probe) != std::string::npos; }, 10s))
      << read_text(dir() / "waiting.err");
  auto site = StandIn::start(kSite, {"--port", std::to_string(port), "--rate-limit", kSiteRate}, site_env());
  ASSERT_NE(site, nullptr);
  const auto code = process->wait_exit(40s);
  EXPECT_EQ(code, 0) << read_text(dir() / "waiting.out") << read_text(dir() / "waiting.err");
}

TEST_F(StillDeploying, AfterWaitSTheErrorSaysHowLongItWaited) {
  start_emulator();
  const auto started = std::chrono::steady_clock::now();
  const auto r = run(config_for(free_port(), 3), {"--suite", "delivery"});
  EXPECT_EQ(r.code, 3) << r.diagnosis();
  EXPECT_GE(std::chrono::steady_clock::now() - started, 3s);
  EXPECT_NE(r.out.find("after waiting 3 s (targets.preview.wait_s)"), std::string::npos) << r.diagnosis();
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
