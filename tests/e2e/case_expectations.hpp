// A table row's expected verdicts, checked against one `formcheck run`'s JSON results: each
// named check's outcome, words its message must carry, and a property it must have. Shared by
// the false-pass tables, which differ in the sites and configs they build, not in how they judge.
#pragma once

#include "tests/e2e/run_fixture.hpp"

namespace formcheck::testing::run_e2e {

struct CaseExpectation {
  std::string suite;
  std::string name;
  std::string outcome;
  std::vector<std::string> message_contains = {};  // searched in message + detail
  std::string property = {};                       // a property that must be present (non-empty)
  std::string property_contains = {};              // … and contain this
};

// `--suite S` for each suite, in order.
inline std::vector<std::string> suite_args(const std::vector<std::string>& suites) {
  std::vector<std::string> args;
  for (const auto& s : suites) {
    args.insert(args.end(), {"--suite", s});
  }
  return args;
}

// Where a case's words are looked for: its message and detail, or (`whole_case`) everything
// it carries, properties included.
inline std::string case_text(const json& found, bool whole_case) {
  auto text = found.value("message", "") + "\n" + found.value("detail", "");
  return whole_case ? text + "\n" + found.dump() : text;
}

inline void expect_property(const json& found, const CaseExpectation& e) {
  const auto& properties = found["properties"];
  const auto value = properties.is_object() ? properties.value(e.property, std::string()) : std::string();
  EXPECT_FALSE(value.empty()) << e.suite << " " << e.name << " lacks property " << e.property << ": "
                              << found.dump(2);
  EXPECT_NE(value.find(e.property_contains), std::string::npos)
      << e.suite << " " << e.name << ": " << e.property << " = '" << value << "' lacks '"
      << e.property_contains << "'";
}

// The run finished with `exit_code` and every expectation holds for target `target`.
inline void expect_cases(const RunResult& result, const std::vector<CaseExpectation>& expectations,
                         int exit_code, bool whole_case = false, const std::string& target = "site") {
  ASSERT_TRUE(result.finished) << result.diagnosis();
  ASSERT_TRUE(result.results.is_object()) << result.diagnosis();
  const auto table = case_table(result.results);
  EXPECT_EQ(result.code, exit_code) << table << result.diagnosis();
  for (const auto& e : expectations) {
    const auto found = find_case(result.results, e.suite, target, e.name);
    ASSERT_FALSE(found.is_null()) << e.suite << " " << e.name << " missing\n" << table;
    const auto text = case_text(found, whole_case);
    EXPECT_EQ(found.value("outcome", ""), e.outcome) << e.suite << " " << e.name << ": " << text << "\n"
                                                     << table;
    for (const auto& needle : e.message_contains) {
      EXPECT_NE(text.find(needle), std::string::npos)
          << e.suite << " " << e.name << ": does not mention '" << needle << "': " << text;
    }
    if (!e.property.empty()) {
      expect_property(found, e);
    }
  }
}

}  // namespace formcheck::testing::run_e2e
