#pragma once
#include <string>

namespace formcheck::cli {

struct InitOptions {
  std::string dir = ".";     // the site's repository
  std::string config;        // default: <dir>/formcheck.json
  bool force = false;        // overwrite an existing file
};

// formcheck init: reads a site's folder (package.json, API routes, dotenv files) and writes a
// commented formcheck.json fitted to it; prints what it found and what is left to fill in.
int run_init(const InitOptions& options);

}  // namespace formcheck::cli
