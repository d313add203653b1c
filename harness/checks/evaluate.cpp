#include "harness/checks/evaluate.hpp"

#include <fmt/format.h>

#include "harness/checks/label_judge.hpp"
#include "harness/checks/message_fields.hpp"
#include "harness/checks/refusal.hpp"
#include "harness/checks/retry_after.hpp"
#include "harness/checks/template_hint.hpp"
#include "harness/checks/token.hpp"
#include "harness/target/target_access.hpp"
#include "harness/config/whatsapp_address.hpp"
#include "harness/twilio/error_catalog.hpp"
#include "harness/twilio/whatsapp_rules.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::checks {
namespace {

using results::CaseResult;
using results::Outcome;

CaseResult make(Outcome outcome, std::string message, std::string detail = {}) {
  CaseResult r;
  r.outcome = outcome;
  r.message = redact(message);
  r.detail = redact(detail);
  return r;
}

std::string seconds_text(std::chrono::milliseconds ms) { return fmt::format("{:.2f} s", ms.count() / 1000.0); }

// The message the watcher found, if any.
const twilio::Message* found(const Observed& o) {
  return o.watch != nullptr && o.watch->message ? &*o.watch->message : nullptr;
}

// Why there is no message to look at: a precondition of the content checks.
CaseResult no_message(const Observed& o, std::string_view what) {
  if (o.submission->cancelled()) {
    return make(Outcome::not_run, "interrupted while the site held the request open");
  }
  if (o.watch == nullptr && o.submission->response.error) {
    // The site could not be reached (down, crashed mid-run): nothing is known about the
    // message, which is an infrastructure error, never a skip that lets the run pass.
    return make(Outcome::error, fmt::format("cannot check {}: the site could not be reached: {}", what,
                                            o.submission->response.error->message));
  }
  if (o.watch == nullptr) {
    return make(Outcome::skipped, fmt::format("not checked: the submission was not watched ({})",
                                              o.submission->describe_response()));
  }
  if (o.submission->response.error && o.watch->end == WatchResult::End::timed_out) {
    // Watched because the site may have sent it although it never answered; it did not. The
    // missing answer stays the headline, never a skip that would let the run pass.
    return make(Outcome::error,
                fmt::format("cannot check {}: the site gave no answer ({}) and no message reached staff",
                            what, o.submission->response.error->message));
  }
  if (o.watch->end == WatchResult::End::infrastructure) {
    return make(Outcome::error, fmt::format("cannot check {}: Twilio could not be asked: {}", what,
                                            o.watch->last_api_error));
  }
  if (o.watch->end == WatchResult::End::cancelled) {
    return make(Outcome::not_run, "interrupted before a message was seen");
  }
  if (!o.delivered_judged) {
    // No check of this run reports the missing message: this one must, or a run of e.g.
    // only the sender suite would pass on skips while nothing reached staff.
    return make(Outcome::failed,
                fmt::format("no message carrying {} reached staff by the end of the wait, so there is no {} to "
                            "check{}",
                            o.submission->token, what,
                            o.watch->sid_note.empty() ? std::string() : " (" + o.watch->sid_note + ")"));
  }
  return make(Outcome::skipped, fmt::format("not checked: no message reached staff, so there is no {} to check "
                                            "(see the delivered check)",
                                            what));
}

}  // namespace

// Redacted before it is cut: a secret or phone number straddling the cut would otherwise leave
// its first half readable (the rule in report/clean_text.hpp).
std::string excerpt(const std::string& raw, size_t max) {
  const std::string text = redact(raw);
  if (text.size() <= max) {
    return text;
  }
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;  // never split a UTF-8 sequence
  }
  return text.substr(0, cut) + "…";
}

