#include "harness/browser/webkit_engine.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

#include "harness/browser/device_profiles.hpp"
#include "harness/browser/program_path.hpp"
#include "harness/browser/webkit_session.hpp"

namespace formcheck::browser {
namespace {

constexpr const char* kPackages = "apt-get install webkit2gtk-driver xvfb";
constexpr int kDesktopWidth = 1280;
constexpr int kDesktopHeight = 800;
// MiniBrowser's window cannot be narrower than this (its toolbar); a phone's page is laid out
// at this width instead of the phone's.
constexpr int kMinimumWidth = 447;

// A TCP port free on 127.0.0.1 right now (WebKitWebDriver --port=0 works but never says which
// port it took). 0 when none could be had.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return 0;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace

Result<WebKitInstallation> find_webkit() {
  WebKitInstallation found;
  const auto driver = find_on_path("WebKitWebDriver");
  const auto minibrowser = find_first({"/usr/lib/*/webkit2gtk-4.1/MiniBrowser", "/usr/lib/*/webkit2gtk-4.0/MiniBrowser",
                                       "/usr/libexec/webkit2gtk-4.1/MiniBrowser"});
  if (!driver || !minibrowser) {
    return unexpected(fmt::format("--browser webkit needs {}, which is missing: install the Debian packages: {}",
                                  !driver ? "WebKitWebDriver (package webkit2gtk-driver) on PATH"
                                          : "MiniBrowser (package webkit2gtk-driver)",
                                  kPackages));
  }
  found.driver = *driver;
  found.minibrowser = *minibrowser;
  if (const auto xvfb = find_on_path("Xvfb")) {
    found.xvfb = *xvfb;
    return found;
  }
  const char* display = std::getenv("DISPLAY");
  if (display == nullptr || *display == '\0') {
    return unexpected(fmt::format(
        "--browser webkit needs an X display (MiniBrowser cannot run headless): there is no Xvfb on PATH and no "
        "DISPLAY; install the Debian package xvfb ({})",
        kPackages));
  }
  found.display = display;
  return found;
}

Result<std::unique_ptr<WebKitEngine>> WebKitEngine::start(const WebKitInstallation& installation,
                                                          WebKitOptions options) {
  std::unique_ptr<WebKitEngine> engine(new WebKitEngine());
  engine->m_installation = installation;
  engine->m_options = options;
  engine->m_display = installation.display;
  if (!installation.xvfb.empty()) {
    auto xvfb = XvfbDisplay::start(installation.xvfb);
    if (!xvfb) {
      return unexpected(xvfb.error());
    }
    engine->m_display = (*xvfb)->display();
    engine->m_xvfb = std::move(*xvfb);
  }
  return engine;
}

WebKitEngine::~WebKitEngine() { shutdown(); }

Result<std::unique_ptr<Session>> WebKitEngine::open(const Device& device) {
  auto start = begin_session(m_latch, device, "WebKit");
  if (!start) {
    return unexpected(start.error());
  }
  const auto& phone = start->phone;
  const int port = free_port();
  if (port == 0) {
    return unexpected(std::string("no free TCP port on 127.0.0.1 for WebKitWebDriver"));
  }
  process::LaunchSpec spec;
  spec.executable = m_installation.driver;
  spec.args = {fmt::format("--port={}", port)};
  spec.env_overrides["DISPLAY"] = m_display;
  auto driver = process::ChildProcess::start(spec);
  if (!driver) {
    return unexpected(fmt::format("cannot start {}: {}", m_installation.driver.string(), driver.error()));
  }
  auto client = std::make_unique<WebDriverClient>(fmt::format("http://127.0.0.1:{}", port));
  nlohmann::json args = {"--automation"};
  if (phone) {
    args.push_back("--user-agent=" + phone->user_agent);
  }
  const nlohmann::json capabilities = {
      {"capabilities",
       {{"alwaysMatch",
         {{"acceptInsecureCerts", true},
          {"webkitgtk:browserOptions", {{"binary", m_installation.minibrowser.string()}, {"args", args}}},
          {"timeouts", {{"pageLoad", m_options.page_load_timeout.count()}, {"script", 30000}}}}}}}};
  // The driver listens a moment after it starts; without a working display MiniBrowser dies and
  // the request never answers, hence the deadline.
  const auto deadline = std::chrono::steady_clock::now() + m_options.start_timeout;
  Result<nlohmann::json> answer = unexpected(std::string("not tried"));
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    answer = client->call(http::Method::post, "/session", capabilities, std::max(left, std::chrono::milliseconds(1)));
    const bool refused = !answer && answer.error().find("onnect") != std::string::npos;
    if (!refused || std::chrono::steady_clock::now() >= deadline || (*driver)->poll_exit().exited) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const auto id = answer ? answer->value("sessionId", "") : std::string();
  if (id.empty()) {
    const auto output = (*driver)->output_text();
    (*driver)->stop(std::chrono::seconds(3));
    return unexpected(fmt::format("WebKit could not start a session within {} s on display {}: {}{}",
                                  m_options.start_timeout.count() / 1000, m_display,
                                  answer ? std::string("no sessionId in the answer") : answer.error(),
                                  output.empty() ? std::string() : " (driver: " + output + ")"));
  }
  std::string emulation;
  int width = kDesktopWidth;
  int height = kDesktopHeight;
  if (phone) {
    width = std::max(phone->width, kMinimumWidth);
    height = phone->height;
    emulation = fmt::format("WebKit emulated {}: user agent yes; viewport {} px wide{}; device pixel ratio 1 (not {:g}); "
                            "no touch",
                            phone->name, width,
                            width != phone->width ? fmt::format(" (not {}: MiniBrowser's minimum)", phone->width)
                                                  : std::string(),
                            phone->pixel_ratio);
  }
  auto session = std::make_unique<WebKitSession>(std::move(*driver), std::move(client), id, device, emulation);
  if (auto resized = session->resize(width, height); !resized) {
    return unexpected(fmt::format("WebKit could not size its window to {}x{}: {}", width, height, resized.error()));
  }
  return std::unique_ptr<Session>(std::move(session));
}

void WebKitEngine::shutdown() {
  m_latch.shut_down([this] {
    if (m_xvfb) {
      m_xvfb->stop();
    }
  });
}

}  // namespace formcheck::browser
