// formcheck where /proc is not mounted (a bare chroot, a minimal container): one line naming
// /proc and the fix, exit 3, instead of an internal error from the first thing that needs it.
// The test hides /proc from formcheck alone: a private mount namespace (unshare -m) with an
// empty tmpfs over /proc. Where that is not permitted (not root, no CAP_SYS_ADMIN) it skips,
// saying so.
#include "tests/e2e/run_fixture.hpp"

#include <cstdlib>

namespace formcheck::testing::run_e2e {
namespace {

class NoProc : public RunFixture {
 protected:
  static bool can_hide_proc() {
    return std::system("/usr/bin/unshare -m sh -c 'mount -t tmpfs none /proc' >/dev/null 2>&1") == 0;
  }

  RunResult without_proc(const std::vector<std::string>& args, const std::string& tag) const {
    std::vector<std::string> argv{
        "/usr/bin/unshare",   "-m", "sh", "-c", "mount -t tmpfs none /proc && exec \"$0\" \"$@\"",
        bin_path("formcheck")};
    argv.insert(argv.end(), args.begin(), args.end());
    auto process = Spawned::start(argv, dir(), dir() / (tag + ".out"), dir() / (tag + ".err"), {});
    if (!process) {
      ADD_FAILURE() << "cannot start unshare";
      return {};
    }
    const auto code = process->wait_exit(30s);
    process.reset();
    return collect(code, tag, {}, {});
  }
};

TEST_F(NoProc, EveryCommandSaysProcIsMissingAndHowToMountIt) {
  if (!can_hide_proc()) {
    GTEST_SKIP() << "skipped: cannot unshare a mount namespace here (needs root or CAP_SYS_ADMIN)";
  }
  // A sanitizer build cannot run at all without /proc (AddressSanitizer reads the stack's
  // bounds from /proc/self/maps and then reports false errors): this test needs a plain build.
  if (const auto probe = without_proc({"--version"}, "probe");
      probe.err.find("AddressSanitizer") != std::string::npos) {
    GTEST_SKIP()
        << "skipped: this is a sanitizer build, which cannot run without /proc; run it on a release build";
  }
  start_emulator();  // the local target's environment points at it
  auto config = base_config();
  config["targets"]["local"] = local_target(free_port(), site_command(free_port()));
  const auto path = write_config(config);
  for (const auto& [tag, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"validate", {"validate", "--config", path.string()}},
           {"run", {"run", "--config", path.string(), "--yes"}},
           {"demo", {"demo", "--out", (dir() / "demo").string()}}}) {
    const auto result = without_proc(args, tag);
    ASSERT_TRUE(result.finished) << tag << "\n" << result.diagnosis();
    EXPECT_EQ(result.code, 3) << tag << "\n" << result.diagnosis();
    EXPECT_NE(result.err.find("/proc is not mounted"), std::string::npos) << tag << "\n" << result.err;
    EXPECT_NE(result.err.find("mount -t proc proc /proc"), std::string::npos) << tag << "\n" << result.err;
    EXPECT_EQ(result.err.find("internal error"), std::string::npos) << tag << "\n" << result.err;
  }
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