void add_evidence(CaseResult& r, const Observed& o) {
  const auto& s = *o.submission;
  r.add_property("token", s.token);
  r.add_property("http_status", std::to_string(s.response.status));
  if (s.response.body_cut()) {
    r.add_property("response_body_cut",
                   fmt::format("{} bytes received, the first {} kept", s.response.body_bytes, s.response.body.size()));
  }
  r.add_property("response_ms",
                 std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(s.response.elapsed).count()));
  r.timeline.push_back({std::chrono::milliseconds(0), fmt::format("POST {} → {}{}", http::display_url(s.url.empty() ? s.response.url : s.url),
                                                                  s.describe_response(),
                                                                  s.sid ? fmt::format(" (sid {})", *s.sid) : "")});
  if (const auto chain = s.describe_redirects(); !chain.empty()) {
    r.timeline.push_back({std::chrono::milliseconds(0), "redirects: " + chain});
  }
  if (!s.response.body.empty() && !s.accepted()) {
    r.timeline.push_back({std::chrono::milliseconds(0), "response body: " + excerpt(s.response.body, 200)});
  }
  if (o.watch == nullptr) {
    return;
  }
  const auto& w = *o.watch;
  for (const auto& change : w.changes) {
    r.timeline.push_back({change.at, fmt::format("Twilio status: {}", change.status)});
  }
  r.add_property("poll_attempts", std::to_string(w.polls));
  if (w.api_errors > 0) {
    r.add_property("twilio_api_errors", std::to_string(w.api_errors));
    r.timeline.push_back({std::chrono::milliseconds(0), "last Twilio API error: " + w.last_api_error});
  }
  if (const auto* m = found(o)) {
    r.add_property("message_sid", m->sid);
    r.add_property("status", m->status);
    r.add_property("from", m->from);
    r.add_property("to", m->to);
    r.add_property("body", excerpt(m->body));
    r.add_property("found_by", w.found_by_sid ? "sid" : "token in list");
    if (m->error_code) {
      r.add_property("error_code", std::to_string(*m->error_code));
    }
  }
  if (!w.sid_note.empty()) {
    r.add_property("sid_ignored", w.sid_note);
    r.timeline.push_back({std::chrono::milliseconds(0), w.sid_note});
  }
  if (w.latency) {
    r.add_property("latency_ms", std::to_string(w.latency->count()));
    r.add_property("latency_poll_bound_ms", std::to_string(w.poll_bound.count()));
  }
  if (w.twilio_latency) {
    r.add_property("twilio_latency_s", std::to_string(w.twilio_latency->count()));
  }
}

namespace {

// Whether a message went out for a submission the site did not accept, as far as the watch saw.
std::string sent_anyway(const Observed& o) {
  if (const auto* m = found(o)) {
    return fmt::format("; yet a message was sent anyway ({} {})", m->sid, m->status);
  }
  if (o.watch != nullptr && o.watch->end == WatchResult::End::timed_out) {
    return "; no message reached staff either";
  }
  return {};
}

// The one line for a redirect formcheck did not follow, with what to change.
std::string unfollowed_redirect(const Submission& s) {
  const auto chain = s.describe_redirects();
  switch (s.redirect_stop) {
    case RedirectStop::loop:
      return fmt::format(
          "the site redirects the form in a loop: {} (fix the redirects, e.g. a trailing-slash rule "
          "against the route's own path)",
          chain);
    case RedirectStop::too_many:
      return fmt::format("the site redirected the form more than {} times: {}", kMaxRedirects, chain);
    case RedirectStop::other_origin:
      return fmt::format(
          "the site redirected the form to another origin: {} (not followed, as form.headers would go "
          "along: point the target's url at the final address)",
          chain);
    case RedirectStop::changes_method:
      return fmt::format(
          "the site answered the form's POST with HTTP {} to the route's own address: {} (a browser re-sends "
          "it there as a GET and the submission is lost: only 307/308 keep the POST; point form.path at the "
          "route's final address)",
          s.response.status, chain);
    case RedirectStop::none:
      break;
  }
  return {};
}

// A message that reached its status also proves it carries the submission's fields.
CaseResult delivered_with_fields(const std::string& reached, const Observed& o, const config::ExpectSettings& expect,
                                 const LabelRules& labels) {
  if (!expect.fields_in_message) {
    return make(Outcome::passed, reached + " (its fields not checked: expect.fields_in_message is false)");
  }
  const auto fields = judge_message_fields(*o.submission, *found(o), labels.overrides, labels.sent_as_template);
  auto r = fields.ok ? make(Outcome::passed, fmt::format("{}; {}", reached, fields.summary))
                     : make(Outcome::failed, fmt::format("{}, but {}", reached, fields.summary),
                            fields.detail + "labels " + fields.labels_note + "\nmessage body: " +
                                excerpt(found(o)->body, 1200));
  r.add_property("fields_checked", fields.fields);
  r.add_property("labels", fields.labels_note);
  return r;
}

}  // namespace

