#include "harness/run/plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "harness/checks/audit.hpp"
#include "harness/checks/catalogue.hpp"
#include "harness/checks/window_probe.hpp"
#include "harness/util/did_you_mean.hpp"
#include "harness/run/browser_plan.hpp"
#include "harness/run/nothing_to_check.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::run {

int PlannedTarget::healthy_messages() const {
  int total = 0;
  for (const auto& m : per_suite) {
    total += m.healthy;
  }
  return total;
}

int rate_limit_submissions(const results::Suite& suite, const config::TargetSettings& target) {
  return std::max(target.rate_limit.max + suite.abuse_extra, suite.legit_count + 1);
}

std::optional<SharedCase> sender_sharing(const std::vector<const results::Suite*>& suites,
                                         const results::Suite& delivery, size_t i) {
  const results::Suite* first_delivery = nullptr;
  const results::Suite* first_sender = nullptr;
  for (const auto* s : suites) {
    if (s->kind == results::SuiteKind::delivery && first_delivery == nullptr) {
      first_delivery = s;
    }
    if (s->kind == results::SuiteKind::sender && first_sender == nullptr) {
      first_sender = s;
    }
  }
  if (first_delivery != &delivery || first_sender == nullptr || i >= delivery.cases.size() ||
      i >= first_sender->cases.size()) {
    return std::nullopt;
  }
  const auto& d = delivery.cases[i];
  const auto& s = first_sender->cases[i];
  // Through the API, or through the page of the same engine and device.
  if (d.engine != s.engine || d.device != s.device || d.fields != s.fields) {
    return std::nullopt;
  }
  return SharedCase{first_sender, i};
}

bool judged_from_delivery(const std::vector<const results::Suite*>& suites, const results::Suite& sender,
                          size_t i) {
  for (const auto* s : suites) {
    if (s->kind == results::SuiteKind::delivery) {
      const auto shared = sender_sharing(suites, *s, i);
      return shared && shared->suite == &sender;
    }
  }
  return false;
}

std::vector<checks::Pack> passthrough_packs(const results::Suite& suite, const config::FormSettings& form) {
  return checks::pack_payloads(suite.cases, form.fields, checks::pack_limits(form));
}

int Plan::messages() const {
  int total = 0;
  for (const auto& t : targets) {
    total += t.messages;
  }
  return total;
}

namespace {

// Messages from one run of `suite` among the target's `suites` (one attempt of all of them).
SuiteMessages suite_messages(const results::Suite& suite, const std::vector<const results::Suite*>& suites,
                             const config::TargetSettings& target, const config::FormSettings* form) {
  SuiteMessages m;
  switch (suite.kind) {
    case results::SuiteKind::delivery:
      m.submissions = static_cast<int>(suite.cases.size());
      m.healthy = m.most = m.submissions;
      break;
    case results::SuiteKind::passthrough: {
      // Packed: a site that refuses a pack gets each of its payloads alone (most).
      const auto packs = form != nullptr ? passthrough_packs(suite, *form) : std::vector<checks::Pack>{};
      m.most = static_cast<int>(suite.cases.size());
      m.submissions = m.healthy = packs.empty() ? m.most : static_cast<int>(packs.size());
      break;
    }
    case results::SuiteKind::sender:
      for (size_t i = 0; i < suite.cases.size(); ++i) {
        m.submissions += judged_from_delivery(suites, suite, i) ? 0 : 1;
      }
      m.healthy = m.most = m.submissions;
      break;
    case results::SuiteKind::rate_limit:
      // One burst in a fresh window: the site's limit plus `extra`. A healthy site sends a
      // message for the first `max` only; one without a limiter for every submission.
      m.submissions = rate_limit_submissions(suite, target);
      m.healthy = std::min(m.submissions, target.rate_limit.max);
      // Then one window probe, refused by a healthy site (checks/window_probe).
      m.submissions += checks::window_probe_after_s(target.rate_limit) > 0 ? 1 : 0;
      m.most = m.submissions;
      break;
    case results::SuiteKind::audit:
      break;  // reads configuration, Vercel and Twilio; sends nothing
  }
  return m;
}

}  // namespace

std::vector<const results::Suite*> PlannedTarget::all_suites() const {
  std::vector<const results::Suite*> all;
  for (const auto& s : suites) {
    all.push_back(&s);
  }
  return all;
}

void count_messages(PlannedTarget& planned, const config::FormSettings* form) {
  const auto all = planned.all_suites();
  planned.per_suite.clear();
  planned.messages_per_attempt = 0;
  for (const auto& s : planned.suites) {
    planned.per_suite.push_back(suite_messages(s, all, planned.target, form));
    planned.messages_per_attempt += planned.per_suite.back().most;
  }
}

