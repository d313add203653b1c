#include "harness/config/tuning_sections.hpp"

namespace formcheck::config {

void read_polling(SectionReader& r, PollingSettings& polling) {
  if (auto v = r.integer("initial_ms", 50, 60000)) {
    polling.initial_ms = *v;
  }
  if (auto v = r.integer("max_ms", 50, 600000)) {
    polling.max_ms = *v;
  }
  if (auto v = r.integer("max_requests", 1, 1000000)) {
    polling.max_requests = *v;
  }
  r.reject_unknown_keys();
}

void read_monitor(SectionReader& r, MonitorSettings& monitor) {
  if (auto v = r.integer("failures_per_window", 1, 100000)) {
    monitor.failures_per_window = *v;
  }
  if (auto v = r.number("failure_window_min", 1, 10080)) {
    monitor.failure_window_min = *v;
  }
  if (auto v = r.number("max_latency_s", 0.1, 86400)) {
    monitor.max_latency_s = *v;
  }
  if (auto v = r.number("min_delivery_rate", 0, 100)) {
    monitor.min_delivery_rate = *v;
  }
  if (auto v = r.string("since")) {
    monitor.since = *v;
  }
  if (auto v = r.boolean("count_test_messages")) {
    monitor.count_test_messages = *v;
  }
  if (auto v = r.string("name")) {
    monitor.name = *v;
    if (monitor.name.empty()) {
      r.problem("name", "is empty", R"(name the monitored deployment, e.g. "production")");
    }
  }
  if (auto v = r.integer("page_size", 1, 1000)) {
    monitor.page_size = *v;
  }
  r.reject_unknown_keys();
}

void read_whatsapp_window(SectionReader& r, WindowSettings& window) {
  if (auto v = r.number("warn_hours", 0, 24)) {
    window.warn_hours = *v;
  }
  if (auto v = r.string("site_sends")) {
    using Sends = WindowSettings::SiteSends;
    if (*v == "auto" || *v == "free-form" || *v == "template") {
      window.site_sends = *v == "auto"       ? Sends::detect
                          : *v == "template" ? Sends::templates
                                             : Sends::free_form;
    } else {
      r.problem(
          "site_sends", "must be \"auto\", \"free-form\" or \"template\"",
          R"(write "template" when the site sends a Content Template (ContentSid), "free-form" for a Body)");
    }
  }
  r.reject_unknown_keys();
}

}  // namespace formcheck::config