CaseResult check_accepted(const Observed& o) {
  const auto& s = *o.submission;
  if (s.cancelled()) {
    return make(Outcome::not_run, "interrupted while the site held the request open");
  }
  if (s.answer_timed_out()) {
    // The site has the submission and may act on it late: say whether it did, but a missing
    // answer is never a pass (and never the site's proven failure either).
    return make(
        Outcome::error,
        fmt::format("no answer within {:g} s (form.timeout_s) from POST {}{} (raise form.timeout_s if the "
                    "site is only slow)",
                    s.answer_timeout.count() / 1000.0, http::display_url(s.url), sent_anyway(o)),
        s.response.error->message);
  }
  if (s.response.error) {
    return make(Outcome::error, fmt::format("the site could not be reached: {}", s.response.error->message));
  }
  if (s.refusal && s.redirected_to_get()) {
    return make(Outcome::failed,
                fmt::format("the form's POST was redirected to a page that says it failed: {} ({}){}", *s.refusal,
                            s.describe_redirects(), sent_anyway(o)),
                "landing page: " + excerpt(s.response.body, 500));
  }
  if (s.refusal) {
    return make(Outcome::failed,
                fmt::format("the site answered HTTP {} but {}{} (set form.judge_body to false if the site "
                            "reports failures only by status)",
                            s.response.status, *s.refusal, sent_anyway(o)),
                "response body: " + excerpt(s.response.body, 500));
  }
  if (!s.accepted()) {
    if (const auto origin = target::origin_refusal(s.response, s.origin_sent, s.referer_sent)) {
      return make(Outcome::failed, *origin + sent_anyway(o), "response body: " + excerpt(s.response.body, 500));
    }
    const auto redirect = unfollowed_redirect(s);
    const auto after =
        s.redirects.empty() ? std::string() : fmt::format(" (after {})", s.describe_redirects());
    // A 301/302/303 to another path of the route (not a page) made the POST a GET it refuses.
    const std::string lost_post = s.redirected_to_get() && s.response.status == 405
                                      ? "; the redirect turned the form's POST into a GET, which the route refuses: "
                                        "the submission was lost (point form.path at the route's final address)"
                                      : "";
    return make(Outcome::failed,
                redirect.empty() ? fmt::format("the site answered {} instead of 2xx{}{}{}", site_answer(s), after,
                                               lost_post, sent_anyway(o))
                                 : redirect + sent_anyway(o),
                "response body: " + excerpt(s.response.body, 500));
  }
  if (s.redirected_to_get()) {
    return make(Outcome::passed,
                fmt::format("HTTP {} from the page the form's POST was redirected to (Post/Redirect/Get, followed "
                            "with a GET as a browser does): {}; {}",
                            s.response.status, s.describe_redirects(), s.landing_checked));
  }
  if (!s.redirects.empty()) {
    return make(Outcome::passed, fmt::format("HTTP {} after {} redirect(s): {}", s.response.status,
                                             s.redirects.size(), s.describe_redirects()));
  }
  if (s.response.body_cut()) {
    return make(Outcome::passed, fmt::format("HTTP {} (its body of {} bytes was cut to the first {} kept)",
                                             s.response.status, s.response.body_bytes, s.response.body.size()));
  }
  return make(Outcome::passed, fmt::format("HTTP {}", s.response.status));
}

