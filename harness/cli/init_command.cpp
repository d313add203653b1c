#include "harness/cli/init_command.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>

#include "harness/cli/command_error.hpp"
#include "harness/config/site_scan.hpp"
#include "harness/config/starter_config.hpp"
#include "harness/config/starter_sections.hpp"
#include "harness/report/atomic_write.hpp"

namespace formcheck::cli {

namespace fs = std::filesystem;

namespace {

// Says which fields init left empty because a bot fills them and a guest never does.
void print_honeypots(const config::SiteScan& scan) {
  for (const auto& honeypot : scan.honeypots) {
    fmt::print("  honeypot: {} ({}{}): left empty in form.fields, since the site drops a submission that fills it "
               "(if it is a field guests do fill, give it a value)\n",
               honeypot.name, honeypot.why, honeypot.file.empty() ? "" : " in " + honeypot.file);
  }
}

}  // namespace

int run_init(const InitOptions& options) {
  const fs::path dir(options.dir);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw CommandError(kUsageError, fmt::format("{} is not a folder: give the site's repository (--dir)", options.dir));
  }
  const fs::path file = options.config.empty() ? dir / "formcheck.json" : fs::path(options.config);
  if (fs::exists(file, ec) && !options.force) {
    throw CommandError(kUsageError,
                       fmt::format("{} already exists: formcheck init never overwrites it; pass --force to replace it, "
                                   "or --config OTHER.json to write beside it",
                                   file.string()));
  }
  const auto scan = config::scan_site(dir);
  const auto text = config::render_starter_config(scan, config::starter_reference());
  if (auto written = report::write_file_atomically(file, text); !written) {
    throw CommandError(kInfrastructure, fmt::format("cannot write {}: {}", file.string(), written.error()));
  }

  fmt::print("formcheck init: wrote {}\n\nfound:\n", file.string());
  fmt::print("  {}\n", scan.nextjs ? fmt::format("Next.js site; dev script: {}", scan.dev_script.empty()
                                                                                  ? "(none)"
                                                                                  : scan.dev_script)
                                   : "not a Next.js site: a generic configuration");
  if (scan.nextjs) {
    fmt::print("  local target: `{} run dev` on port {}{}\n", scan.package_manager, scan.port,
               scan.port_from_script ? "" : " (Next.js's default)");
  }
  if (scan.route) {
    fmt::print("  contact route: {} → POST {} ({}{})\n", scan.route->file, scan.route->path, scan.route->encoding,
               scan.route->fields.empty() ? "" : ": " + fmt::format("{}", fmt::join(scan.route->fields, ", ")));
  } else {
    fmt::print("  contact route: none found under app/api or pages/api\n");
  }
  print_honeypots(scan);
  fmt::print("  dotenv files: {}\n", scan.dotenv_files.empty() ? "none" : fmt::format("{}", fmt::join(scan.dotenv_files, ", ")));
  if (!scan.env_example.empty()) {
    fmt::print("  {}: {}\n", scan.env_example, fmt::join(scan.example_variables, ", "));
  }
  fmt::print("\nfill in:\n");
  for (const auto& line : config::starter_todo(scan)) {
    fmt::print("  - {}\n", line);
  }
  fmt::print("\nthen: formcheck validate --config {}   (reads: {})\n", file.string(),
             fmt::join(config::starter_variables(scan), ", "));
  return kAllPassed;
}

}  // namespace formcheck::cli
