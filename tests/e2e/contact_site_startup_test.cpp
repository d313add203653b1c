// The contact site refuses to start on an ill-formed environment or flag (exit 2, one line
// naming the culprit, never the token), announces planted faults, and stops cleanly.
#include <signal.h>

#include "tests/e2e/contact_site_fixture.hpp"

namespace formcheck::testing::site_e2e {
namespace {

constexpr const char* kVariables[] = {"TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_NUMBER",
                                      "STAFF_WHATSAPP_NUMBER", "TWILIO_API_BASE"};

struct Refusal {
  process::ExitStatus status;
  std::vector<process::OutputLine> lines;

  std::vector<std::string> stream(process::OutputLine::Stream which) const {
    std::vector<std::string> out;
    for (const auto& line : lines) {
      if (line.stream == which) {
        out.push_back(line.text);
      }
    }
    return out;
  }
};

// Runs the site with exactly `env` (the test's own TWILIO_* variables removed) and waits for
// it to exit and close its output.
Refusal run_site(const std::map<std::string, std::string>& env, std::vector<std::string> args = {"--port", "0"}) {
  process::LaunchSpec spec;
  spec.executable = bin_path(kSite);
  spec.args = std::move(args);
  spec.env_overrides = env;
  for (const char* name : kVariables) {
    if (env.count(name) == 0) {
      spec.env_remove.emplace_back(name);
    }
  }
  auto started = process::ChildProcess::start(spec);
  EXPECT_TRUE(started) << (started ? "" : started.error());
  if (!started) {
    return {};
  }
  auto& process = *started.value();
  Refusal refusal;
  refusal.status = process.wait_exit(5s);
  if (!refusal.status.exited) {
    ADD_FAILURE() << "the site did not exit; it printed:\n" << process.output_text();
    return refusal;
  }
  (void)process.wait_for_line([](const process::OutputLine&) { return false; }, 2s);  // drain both pipes
  refusal.lines = process.output();
  return refusal;
}

struct BadEnv {
  const char* variable;
  const char* value;  // nullptr: unset
};

class contact_site_startup_refusal : public ::testing::TestWithParam<BadEnv> {};

TEST_P(contact_site_startup_refusal, ExitsWithCode2AndOneLineNamingTheVariable) {
  auto env = site_env("http://127.0.0.1:9");
  if (GetParam().value == nullptr) {
    env.erase(GetParam().variable);
  } else {
    env[GetParam().variable] = GetParam().value;
  }
  const auto refusal = run_site(env);
  EXPECT_EQ(refusal.status.code, 2);
  EXPECT_TRUE(refusal.stream(process::OutputLine::Stream::out).empty()) << "no listening line";
  const auto errors = refusal.stream(process::OutputLine::Stream::err);
  ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(errors);
  const auto& line = errors[0];
  EXPECT_EQ(line.rfind("formcheck-contact-site: error: ", 0), 0u) << line;
  EXPECT_NE(line.find(GetParam().variable), std::string::npos) << line;
  if (GetParam().value != nullptr && std::string_view(GetParam().variable) != "TWILIO_AUTH_TOKEN") {
    EXPECT_NE(line.find(GetParam().value), std::string::npos) << "the bad value is shown: " << line;
  }
  EXPECT_EQ(line.find(kAuthToken), std::string::npos) << line;
  EXPECT_EQ(line.find(kRedacted), std::string::npos) << line;
  if (std::string_view(GetParam().variable).find("WHATSAPP") != std::string_view::npos) {
    EXPECT_NE(line.find("expected e.g. whatsapp:+"), std::string::npos) << line;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Environment, contact_site_startup_refusal,
    ::testing::Values(BadEnv{"TWILIO_WHATSAPP_NUMBER", "whatsapp:+1 234-567-8900"},
                      BadEnv{"TWILIO_WHATSAPP_NUMBER", "+1234567890"},
                      BadEnv{"TWILIO_WHATSAPP_NUMBER", "whatsapp:1234567890"},
                      BadEnv{"TWILIO_WHATSAPP_NUMBER", nullptr},
                      BadEnv{"STAFF_WHATSAPP_NUMBER", "whatsapp:+62 812-3456-7890"},
                      BadEnv{"STAFF_WHATSAPP_NUMBER", "+6281234567890"},
                      BadEnv{"STAFF_WHATSAPP_NUMBER", "whatsapp:6281234567890"},
                      BadEnv{"STAFF_WHATSAPP_NUMBER", nullptr},
                      BadEnv{"TWILIO_ACCOUNT_SID", "not-a-sid"},
                      BadEnv{"TWILIO_ACCOUNT_SID", nullptr},
                      BadEnv{"TWILIO_AUTH_TOKEN", nullptr},
                      BadEnv{"TWILIO_AUTH_TOKEN", "c0ffeec0ffeec0ffeec0ffeec0ffee42 "},
                      BadEnv{"TWILIO_API_BASE", "api.twilio.com"}));

TEST(contact_site_startup, AnUnknownFaultIsAOneLineUsageError) {
  const auto refusal = run_site(site_env("http://127.0.0.1:9"), {"--port", "0", "--fault", "explode"});
  EXPECT_EQ(refusal.status.code, 2);
  const auto errors = refusal.stream(process::OutputLine::Stream::err);
  ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(errors);
  EXPECT_NE(errors[0].find("unknown --fault 'explode'"), std::string::npos) << errors[0];
}

TEST(contact_site_startup, AnIllFormedFaultValueOrRateLimitIsAUsageError) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--fault", "truncate=many"},
                                                                 {"--fault", "drop-field=address"},
                                                                 {"--rate-limit", "5"},
                                                                 {"--port", "http"}}) {
    auto full = args;
    full.insert(full.begin(), {"--port", "0"});
    const auto refusal = run_site(site_env("http://127.0.0.1:9"), full);
    EXPECT_EQ(refusal.status.code, 2) << args[1];
    EXPECT_EQ(refusal.stream(process::OutputLine::Stream::err).size(), 1u) << args[1];
  }
}