namespace {

// ", 1 submission, 1 message" and what shares a submission, for describe_plan.
std::string suite_traffic(const results::Suite& suite, const SuiteMessages& m,
                          const std::vector<const results::Suite*>& all) {
  if (suite.kind == results::SuiteKind::audit) {
    return ", sends nothing";
  }
  std::string out = fmt::format(", {} submission(s), {} message(s)", m.submissions, m.healthy);
  if (m.most > m.healthy) {
    out += suite.kind == results::SuiteKind::passthrough
               ? fmt::format(" for {} payload(s) (up to {} where the site refuses a pack: each payload then "
                             "goes alone)",
                             suite.cases.size(), m.most)
               : fmt::format(" (up to {} from a site that does not limit)", m.most);
  }
  std::string shared;
  for (size_t i = 0; i < suite.cases.size(); ++i) {
    if (suite.kind == results::SuiteKind::sender && judged_from_delivery(all, suite, i)) {
      shared += (shared.empty() ? "" : ", ") + suite.cases[i].name;
    }
  }
  if (!shared.empty()) {
    out += fmt::format("; {} judged from the delivery submission", shared);
  }
  return out;
}

}  // namespace

Expected<Plan, config::Problems> make_plan(const config::Config& config, const PlanRequest& request,
                                           std::string run_id) {
  config::Problems problems = check_browser_flags(request.browsers, request.devices, config_has_engines(config));
  Plan plan;
  plan.run_id = std::move(run_id);
  plan.retries = request.retries.value_or(config.retries);
  plan.config_dir = config.base_dir;
  std::vector<const config::TargetSettings*> chosen;
  const bool all = request.targets.empty() ||
                   std::find(request.targets.begin(), request.targets.end(), "all") != request.targets.end();
  if (all) {
    for (const auto& t : config.targets) {
      chosen.push_back(&t);
    }
  } else {
    for (const auto& name : request.targets) {
      if (const auto* t = config.find_target(name)) {
        chosen.push_back(t);
      } else {
        std::string names;
        std::vector<std::string> known;
        for (const auto& t2 : config.targets) {
          names += (names.empty() ? "" : ", ") + t2.name;
          known.push_back(t2.name);
        }
        const auto typo = closest_name(name, known);
        problems.push_back({"--target", name, "is not a target of the configuration",
                            typo ? fmt::format("did you mean '{}'? (targets: {}, all)", *typo, names)
                                 : "use one of: " + names + ", all"});
      }
    }
  }
  for (const auto* t : chosen) {
    PlannedTarget planned{*t, {}, 0, 0, {}};
    const auto& names = !request.suites.empty() ? request.suites : (!t->suites.empty() ? t->suites : config.suites);
    for (const auto& name : names) {
      auto suite = results::load_suite(config.suites_dir, name);
      if (!suite) {
        problems.insert(problems.end(), suite.error().begin(), suite.error().end());
        continue;
      }
      if (suite->kind == results::SuiteKind::rate_limit && suite->legit_count > t->rate_limit.max) {
        problems.push_back({suite->file.string(), "legit_burst.count",
                            fmt::format("a burst of {} cannot pass target '{}' whose rate_limit.max is {}",
                                        suite->legit_count, t->name, t->rate_limit.max),
                            "lower the burst or set the target's rate_limit to the site's real limit"});
        continue;
      }
      expand_for_browsers(*suite, browser_choice(config, *t, request.browsers, request.devices));
      planned.suites.push_back(std::move(suite.value()));
    }
    // The rate-limit suite spends the site's window: it always runs last.
    std::stable_partition(planned.suites.begin(), planned.suites.end(),
                          [](const results::Suite& s) { return s.kind != results::SuiteKind::rate_limit; });
    count_messages(planned, config.form ? &*config.form : nullptr);
    // Retries send new submissions: the budget must hold when every attempt fails. A retry
    // re-runs only failed suites, and no subset of suites sends more than all of them (a
    // sender case shares a submission only with a delivery case run beside it).
    planned.messages = planned.messages_per_attempt * (1 + plan.retries);
    plan.targets.push_back(std::move(planned));
  }
  if (problems.empty()) {
    problems = nothing_to_check(plan, config, !request.suites.empty());
  }
  if (!problems.empty()) {
    return unexpected(std::move(problems));
  }
  return plan;
}

