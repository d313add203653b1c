#pragma once
// Whether console output may carry colour and move the cursor. Colour follows --color, then
// the conventions of NO_COLOR (no-color.org) and FORCE_COLOR; cursor movement (the live
// pending block) needs a real terminal that is not TERM=dumb, whatever the colour choice, so
// a CI log or a dumb terminal never receives escape sequences it cannot replay.
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace formcheck::report {

enum class ColourMode { automatic, always, never };

// "auto", "always", "never"; nullopt for anything else.
std::optional<ColourMode> parse_colour_mode(std::string_view text);

struct TerminalFacts {
  bool tty = false;
  std::optional<std::string> no_color;     // NO_COLOR (set to anything, even empty: no colour)
  std::optional<std::string> force_color;  // FORCE_COLOR ("0" or "false" turn it off)
  std::optional<std::string> term;         // TERM
};

struct TerminalStyle {
  bool colour = false;
  bool cursor = false;  // may rewrite lines (\r, cursor up): a capable TTY only
};

// Pure: the style for `mode` on a stream with these facts.
TerminalStyle decide_terminal_style(ColourMode mode, const TerminalFacts& facts);

// The process-wide --color choice (default automatic).
void set_colour_mode(ColourMode mode);
ColourMode colour_mode();

// decide_terminal_style for `stream` with the process's environment and --color.
TerminalStyle terminal_style(std::FILE* stream);

}  // namespace formcheck::report
