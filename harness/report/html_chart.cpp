#include "harness/report/html_chart.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "harness/report/html_text.hpp"

namespace formcheck::report {
namespace {

std::string tick_label(double value, const std::string& unit) {
  const std::string number = value >= 10 || value == 0 ? fmt::format("{:.0f}", value) : fmt::format("{:.1f}", value);
  return unit.empty() ? number : number + " " + unit;
}

}  // namespace

std::string svg_open(const Plot& plot, const std::string& css_class, const std::string& label_html) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{}\" viewBox=\"0 0 {:.0f} {:.0f}\" width=\"100%\" "
      "role=\"img\" aria-label=\"{}\">\n",
      css_class, plot.width, plot.height, label_html);
}

std::string y_axis(const Plot& plot, double max_value, const std::string& unit) {
  std::string out;
  for (int i = 0; i <= 4; ++i) {
    const double value = max_value * i / 4.0;
    const double y = plot.top + plot.inner_height() * (1.0 - i / 4.0);
    out += fmt::format(
        "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#eaeef2\"/>"
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
        plot.left, y, plot.width - plot.right, y, plot.left - 6, y + 4, tick_label(value, unit));
  }
  return out;
}

std::string latency_chart_svg(const std::string& target, const std::vector<const Submission*>& submissions,
                              double budget_s) {
  const Plot plot;
  double top_value = std::max(budget_s * 1.15, 1.0);
  for (const auto* s : submissions) {
    if (s->latency_s) {
      top_value = std::max(top_value, *s->latency_s * 1.1);
    }
  }
  const auto y_of = [&](double seconds) {
    return plot.top + plot.inner_height() * (1.0 - std::clamp(seconds / top_value, 0.0, 1.0));
  };
  const double step = plot.inner_width() / static_cast<double>(std::max<size_t>(submissions.size(), 1));

  std::string out = svg_open(plot, "latency-chart",
                             html_text(fmt::format("Latency of each submission on {} against the {} s budget",
                                                   target, budget_s)));
  out += y_axis(plot, top_value, "s");
  const double budget_y = y_of(budget_s);
  out += fmt::format(
      "<line class=\"budget\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#cf222e\" "
      "stroke-dasharray=\"6 4\"/><text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" style=\"fill:#cf222e\">"
      "latency_s budget {}</text>\n",
      plot.left, budget_y, plot.width - plot.right, budget_y, plot.width - plot.right, budget_y - 4,
      html_text(tick_label(budget_s, "s")));
  for (size_t i = 0; i < submissions.size(); ++i) {
    const auto& s = *submissions[i];
    const double x = plot.left + step * (static_cast<double>(i) + 0.5);
    if (s.latency_s) {
      const double bound = s.poll_bound_s.value_or(0);
      const std::string colour = *s.latency_s <= budget_s ? "#1a7f37" : "#cf222e";
      out += fmt::format(
          "<g class=\"mark delivered\" data-token=\"{}\"><title>{}: {} after {} (seen within {} of the change)</title>"
          "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"3\" "
          "stroke-opacity=\"0.35\"/><circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"{}\"/></g>\n",
          html_text(s.token), html_text(s.token), html_text(s.status.empty() ? "delivered" : s.status),
          seconds_label(*s.latency_s), seconds_label(bound), x, y_of(std::max(*s.latency_s - bound, 0.0)), x,
          y_of(*s.latency_s), colour, x, y_of(*s.latency_s), colour);
    } else if (s.status == "delivered" || s.status == "read" || s.status == "sent") {
      out += fmt::format(
          "<g class=\"mark unmeasured\" data-token=\"{}\"><title>{}: {}, latency not measured</title>"
          "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"none\" stroke=\"#6e7781\" stroke-width=\"1.5\"/></g>\n",
          html_text(s.token), html_text(s.token), html_text(s.status), x, plot.top + plot.inner_height() - 4);
    } else {
      const double y = plot.top + 6;
      out += fmt::format(
          "<g class=\"mark undelivered\" data-token=\"{}\"><title>{}: no delivery observed ({})</title>"
          "<path d=\"M{:.1f} {:.1f}l8 8m0 -8l-8 8\" stroke=\"#cf222e\" stroke-width=\"2\"/></g>\n",
          html_text(s.token), html_text(s.token), html_text(s.status.empty() ? "no message found" : s.status), x - 4,
          y - 4);
    }
  }
  out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{} submission(s), in the order sent</text>\n",
                     plot.left + plot.inner_width() / 2, plot.height - 8, submissions.size());
  out += "</svg>\n";
  return out;
}

}  // namespace formcheck::report
