#pragma once
// Inline SVG charts for the HTML reports: drawn as text, no script, no library.
#include <string>
#include <vector>

#include "harness/report/html_submissions.hpp"

namespace formcheck::report {

// One target's submissions, in order: each submission's submit-to-status latency as a dot,
// the poll bound as a bar below it (the status changed at most that long before formcheck saw
// it), a dashed line at the latency budget; a submission with no delivery is a red cross at
// the top; a delivered one without a measured latency is a hollow grey circle on the axis.
// Every submission is one <g class="mark">, so the marks can be counted.
std::string latency_chart_svg(const std::string& target, const std::vector<const Submission*>& submissions,
                              double budget_s);

// Chart geometry shared by the reports' charts.
struct Plot {
  double width = 720, height = 220;
  double left = 52, right = 16, top = 14, bottom = 30;
  double inner_width() const { return width - left - right; }
  double inner_height() const { return height - top - bottom; }
};

// "<svg …>" opening tag with a viewBox for `plot` and an accessible label.
std::string svg_open(const Plot& plot, const std::string& css_class, const std::string& label_html);

// A y axis from 0 to `max_value` with four gridlines labelled by `unit` ("s", "").
std::string y_axis(const Plot& plot, double max_value, const std::string& unit);

}  // namespace formcheck::report
