// The contact page's client component is part of the fixture too: it posts the form as JSON
// under the key the server component hands it. With the page-wrong-field defect that key is
// "msg", so every guest's submission is refused (400, message required) although the API
// route itself is healthy. formcheck's API suites cannot see that (they post to the route
// directly); these tests pin the fixture's behaviour for the in-browser suite, on `next start`.
#include "tests/nextjs/nextjs_fixture.hpp"

namespace formcheck::testing::nextjs {
namespace {

class NextjsPage : public NextjsFixture {
 protected:
  // `npm run start` on the shared build with CONTACT_SITE_DEFECTS=defects; its base URL.
  std::string start_site_with(const std::string& defects) {
    const int port = free_port();
    process::LaunchSpec spec;
    spec.executable = "npm";
    spec.args = {"run", "start", "--", "-p", std::to_string(port), "-H", "127.0.0.1"};
    spec.cwd = app_dir();
    spec.env_overrides = site_env();
    spec.env_overrides["CONTACT_SITE_DEFECTS"] = defects;
    spec.env_overrides["NEXT_TELEMETRY_DISABLED"] = "1";
    spec.env_overrides[kMarker] = tag();
    auto started = process::ChildProcess::start(spec);
    EXPECT_TRUE(started) << (started ? "" : started.error());
    if (!started) {
      return {};
    }
    m_site = std::move(started.value());
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    const bool ready = wait_until([&] { return get(url + "/api/health").status == 200; }, 60s, 100ms);
    EXPECT_TRUE(ready) << "next start did not answer within 60 s:\n" << m_site->output_text();
    return ready ? url : std::string();
  }

  static http::Response get(const std::string& url) {
    http::Request request;
    request.url = url;
    request.timeout = 10s;
    return http::perform(request);
  }

  // What the client component posts: name, email, phone, and the message under `key`.
  static http::Response post_like_the_page(const std::string& url, const std::string& key) {
    http::Request request;
    request.method = http::Method::post;
    request.url = url + "/api/contact";
    request.timeout = 10s;
    http::set_json_body(request, {{"name", "Ayu Lestari"}, {"email", "ayu@example.com"}, {"phone", ""},
                                  {key, "Selamat pagi! Space for 2?"}});
    return http::perform(request);
  }

  void TearDown() override {
    m_site.reset();
    NextjsFixture::TearDown();
  }

 private:
  std::unique_ptr<process::ChildProcess> m_site;
};

TEST_F(NextjsPage, HealthyPagePostsTheMessageFieldAndTheGuestsMessageIsSent) {
  start_emulator();
  const auto url = start_site_with("");
  ASSERT_FALSE(url.empty());
  const auto page = get(url + "/contact");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find(R"(\"messageKey\":\"message\")"), std::string::npos) << page.body.substr(0, 3000);
  EXPECT_NE(page.body.find("<label for=\"message\">"), std::string::npos);
  const auto answer = post_like_the_page(url, "message");
  EXPECT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.body.find("\"sid\":\"SM"), std::string::npos) << answer.body;
}

TEST_F(NextjsPage, WrongFieldDefectMakesThePagePostMsgAndEverySubmissionIsRefused) {
  start_emulator();
  const auto url = start_site_with("page-wrong-field");
  ASSERT_FALSE(url.empty());
  const auto page = get(url + "/contact");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find(R"(\"messageKey\":\"msg\")"), std::string::npos) << page.body.substr(0, 3000);
  const auto answer = post_like_the_page(url, "msg");
  EXPECT_EQ(answer.status, 400) << answer.body;
  EXPECT_NE(answer.body.find(R"("message":"Message is required")"), std::string::npos) << answer.body;
  EXPECT_EQ(emulator_creates(), 0);
}

}  // namespace
}  // namespace formcheck::testing::nextjs
