#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace formcheck::cli {

// How the demo's `local` target is started: the Next.js fixture through `npm run dev` when npm
// and its node_modules are there, else the C++ reference site.
struct LocalSite {
  std::vector<std::string> command;
  std::filesystem::path cwd;               // empty: the config's folder
  std::map<std::string, std::string> env;  // besides the Twilio variables every site reads
  std::string ready;                       // the path formcheck probes until the site answers
  double timeout_s = 20;
  std::string description;  // one line for the console
};

// `rate_limit` is "N/SECONDS" (the limit the config's rate_limit mirrors); `cpp_site_args`
// are the C++ site's --rate-limit/--fault arguments for the fallback; `nextjs_defects` is the
// fixture's CONTACT_SITE_DEFECTS.
LocalSite choose_local_site(int port, const std::string& rate_limit, const std::vector<std::string>& cpp_site_args,
                            const std::string& nextjs_defects);

}  // namespace formcheck::cli
