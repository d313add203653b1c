// Browser mode on `next dev` reached as 127.0.0.1: Next.js 16 serves its dev resources (the
// HMR socket, the client runtime) only to origins it knows (localhost, the -H host, the
// config's allowedDevOrigins), so the page never hydrates and every page check would fail.
// formcheck reads the dev server's own output and says so, as an error with the fix; reached
// as localhost, the same server passes. (The fixture's next.config sets no allowedDevOrigins.)
#include "harness/browser/chromium_engine.hpp"
#include "tests/e2e/local_port.hpp"
#include "tests/nextjs/nextjs_fixture.hpp"

namespace formcheck::testing::nextjs {
namespace {

class NextjsDevOrigin : public NextjsFixture {
 protected:
  // `npm run dev -- -p PORT` (no -H: the dev server knows no host but localhost) reached at `host`,
  // through Chromium only: the delivery suite, one page submission.
  json browser_config_for(const std::string& host, int port) {
    const auto copy = dev_copy();
    auto target = next_target(copy, "dev", port, "50/10");
    target["url"] = "http://" + host + ":" + std::to_string(port);
    target["start"]["command"] = {"npm", "run", "dev", "--", "-p", std::to_string(port)};
    auto config = base_config();
    config["suites"] = {"delivery"};
    config["form"]["success_text"] = "Thank you";
    config["browser"] = {{"engines", {"chromium"}}};
    config["targets"]["local"] = target;
    return config;
  }
};

TEST_F(NextjsDevOrigin, OnTheLoopbackAddressThePageThatNeverHydratesIsAnErrorNamingAllowedDevOrigins) {
  if (auto found = browser::find_chromium(); !found) {
    GTEST_SKIP() << "skipped: Chromium is not usable here (" << found.error() << ")";
  }
  ASSERT_EQ(read_text(source_dir() + "/fixtures/nextjs-site/next.config.ts").find("allowedDevOrigins"),
            std::string::npos)
      << "the fixture must not allow 127.0.0.1, or this test reproduces nothing";
  start_emulator();
  const int port = unraced_port();
  const auto result = run(write_config(browser_config_for("127.0.0.1", port)), {}, 300s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, 3) << table << result.diagnosis();
  EXPECT_EQ(result.results.value("summary", json::object()).value("failed", -1), 0) << table;
  bool named = false;
  for (const auto& c : cases_of(result.results, "delivery", "local")) {
    EXPECT_NE(c.value("outcome", ""), "failed") << table;
    const auto message = c.value("message", "");
    named = named || (message.find("allowedDevOrigins") != std::string::npos &&
                      message.find("http://localhost:" + std::to_string(port)) != std::string::npos);
  }
  EXPECT_TRUE(named) << "no case names allowedDevOrigins and the localhost fix:\n" << table;
  expect_no_marked_process();
}

TEST_F(NextjsDevOrigin, OnLocalhostTheSameServerPasses) {
  if (auto found = browser::find_chromium(); !found) {
    GTEST_SKIP() << "skipped: Chromium is not usable here (" << found.error() << ")";
  }
  start_emulator();
  const int port = unraced_port();
  const auto result = run(write_config(browser_config_for("localhost", port)), {}, 300s);
  ASSERT_TRUE(result.finished) << result.diagnosis();
  EXPECT_EQ(result.code, 0) << case_table(result.results) << result.diagnosis();
  expect_no_marked_process();
}

}  // namespace
}  // namespace formcheck::testing::nextjs
