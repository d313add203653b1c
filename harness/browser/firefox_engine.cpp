#include "harness/browser/firefox_engine.hpp"

#include <stdlib.h>

#include <fmt/format.h>

#include <regex>

#include "harness/browser/device_profiles.hpp"
#include "harness/browser/firefox_session.hpp"
#include "harness/browser/program_path.hpp"

namespace formcheck::browser {
namespace {

// Runs Firefox ("$@") and removes its profile ($1) when it ends, also when the group gets
// SIGTERM (the shell waits for Firefox, which got the same signal, then runs its traps).
constexpr const char* kWrapper = R"(profile=$1; shift
trap 'rm -rf "$profile"' EXIT
trap 'exit 143' TERM INT HUP
"$@")";

Result<std::filesystem::path> new_profile() {
  std::string pattern = (std::filesystem::temp_directory_path() / "formcheck-firefox-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return unexpected(fmt::format("cannot create a Firefox profile folder like {}", pattern));
  }
  return std::filesystem::path(pattern);
}

}  // namespace

Result<FirefoxInstallation> find_firefox() {
  auto firefox = find_on_path("firefox-esr");
  if (!firefox) {
    firefox = find_on_path("firefox");
  }
  if (!firefox) {
    return unexpected(std::string(
        "--browser firefox needs firefox-esr on PATH, which is missing: install the Debian package: apt-get install "
        "firefox-esr"));
  }
  return FirefoxInstallation{*firefox, first_version_line(*firefox)};
}

Result<std::unique_ptr<FirefoxEngine>> FirefoxEngine::start(const FirefoxInstallation& installation,
                                                            FirefoxOptions options) {
  std::unique_ptr<FirefoxEngine> engine(new FirefoxEngine());
  engine->m_installation = installation;
  engine->m_options = options;
  return engine;
}

Result<std::unique_ptr<Session>> FirefoxEngine::open(const Device& device) {
  auto start = begin_session(m_latch, device, "Firefox");
  if (!start) {
    return unexpected(start.error());
  }
  const auto& phone = start->phone;
  auto profile = new_profile();
  if (!profile) {
    return unexpected(profile.error());
  }
  process::LaunchSpec spec;
  spec.executable = "/bin/sh";
  spec.args = {"-c",
               kWrapper,
               "formcheck-firefox",
               profile->string(),
               m_installation.firefox.string(),
               "--headless",
               "--no-remote",
               "--profile",
               profile->string(),
               "--remote-debugging-port=0",
               "--width=1280",
               "--height=800"};
  spec.env_overrides["MOZ_CRASHREPORTER_DISABLE"] = "1";
  auto firefox = process::ChildProcess::start(spec);
  if (!firefox) {
    std::error_code ignored;
    std::filesystem::remove_all(*profile, ignored);
    return unexpected(fmt::format("cannot start {}: {}", m_installation.firefox.string(), firefox.error()));
  }
  auto fail = [&](const std::string& why) -> Result<std::unique_ptr<Session>> {
    const auto output = (*firefox)->output_text();
    (*firefox)->stop(std::chrono::seconds(5));
    std::error_code ignored;
    std::filesystem::remove_all(*profile, ignored);
    return unexpected(fmt::format("Firefox could not start a session: {}{}", why,
                                  output.empty() ? std::string() : " (Firefox: " + output + ")"));
  };
  static const std::regex listening(R"(WebDriver BiDi listening on ws://127\.0\.0\.1:(\d+))");
  std::smatch match;
  const auto line = (*firefox)->wait_for_line(
      [](const process::OutputLine& l) { return std::regex_search(l.text, listening); }, m_options.start_timeout);
  if (!line || !std::regex_search(*line, match, listening)) {
    return fail(fmt::format("no WebDriver BiDi port within {} s", m_options.start_timeout.count() / 1000));
  }
  const auto deadline = std::chrono::steady_clock::now() + m_options.start_timeout;
  auto left = [&] {
    return std::max(std::chrono::milliseconds(1), std::chrono::duration_cast<std::chrono::milliseconds>(
                                                      deadline - std::chrono::steady_clock::now()));
  };
  auto client = BiDiClient::connect(std::stoi(match[1].str()), "/session", left());
  if (!client) {
    return fail(client.error());
  }
  auto& bidi = **client;
  if (auto created = bidi.call("session.new", {{"capabilities", {{"alwaysMatch", {{"acceptInsecureCerts", true}}}}}},
                               left());
      !created) {
    return fail(created.error());
  }
  if (auto subscribed = bidi.call("session.subscribe", {{"events", {"log.entryAdded"}}}, left()); !subscribed) {
    return fail(subscribed.error());
  }
  auto tree = bidi.call("browsingContext.getTree", nlohmann::json::object(), left());
  if (!tree || !tree->contains("contexts") || tree->at("contexts").empty()) {
    return fail(tree ? std::string("it has no browsing context") : tree.error());
  }
  const auto context = tree->at("contexts").at(0).value("context", "");
  auto session = std::make_unique<FirefoxSession>(std::move(*firefox), *profile, std::move(*client), context, device,
                                                  m_options.page_load_timeout);
  if (phone) {
    if (auto emulated = session->emulate(phone->width, phone->height, phone->pixel_ratio, phone->user_agent, phone->name);
        !emulated) {
      return unexpected("Firefox could not emulate " + phone->name + ": " + emulated.error());
    }
  }
  return std::unique_ptr<Session>(std::move(session));
}

// Each session owns its Firefox and ends it: the engine has nothing else to stop.
void FirefoxEngine::shutdown() {
  m_latch.shut_down([] {});
}

}  // namespace formcheck::browser
