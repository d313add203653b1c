// formcheck finds its suites and payloads at ../share/formcheck from its own folder (as
// installed), FORMCHECK_DATA_DIR overrides that, and a binary without its data says how to fix it.
#include <gtest/gtest.h>

#include "tests/e2e/run_fixture.hpp"

namespace formcheck::testing::run_e2e {
namespace {

namespace fs = std::filesystem;

class DataDirE2E : public RunFixture {
 protected:
  // formcheck copied to <dir>/prefix/bin, as `cmake --install --prefix` would place it.
  fs::path copied_binary() const {
    const auto bin = dir() / "prefix" / "bin";
    fs::create_directories(bin);
    fs::copy_file(bin_path("formcheck"), bin / "formcheck");
    return bin / "formcheck";
  }

  RunResult validate(const fs::path& binary, const std::string& data_dir, const std::string& tag) const {
    std::vector<std::string> argv{"/usr/bin/env"};
    if (!data_dir.empty()) {
      argv.push_back("FORMCHECK_DATA_DIR=" + data_dir);
    } else {
      argv.push_back("-u");
      argv.push_back("FORMCHECK_DATA_DIR");
    }
    argv.insert(argv.end(), {binary.string(), "validate", "--config",
                             source_dir() + "/fixtures/configs/example.jsonc", "--var",
                             "TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef", "--var",
                             "TWILIO_AUTH_TOKEN=0123456789abcdef0123456789abcdef", "--var",
                             "TWILIO_WHATSAPP_NUMBER=whatsapp:+15557654321", "--var",
                             "STAFF_WHATSAPP_NUMBER=whatsapp:+6281234567890", "--var", "PREVIEW_URL=https://preview.example"});
    auto process = Spawned::start(argv, dir(), dir() / (tag + ".out"), dir() / (tag + ".err"), {});
    if (!process) {
      return {};
    }
    const auto code = process->wait_exit(30s);
    process.reset();
    return collect(code, tag, {}, {});
  }
};

TEST_F(DataDirE2E, ABinaryWithoutItsDataNamesTheFolderAndTheFix) {
  const auto binary = copied_binary();
  const auto missing = validate(binary, "", "missing");
  EXPECT_EQ(missing.code, 2) << missing.diagnosis();
  EXPECT_NE(missing.err.find((dir() / "prefix" / "share" / "formcheck" / "suites").string()), std::string::npos)
      << missing.err;
  EXPECT_NE(missing.err.find("FORMCHECK_DATA_DIR"), std::string::npos) << missing.err;

  const auto overridden = validate(binary, source_dir(), "overridden");
  EXPECT_EQ(overridden.code, 0) << overridden.diagnosis();
}

TEST_F(DataDirE2E, TheInstalledLayoutIsFoundFromTheBinarysOwnFolder) {
  const auto binary = copied_binary();
  const auto share = dir() / "prefix" / "share" / "formcheck";
  fs::create_directories(share / "fixtures");
  fs::copy(fs::path(source_dir()) / "suites", share / "suites", fs::copy_options::recursive);
  fs::copy(fs::path(source_dir()) / "fixtures" / "payloads", share / "fixtures" / "payloads",
           fs::copy_options::recursive);
  const auto found = validate(binary, "", "installed");
  EXPECT_EQ(found.code, 0) << found.diagnosis();
  EXPECT_NE(found.out.find("passthrough  11 check(s)"), std::string::npos) << found.out;
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
