#pragma once
#include <string>
#include <vector>

namespace formcheck::config {

// One thing wrong with the configuration: where, what, and how to fix it.
struct Problem {
  std::string file;  // the config file (or env file) it was found in
  std::string key;   // dotted path, e.g. targets.production.url
  std::string message;
  std::string fix;

  // "formcheck.json: twilio.staff: 'x' lacks the whatsapp: prefix (fix: …)"
  std::string to_string() const;
};

using Problems = std::vector<Problem>;

}  // namespace formcheck::config
