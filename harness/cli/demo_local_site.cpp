#include "harness/cli/demo_local_site.hpp"

#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "harness/cli/self_path.hpp"
#include "harness/util/data_dir.hpp"

namespace formcheck::cli {
namespace {

// The Next.js fixture, reached through the data folder: a build tree links it back to the
// sources; an installed formcheck has none and the demo falls back to the C++ site.
std::filesystem::path nextjs_site_dir() { return data_dir() / "fixtures" / "nextjs-site"; }

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path != nullptr ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (!dir.empty() && access((std::filesystem::path(dir) / program).c_str(), X_OK) == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

LocalSite choose_local_site(int port, const std::string& rate_limit, const std::vector<std::string>& cpp_site_args,
                            const std::string& nextjs_defects) {
  LocalSite site;
  const bool npm = on_path("npm") && on_path("node");
  const bool installed = std::filesystem::exists(nextjs_site_dir() / "node_modules/next/package.json");
  if (npm && installed) {
    site.command = {"npm", "run", "dev", "--", "-p", std::to_string(port), "-H", "127.0.0.1"};
    site.cwd = nextjs_site_dir();
    site.env = {{"CONTACT_RATE_LIMIT", rate_limit},
                {"CONTACT_SITE_DEFECTS", nextjs_defects},
                // Otherwise Next.js forks a detached telemetry flush that outlives the server.
                {"NEXT_TELEMETRY_DISABLED", "1"}};
    // Any answer counts as ready; a GET of the route (405) makes `next dev` compile it before
    // the first submission, so the compile is not timed as the site's latency.
    site.ready = "/api/contact";
    site.timeout_s = 120;
    site.description = "the Next.js fixture: npm run dev in " + nextjs_site_dir().string();
    return site;
  }
  site.command = {(own_bin_dir() / "formcheck-contact-site").string(), "--port", std::to_string(port)};
  site.command.insert(site.command.end(), cpp_site_args.begin(), cpp_site_args.end());
  site.ready = "/api/health";
  site.description = std::string("the C++ reference site");
  // The Next.js fixture is offered only where its sources are (a source checkout); an
  // installed package does not carry them, and no step of formcheck's own build is named.
  if (std::error_code ec; std::filesystem::exists(nextjs_site_dir() / "package.json", ec)) {
    site.description += "; for the Next.js fixture " +
                        std::string(npm ? "" : "install node and npm (apt-get install nodejs npm), then ") +
                        "run `npm ci` in " + nextjs_site_dir().string();
  }
  return site;
}

}  // namespace formcheck::cli