CaseResult check_delivered(const Observed& o, const config::ExpectSettings& expect, const std::string& staff,
                           const LabelRules& labels) {
  if (o.watch == nullptr) {
    return no_message(o, "message");
  }
  const auto& w = *o.watch;
  const auto* m = found(o);
  switch (w.end) {
    case WatchResult::End::reached:
      if (m->to != staff) {
        return make(Outcome::failed, fmt::format("{} was {} to {}, not to staff ({})", m->sid, m->status, m->to, staff));
      }
      return delivered_with_fields(fmt::format("{} {} after {}", m->sid, m->status, seconds_text(*w.latency)), o,
                                   expect, labels);
    case WatchResult::End::final_failure: {
      const int code = m->error_code.value_or(0);
      // The rollback drill (the sandbox expected): the sandbox's own rules, e.g. re-joining.
      const bool drill = expect.sender == config::kSandboxNumber;
      return make(Outcome::failed,
                  fmt::format("{} ended '{}'{}", m->sid, m->status,
                              code != 0 ? fmt::format(" with error {}", drill ? twilio::explain_failure(code, m->from)
                                                                              : twilio::describe_error(code))
                                        : ""),
                  m->error_message.value_or(""));
    }
    case WatchResult::End::timed_out: {
      const auto waited = expect.latency_s + expect.grace_s;
      if (m != nullptr) {
        return make(Outcome::failed, fmt::format("{} still '{}' after {:.0f} s (expected '{}')", m->sid, m->status,
                                                 waited, expect.status));
      }
      if (w.misdirected) {
        return make(Outcome::failed, fmt::format("no message reached staff within {:.0f} s; the submission's message "
                                                 "{} went to {} instead of {}",
                                                 waited, w.misdirected->sid, w.misdirected->to, staff));
      }
      if (!o.submission->response.error && !o.submission->accepted()) {
        // Its wait ended at the first look: the site said no, so nothing was owed.
        return make(Outcome::failed, fmt::format("the site refused the submission ({}) and no message carrying {} "
                                                 "reached staff",
                                                 site_answer(*o.submission), o.submission->token));
      }
      if (w.log_silent_since && !o.submission->response.error) {
        // No searched sender sent staff anything since the submission: the likeliest cause is a
        // route that swallowed Twilio's error, so that comes first; list lag only as the caveat.
        return make(Outcome::failed,
                    fmt::format("no message carrying {} reached staff within {:.0f} s although the site answered {}, "
                                "and Twilio's log shows nothing sent to staff from the expected sender since the "
                                "submission: the site accepted the form but created no Twilio message (check the "
                                "route's error handling, e.g. a caught Twilio error answered as success, and the "
                                "site's logs){}",
                                o.submission->token, waited, o.submission->describe_response(),
                                !w.sid_note.empty() ? "; " + w.sid_note
                                : o.submission->sid ? std::string()
                                                    : "; only if the site did send is it Twilio's list lagging "
                                                      "behind (return the SID and set form.sid_pointer to rule "
                                                      "that out)"));
      }
      // Without a SID, Twilio's list was the only view, and the list can lag: the evidence is
      // the same as a dropped message, so the failure stands, but it says how to tell them apart.
      const std::string list_only =
          !w.sid_note.empty() ? "; " + w.sid_note
          : o.submission->sid
              ? std::string()
              : "; the answer carried no message SID, so only Twilio's message list was searched, "
                "which can lag behind by minutes (return the SID and set form.sid_pointer to let "
                "formcheck fetch it)";
      if (o.submission->response.error) {
        return make(Outcome::failed,
                    fmt::format("no message carrying {} reached staff within {:.0f} s, and the site "
                                "gave no answer ({}); without its SID only Twilio's message list was searched, "
                                "which can lag behind by minutes",
                                o.submission->token, waited, o.submission->describe_response()));
      }
      return make(
          Outcome::failed,
          fmt::format("no message carrying {} reached staff within {:.0f} s although the site answered {}{}",
                      o.submission->token, waited, o.submission->describe_response(), list_only));
    }
    case WatchResult::End::infrastructure:
      if (m != nullptr) {  // seen before Twilio failed: say how far it had got
        return make(Outcome::error, fmt::format("{} was last seen '{}', then Twilio could not be asked: {}",
                                                m->sid, m->status, w.last_api_error));
      }
      return make(Outcome::error, fmt::format("Twilio could not be asked: {}", w.last_api_error));
    case WatchResult::End::cancelled:
      return make(Outcome::not_run, "interrupted while waiting for the message");
  }
  return make(Outcome::error, "unknown watch result");
}

