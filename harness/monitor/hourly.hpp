#pragma once
// The window hour by hour, for charts: the same analysis as the whole window (statistics.hpp),
// run on each UTC hour's messages alone. Pure: messages in, numbers out.
#include <vector>

#include "harness/monitor/statistics.hpp"

namespace formcheck::monitor {

struct Hour {
  Timestamp start;    // on the hour, UTC
  Analysis analysis;  // of the messages created in [start, start + 1 h) ∩ the window
};

// One Hour for every UTC hour the window touches, oldest first (at most 24 × 31 hours: a longer
// window is cut to its last 744 hours).
std::vector<Hour> hourly(const std::vector<twilio::Message>& messages, const AnalysisInput& input);

}  // namespace formcheck::monitor
