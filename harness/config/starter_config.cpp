#include "harness/config/starter_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "harness/config/starter_sections.hpp"

namespace formcheck::config {
namespace {

std::string quoted(const std::string& s) { return nlohmann::json(s).dump(); }

std::string variable(const std::string& name, bool has_prefix) {
  return has_prefix ? fmt::format("${{{}}}", name) : fmt::format("whatsapp:${{{}}}", name);
}

// A plausible value per field name: what a guest would type.
std::string sample_value(const std::string& field) {
  static const std::map<std::string, std::string> known = {
      {"name", "Ayu Lestari"},        {"fullName", "Ayu Lestari"}, {"email", "ayu@example.com"},
      {"phone", "+6281234567890"},    {"subject", "Booking question"},
      {"message", "Hello from formcheck: is there space for 2 surfers next week?"}};
  const auto it = known.find(field);
  return it != known.end() ? it->second : "formcheck test";
}

// The route's fields (or the usual three), then the honeypots the pages carry that the route
// does not name: a browser sends those too, empty.
std::vector<std::string> form_fields(const SiteScan& scan) {
  std::vector<std::string> fields = scan.route && !scan.route->fields.empty()
                                        ? scan.route->fields
                                        : std::vector<std::string>{"name", "email", "message"};
  for (const auto& honeypot : scan.honeypots) {
    if (std::find(fields.begin(), fields.end(), honeypot.name) == fields.end()) {
      fields.push_back(honeypot.name);
    }
  }
  return fields;
}

const HoneypotField* honeypot_named(const SiteScan& scan, const std::string& field) {
  for (const auto& honeypot : scan.honeypots) {
    if (honeypot.name == field) {
      return &honeypot;
    }
  }
  return nullptr;
}

// One `"field": "value",` line of form.fields; a honeypot is left empty and says why.
std::string field_line(const SiteScan& scan, const std::string& field, bool last) {
  const auto* honeypot = honeypot_named(scan, field);
  if (honeypot == nullptr) {
    return fmt::format("      {}: {}{}\n", quoted(field), quoted(sample_value(field)), last ? "" : ",");
  }
  return fmt::format(
      "      {}: \"\"{}  // left empty: a honeypot ({}{}); a bot fills it and the site drops what it sends\n",
      quoted(field), last ? "" : ",", honeypot->why, honeypot->file.empty() ? "" : " in " + honeypot->file);
}

// The field the correlation token goes into: the free-text one, never a honeypot.
std::string token_field(const std::vector<std::string>& fields) {
  for (const char* preferred : {"message", "msg", "comment", "comments", "body", "text", "enquiry", "inquiry"}) {
    if (std::find(fields.begin(), fields.end(), preferred) != fields.end()) {
      return preferred;
    }
  }
  const auto real =
      std::find_if(fields.rbegin(), fields.rend(), [](const std::string& f) { return !looks_like_honeypot(f); });
  return real != fields.rend() ? *real : fields.back();
}

std::vector<std::string> start_command(const SiteScan& scan) {
  if (scan.package_manager == "yarn") {
    return {"yarn", "dev"};
  }
  return {scan.package_manager, "run", "dev"};
}

std::string found_comment(const SiteScan& scan) {
  std::string out;
  if (scan.nextjs) {
    out += fmt::format("//   Next.js (package.json); local target started with `{} run dev` ({}), port {}{}\n",
                       scan.package_manager, scan.dev_script.empty() ? "no dev script" : scan.dev_script, scan.port,
                       scan.port_from_script ? "" : " (Next.js's default)");
  } else {
    out += fmt::format("//   not a Next.js site ({}): a generic configuration\n",
                       scan.has_package_json ? "package.json does not depend on next" : "no package.json");
  }
  if (scan.route) {
    out += fmt::format("//   contact route {} → POST {}{}\n", scan.route->file, scan.route->path,
                       scan.route->imports_twilio ? " (it imports twilio)" : " (by its name; it does not import twilio)");
  } else {
    out += "//   no API route that imports twilio: form.path is a guess\n";
  }
  if (!scan.env_example.empty()) {
    out += fmt::format("//   variable names from {}\n", scan.env_example);
  }
  return out;
}

std::string local_target(const SiteScan& scan) {
  if (!scan.nextjs && scan.dev_script.empty()) {
    return R"(    "local": {
      // Start your site first, or let formcheck start (and stop) it:
      // "start": { "command": ["./serve", "--port", "3000"], "ready": "/", "timeout_s": 60 },
      "url": "${LOCAL_URL:-http://localhost:3000}"
    },
)";
  }
  const nlohmann::json command = start_command(scan);
  return fmt::format(R"(    "local": {{
      // formcheck starts the dev server, waits until url + ready answers, and stops its whole
      // process group at the end (also on Ctrl-C). localhost, not 127.0.0.1: `next dev` serves
      // its scripts to a page only on the origins it knows, and a page that never hydrates
      // fails every browser check.
      "url": "http://localhost:{port}",
      "start": {{
        "command": {command},
        "env": {{ "PORT": "{port}" }},
        "ready": "/",
        "timeout_s": 120
      }},
{rate_limit}    }},
)",
                     fmt::arg("port", scan.port), fmt::arg("command", command.dump()),
                     fmt::arg("rate_limit", starter_rate_limit(scan, "      ", false)));
}

}  // namespace

