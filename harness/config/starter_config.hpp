#pragma once
#include <string>
#include <vector>

#include "harness/config/site_scan.hpp"

namespace formcheck::config {

// The formcheck.json `formcheck init` writes: JSON with comments, fitted to the scan, with the
// three targets (local started by formcheck, preview from ${PREVIEW_URL}, production with its
// message budget). `reference` is where the fully commented example config lives.
std::string render_starter_config(const SiteScan& scan, const std::string& reference);

// What the user still has to provide: variables to set and keys to check, one line each.
std::vector<std::string> starter_todo(const SiteScan& scan);

// The variables the written config reads (${NAME}), in order.
std::vector<std::string> starter_variables(const SiteScan& scan);

}  // namespace formcheck::config
