// A paced run prints each verdict the moment its evidence is in: with stdout piped (as in
// every CI log), the first delivery's verdict appears while later submissions still wait for
// the site's rate-limit window. Costs ~8 s (one 6 s window of pacing).
#include "tests/e2e/run_fixture.hpp"
#include "tests/support/standin.hpp"

namespace formcheck::testing::run_e2e {
namespace {

class RunLiveVerdicts : public RunFixture {};

TEST_F(RunLiveVerdicts, TheFirstVerdictIsPrintedBeforeThePacedLastSubmissionIsSent) {
  start_emulator();
  auto* site = start_site({}, {}, "2/6");
  ASSERT_NE(site, nullptr);
  // Three cases at 2 per 6 s: the third waits about 6 s for the site's window.
  std::filesystem::create_directories(dir() / "suites");
  write_text(dir() / "suites" / "three.json",
             json{{"name", "delivery"},
                  {"kind", "delivery"},
                  {"cases", {{{"name", "first"}}, {{"name", "second"}}, {{"name", "third"}}}}}
                 .dump(2));
  auto config = base_config();
  config["suites"] = {"suites/three.json"};
  config["targets"]["preview"] = remote_target(*site, 2, 6);
  const auto path = write_config(config);
  auto process = start_formcheck({"run", "--config", path.string(), "--yes"}, "live");
  ASSERT_NE(process, nullptr);
  const auto out = [&] { return read_text(dir() / "live.out"); };
  ASSERT_TRUE(
      wait_until([&] { return out().find("delivery.preview first/delivered") != std::string::npos; }, 5s))
      << out();
  EXPECT_LT(site_posts(*site), 3) << "the first verdict waited for the last submission\n" << out();
  EXPECT_NE(out().find("pacing"), std::string::npos) << out();
  const auto code = process->wait_exit(40s);
  EXPECT_EQ(code, 0) << out() << read_text(dir() / "live.err");
  EXPECT_EQ(site_posts(*site), 3);
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
