#pragma once
#include <stdexcept>
#include <string>

#include "harness/cli/exit_codes.hpp"

namespace formcheck::cli {

// Thrown by commands for a condition the user must fix; caught once in run_app.
class CommandError : public std::runtime_error {
 public:
  CommandError(ExitCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
  ExitCode code() const { return m_code; }

 private:
  ExitCode m_code;
};

}  // namespace formcheck::cli
