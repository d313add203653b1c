#include "harness/run/plan.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "harness/checks/audit.hpp"
#include "harness/util/did_you_mean.hpp"
#include "harness/run/browser_plan.hpp"
#include "harness/util/secret.hpp"

namespace formcheck::run {

int Plan::messages() const {
  int total = 0;
  for (const auto& t : targets) {
    total += t.messages;
  }
  return total;
}

namespace {

int suite_messages(const results::Suite& suite, const config::TargetSettings& target) {
  switch (suite.kind) {
    case results::SuiteKind::delivery:
    case results::SuiteKind::sender:
    case results::SuiteKind::passthrough:
      return static_cast<int>(suite.cases.size());
    case results::SuiteKind::rate_limit:
      // The legitimate burst, plus at most the site's limit from the abusive one.
      return suite.legit_count + target.rate_limit.max;
    case results::SuiteKind::audit:
      return 0;  // reads configuration, Vercel and Twilio; sends nothing
  }
  return 0;
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
    PlannedTarget planned{*t, {}, 0, 0};
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
      planned.messages_per_attempt += suite_messages(*suite, *t);
      planned.suites.push_back(std::move(suite.value()));
    }
    // Retries send new submissions: the budget must hold when every attempt fails.
    planned.messages = planned.messages_per_attempt * (1 + plan.retries);
    // The rate-limit suite spends the site's window: it always runs last.
    std::stable_partition(planned.suites.begin(), planned.suites.end(),
                          [](const results::Suite& s) { return s.kind != results::SuiteKind::rate_limit; });
    plan.targets.push_back(std::move(planned));
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

std::vector<std::string> check_names(const results::Suite& suite) {
  std::vector<std::string> names;
  switch (suite.kind) {
    case results::SuiteKind::delivery:
      for (const auto& c : suite.cases) {
        for (const char* check : {"accepted", "delivered", "latency", "one-message"}) {
          names.push_back(c.name + "/" + check);
        }
        if (c.in_browser()) {
          names.push_back(c.name + "/guest-view");
        }
      }
      break;
    case results::SuiteKind::sender:
      for (const auto& c : suite.cases) {
        for (const char* check : {"expected-sender", "not-sandbox", "recipient-is-staff"}) {
          names.push_back(c.name + "/" + check);
        }
        if (c.in_browser()) {
          names.push_back(c.name + "/guest-view");
        }
      }
      break;
    case results::SuiteKind::passthrough:
      for (const auto& c : suite.cases) {
        names.push_back(c.name);
        if (c.in_browser()) {
          names.push_back(c.name + "/guest-view");
        }
      }
      break;
    case results::SuiteKind::rate_limit:
      names = {"legit-burst/accepted", "legit-burst/delivered", "abuse/limited", "abuse/retry-after",
               "abuse/messages-match-accepted"};
      break;
    case results::SuiteKind::audit:
      // Every scope's checks are a subset of scope "all" (used where no target is known).
      names = checks::audit::check_names(*checks::audit::scope_named("all"));
      break;
  }
  return names;
}

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
    out += fmt::format("  {} {}{} — up to {} message(s){}{}\n", t.target.name, t.target.url,
                       t.target.start ? " (started by formcheck)" : "", t.messages, per_attempt,
                       t.target.max_messages ? fmt::format(", budget {}", *t.target.max_messages) : "");
    for (const auto& s : t.suites) {
      out += fmt::format("    {:<12} {} check(s)\n", s.name, check_names(s, t.target).size());
    }
  }
  return redact(out);
}

}  // namespace formcheck::run