CaseResult check_latency(const Observed& o, const config::ExpectSettings& expect) {
  if (o.watch == nullptr || !o.watch->latency) {
    if (o.watch != nullptr && o.watch->end == WatchResult::End::timed_out && found(o) != nullptr) {
      return make(Outcome::failed, fmt::format("'{}' was not reached within {:.0f} s", expect.status,
                                               expect.latency_s + expect.grace_s));
    }
    return no_message(o, "delivery time");
  }
  const auto latency = *o.watch->latency;
  const auto budget = std::chrono::milliseconds(static_cast<long>(expect.latency_s * 1000));
  const auto bound = fmt::format("observed within {} of the event (poll interval)", seconds_text(o.watch->poll_bound));
  if (latency > budget) {
    const auto& w = *o.watch;
    const bool maybe_in_time = latency - w.poll_bound <= budget;
    if (w.twilio_latency && *w.twilio_latency > budget + std::chrono::seconds(1)) {
      // Even Twilio's own view (which leaves out the site's delay before calling it, and is
      // whole seconds: hence the second of slack) is late.
      return make(Outcome::failed, fmt::format("'{}' after {}, over the {:.0f} s budget; Twilio's own timestamps "
                                               "alone already span {} s",
                                               expect.status, seconds_text(latency), expect.latency_s,
                                               w.twilio_latency->count()));
    }
    if (w.api_errors > 0 && maybe_in_time) {
      // Twilio's API errors, not the site, kept formcheck from looking in time: its last good
      // look before the sighting came inside the budget. Twilio's timestamps cannot settle it
      // (they start when the site called Twilio, not at the submission): it stays unknown.
      return make(Outcome::error,
                  fmt::format("cannot tell whether '{}' came within {:.0f} s: Twilio API errors delayed observation to "
                              "{} (the last good look was {} earlier; {}){}",
                              expect.status, expect.latency_s, seconds_text(latency), seconds_text(w.poll_bound),
                              w.last_api_error,
                              w.twilio_latency ? fmt::format("; Twilio's timestamps span {} s, which leaves out the "
                                                             "site's own delay",
                                                             w.twilio_latency->count())
                                               : std::string()));
    }
    return make(Outcome::failed, fmt::format("'{}' after {}, over the {:.0f} s budget ({})", expect.status,
                                             seconds_text(latency), expect.latency_s, bound));
  }
  return make(Outcome::passed, fmt::format("'{}' after {} ≤ {:.0f} s ({})", expect.status, seconds_text(latency),
                                           expect.latency_s, bound));
}

CaseResult check_one_message(const Observed& o, const std::vector<twilio::Message>& messages) {
  if (messages.size() == 1) {
    return make(Outcome::passed, fmt::format("exactly one message ({})", messages.front().sid));
  }
  if (messages.empty()) {
    return no_message(o, "message count");
  }
  std::string sids;
  for (const auto& m : messages) {
    sids += (sids.empty() ? "" : ", ") + m.sid;
  }
  return make(Outcome::failed, fmt::format("{} messages for one submission: {}", messages.size(), sids));
}

