#include "harness/browser/xvfb_display.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace formcheck::browser {
namespace {

bool all_digits(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

Result<std::unique_ptr<XvfbDisplay>> XvfbDisplay::start(const std::filesystem::path& xvfb,
                                                       std::chrono::milliseconds timeout) {
  process::LaunchSpec spec;
  spec.executable = xvfb;
  // -displayfd 1: Xvfb chooses the first free display and prints its number on stdout once it
  // accepts connections. No TCP listener.
  spec.args = {"-displayfd", "1", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"};
  auto child = process::ChildProcess::start(spec);
  if (!child) {
    return unexpected(fmt::format("cannot start {}: {}", xvfb.string(), child.error()));
  }
  const auto line = (*child)->wait_for_line(
      [](const process::OutputLine& l) { return l.stream == process::OutputLine::Stream::out && all_digits(l.text); },
      timeout);
  if (!line) {
    const auto output = (*child)->output_text();
    (*child)->stop(std::chrono::seconds(2));
    return unexpected(fmt::format("Xvfb did not open a display within {} ms: {}", timeout.count(),
                                  output.empty() ? std::string("no output") : output));
  }
  std::unique_ptr<XvfbDisplay> display(new XvfbDisplay());
  display->m_process = std::move(*child);
  display->m_display = ":" + *line;
  return display;
}

XvfbDisplay::~XvfbDisplay() { stop(); }

void XvfbDisplay::stop() {
  if (m_process) {
    m_process->stop(std::chrono::seconds(3));
  }
}

}  // namespace formcheck::browser
