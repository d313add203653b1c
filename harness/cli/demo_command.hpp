#pragma once
#include <string>

namespace formcheck::cli {

struct DemoOptions {
  std::string out_dir = "reports/demo";
};

// Starts the bundled Twilio emulator, sends a WhatsApp message through formcheck's Twilio
// client, lists and fetches it until it is delivered, and prints what it saw.
int run_demo(const DemoOptions& options);

}  // namespace formcheck::cli
