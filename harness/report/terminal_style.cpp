#include "harness/report/terminal_style.hpp"

#include <atomic>
#include <cstdlib>
#include <unistd.h>

namespace formcheck::report {
namespace {

std::atomic<ColourMode> g_mode{ColourMode::automatic};

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::nullopt : std::optional<std::string>(value);
}

bool capable_term(const std::optional<std::string>& term) {
  return !term || (*term != "dumb" && !term->empty());
}

}  // namespace

std::optional<ColourMode> parse_colour_mode(std::string_view text) {
  if (text == "auto") {
    return ColourMode::automatic;
  }
  if (text == "always") {
    return ColourMode::always;
  }
  if (text == "never") {
    return ColourMode::never;
  }
  return std::nullopt;
}

TerminalStyle decide_terminal_style(ColourMode mode, const TerminalFacts& facts) {
  TerminalStyle style;
  style.cursor = facts.tty && capable_term(facts.term);
  switch (mode) {
    case ColourMode::always:
      style.colour = true;
      break;
    case ColourMode::never:
      style.colour = false;
      break;
    case ColourMode::automatic:
      if (facts.no_color) {
        style.colour = false;
      } else if (facts.force_color && *facts.force_color != "0" && *facts.force_color != "false") {
        style.colour = true;
      } else {
        style.colour = facts.tty && capable_term(facts.term);
      }
      break;
  }
  return style;
}

void set_colour_mode(ColourMode mode) {
  g_mode.store(mode);
}

ColourMode colour_mode() {
  return g_mode.load();
}

TerminalStyle terminal_style(std::FILE* stream) {
  TerminalFacts facts;
  facts.tty = stream != nullptr && ::isatty(::fileno(stream)) != 0;
  facts.no_color = environment("NO_COLOR");
  facts.force_color = environment("FORCE_COLOR");
  facts.term = environment("TERM");
  return decide_terminal_style(colour_mode(), facts);
}

}  // namespace formcheck::report
