#include "harness/browser/chromium_engine.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <regex>

#include "harness/browser/program_path.hpp"
#include "harness/browser/webdriver_session.hpp"

namespace formcheck::browser {
namespace {

constexpr const char* kPackages = "install the Debian packages: apt-get install chromium chromium-driver";

std::string full_version(const std::string& line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(line[i])) != 0 && (i == 0 || line[i - 1] == ' ')) {
      const auto end = line.find(' ', i);
      return line.substr(i, end == std::string::npos ? std::string::npos : end - i);
    }
  }
  return {};
}

}  // namespace

std::string major_version(const std::string& version_line) {
  const auto full = full_version(version_line);
  return full.substr(0, full.find('.'));
}

// FORMCHECK_CHROMEDRIVER names the driver when it is not the chromedriver on PATH (a driver
// kept beside an older Chromium, or a wrapper in front of it).
static Result<std::optional<std::filesystem::path>> chromedriver_path() {
  const char* chosen = std::getenv("FORMCHECK_CHROMEDRIVER");
  if (chosen == nullptr || *chosen == '\0') {
    return find_on_path("chromedriver");
  }
  if (auto found = find_first({chosen})) {
    return std::optional<std::filesystem::path>(*found);
  }
  return unexpected(fmt::format("FORMCHECK_CHROMEDRIVER={} is not an executable file: point it at a chromedriver, "
                                "or unset it to use the one on PATH",
                                chosen));
}

Result<ChromiumInstallation> find_chromium() {
  ChromiumInstallation found;
  const auto chromium = find_on_path("chromium");
  auto driver_path = chromedriver_path();
  if (!driver_path) {
    return unexpected(driver_path.error());
  }
  const auto& driver = *driver_path;
  if (!chromium || !driver) {
    return unexpected(fmt::format("--browser chromium needs {} on PATH, which is missing: {}",
                                  !chromium && !driver ? "chromium and chromedriver"
                                  : !chromium          ? "chromium"
                                                       : "chromedriver",
                                  kPackages));
  }
  found.chromium = *chromium;
  found.chromedriver = *driver;
  const auto browser_line = first_version_line(found.chromium);
  const auto driver_line = first_version_line(found.chromedriver);
  found.chromium_version = full_version(browser_line);
  found.driver_version = full_version(driver_line);
  const auto browser_major = major_version(browser_line);
  const auto driver_major = major_version(driver_line);
  if (browser_major.empty() || driver_major.empty()) {
    return unexpected(fmt::format("cannot read the versions of {} ('{}') and {} ('{}'): {}", found.chromium.string(),
                                  browser_line, found.chromedriver.string(), driver_line, kPackages));
  }
  if (browser_major != driver_major) {
    return unexpected(fmt::format(
        "chromium {} and chromedriver {} differ in their major version; chromedriver drives only its own "
        "major: upgrade both together (apt-get install chromium chromium-driver)",
        found.chromium_version, found.driver_version));
  }
  return found;
}

Result<std::unique_ptr<ChromiumEngine>> ChromiumEngine::start(const ChromiumInstallation& installation,
                                                              ChromiumOptions options) {
  process::LaunchSpec spec;
  spec.executable = installation.chromedriver;
  spec.args = {"--port=0"};
  auto child = process::ChildProcess::start(spec);
  if (!child) {
    return unexpected(fmt::format("cannot start {}: {}", installation.chromedriver.string(), child.error()));
  }
  static const std::regex started(R"(started successfully on port (\d+))");
  std::smatch match;
  const auto line = (*child)->wait_for_line(
      [](const process::OutputLine& l) { return std::regex_search(l.text, started); }, options.start_timeout);
  if (!line || !std::regex_search(*line, match, started)) {
    const auto output = (*child)->output_text();
    (*child)->stop(std::chrono::seconds(2));
    return unexpected(fmt::format("chromedriver did not start within {} ms: {}", options.start_timeout.count(),
                                  output.empty() ? std::string("no output") : output));
  }
  std::unique_ptr<ChromiumEngine> engine(new ChromiumEngine());
  engine->m_options = options;
  engine->m_driver = std::move(*child);
  engine->m_client = std::make_unique<WebDriverClient>("http://127.0.0.1:" + match[1].str());
  return engine;
}

ChromiumEngine::~ChromiumEngine() { shutdown(); }

std::string ChromiumEngine::driver_output() const { return m_driver ? m_driver->output_text() : std::string(); }

Result<std::unique_ptr<Session>> ChromiumEngine::open(const Device& device) {
  nlohmann::json args = {"--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--no-first-run", "--disable-extensions", "--hide-scrollbars"};
  for (const auto& extra : m_options.extra_args) {
    args.push_back(extra);
  }
  nlohmann::json chrome_options = {{"args", args}};
  nlohmann::json logs = {{"browser", "ALL"}};
  if (m_options.performance_log) {
    logs["performance"] = "ALL";
  }
  if (device.is_desktop()) {
    chrome_options["args"].push_back("--window-size=1280,800");
  } else {
    chrome_options["mobileEmulation"] = {{"deviceName", device.name}};
  }
  const nlohmann::json capabilities = {
      {"capabilities",
       {{"alwaysMatch",
         {{"browserName", "chrome"},
          {"goog:chromeOptions", chrome_options},
          {"goog:loggingPrefs", logs},
          {"timeouts", {{"pageLoad", m_options.page_load_timeout.count()}, {"script", 30000}}}}}}}};
  auto lock = m_latch.lock_open();
  if (!lock) {
    return unexpected(lock.error());
  }
  auto answer = m_client->call(http::Method::post, "/session", capabilities, std::chrono::seconds(60));
  if (!answer) {
    std::string why = answer.error();
    if (why.find("deviceName") != std::string::npos || why.find("device") != std::string::npos) {
      why += fmt::format(" (is '{}' one of Chromium's device names? e.g. \"Pixel 7\", \"iPhone 14 Pro Max\")",
                         device.name);
    }
    return unexpected(fmt::format("Chromium could not start a session for {}: {}", device.name, why));
  }
  const auto id = answer->value("sessionId", "");
  if (id.empty()) {
    return unexpected(std::string("chromedriver answered POST /session without a sessionId"));
  }
  return std::unique_ptr<Session>(new WebDriverSession(*m_client, id, "chromium", device));
}

void ChromiumEngine::shutdown() {
  m_latch.shut_down([this] {
    if (m_client) {
      // chromedriver removes its temporary profiles on /shutdown; the group kill below catches
      // any Chromium process left behind.
      (void)m_client->call(http::Method::get, "/shutdown", nullptr, std::chrono::seconds(3));
    }
    if (m_driver) {
      m_driver->stop(std::chrono::seconds(3));
    }
  });
}

}  // namespace formcheck::browser