CaseResult check_sender(const Observed& o, const config::ExpectSettings& expect) {
  const auto* m = found(o);
  if (m == nullptr) {
    if (o.watch != nullptr && o.watch->misdirected) {
      m = &*o.watch->misdirected;
    } else {
      return no_message(o, "sender");
    }
  }
  if (m->from != expect.sender) {
    return make(Outcome::failed, fmt::format("{} was sent from {}, expected {}", m->sid, m->from, expect.sender));
  }
  return make(Outcome::passed, fmt::format("{} from {}", m->sid, m->from));
}

CaseResult check_recipient(const Observed& o, const std::string& staff) {
  const auto* m = found(o);
  if (m == nullptr && o.watch != nullptr && o.watch->misdirected) {
    const auto& wrong = *o.watch->misdirected;
    return make(Outcome::failed, fmt::format("{} went to {}, not to staff ({})", wrong.sid, wrong.to, staff));
  }
  if (m == nullptr) {
    return no_message(o, "recipient");
  }
  if (m->to != staff) {
    return make(Outcome::failed, fmt::format("{} went to {}, not to staff ({})", m->sid, m->to, staff));
  }
  return make(Outcome::passed, fmt::format("{} to staff {}", m->sid, m->to));
}

CaseResult check_not_sandbox(const Observed& o, const config::ExpectSettings& expect) {
  if (!expect.forbid_sandbox) {
    return make(Outcome::skipped, "the sandbox sender is allowed here (expect.forbid_sandbox is false)");
  }
  const auto* m = found(o);
  if (m == nullptr && o.watch != nullptr && o.watch->misdirected) {
    m = &*o.watch->misdirected;
  }
  if (m == nullptr) {
    return no_message(o, "sender");
  }
  if (m->from == config::kSandboxNumber) {
    return make(Outcome::failed,
                fmt::format("{} was sent from the Twilio sandbox {}: set TWILIO_WHATSAPP_NUMBER to the production "
                            "WhatsApp sender and redeploy",
                            m->sid, m->from));
  }
  return make(Outcome::passed, fmt::format("{} not from the sandbox ({})", m->sid, m->from));
}

CaseResult check_passthrough(const Observed& o, const results::Payload& payload, const Fields& fields_submitted,
                             const std::string& token_field, const std::vector<std::string>& other_tokens,
                             bool sent_as_template, const LabelRules& labels) {
  const auto* m = found(o);
  if (m == nullptr) {
    if (o.watch == nullptr || o.watch->end == WatchResult::End::infrastructure) {
      return no_message(o, "body");  // the site or Twilio could not be asked: an error, not a defect
    }
    if (o.watch != nullptr && o.watch->end == WatchResult::End::cancelled) {
      return no_message(o, "body");
    }
    // Passthrough needs the body as evidence: without a message it cannot pass.
    return make(Outcome::failed, fmt::format("no message carrying {} reached staff, so no field passed through",
                                             o.submission->token));
  }
  auto trim = [](std::string v) {
    const auto b = v.find_first_not_of(" \t\r\n");
    const auto e = v.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : v.substr(b, e - b + 1);
  };
  std::vector<std::string> missing;
  std::string detail;
  PlacementInput input{m->body, {}, o.submission->fields_sent, labels.overrides, ValueMatch::exact};
  for (size_t i = 0; i < fields_submitted.size(); ++i) {
    const auto& [name, value] = fields_submitted[i];
    std::string wanted = payload.match == results::Payload::Match::trim ? trim(value) : value;
    if (!wanted.empty()) {
      input.wanted.push_back({name, i < labels.under.size() ? labels.under[i] : name, std::move(wanted)});
    }
  }
  const auto placement = place_values(input);
  for (size_t i = 0; i < input.wanted.size(); ++i) {
    const auto& [name, field, wanted] = input.wanted[i];
    const auto& placed = placement.values[i];
    if (placed.ok) {
      continue;
    }
    missing.push_back(placed.headline);
    if (m->body.find(wanted) == std::string::npos) {
      detail += fmt::format("field '{}' ({} bytes) not found verbatim{}; submitted: {}\n", name, wanted.size(),
                            name == token_field ? " (after the formcheck marker)" : "", excerpt(wanted, 200));
    }
    if (placed.labelled) {
      detail += placed.detail + "\n";
    }
  }
  for (const auto& other : other_tokens) {
    if (contains_token(m->body, other)) {
      missing.push_back("(leak)");
      detail += fmt::format("the body also carries another submission's token {}\n", other);
    }
  }
  if (!missing.empty()) {
    std::string names;
    for (const auto& n : missing) {
      names += (names.empty() ? "" : ", ") + n;
    }
    const auto hint = template_hint(m->body, sent_as_template);
    auto r = make(Outcome::failed,
                  fmt::format("{}: {} {}", m->sid, names,
                              hint.empty() ? "did not pass through intact" : "missing from the template's variables"),
                  detail + hint + "labels " + placement.labels_note() + "\nmessage body: " + excerpt(m->body, 1200));
    r.add_property("labels", placement.labels_note());
    return r;
  }
  auto r = make(Outcome::passed, fmt::format("{}: all {} fields intact, {}", m->sid, fields_submitted.size(),
                                             placement.how_found()));
  r.add_property("labels", placement.labels_note());
  return r;
}

