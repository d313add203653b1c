// Benchmark of the Twilio watcher: N concurrent submissions through
// a real contact site to the emulator (delivery delay D = 2 s), all watched by ONE watcher.
// Prints one JSON line per run; bench/run_watcher_bench.sh runs it for N = 1, 10, 100 and
// reports medians. Never a timed unit test: machines are noisy, so rerun and compare medians.
//
// Usage: formcheck-watcher-bench <bin dir> <N> [delivery delay ms]
#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>

#include "harness/checks/submission.hpp"
#include "harness/checks/watcher.hpp"
#include "harness/config/config.hpp"
#include "harness/process/child_process.hpp"
#include "harness/twilio/client.hpp"

using namespace formcheck;
using namespace std::chrono;

namespace {

constexpr const char* kAccount = "ACb0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0";
constexpr const char* kToken = "0123456789abcdef0123456789abcdef";
constexpr const char* kSender = "whatsapp:+15557654321";
constexpr const char* kStaff = "whatsapp:+6281234567890";

std::pair<std::unique_ptr<process::ChildProcess>, std::string> start(const std::string& exe,
                                                                   std::vector<std::string> args,
                                                                   std::map<std::string, std::string> env) {
  process::LaunchSpec spec{exe, std::move(args), std::nullopt, std::move(env), {}};
  auto child = process::ChildProcess::start(spec);
  if (!child) {
    fmt::print(stderr, "cannot start {}: {}\n", exe, child.error());
    std::exit(2);
  }
  const auto line = child.value()->wait_for_line(
      [](const process::OutputLine& l) { return l.text.rfind("listening ", 0) == 0; }, seconds(15));
  if (!line) {
    fmt::print(stderr, "{} did not start:\n{}\n", exe, child.value()->output_text());
    std::exit(2);
  }
  return {std::move(child.value()), line->substr(10)};
}

long twilio_reads(const std::string& emulator_url) {
  http::Request r;
  r.url = emulator_url + "/__emulator/stats";
  const auto response = http::perform(r);
  const auto stats = nlohmann::json::parse(response.body, nullptr, false);
  long reads = 0;
  if (stats.is_object() && stats.contains("requests")) {
    for (const auto& [route, count] : stats["requests"].items()) {
      if (route.rfind("GET ", 0) == 0) {  // the site's creates are POSTs; the watcher only reads
        reads += count.get<long>();
      }
    }
  }
  return reads;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) {
    return 0;
  }
  std::sort(v.begin(), v.end());
  const auto index = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(index, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr, "usage: {} <bin dir> <N> [delivery delay ms]\n", argv[0]);
    return 2;
  }
  const std::string bin = argv[1];
  const int n = std::stoi(argv[2]);
  const int delay_ms = argc > 3 ? std::stoi(argv[3]) : 2000;

  auto [emulator, emulator_url] =
      start(bin + "/formcheck-twilio-emulator",
            {"--port", "0", "--account-sid", kAccount, "--auth-token", kToken, "--sender", kSender,
             "--delivery-delay-ms", std::to_string(delay_ms)},
            {});
  auto [site, site_url] = start(bin + "/formcheck-contact-site", {"--port", "0", "--rate-limit", "100000/60"},
                                {{"TWILIO_ACCOUNT_SID", kAccount},
                                 {"TWILIO_AUTH_TOKEN", kToken},
                                 {"TWILIO_WHATSAPP_NUMBER", kSender},
                                 {"STAFF_WHATSAPP_NUMBER", kStaff},
                                 {"TWILIO_API_BASE", emulator_url}});

  config::TargetSettings target;
  target.name = "bench";
  target.url = site_url;
  config::FormSettings form;
  form.fields = {{"name", "Bench"}, {"email", "bench@example.com"}, {"message", "load"}};
  // Token correlation (no SID), the harder case: the list call must serve everyone.
  form.sid_pointer = "";

  twilio::ClientOptions options;
  options.api_base = emulator_url;
  options.messaging_base = emulator_url;
  twilio::Client client(twilio::Credentials::auth_token(kAccount, Secret(kToken)), options);
  checks::WatcherOptions watch_options;
  watch_options.staff = kStaff;
  checks::Watcher watcher(client, watch_options);

  const long reads_before = twilio_reads(emulator_url);
  std::vector<checks::SubmissionRequest> requests;
  const std::string run_id = checks::new_run_id();
  for (int i = 0; i < n; ++i) {
    requests.push_back({fmt::format("{}-a{}", run_id, i + 1), {}});
  }
  const auto submit_started = steady_clock::now();
  auto submissions = checks::submit_all(target, form, requests);
  const auto waiting_started = steady_clock::now();
  double slowest_response_ms = 0;
  for (const auto& s : submissions) {
    slowest_response_ms = std::max(slowest_response_ms, duration<double, std::milli>(s.response.elapsed).count());
  }
  fmt::print(stderr, "submitted {} in {:.0f} ms (slowest response {:.0f} ms)\n", n,
             duration<double, std::milli>(waiting_started - submit_started).count(), slowest_response_ms);
  std::vector<std::shared_future<checks::WatchResult>> futures;
  for (const auto& s : submissions) {
    checks::WatchRequest w{s.token, std::nullopt, "delivered", s.sent_at, s.sent_wall, s.sent_at + seconds(60)};
    futures.push_back(watcher.watch(w));
  }
  std::vector<double> lags_ms;
  int verified = 0;
  for (size_t i = 0; i < futures.size(); ++i) {
    const auto result = futures[i].get();
    if (result.end == checks::WatchResult::End::reached && result.latency) {
      ++verified;
      // The emulator marks a message delivered delay_ms after creating it; the site creates
      // it just before answering, so delivered_at ≈ sent_at + response time + delay.
      const double response_ms = static_cast<double>(duration_cast<microseconds>(submissions[i].response.elapsed).count()) / 1000.0;
      lags_ms.push_back(static_cast<double>(result.latency->count()) - response_ms - delay_ms);
    }
  }
  const double wall_s = duration<double>(steady_clock::now() - waiting_started).count();
  const long reads = twilio_reads(emulator_url) - reads_before - 1;  // minus the stats call itself? (not counted: control API)
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  fmt::print(
      R"({{"n": {}, "verified": {}, "delivery_delay_s": {:.1f}, "wait_wall_s": {:.3f}, "wall_over_delay": {:.3f}, "lag_median_ms": {:.0f}, "lag_p95_ms": {:.0f}, "twilio_requests": {}, "requests_per_message": {:.3f}, "watcher_cycles": {}, "peak_rss_mb": {:.1f}}})"
      "\n",
      n, verified, delay_ms / 1000.0, wall_s, wall_s / (delay_ms / 1000.0), percentile(lags_ms, 0.5),
      percentile(lags_ms, 0.95), reads + 1, verified > 0 ? static_cast<double>(reads + 1) / verified : 0.0,
      watcher.cycles(), static_cast<double>(usage.ru_maxrss) / 1024.0);
  return verified == n ? 0 : 1;
}
