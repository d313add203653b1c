// formcheck's side of bench/browser_bench.sh: one session of an engine (Chromium by default,
// or WebKit, or Firefox) on one device, then N page submissions of the reference contact page (type, click, read the
// route's answer and what the guest saw). Prints one JSON line of timings in milliseconds.
//
//   formcheck-browser-bench <site url> <device> <submissions> [chromium|webkit|firefox]
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <vector>

#include "harness/browser/engines.hpp"
#include "harness/checks/page_submission.hpp"

using namespace formcheck;

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::cerr << "usage: formcheck-browser-bench <site url> <device> <submissions> [chromium|webkit|firefox]\n";
    return 2;
  }
  const std::string site = argv[1];
  const std::string device = argv[2];
  const int n = std::max(2, std::atoi(argv[3]));
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };

  const std::string engine_name = argc == 5 ? argv[4] : "chromium";
  if (auto installed = browser::check_installed(engine_name); !installed) {
    std::cerr << installed.error() << "\n";
    return 2;
  }
  const auto t0 = Clock::now();
  auto engine = browser::start_engine(engine_name);
  if (!engine) {
    std::cerr << engine.error() << "\n";
    return 3;
  }
  auto session = (*engine)->open(browser::Device{device});
  if (!session) {
    std::cerr << session.error() << "\n";
    return 3;
  }
  const double session_ms = ms(Clock::now() - t0);

  config::TargetSettings target;
  target.url = site;
  config::FormSettings form;
  form.fields = {{"name", "Ayu Lestari"}, {"email", "ayu@example.com"}, {"message", "Selamat pagi! Space for 2?"}};
  form.success_text = "Thank you";
  checks::PageOptions options;
  options.screenshot = false;
  std::vector<double> times;
  for (int i = 0; i < n; ++i) {
    const auto start = Clock::now();
    const auto page = checks::submit_page(**session, target, form, {fmt::format("fc-bench-{}", i), {}}, options);
    times.push_back(ms(Clock::now() - start));
    if (!page.problem.empty() || !page.submission.accepted() || !page.success_text_seen) {
      std::cerr << "submission " << i << " did not succeed: " << page.problem << " "
                << page.submission.describe_response() << "\n";
      return 1;
    }
  }
  std::vector<double> warm(times.begin() + 1, times.end());
  std::sort(warm.begin(), warm.end());
  fmt::print("{{\"tool\":\"formcheck {}\",\"device\":\"{}\",\"session_ms\":{:.0f},\"first_ms\":{:.0f},\"warm_median_ms\":{:.0f},"
             "\"warm_n\":{}}}\n",
             engine_name, device, session_ms, times.front(), warm[warm.size() / 2], warm.size());
  session->reset();
  (*engine)->shutdown();
  return 0;
}