TEST(contact_site_startup, AnnouncesPlantedFaultsAndStopsCleanlyOnSigterm) {
  auto site = StandIn::start(kSite, {"--port", "0", "--fault", "duplicate", "--fault", "truncate=80"},
                             site_env("http://127.0.0.1:9"));
  ASSERT_NE(site, nullptr);
  const auto output = site->process().output();
  std::vector<std::string> out_lines;
  for (const auto& line : output) {
    if (line.stream == process::OutputLine::Stream::out) {
      out_lines.push_back(line.text);
    }
  }
  EXPECT_EQ(out_lines, std::vector<std::string>{"listening " + site->base_url()});
  // stderr is its own pipe: its lines may be read after the listening line.
  for (const std::string wanted : {"fault planted: duplicate", "fault planted: truncate=80"}) {
    EXPECT_TRUE(site->process().wait_for_line(
        [&](const process::OutputLine& line) {
          return line.stream == process::OutputLine::Stream::err && line.text.find(wanted) != std::string::npos;
        },
        2s))
        << wanted << "\n"
        << site->process().output_text();
  }
  const auto stopped = site->process().stop(5s);
  EXPECT_FALSE(stopped.killed);
  EXPECT_EQ(stopped.status.code, 0);
  EXPECT_EQ(stopped.status.signal, 0);
}

TEST(contact_site_startup, StopsCleanlyOnSigintToo) {
  auto site = StandIn::start(kSite, {"--port", "0"}, site_env("http://127.0.0.1:9"));
  ASSERT_NE(site, nullptr);
  ::kill(site->process().pid(), SIGINT);
  const auto status = site->process().wait_exit(5s);
  EXPECT_TRUE(status.exited);
  EXPECT_EQ(status.code, 0);
}

}  // namespace
}  // namespace formcheck::testing::site_e2e
