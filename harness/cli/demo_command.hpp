#pragma once
#include <string>

namespace formcheck::cli {

struct DemoOptions {
  std::string out_dir = "reports/demo";
  bool with_defects = false;
  bool no_browser = false;  // API submissions only, even where browser engines are installed
};

// Starts the bundled Twilio emulator and three contact-site instances (local through the
// same launcher a user's `npm run dev` goes through; preview and production as running
// URLs), writes their configuration, runs every suite on every target, and writes
// <out>/junit.xml, <out>/results.json and <out>/report.html (then the monitor's
// <out>/monitor.html).
int run_demo(const DemoOptions& options);

}  // namespace formcheck::cli
