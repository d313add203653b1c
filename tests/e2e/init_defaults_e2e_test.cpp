// A new user's first day with `formcheck init` and the config it writes: the file holds no path
// of the machine that ran init (it is committed to the site's repository), carries the site's
// TWILIO_API_BASE and rate limit over, and `formcheck validate` run from a subfolder of the site
// finds it upward; with none, formcheck suggests `formcheck init` and names no path inside
// formcheck's own source tree.
#include "tests/e2e/run_fixture.hpp"

#include <gtest/gtest.h>

namespace formcheck::testing::run_e2e {
namespace {

const std::vector<std::string> kVars = {"--var", "TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef",
                                        "--var", "TWILIO_AUTH_TOKEN=0123456789abcdef0123456789abcdef",
                                        "--var", "TWILIO_WHATSAPP_FROM=whatsapp:+15557654321",
                                        "--var", "STAFF_WHATSAPP_TO=whatsapp:+6281234567890",
                                        "--var", "PREVIEW_URL=https://surf-camp-git-main.vercel.app",
                                        "--var", "PRODUCTION_URL=https://surf-camp.example"};

class InitDefaults : public RunFixture {
 protected:
  std::filesystem::path copy_sample_site() const {
    const auto site = dir() / "site";
    std::filesystem::copy(std::filesystem::path(source_dir()) / "tests/data/init/nextjs-site", site,
                          std::filesystem::copy_options::recursive);
    write_text(site / ".env.example",
               "TWILIO_ACCOUNT_SID=AC...\nTWILIO_AUTH_TOKEN=\nTWILIO_WHATSAPP_FROM=whatsapp:+15551234567\n"
               "STAFF_WHATSAPP_TO=whatsapp:+6281234567890\nTWILIO_API_BASE=https://api.twilio.com\n"
               "CONTACT_RATE_LIMIT_MAX=5\nCONTACT_RATE_LIMIT_WINDOW_S=60\n");
    return site;
  }

  // formcheck with `args`, run in `cwd`.
  RunResult formcheck_in(const std::filesystem::path& cwd, std::vector<std::string> args,
                         const std::string& tag) const {
    args.insert(args.begin(), bin_path("formcheck"));
    auto process = Spawned::start(
        args, cwd, dir() / (tag + ".out"), dir() / (tag + ".err"),
        {"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_BASE", "VERCEL_AUTOMATION_BYPASS_SECRET"});
    if (!process) {
      ADD_FAILURE() << "cannot start formcheck";
      return {};
    }
    const auto code = process->wait_exit(30s);
    process.reset();
    return collect(code, tag, {}, {});
  }
};

TEST_F(InitDefaults, TheWrittenConfigHoldsNoPathOfThisMachineAndTheSitesOwnSettings) {
  const auto site = copy_sample_site();
  const auto init = formcheck({"init", "--dir", site.string()}, 30s, "init");
  ASSERT_EQ(init.code, 0) << init.diagnosis();
  const auto text = read_text(site / "formcheck.json");
  for (const std::string& machine_path :
       {std::string(source_dir()), bin_path("formcheck"), dir().string(),
        std::filesystem::path(bin_path("formcheck")).parent_path().parent_path().string()}) {
    EXPECT_EQ(text.find(machine_path), std::string::npos) << machine_path << " is in:\n" << text;
  }
  EXPECT_NE(text.find("\"api_base\": \"${TWILIO_API_BASE:-https://api.twilio.com}\""), std::string::npos)
      << text;
  EXPECT_NE(text.find("\"rate_limit\": { \"max\": 5, \"window_s\": 60 }"), std::string::npos) << text;
  EXPECT_NE(text.find("\"vercel_bypass_secret\": \"${VERCEL_AUTOMATION_BYPASS_SECRET:-}\""),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("// \"browser\": {"), std::string::npos) << text;

  auto args = kVars;
  args.insert(args.begin(), "validate");
  const auto valid = formcheck_in(site, args, "validate");
  EXPECT_EQ(valid.code, 0) << valid.diagnosis();
  EXPECT_NE(valid.out.find("rate-limit"), std::string::npos) << valid.out;
}

TEST_F(InitDefaults, ValidateFromASubfolderFindsTheConfigUpward) {
  const auto site = copy_sample_site();
  std::filesystem::create_directories(site / ".git");  // the repository's top
  ASSERT_EQ(formcheck({"init", "--dir", site.string()}, 30s, "init").code, 0);
  auto args = kVars;
  args.insert(args.begin(), "validate");
  const auto from_below = formcheck_in(site / "app" / "api" / "contact", args, "below");
  EXPECT_EQ(from_below.code, 0) << from_below.diagnosis();
  EXPECT_NE(from_below.err.find("using " + (site / "formcheck.json").string() +
                                " (found above the current folder)"),
            std::string::npos)
      << from_below.err;

  // A repository without a config: the search stops at its top, even with one further up.
  const auto other = dir() / "other-repo";
  std::filesystem::create_directories(other / ".git");
  std::filesystem::create_directories(other / "src");
  write_text(dir() / "formcheck.json", "{ \"not\": \"this one\" }\n");
  const auto none = formcheck_in(other / "src", {"validate"}, "none");
  EXPECT_EQ(none.code, 2) << none.diagnosis();
  EXPECT_NE(none.err.find("no formcheck.json in " + (other / "src").string()), std::string::npos) << none.err;
  EXPECT_NE(none.err.find("formcheck init"), std::string::npos) << none.err;
  EXPECT_EQ(std::count(none.err.begin(), none.err.end(), '\n'), 1) << none.err;

  // An explicit --config that does not exist names the file and init, never formcheck's sources.
  const auto missing = formcheck_in(other, {"validate", "--config", "nope.json"}, "missing");
  EXPECT_EQ(missing.code, 2) << missing.diagnosis();
  EXPECT_NE(missing.err.find("formcheck init"), std::string::npos) << missing.err;
  for (const auto* source_path : {"fixtures/", "scripts/"}) {
    EXPECT_EQ(missing.err.find(source_path), std::string::npos) << missing.err;
    EXPECT_EQ(none.err.find(source_path), std::string::npos) << none.err;
  }
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
