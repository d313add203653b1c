// The settle before the end-of-run sweep: a message can come after its wait ended (a duplicate
// from a route that retries or a background job, a send for a submission answered 429), and
// whatever arrives within the latency budget of a submission is as real as a delivery. So the
// count waits until the last submission of each target is settle_s old (expect.settle_s, else
// latency_s). Each target's thread waits for its own submissions before it stops a local
// target (a stopped site sends nothing late); the waits overlap with the other targets and
// read nothing from Twilio, and one sweep follows them.
#include "harness/run/target_run.hpp"

#include <fmt/format.h>

namespace formcheck::run {

Runner::SettleDeadline Runner::settle_deadline(const TargetRun& run) {
  using namespace std::chrono;
  SettleDeadline deadline;
  const auto& expect = run.planned->target.expect;
  const auto settle = duration_cast<steady_clock::duration>(duration<double>(expect.settle_seconds()));
  for (const auto& item : run.items) {
    const auto answered =
        item.submission.sent_at + duration_cast<steady_clock::duration>(item.submission.response.elapsed);
    if (answered + settle >= deadline.until) {
      deadline.until = answered + settle;
      deadline.why =
          fmt::format("until the last submission ({} on {}) was {:g} s old ({})", item.submission.token,
                      run.planned->target.name, expect.settle_seconds(), expect.settle_key());
    }
  }
  return deadline;
}

void Runner::settle_target(const TargetRun& run) {
  using namespace std::chrono;
  const auto deadline = settle_deadline(run);
  const auto now = steady_clock::now();
  if (deadline.why.empty() || deadline.until <= now || cancelled()) {
    return;
  }
  note(fmt::format(
      "{}: waiting {:.1f} s for late messages before counting them, {}: a duplicate or a message for "
      "a refused submission that arrives within it fails the count (expect.settle_s shortens the wait)",
      run.planned->target.name, duration<double>(deadline.until - now).count(), deadline.why));
  pause(deadline.until - now);
}

std::chrono::milliseconds Runner::settle_before_sweep(std::string& why) {
  using namespace std::chrono;
  auto until = steady_clock::time_point{};
  auto last_judged = steady_clock::time_point{};
  for (const auto& run : m_target_runs) {
    const auto deadline = settle_deadline(*run);
    if (!deadline.why.empty() && deadline.until >= until) {
      until = deadline.until;
      why = deadline.why;
    }
    last_judged = std::max(last_judged, run->judged_at);
  }
  // The targets' threads waited already; what is left (none, unless a thread ended early) is
  // waited here, never past Ctrl-C.
  if (const auto now = steady_clock::now(); until > now && !cancelled()) {
    pause(until - now);
  }
  // How long the run waited for late messages: from the last verdict of any target's
  // attempts to the sweep.
  const auto now = steady_clock::now();
  return last_judged == steady_clock::time_point{} || last_judged > now
             ? milliseconds(0)
             : duration_cast<milliseconds>(now - last_judged);
}

}  // namespace formcheck::run