CaseResult check_burst_accepted(const std::vector<Observed>& burst, double within_s) {
  size_t accepted = 0;
  std::string detail;
  for (const auto& o : burst) {
    accepted += o.submission->accepted() ? 1 : 0;
    detail += fmt::format("{}: {}\n", o.submission->token, o.submission->describe_response());
  }
  for (const auto& o : burst) {
    if (o.submission->response.error) {
      return make(Outcome::error, "the site could not be reached: " + o.submission->response.error->message, detail);
    }
  }
  if (accepted != burst.size()) {
    return make(Outcome::failed,
                fmt::format("{} of a legitimate burst of {} (within {:.0f} s) were refused", burst.size() - accepted,
                            burst.size(), within_s),
                detail);
  }
  return make(Outcome::passed, fmt::format("all {} accepted", burst.size()), detail);
}

CaseResult check_burst_delivered(const std::vector<Observed>& burst, const config::ExpectSettings& expect) {
  size_t reached = 0;
  std::string detail;
  for (const auto& o : burst) {
    const bool ok = o.watch != nullptr && o.watch->end == WatchResult::End::reached;
    reached += ok ? 1 : 0;
    detail += fmt::format("{}: {}\n", o.submission->token,
                          o.watch == nullptr ? std::string("not watched") : std::string(to_string(o.watch->end)));
    if (o.watch != nullptr && o.watch->end == WatchResult::End::infrastructure) {
      return make(Outcome::error, "Twilio could not be asked: " + o.watch->last_api_error, detail);
    }
    if (o.watch == nullptr && o.submission->response.error) {
      return make(Outcome::error, "the site could not be reached: " + o.submission->response.error->message, detail);
    }
  }
  if (reached != burst.size()) {
    return make(Outcome::failed,
                fmt::format("{} of {} burst messages did not reach '{}'", burst.size() - reached, burst.size(),
                            expect.status),
                detail);
  }
  return make(Outcome::passed, fmt::format("all {} reached '{}'", burst.size(), expect.status), detail);
}

