// formcheck-test-old-chromedriver: a chromedriver as Debian bookworm's Chromium 150 ships it,
// for the browser tests. It starts the real chromedriver (PATH's, or $REAL_CHROMEDRIVER) and
// sits in front of it on its own port, passing every command through, except that Element
// Send Keys and key actions carrying a character beyond the BMP get the old driver's refusal:
// HTTP 500 "unknown error: ChromeDriver only supports characters in the BMP". With
// OLD_CHROMEDRIVER_REFUSE_SCRIPTS=1 it also refuses every script given such a character, so no
// way of typing it is left. `--version` is the real driver's. It prints chromedriver's
// start-up line with its own port, and ends with /shutdown or with its process group.
#include <httplib.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <regex>
#include <string>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

std::string real_driver() {
  const char* chosen = std::getenv("REAL_CHROMEDRIVER");
  return chosen != nullptr && *chosen != '\0' ? chosen : "chromedriver";
}

// Starts the real driver on a port of its own choosing; returns that port (0 on failure).
int start_real_driver() {
  int out[2];
  if (pipe(out) != 0) {
    return 0;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the stand-in
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    const std::string driver = real_driver();
    execlp(driver.c_str(), driver.c_str(), "--port=0", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  FILE* lines = fdopen(out[0], "r");
  static const std::regex started(R"(started successfully on port (\d+))");
  char buffer[1024];
  while (lines != nullptr && std::fgets(buffer, sizeof buffer, lines) != nullptr) {
    std::smatch match;
    const std::string line = buffer;
    if (std::regex_search(line, match, started)) {
      // Keep reading what it prints, so a full pipe never blocks it.
      std::thread([lines] {
        char rest[1024];
        while (std::fgets(rest, sizeof rest, lines) != nullptr) {
        }
      }).detach();
      return std::stoi(match[1].str());
    }
  }
  return 0;
}

bool has_beyond_bmp(const std::string& text) {
  for (unsigned char c : text) {
    if (c >= 0xF0 && c < 0xF8) {
      return true;
    }
  }
  return false;
}

bool refused(const httplib::Request& request) {
  static const std::regex send_keys(R"(^/session/[^/]+/element/[^/]+/value$)");
  static const std::regex actions(R"(^/session/[^/]+/actions$)");
  static const std::regex script(R"(^/session/[^/]+/execute/(sync|async)$)");
  if (request.method != "POST" || !has_beyond_bmp(request.body)) {
    return false;
  }
  if (std::regex_match(request.path, send_keys) || std::regex_match(request.path, actions)) {
    return true;
  }
  const char* scripts = std::getenv("OLD_CHROMEDRIVER_REFUSE_SCRIPTS");
  return scripts != nullptr && std::string(scripts) == "1" && std::regex_match(request.path, script);
}

void pass_through(httplib::Client& driver, const httplib::Request& request, httplib::Response& response) {
  const auto content_type = request.get_header_value("Content-Type");
  httplib::Result answer =
      request.method == "POST"
          ? driver.Post(request.path, request.body, content_type.empty() ? "application/json" : content_type)
      : request.method == "DELETE" ? driver.Delete(request.path)
                                   : driver.Get(request.path);
  if (!answer) {
    response.status = 502;
    response.set_content(
        R"({"value":{"error":"unknown error","message":"the real chromedriver did not answer"}})",
        "application/json");
    return;
  }
  response.status = answer->status;
  response.set_content(answer->body, answer->get_header_value("Content-Type", 0).empty()
                                         ? "application/json"
                                         : answer->get_header_value("Content-Type", 0));
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--version") == 0) {
      const std::string driver = real_driver();
      execlp(driver.c_str(), driver.c_str(), "--version", static_cast<char*>(nullptr));
      return 127;
    }
  }
  const int real_port = start_real_driver();
  if (real_port == 0) {
    std::cerr << "formcheck-test-old-chromedriver: cannot start " << real_driver() << "\n";
    return 3;
  }
  httplib::Client driver("127.0.0.1", real_port);
  driver.set_read_timeout(120, 0);
  driver.set_write_timeout(120, 0);
  httplib::Server server;
  const auto handle = [&](const httplib::Request& request, httplib::Response& response) {
    if (refused(request)) {
      response.status = 500;
      response.set_content(
          R"json({"value":{"error":"unknown error","message":"unknown error: ChromeDriver only supports characters in the BMP\n  (Session info: chrome=150.0.7871.100)","stacktrace":""}})json",
          "application/json");
      return;
    }
    pass_through(driver, request, response);
    if (request.path == "/shutdown") {
      std::thread([&server] { server.stop(); }).detach();
    }
  };
  server.Get(".*", handle);
  server.Post(".*", handle);
  server.Delete(".*", handle);
  const int port = server.bind_to_any_port("127.0.0.1");
  std::cout << "Starting ChromeDriver (formcheck-test-old-chromedriver) on port " << port << "\n"
            << "ChromeDriver was started successfully on port " << port << "." << std::endl;
  server.listen_after_bind();
  return 0;
}
