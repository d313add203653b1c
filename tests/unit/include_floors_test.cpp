// The include-floor rule of ARCHITECTURE.md, checked: the real tree obeys the "may use" column,
// and the checker names file:line and the rule on a planted include that goes up a floor.
#include "tests/support/include_floors.hpp"

#include "harness/util/text_file.hpp"
#include "tests/support/standin.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace formcheck::testing {
namespace {

namespace fs = std::filesystem;

const char* const kTable = R"(# layers

| folder | holds | may use |
|---|---|---|
| `harness/util` | basics | std only |
| `harness/http` | requests | util |
| `harness/results` | verdicts | config (problems only), util |
| `harness/config` | config | util |
| `harness/run` | the runner | results, http, config, util |
| `harness/cli` | commands | everything |
| `tests/unit` | pure logic | library |
)";

void write_file(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

class PlantedTree : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ =
        fs::temp_directory_path() /
        ("formcheck-floors-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(root_);
    write_file(root_ / "harness/util/a.hpp", "#pragma once\n#include <string>\n");
    write_file(root_ / "harness/http/b.cpp",
               "#include \"harness/http/b.hpp\"\n#include \"harness/util/a.hpp\"\n");
    write_file(root_ / "harness/cli/main.cpp",
               "#include \"harness/run/r.hpp\"\n#include \"harness/http/b.hpp\"\n");
  }
  void TearDown() override { fs::remove_all(root_); }
  fs::path root_;
};

TEST(IncludeFloorRules, ReadsTheMayUseColumn) {
  const auto rules = read_layer_rules(kTable);
  EXPECT_TRUE(rules.problems.empty());
  EXPECT_EQ(rules.may_use.at("util"), std::set<std::string>{});
  EXPECT_EQ(rules.may_use.at("results"), (std::set<std::string>{"config", "util"}));
  EXPECT_EQ(rules.may_use.at("run"), (std::set<std::string>{"results", "http", "config", "util"}));
  EXPECT_TRUE(rules.uses_everything.contains("cli"));
  EXPECT_FALSE(rules.may_use.contains("unit"));  // only harness/ rows are layers
}

TEST(IncludeFloorRules, RefusesACellItCannotCheck) {
  const auto rules = read_layer_rules(
      "| folder | holds | may use |\n|---|---|---|\n| `harness/util` | x | std only |\n"
      "| `harness/run` | y | checks and below |\n| `harness/http` | z | util, twillio |\n");
  ASSERT_EQ(rules.problems.size(), 2u);
  EXPECT_NE(rules.problems[0].find("\"checks and below\""), std::string::npos) << rules.problems[0];
  EXPECT_NE(rules.problems[1].find("\"twillio\""), std::string::npos) << rules.problems[1];
}

TEST_F(PlantedTree, AllowedIncludesPass) {
  EXPECT_TRUE(check_include_floors(root_, read_layer_rules(kTable)).empty());
}

TEST_F(PlantedTree, AnIncludeUpAFloorIsNamedWithFileLineAndRule) {
  write_file(root_ / "harness/http/c.cpp", "// up a floor\n\n#include \"harness/run/runner.hpp\"\n");
  const auto violations = check_include_floors(root_, read_layer_rules(kTable));
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].file, "harness/http/c.cpp");
  EXPECT_EQ(violations[0].line, 3);
  EXPECT_EQ(
      violations[0].message,
      "harness/http/c.cpp:3: harness/http may not include harness/run (ARCHITECTURE.md: http may use util)");
}

TEST_F(PlantedTree, ASidewaysIncludeAndAFolderWithoutARowFail) {
  write_file(root_ / "harness/config/d.hpp", "#include \"harness/http/b.hpp\"\n");
  write_file(root_ / "harness/util/e.cpp", "  #include  \"harness/config/c.hpp\"\n");
  write_file(root_ / "harness/newfloor/f.cpp", "#include \"harness/util/a.hpp\"\n");
  const auto violations = check_include_floors(root_, read_layer_rules(kTable));
  ASSERT_EQ(violations.size(), 3u);
  EXPECT_EQ(violations[0].file, "harness/config/d.hpp");
  EXPECT_NE(violations[1].message.find("harness/newfloor has no row"), std::string::npos);
  EXPECT_EQ(
      violations[2].message,
      "harness/util/e.cpp:1: harness/util may not include harness/config (ARCHITECTURE.md: util may use "
      "no other layer)");
}

// The repository itself: ARCHITECTURE.md's table is the rule, and no include breaks it.
TEST(IncludeFloors, TheTreeObeysArchitectureMd) {
  const fs::path root = source_dir();
  const auto markdown = formcheck::read_text_file(root / "ARCHITECTURE.md");
  ASSERT_TRUE(markdown.has_value());
  const auto rules = read_layer_rules(*markdown);
  for (const auto& problem : rules.problems) {
    ADD_FAILURE() << problem;
  }
  ASSERT_GT(rules.may_use.size(), 10u) << "ARCHITECTURE.md's layer table was not found";
  for (const auto& violation : check_include_floors(root, rules)) {
    ADD_FAILURE() << violation.message;
  }
}

}  // namespace
}  // namespace formcheck::testing
