#pragma once
// Suites are data (suites/*.json): a kind the harness knows plus its cases.
#include <filesystem>
#include <string>
#include <vector>

#include "harness/config/problems.hpp"
#include "harness/util/expected.hpp"

namespace formcheck::results {

enum class SuiteKind { delivery, sender, passthrough, rate_limit, audit };  // audit: configuration, no message
std::string_view to_string(SuiteKind kind);

struct Payload {
  std::string name;
  std::vector<std::pair<std::string, std::string>> fields;  // merged over form.fields
  enum class Match { exact, trim } match = Match::exact;
  // Browser mode: the engine and device that submit this case through the page ("" = the API).
  std::string engine;
  std::string device;
  bool in_browser() const { return !engine.empty(); }
};

struct Suite {
  std::string name;
  SuiteKind kind = SuiteKind::delivery;
  std::filesystem::path file;
  std::string description;
  std::vector<Payload> cases;  // delivery/sender: cases; passthrough: the corpus
  int legit_count = 3;         // rate-limit
  double legit_within_s = 60;
  int abuse_extra = 2;
};

// Loads suites/<name>.json (or a path ending in .json).
Expected<Suite, config::Problems> load_suite(const std::filesystem::path& suites_dir, const std::string& name);

}  // namespace formcheck::results
