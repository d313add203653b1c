// The real Next.js fixture rate-limiting 5 per 10 s, on a cold `next dev` route: a full default
// run has no failure and no error (formcheck's own pacing never trips the site's limiter).
// One run in CI (about a minute); FORMCHECK_PACING_REPS=N for N in a row.
#include <cstdlib>

#include "tests/nextjs/nextjs_fixture.hpp"

namespace formcheck::testing::nextjs {
namespace {

class NextjsPacing : public NextjsFixture {};

int repetitions() {
  const char* text = std::getenv("FORMCHECK_PACING_REPS");
  const int n = text != nullptr ? std::atoi(text) : 0;
  return n > 0 ? n : 1;
}

TEST_F(NextjsPacing, NextDevAt5Per10HasNoFailureAndNoError) {
  start_emulator();
  for (int rep = 1; rep <= repetitions(); ++rep) {
    SCOPED_TRACE("repetition " + std::to_string(rep));
    const auto copy = dev_copy();  // a fresh copy: its route is cold again
    ASSERT_FALSE(copy.empty());
    const int port = free_port();
    auto target = next_target(copy, "dev", port, "5/10");
    target["start"].erase("ready");  // the default: the form's own path
    auto config = base_config();
    config["targets"]["local"] = target;
    const auto tag = "rep" + std::to_string(rep);
    const auto result = run(write_config(config), {}, 300s, tag);
    ASSERT_TRUE(result.finished) << result.diagnosis();
    ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
    const auto table = case_table(result.results);
    EXPECT_EQ(result.code, 0) << table << result.diagnosis();
    EXPECT_EQ(result.results["summary"].value("failed", 1u), 0u) << table;
    EXPECT_EQ(result.results["summary"].value("errors", 1u), 0u) << table;
    expect_no_marked_process();
    std::error_code ec;
    std::filesystem::remove_all(copy, ec);  // hard links mostly; the fixture removes only the last copy
    if (HasFailure()) {
      break;
    }
  }
}

}  // namespace
}  // namespace formcheck::testing::nextjs
