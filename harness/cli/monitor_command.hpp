#pragma once
#include <string>
#include <vector>

namespace formcheck::cli {

struct MonitorOptions {
  std::string config = "formcheck.json";
  std::string since;  // 1h, 24h, 7d, 90m, a date or date-time; default: the config's monitor.since
  std::string until;  // a date or date-time; default: now
  std::string junit;
  std::string json;
  std::string html;        // --html: the page people look at
  std::string summary_md;  // --summary-md: a short Markdown summary
  std::vector<std::string> env_files;
  std::vector<std::string> vars;  // KEY=VALUE
  bool quiet = false;             // verdicts only, no analysis block
};

// formcheck monitor: reads the Twilio log of a window (no message is sent) and judges it
// against the thresholds of the config's `monitor` section; exit 1 when one is broken.
int run_monitor(const MonitorOptions& options);

}  // namespace formcheck::cli
