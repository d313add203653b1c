#include "harness/run/pack_refusal.hpp"

#include <fmt/format.h>

namespace formcheck::run {
namespace {

// The statuses by which a site says "these values": a validation refusal or a body too large.
bool refuses_values(long status) {
  return status == 400 || status == 413 || status == 422;
}

}  // namespace

PackRefusal judge_pack_refusal(const checks::Submission& pack, bool page_refused_before_sending,
                               const std::vector<const checks::Submission*>& deliveries) {
  PackRefusal judged;
  if (page_refused_before_sending) {
    judged.refused = judged.unpack = true;
    return judged;
  }
  const auto& response = pack.response;
  // A 429 is the site's pacing, judged as such; an unanswered pack says nothing of its values.
  if (!response.transport_ok() || pack.accepted() || response.status == 429) {
    return judged;
  }
  judged.refused = true;
  bool delivery_accepted = false;
  for (const auto* delivery : deliveries) {
    if (delivery->accepted()) {
      delivery_accepted = true;
    } else if (delivery->response.transport_ok() && delivery->response.status == response.status) {
      judged.why_not = fmt::format(
          "the delivery submission was refused the same way (HTTP {}), so the site refuses every submission, "
          "not these payloads",
          response.status);
      return judged;
    }
  }
  if (refuses_values(response.status) || delivery_accepted) {
    judged.unpack = true;
    return judged;
  }
  judged.why_not = deliveries.empty()
                       ? fmt::format(
                             "HTTP {} does not refuse the values (a 400, 413 or 422 would), and no delivery "
                             "submission shows whether the site takes an ordinary one",
                             response.status)
                       : fmt::format(
                             "HTTP {} does not refuse the values (a 400, 413 or 422 would), and the delivery "
                             "submission was not accepted either",
                             response.status);
  return judged;
}

}  // namespace formcheck::run
