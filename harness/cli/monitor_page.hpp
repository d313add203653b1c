#pragma once
// The monitor's analysis as the numbers its HTML page draws.
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/config/config.hpp"
#include "harness/monitor/hourly.hpp"
#include "harness/monitor/statistics.hpp"
#include "harness/report/html_monitor.hpp"

namespace formcheck::cli {

// `analysis_json` is monitor::analysis_json() of the same analysis (it carries the diagnoses).
report::MonitorPage monitor_page(const config::Config& config, const monitor::Analysis& analysis,
                                 const std::vector<monitor::Hour>& hours, const nlohmann::json& analysis_json);

// The page when the log could not be read: the window and the reason.
report::MonitorPage monitor_error_page(const config::Config& config, const monitor::Window& window,
                                       const std::string& why);

}  // namespace formcheck::cli
