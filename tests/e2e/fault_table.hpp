#pragma once
// One runner for fault tables: a row plants one defect in a site, runs only the suites it
// needs, and names the checks that must fail (with words their messages must contain) and
// those that must still pass. The reference site's table (tests/e2e/run_faults_test.cpp) and
// the Next.js fixture's (tests/nextjs/nextjs_defects_test.cpp) both judge their rows here.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/e2e/run_fixture.hpp"

namespace formcheck::testing::run_e2e {

struct Expectation {
  std::string suite;
  std::string name;  // "*" = every case of the suite
  std::string outcome;
  std::vector<std::string> message_contains = {};  // searched in message + detail
};

// Short waits where a message never comes, so a missing message costs 3 s, not 7.
inline json short_wait() { return {{"expect", {{"latency_s", 2}, {"grace_s", 1}}}}; }

// Every check of the delivery suite passes.
inline std::vector<Expectation> delivery_all_pass() {
  std::vector<Expectation> out;
  for (const auto* n : {"contact-form/accepted", "contact-form/delivered", "contact-form/latency",
                        "contact-form/one-message"}) {
    out.push_back({"delivery", n, "passed"});
  }
  return out;
}

// "--suite A --suite B …"
inline std::vector<std::string> suite_args(const std::vector<std::string>& suites) {
  std::vector<std::string> args;
  for (const auto& s : suites) {
    args.push_back("--suite");
    args.push_back(s);
  }
  return args;
}

// Judges a row: every expectation against the cases of `target` in `results`; with
// `nothing_else_fails`, every case no expectation names must have passed or been skipped.
inline void expect_row(const json& results, const std::string& target, const std::vector<Expectation>& expectations,
                       bool nothing_else_fails = false) {
  const auto table = case_table(results);
  for (const auto& e : expectations) {
    std::vector<json> matched;
    if (e.name == "*") {
      matched = cases_of(results, e.suite, target);
      EXPECT_FALSE(matched.empty()) << "no cases of suite " << e.suite << "\n" << table;
    } else {
      matched.push_back(find_case(results, e.suite, target, e.name));
      EXPECT_FALSE(matched.back().is_null()) << e.suite << " " << e.name << " missing\n" << table;
    }
    for (const auto& m : matched) {
      if (m.is_null()) {
        continue;
      }
      const auto name = m.value("name", "");
      const auto text = m.value("message", "") + "\n" + m.value("detail", "");
      EXPECT_EQ(m.value("outcome", ""), e.outcome) << e.suite << " " << name << ": " << text << "\n" << table;
      for (const auto& needle : e.message_contains) {
        EXPECT_NE(text.find(needle), std::string::npos)
            << e.suite << " " << name << ": message does not mention '" << needle << "': " << text;
      }
    }
  }
  if (!nothing_else_fails || !results.is_object() || !results.contains("cases")) {
    return;
  }
  for (const auto& m : results["cases"]) {
    const auto suite = m.value("suite", "");
    const auto name = m.value("name", "");
    const bool expected = std::any_of(expectations.begin(), expectations.end(), [&](const Expectation& e) {
      return e.suite == suite && (e.name == "*" || e.name == name);
    });
    if (!expected) {
      EXPECT_TRUE(m.value("outcome", "") == "passed" || m.value("outcome", "") == "skipped")
          << suite << " " << name << " is " << m.value("outcome", "") << ", which this defect does not explain\n"
          << table;
    }
  }
}

}  // namespace formcheck::testing::run_e2e
