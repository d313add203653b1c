#pragma once
// The optional sections that tune how formcheck works rather than what it tests: `polling`
// (the watcher's pace and request budget), `monitor` (thresholds) and `whatsapp_window`.
#include "harness/config/config.hpp"
#include "harness/config/section_reader.hpp"

namespace formcheck::config {

void read_polling(SectionReader& r, PollingSettings& polling);
void read_monitor(SectionReader& r, MonitorSettings& monitor);
void read_whatsapp_window(SectionReader& r, WindowSettings& window);

}  // namespace formcheck::config
