#include "harness/cli/demo_command.hpp"

#include <fmt/format.h>

#include <thread>

#include "harness/cli/command_error.hpp"
#include "harness/cli/self_path.hpp"
#include "harness/target/child_process.hpp"
#include "harness/twilio/client.hpp"
#include "harness/twilio/error_catalog.hpp"

namespace formcheck::cli {
namespace {

// The emulator's fixed demo account (fixtures/twilio-emulator/README.md). Not a secret of
// anyone's, but treated as one so the demo shows redaction at work.
constexpr const char* kDemoAccount = "AC0000000000000000000000000000d3m0";

struct DemoEmulator {
  std::unique_ptr<target::ChildProcess> process;
  std::string base_url;
};

DemoEmulator start_emulator(const std::string& sender, const std::string& token) {
  target::LaunchSpec spec;
  spec.executable = own_bin_dir() / "formcheck-twilio-emulator";
  spec.args = {"--port",        "0",   "--account-sid", kDemoAccount, "--auth-token", token, "--sender", sender,
               "--delivery-delay-ms", "1200"};
  auto started = target::ChildProcess::start(spec);
  if (!started) {
    throw CommandError(kInfrastructure, fmt::format("cannot start the Twilio emulator: {}", started.error()));
  }
  DemoEmulator emulator{std::move(started.value()), {}};
  static const std::string prefix = "listening http://127.0.0.1:";
  const auto line = emulator.process->wait_for_line(
      [](const target::OutputLine& l) { return l.text.rfind(prefix, 0) == 0; }, std::chrono::seconds(15));
  if (!line) {
    throw CommandError(kInfrastructure, fmt::format("the Twilio emulator did not start; it printed:\n{}",
                                                    emulator.process->output_text()));
  }
  emulator.base_url = line->substr(std::string("listening ").size());
  return emulator;
}

}  // namespace

int run_demo(const DemoOptions&) {
  const std::string sender = "whatsapp:+15557654321";
  const std::string staff = "whatsapp:+6281234567890";
  const Secret token("d3m0d3m0d3m0d3m0d3m0d3m0d3m0d3m0");

  fmt::print("formcheck demo: starting the bundled Twilio emulator…\n");
  auto emulator = start_emulator(sender, token.reveal());
  fmt::print("  emulator at {} (account {}, token {})\n", emulator.base_url, kDemoAccount,
             redact(token.reveal()));

  twilio::ClientOptions options;
  options.api_base = emulator.base_url;
  options.messaging_base = emulator.base_url;
  twilio::Client client(twilio::Credentials::auth_token(kDemoAccount, token), options);

  const std::string body =
      "New contact form submission\nName: Ayu Lestari\nEmail: ayu@example.com\nMessage:\nSelamat pagi! Is there "
      "space for 2 surfers next week? 🏄";
  auto created = client.create_message({.to = staff, .from = sender, .body = body});
  if (!created) {
    throw CommandError(kInfrastructure, created.error().describe());
  }
  fmt::print("  created {} from {} to {}: status {}\n", created->sid, created->from, created->to, created->status);

  // Poll by SID until a final status, as the harness's watcher does for one submission.
  const auto started = std::chrono::steady_clock::now();
  std::string last_status = created->status;
  twilio::Message latest = *created;
  while (!twilio::is_delivered_or_read(latest.status) && !twilio::is_final_failure(latest.status)) {
    if (std::chrono::steady_clock::now() - started > std::chrono::seconds(30)) {
      throw CommandError(kCheckFailed, fmt::format("{} still '{}' after 30 s", latest.sid, latest.status));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    auto fetched = client.fetch_message(created->sid);
    if (!fetched) {
      throw CommandError(kInfrastructure, fetched.error().describe());
    }
    latest = std::move(fetched.value());
    if (latest.status != last_status) {
      fmt::print("  {:>6.2f} s  {} → {}\n",
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), last_status,
                 latest.status);
      last_status = latest.status;
    }
  }
  if (twilio::is_final_failure(latest.status)) {
    fmt::print("  {} {}: {}\n", latest.sid, latest.status, twilio::describe_error(latest.error_code.value_or(0)));
    return kCheckFailed;
  }

  twilio::MessageQuery query;
  query.to = staff;
  query.date_sent = twilio::format_date(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
  auto listed = client.list_messages(query);
  if (!listed) {
    throw CommandError(kInfrastructure, listed.error().describe());
  }
  fmt::print("  list To={} DateSent={}: {} message(s)\n", staff, *query.date_sent, listed->size());
  for (const auto& m : *listed) {
    fmt::print("    {} {} → {} [{}] {} segment(s), created {}\n", m.sid, m.from, m.to, m.status, m.num_segments,
               m.date_created ? twilio::format_rfc2822(*m.date_created) : "?");
  }
  fmt::print("formcheck demo: the message reached '{}' in the emulator's log; {} Twilio API requests.\n",
             latest.status, client.requests_sent());
  emulator.process->stop();
  return kAllPassed;
}

}  // namespace formcheck::cli