config::Problems check_budgets(const Plan& plan) {
  config::Problems problems;
  for (const auto& t : plan.targets) {
    if (t.target.max_messages && t.messages > *t.target.max_messages) {
      std::string per_suite;
      for (const auto& s : t.suites) {
        per_suite += fmt::format("{}{}", per_suite.empty() ? "" : ", ", s.name);
      }
      const int budget = *t.target.max_messages;
      if (plan.retries > 0) {
        per_suite += fmt::format("; {} per attempt × {} attempts with {} retr{}", t.messages_per_attempt,
                                 1 + plan.retries, plan.retries, plan.retries == 1 ? "y" : "ies");
      }
      std::string fix = fmt::format(
          "run fewer suites there (e.g. --target {} --suite delivery --suite sender) or raise targets.{}.max_messages",
          t.target.name, t.target.name);
      if (plan.retries > 0 && t.messages_per_attempt <= budget) {
        // One attempt fits: say how many retries do (each retry re-sends a failed suite's messages).
        const int fitting = t.messages_per_attempt > 0 ? budget / t.messages_per_attempt - 1 : plan.retries;
        fix = fmt::format("lower the retries to {} (--retries {}; each retry re-sends the failed suite's messages), "
                          "{}",
                          fitting, fitting, fix);
      }
      problems.push_back({"plan", fmt::format("targets.{}", t.target.name),
                          fmt::format("would send up to {} messages ({}) but its max_messages is {}", t.messages,
                                      per_suite, budget),
                          fix});
    }
  }
  return problems;
}

std::vector<std::string> check_names(const results::Suite& suite) { return checks::planned_names(suite); }

std::vector<std::string> check_names(const results::Suite& suite, const config::TargetSettings& target) {
  if (suite.kind == results::SuiteKind::audit) {
    return checks::audit::check_names(checks::audit::scope_for_target(target));
  }
  return check_names(suite);
}

std::string report_path(const std::filesystem::path& file, const std::filesystem::path& config_dir) {
  if (file.empty()) {
    return {};
  }
  std::error_code ec;
  const auto absolute_file = std::filesystem::weakly_canonical(std::filesystem::absolute(file), ec);
  const auto absolute_dir = std::filesystem::weakly_canonical(std::filesystem::absolute(config_dir), ec);
  if (ec) {
    return {};
  }
  const auto relative = absolute_file.lexically_relative(absolute_dir);
  if (relative.empty() || *relative.begin() == "..") {
    return {};  // outside the site's repository, e.g. a built-in suite in formcheck's own tree
  }
  return relative.generic_string();
}

void register_cases(const Plan& plan, results::ResultBook& book) {
  for (const auto& t : plan.targets) {
    for (const auto& s : t.suites) {
      for (const auto& name : check_names(s, t.target)) {
        results::CaseResult c;
        c.suite = s.name;
        c.target = t.target.name;
        c.name = name;
        c.file = report_path(s.file, plan.config_dir);
        c.message = "not run";
        book.plan(std::move(c));
      }
    }
  }
}

std::string describe_plan(const Plan& plan, const config::Config& config) {
  // Printed as is by validate, --dry-run and the budget refusal: a target URL may carry
  // user-info (https://user:${SECRET}@host), so the text is redacted here, once.
  std::string out = fmt::format("plan {}: {} target(s), up to {} WhatsApp message(s) to {}\n", plan.run_id,
                                plan.targets.size(), plan.messages(), config.twilio.staff);
  if (plan.retries > 0) {
    out += fmt::format(
        "  retries: {} — a suite with a failed check is re-run up to {} more time(s) on its target (new "
        "submissions); the counts below assume every attempt fails\n",
        plan.retries, plan.retries);
  }
  for (const auto& t : plan.targets) {
    const std::string per_attempt =
        plan.retries > 0 ? fmt::format(" ({} per attempt × {} attempts)", t.messages_per_attempt, 1 + plan.retries)
                         : std::string();
    out += fmt::format("  {} {}{} — up to {} message(s){}{}; a healthy site sends {}\n", t.target.name, t.target.url,
                       t.target.start ? " (started by formcheck)" : "", t.messages, per_attempt,
                       t.target.max_messages ? fmt::format(", budget {}", *t.target.max_messages) : "",
                       t.healthy_messages());
    const auto all = t.all_suites();
    for (size_t i = 0; i < t.suites.size(); ++i) {
      out += fmt::format("    {:<12} {} check(s){}\n", t.suites[i].name, check_names(t.suites[i], t.target).size(),
                         i < t.per_suite.size() ? suite_traffic(t.suites[i], t.per_suite[i], all) : "");
    }
  }
  return redact(out);
}

}  // namespace formcheck::run
