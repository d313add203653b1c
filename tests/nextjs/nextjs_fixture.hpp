#pragma once
// Shared set-up for the tests against the real Next.js fixture (fixtures/nextjs-site): the app
// is prepared once per build folder by scripts/nextjs-site.sh (npm ci when needed, a copy in
// <build>/nextjs-site/app, `next build` cached by the sources' hash), and every test points
// formcheck at it as a local target: `npm run start` on that shared build, or `npm run dev` in
// a copy of its own (a dev server owns the .next folder it writes while it runs).
//
// Every process of a target carries FORMCHECK_NEXTJS_RUN=<the test's folder> in its
// environment, so a test can find the whole npm process tree (npm, sh, next, next-server and
// anything they spawn) even after formcheck, its parent, is gone.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "harness/process/child_process.hpp"
#include "tests/e2e/run_fixture.hpp"

namespace formcheck::testing::nextjs {

using namespace formcheck::testing::run_e2e;

inline constexpr const char* kMarker = "FORMCHECK_NEXTJS_RUN";

// Where the prepared app lives, or why it cannot be used. Prepared once per test process.
struct PreparedApp {
  std::filesystem::path dir;
  bool npm_missing = false;
  std::string failure;  // the script's output when it failed for another reason
};

inline const PreparedApp& prepared_app() {
  static const PreparedApp app = [] {
    PreparedApp result;
    const auto build_dir = std::filesystem::path(bin_path("formcheck")).parent_path().parent_path();
    process::LaunchSpec spec;
    spec.executable = "bash";
    spec.args = {source_dir() + "/scripts/nextjs-site.sh", "prepare", build_dir.string()};
    spec.supervise = false;
    auto started = process::ChildProcess::start(spec);
    if (!started) {
      result.failure = "cannot run scripts/nextjs-site.sh: " + started.error();
      return result;
    }
    // npm ci (~20 s) and next build (~30-60 s on 2 busy cores) on a cold cache.
    const auto status = started.value()->wait_exit(std::chrono::minutes(5));
    const auto text = started.value()->output_text();
    if (status.exited && status.code == 77) {
      result.npm_missing = true;
    } else if (!status.exited || status.code != 0) {
      result.failure = "scripts/nextjs-site.sh prepare failed (exit " + std::to_string(status.code) + "):\n" + text;
    } else if (!std::filesystem::exists(build_dir / "nextjs-site/app/.formcheck-build")) {
      result.failure = "scripts/nextjs-site.sh prepare succeeded but left no build stamp in " +
                       (build_dir / "nextjs-site/app").string() + ":\n" + text;
    } else {
      // The script's fixed place (its output may still be in flight when its exit is seen).
      result.dir = build_dir / "nextjs-site/app";
      std::cerr << text;  // the stage timings, for the CI log
    }
    return result;
  }();
  return app;
}

// Pids of live processes whose environment holds FORMCHECK_NEXTJS_RUN=<tag>.
inline std::set<int> marked_processes(const std::string& tag) {
  std::set<int> pids;
  const std::string needle = std::string(kMarker) + "=" + tag;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const auto name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    const auto environ_text = read_text(entry.path() / "environ");
    size_t start = 0;
    while (start < environ_text.size()) {
      const auto end = environ_text.find('\0', start);
      const auto item = environ_text.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (item == needle && process_alive(std::stoi(name))) {
        pids.insert(std::stoi(name));
        break;
      }
      if (end == std::string::npos) {
        break;
      }
      start = end + 1;
    }
  }
  return pids;
}

inline std::string describe(const std::set<int>& pids) {
  std::string out;
  for (int pid : pids) {
    auto cmdline = read_text("/proc/" + std::to_string(pid) + "/cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    out += "  " + std::to_string(pid) + ": " + cmdline + "\n";
  }
  return out;
}

class NextjsFixture : public RunFixture {
 protected:
  void SetUp() override {
    RunFixture::SetUp();
    const auto& app = prepared_app();
    if (app.npm_missing) {
      GTEST_SKIP() << "skipped: npm not found";
    }
    ASSERT_TRUE(app.failure.empty()) << app.failure;
    ASSERT_FALSE(app.dir.empty());
  }

  void TearDown() override {
    // Whatever a failed test left running, the next test must not inherit it.
    for (int pid : marked_processes(tag())) {
      kill(pid, SIGKILL);
    }
    if (!m_dev_copy.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(m_dev_copy, ec);
    }
    RunFixture::TearDown();
  }

  const std::filesystem::path& app_dir() const { return prepared_app().dir; }
  std::string tag() const { return dir().string(); }

  // A copy of the prepared app for one `next dev` (sources copied, node_modules hard-linked,
  // no .next), next to the shared one so hard links work. Removed after the test.
  std::filesystem::path dev_copy() {
    std::string pattern = (app_dir().parent_path() / "dev-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      ADD_FAILURE() << "mkdtemp " << pattern << " failed";
      return {};
    }
    m_dev_copy = pattern;
    namespace fs = std::filesystem;
    for (const auto& entry : fs::directory_iterator(app_dir())) {
      const auto name = entry.path().filename().string();
      if (name.rfind(".next", 0) == 0 || name == ".formcheck-build") {
        continue;
      }
      const auto options = name == "node_modules" ? fs::copy_options::recursive | fs::copy_options::create_hard_links |
                                                        fs::copy_options::copy_symlinks
                                                  : fs::copy_options::recursive | fs::copy_options::copy_symlinks;
      std::error_code ec;
      fs::copy(entry.path(), m_dev_copy / name, options, ec);
      if (ec && name == "node_modules") {  // another file system: a real copy
        ec.clear();
        fs::copy(entry.path(), m_dev_copy / name, fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
      }
      if (ec) {
        ADD_FAILURE() << "copying " << entry.path() << ": " << ec.message();
      }
    }
    return m_dev_copy;
  }

  // A local target formcheck starts with `npm run <script> -- -p <port> -H 127.0.0.1` in `cwd`.
  // `ready` is /api/contact: any answer below 500 counts, and a GET (405) makes `next dev`
  // compile the route before the first submission, so the compile is not counted as latency.
  json next_target(const std::filesystem::path& cwd, const std::string& script, int port, const std::string& rate,
                   const std::string& defects = "") const {
    const auto slash = rate.find('/');
    json env = json::object();
    for (const auto& [k, v] : site_env()) {
      env[k] = v;
    }
    env["CONTACT_RATE_LIMIT"] = rate;
    env["CONTACT_SITE_DEFECTS"] = defects;
    env["NEXT_TELEMETRY_DISABLED"] = "1";  // else a detached telemetry flush outlives the server
    env[kMarker] = tag();
    return {{"url", "http://127.0.0.1:" + std::to_string(port)},
            {"start",
             {{"command", {"npm", "run", script, "--", "-p", std::to_string(port), "-H", "127.0.0.1"}},
              {"cwd", cwd.string()},
              {"env", env},
              {"ready", "/api/contact"},
              {"timeout_s", 120}}},
            {"rate_limit", {{"max", std::stoi(rate.substr(0, slash))}, {"window_s", std::stod(rate.substr(slash + 1))}}}};
  }

  // After a run: the whole npm process tree is gone within `timeout`.
  void expect_no_marked_process(std::chrono::milliseconds timeout = 15s) const {
    std::set<int> left;
    EXPECT_TRUE(wait_until(
        [&] {
          left = marked_processes(tag());
          return left.empty();
        },
        timeout))
        << "processes of the npm run outlived formcheck:\n" << describe(left);
  }

 private:
  std::filesystem::path m_dev_copy;
};

}  // namespace formcheck::testing::nextjs