std::vector<std::string> starter_variables(const SiteScan& scan) {
  const auto& v = scan.variables;
  std::vector<std::string> names = {v.account_sid, v.auth_token, v.sender, v.staff, "PREVIEW_URL", "PRODUCTION_URL"};
  if (!scan.nextjs && scan.dev_script.empty()) {
    names.insert(names.begin() + 4, "LOCAL_URL");
  }
  return names;
}

std::vector<std::string> starter_todo(const SiteScan& scan) {
  const auto& v = scan.variables;
  std::vector<std::string> todo;
  todo.push_back(fmt::format("set {} and {} (Twilio console; in CI from the secret store, never in the file)",
                             v.account_sid, v.auth_token));
  todo.push_back(fmt::format("set {} (the WhatsApp sender the site must use) and {} (the staff phone)", v.sender,
                             v.staff));
  todo.push_back("set PREVIEW_URL (your deployment step's preview URL) and PRODUCTION_URL (the live site)");
  if (!scan.nextjs && scan.dev_script.empty()) {
    todo.push_back("set LOCAL_URL, or add targets.local.start with the command that serves the site");
  }
  if (!scan.route) {
    todo.push_back("set form.path to the URL path the contact form posts to");
  }
  if (!scan.route || scan.route->fields.empty()) {
    todo.push_back("make form.fields the fields the form sends");
  }
  if (scan.route && !scan.route->returns_sid) {
    todo.push_back("if the route answers with the message SID, set form.sid_pointer (e.g. \"/sid\")");
  }
  if (!scan.settings.rate_limit) {
    todo.push_back("state the site's rate limit in targets.*.rate_limit before adding the rate-limit suite");
  }
  return todo;
}

std::string render_starter_config(const SiteScan& scan, const std::string& reference) {
  const auto& v = scan.variables;
  const auto fields = form_fields(scan);
  std::string field_lines;
  for (size_t i = 0; i < fields.size(); ++i) {
    field_lines += field_line(scan, fields[i], i + 1 == fields.size());
  }
  std::vector<std::string> env_files = {".env.local", ".env"};
  for (const auto& f : scan.dotenv_files) {
    if (std::find(env_files.begin(), env_files.end(), f) == env_files.end()) {
      env_files.push_back(f);
    }
  }
  const nlohmann::json env_list = env_files;
  std::string out = "// formcheck.json, written by `formcheck init` from what it found here:\n" + found_comment(scan);
  out += fmt::format(
      "// Every key is explained in {reference}.\n"
      "// Check it with `formcheck validate`, try it with `formcheck run --target local --dry-run`.\n"
      "{{\n"
      "  // dotenv files for ${{VAR}}s (missing ones are skipped; real environment variables win).\n"
      "  \"env_files\": {env_files},\n"
      "\n"
      "  \"twilio\": {{\n"
      "{api_base}"
      "    \"account_sid\": \"${{{sid}}}\",\n"
      "    \"auth_token\": \"${{{token}}}\",  // redacted from every output\n"
      "    \"staff\": {staff}  // the phone the route notifies\n"
      "  }},\n"
      "\n"
      "  \"expect\": {{\n"
      "    \"sender\": {sender},  // the WhatsApp number the site must send from\n"
      "    \"latency_s\": 30,        // submit → delivered budget\n"
      "    \"forbid_sandbox\": true  // the Twilio sandbox as sender is a failure\n"
      "  }},\n"
      "\n"
      "  \"form\": {{\n"
      "    \"path\": {path},\n"
      "    \"encoding\": {encoding},\n"
      "    \"fields\": {{\n"
      "{field_lines}"
      "    }},\n"
      "    \"token_field\": {token_field},  // gets \"[formcheck-test fc-…] \" in front, to find the message\n"
      "    \"sid_pointer\": {sid_pointer}\n"
      "  }},\n"
      "\n"
      "{suites}"
      "\n"
      "  \"targets\": {{\n",
      fmt::arg("reference", reference), fmt::arg("api_base", starter_api_base(scan)),
      fmt::arg("suites", starter_suites(scan)), fmt::arg("env_files", env_list.dump()), fmt::arg("sid", v.account_sid),
      fmt::arg("token", v.auth_token), fmt::arg("staff", quoted(variable(v.staff, v.staff_has_prefix))),
      fmt::arg("sender", quoted(variable(v.sender, v.sender_has_prefix))),
      fmt::arg("path", quoted(scan.route ? scan.route->path : "/api/contact")),
      fmt::arg("encoding", quoted(scan.route ? scan.route->encoding : "json")), fmt::arg("field_lines", field_lines),
      fmt::arg("token_field", quoted(token_field(fields))),
      fmt::arg("sid_pointer", quoted(scan.route && scan.route->returns_sid ? "/sid" : "")));
  out += local_target(scan);
  out += starter_preview_target(scan);
  out += R"(    "production": {
      "url": "${PRODUCTION_URL}",
)";
  if (scan.settings.rate_limit) {
    out += starter_rate_limit(scan, "      ", true);
  }
  out += R"(      "production": true,               // real messages to staff: needs --yes
      "max_messages": 6,                // the plan refuses to send more
      "suites": ["delivery", "sender"]  // 1 message per run (sender is judged from it)
    }
  }
}
)";
  return out;
}

}  // namespace formcheck::config
