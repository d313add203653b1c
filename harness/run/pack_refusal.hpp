#pragma once
// Whether a pack of passthrough payloads that the site refused is submitted again payload by
// payload. Unpacking costs one paced submission (and, on a working site, one WhatsApp message)
// per payload, so it is done only when the refusal can be about the payloads themselves:
// - the page would not send the pack (a field marked invalid, an error shown): its validation
//   met the values;
// - the site answered 400, 413 or 422 (a validation refusal, a body too large) and the delivery
//   submission of the same target was not refused with the same status;
// - the site answered anything else (a 5xx, 401, 403, 404, a 200 whose body refuses) while the
//   delivery submission of the same target was accepted: an ordinary submission gets through,
//   so these values are what the site cannot take.
// Otherwise the refusal is the site's, not the payloads' (a route that answers 500 to every
// request, a site whose Twilio token is wrong, a refused credential at the site): submitting
// each payload alone would only collect the same answer again, paced by the site's limit. The
// pack's payloads are then judged from the pack's own answer.
#include "harness/checks/submission.hpp"

#include <string>
#include <vector>

namespace formcheck::run {

struct PackRefusal {
  bool refused = false;  // the site or the page refused the pack
  bool unpack = false;   // its payloads go alone
  std::string why_not;   // refused and kept whole: why, in console words
};

// `deliveries`: the delivery submissions of the same target (the latest attempt's that has
// any), empty when none was made.
PackRefusal judge_pack_refusal(const checks::Submission& pack, bool page_refused_before_sending,
                               const std::vector<const checks::Submission*>& deliveries);

}  // namespace formcheck::run
