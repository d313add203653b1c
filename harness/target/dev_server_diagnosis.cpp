#include "harness/target/dev_server_diagnosis.hpp"

#include "harness/target/port_holder.hpp"
#include "harness/util/ascii_case.hpp"
#include "harness/util/one_line.hpp"

#include <fmt/format.h>

#include <sstream>
#include <vector>

namespace formcheck::target {
namespace {

// The last line of `output` holding any of `needles` (ASCII case-insensitive), one-lined.
std::optional<std::string> last_line_with(const std::string& output,
                                          const std::vector<std::string>& needles) {
  std::optional<std::string> found;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    const auto lower = ascii_lower(line);
    for (const auto& needle : needles) {
      if (lower.find(needle) != std::string::npos) {
        found = one_line(escape_control_characters(strip_terminal_colours(line)), 200);
        break;
      }
    }
  }
  return found;
}

std::string origin_fix(const config::TargetSettings& target) {
  const auto where = host_port(target.url);
  const auto port = where ? where->port : 3000;
  const auto host = where ? where->host : std::string("127.0.0.1");
  return fmt::format(
      "use \"url\": \"http://localhost:{}\" in targets.{} (next dev allows localhost), or add "
      "allowedDevOrigins: [\"{}\"] to next.config",
      port, target.name, host);
}

}  // namespace

std::string strip_terminal_colours(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
      i += 2;
      while (i < text.size() && !(text[i] >= 0x40 && text[i] <= 0x7e)) {
        ++i;  // parameters up to the final byte
      }
      continue;
    }
    out += text[i];
  }
  return out;
}

std::optional<std::string> diagnose_unhydrated_page(const std::string& output,
                                                    const config::TargetSettings& target) {
  // Next.js 15.2+ `next dev`: its scripts and HMR are served only to origins it knows (16
  // blocks, earlier versions warn); a page loaded from 127.0.0.1 never hydrates.
  auto blocked = last_line_with(output, {"blocked cross-origin request"});
  if (const auto line = blocked ? blocked : last_line_with(output, {"alloweddevorigins"})) {
    return fmt::format(
        "the dev server refused the page's origin its scripts, so the page never hydrated ({}): {}", *line,
        origin_fix(target));
  }
  if (const auto line =
          last_line_with(output, {"failed to compile", "module not found", "syntaxerror", "build error"})) {
    return fmt::format(
        "the dev server could not compile the page ({}): fix the error it names, then run again", *line);
  }
  if (const auto line = last_line_with(
          output, {"missing environment variable", "environment variable", "env var", "is not set"})) {
    return fmt::format(
        "the dev server reports a missing variable ({}): set it in targets.{}.start.env or the "
        "site's .env.local",
        *line, target.name);
  }
  return std::nullopt;
}

}  // namespace formcheck::target
