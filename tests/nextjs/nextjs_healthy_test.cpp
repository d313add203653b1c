// `formcheck run` against the real Next.js fixture, healthy, on `next dev` and on `next start`:
// every suite passes, and once the run is over the whole npm process tree is gone.
#include "tests/nextjs/nextjs_fixture.hpp"

namespace formcheck::testing::nextjs {
namespace {

// The site's limit, mirrored in the target's rate_limit: 20 per 10 s leaves room for the 13
// single submissions and the legitimate burst of 3, as on the C++ reference site.
constexpr const char* kRate = "20/10";

class NextjsHealthy : public NextjsFixture {
 protected:
  // The emulator must be running (start_emulator()) before the target is made.
  void expect_every_suite_passes(const json& target) {
    auto config = base_config();
    config["targets"]["local"] = target;
    const auto result = run(write_config(config), {}, 240s);
    ASSERT_TRUE(result.finished) << result.diagnosis();
    ASSERT_TRUE(result.results.is_object()) << "results.json missing or not JSON\n" << result.diagnosis();
    const auto table = case_table(result.results);
    EXPECT_EQ(result.code, 0) << table << result.diagnosis();
    const auto& summary = result.results["summary"];
    // delivery 4 + sender 3 + passthrough (one per payload) + rate-limit 5.
    EXPECT_GE(summary.value("total", 0u), 4u + 3u + 5u + 5u) << table;
    EXPECT_EQ(summary.value("passed", 0u), summary.value("total", 1u)) << table;
    for (const auto& c : result.results["cases"]) {
      EXPECT_EQ(c.value("outcome", ""), "passed") << c.value("suite", "") << " " << c.value("name", "") << ": "
                                                  << c.value("message", "") << "\n" << c.value("detail", "");
    }
    EXPECT_NE(result.out.find("local: ready after"), std::string::npos) << result.out;
    expect_no_marked_process();
    FORMCHECK_EXPECT_JUNIT_VALID(result.junit);
  }
};

TEST_F(NextjsHealthy, NextDevEverySuitePassesAndNoNpmProcessOutlivesTheRun) {
  start_emulator();
  const auto copy = dev_copy();
  ASSERT_FALSE(copy.empty());
  const int port = free_port();
  expect_every_suite_passes(next_target(copy, "dev", port, kRate));
}

TEST_F(NextjsHealthy, NextStartEverySuitePassesAndNoNpmProcessOutlivesTheRun) {
  start_emulator();
  const int port = free_port();
  expect_every_suite_passes(next_target(app_dir(), "start", port, kRate));
}

}  // namespace
}  // namespace formcheck::testing::nextjs