CaseResult check_abuse_limited(const std::vector<Submission>& legit, const std::vector<Submission>& burst,
                               const config::RateLimitSettings& limit) {
  size_t accepted = 0;
  size_t limited = 0;
  std::string detail;
  // The legitimate burst's accepted submissions that fall in the same window as the abuse.
  size_t earlier = 0;
  const auto window = std::chrono::milliseconds(static_cast<long>(limit.window_s * 1000));
  for (const auto& s : legit) {
    const bool in_window = burst.empty() || burst.front().sent_at - s.sent_at < window;
    if (s.accepted() && in_window) {
      ++earlier;
      detail += fmt::format("{} (legitimate burst, same window): {}\n", s.token, s.describe_response());
    }
  }
  for (const auto& s : burst) {
    accepted += s.accepted() ? 1 : 0;
    limited += s.response.status == 429 ? 1 : 0;
    detail += fmt::format("{}: {}\n", s.token, s.describe_response());
  }
  for (const auto& s : burst) {
    if (s.response.error) {
      return make(Outcome::error, "the site could not be reached: " + s.response.error->message, detail);
    }
  }
  if (limited == 0) {
    const size_t in_window = accepted + earlier;
    return make(Outcome::failed,
                fmt::format("no 429 in a burst of {} (the site's limit is {} per {:.0f} s): {} accepted{}",
                            burst.size(), limit.max, limit.window_s, accepted,
                            in_window > static_cast<size_t>(limit.max)
                                ? fmt::format(" after {} of the legitimate burst in the same window: {} in all, more "
                                              "than the limit of {}",
                                              earlier, in_window, limit.max)
                                : std::string()),
                detail);
  }
  if (accepted + earlier > static_cast<size_t>(limit.max)) {
    return make(Outcome::failed,
                fmt::format("{} of the abusive burst accepted after {} of the legitimate burst in the same {:g} s "
                            "window: {} in all, more than the limit of {}",
                            accepted, earlier, limit.window_s, accepted + earlier, limit.max),
                detail);
  }
  return make(Outcome::passed,
              fmt::format("{} accepted ({} in the window with the legitimate burst, limit {}), {} answered 429",
                          accepted, accepted + earlier, limit.max, limited),
              detail);
}

CaseResult check_abuse_retry_after(const std::vector<Submission>& burst, const config::RateLimitSettings& limit) {
  size_t limited = 0;
  size_t with_header = 0;
  std::vector<std::string> problems;
  for (const auto& s : burst) {
    if (s.response.status == 429) {
      ++limited;
      const auto value = s.response.header("Retry-After");
      with_header += value ? 1 : 0;
      if (value) {
        const auto answered = s.sent_wall + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                                s.response.elapsed);
        if (auto problem = retry_after_problem(*value, limit.window_s, answered)) {
          problems.push_back(s.token + ": " + *problem);
        }
      }
    }
  }
  if (!problems.empty()) {
    std::string detail;
    for (const auto& p : problems) {
      detail += p + "\n";
    }
    return make(Outcome::failed,
                fmt::format("{} of {} 429 answers carry an unusable Retry-After: {}", problems.size(), limited,
                            problems.front().substr(problems.front().find(": ") + 2)),
                detail);
  }
  if (limited == 0) {
    return make(Outcome::skipped, "no 429 answers to inspect");
  }
  if (with_header == 0) {
    return make(Outcome::skipped, "the site sends no Retry-After with its 429 (optional, but helps clients)");
  }
  if (with_header < limited) {
    return make(Outcome::failed, fmt::format("only {} of {} 429 answers carry Retry-After", with_header, limited));
  }
  return make(Outcome::passed, fmt::format("all {} 429 answers carry Retry-After", limited));
}

CaseResult check_messages_match_accepted(const std::vector<Submission>& submissions,
                                         const std::map<std::string, std::vector<twilio::Message>>& by_token) {
  size_t accepted = 0;
  size_t messages = 0;
  std::string detail;
  bool mismatch = false;
  for (const auto& s : submissions) {
    const auto it = by_token.find(s.token);
    const size_t count = it == by_token.end() ? 0 : it->second.size();
    messages += count;
    accepted += s.accepted() ? 1 : 0;
    const size_t want = s.accepted() ? 1 : 0;
    if (count != want) {
      mismatch = true;
      detail += fmt::format("{}: {} → {} message(s), expected {}\n", s.token, s.describe_response(), count, want);
    }
  }
  if (mismatch) {
    return make(Outcome::failed,
                fmt::format("Twilio holds {} message(s) for {} accepted submissions of {}", messages, accepted,
                            submissions.size()),
                detail);
  }
  return make(Outcome::passed, fmt::format("{} messages for {} accepted of {} submissions; none for refused ones",
                                           messages, accepted, submissions.size()));
}

}  // namespace formcheck::checks
