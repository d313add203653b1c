#include "harness/config/site_scan.hpp"

#include <algorithm>
#include <regex>

#include <nlohmann/json.hpp>

#include "harness/config/site_settings_scan.hpp"
#include "harness/util/text_file.hpp"

namespace formcheck::config {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kRouteExtensions = {".ts", ".js", ".tsx", ".jsx", ".mjs"};

bool has_route_extension(const fs::path& p) {
  return std::find(kRouteExtensions.begin(), kRouteExtensions.end(), p.extension().string()) != kRouteExtensions.end();
}

bool contains_word(const std::string& haystack, const std::string& word) {
  return haystack.find(word) != std::string::npos;
}

// Every API route file under app/api and pages/api (also below src/), relative to `dir`.
std::vector<std::string> api_route_files(const fs::path& dir) {
  std::vector<std::string> files;
  for (const char* root : {"app/api", "src/app/api", "pages/api", "src/pages/api"}) {
    std::error_code ec;
    if (!fs::is_directory(dir / root, ec)) {
      continue;
    }
    for (fs::recursive_directory_iterator it(dir / root, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      if (it->is_directory(ec) && it->path().filename() == "node_modules") {
        it.disable_recursion_pending();
        continue;
      }
      const auto relative = it->path().lexically_relative(dir).generic_string();
      const bool app_router = relative.find("app/api/") != std::string::npos;
      if (it->is_regular_file(ec) && has_route_extension(it->path()) &&
          (!app_router || it->path().stem() == "route")) {
        files.push_back(relative);
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool imports_twilio(const std::string& source) {
  static const std::regex pattern(R"((from\s*['"]twilio['"])|(require\(\s*['"]twilio['"]\s*\))|(api\.twilio\.com))");
  return std::regex_search(source, pattern);
}

// `const { name, email, message } = await request.json()` (or req.body) → the field names.
std::vector<std::string> destructured_fields(const std::string& source) {
  static const std::regex pattern(
      R"(\{([^{}]*)\}\s*=\s*(?:await\s+)?(?:req|request)\.(?:json\(\)|body))");
  static const std::regex identifier(R"(^\s*(?:\.\.\.)?([A-Za-z_$][A-Za-z0-9_$]*))");
  std::smatch match;
  if (!std::regex_search(source, match, pattern)) {
    return {};
  }
  std::vector<std::string> fields;
  const std::string inside = match[1].str();
  std::string::size_type start = 0;
  while (start <= inside.size()) {
    const auto comma = inside.find(',', start);
    const std::string part = inside.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::smatch name;
    if (std::regex_search(part, name, identifier) && part.find("...") == std::string::npos) {
      fields.push_back(name[1].str());
    }
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return fields;
}

ContactRoute describe_route(const fs::path& dir, const std::string& relative) {
  ContactRoute route;
  route.file = relative;
  route.path = api_path_of(relative).value_or("/api/contact");
  const auto source = read_text_file(dir / relative).value_or("");
  route.imports_twilio = imports_twilio(source);
  if (contains_word(source, "formData()") && !contains_word(source, ".json()")) {
    route.encoding = "form";
  }
  route.fields = destructured_fields(source);
  static const std::regex sid_in_answer(R"(\bsid\s*:)");
  route.returns_sid = std::regex_search(source, sid_in_answer);
  return route;
}

// The route that imports twilio (the one named "contact" when several do); failing that, one
// named "contact".
std::optional<ContactRoute> find_contact_route(const fs::path& dir) {
  std::optional<ContactRoute> best;
  int best_score = 0;
  for (const auto& file : api_route_files(dir)) {
    if (!api_path_of(file)) {
      continue;  // a dynamic segment ([id]) is not a form's endpoint
    }
    auto route = describe_route(dir, file);
    const int score = (route.imports_twilio ? 2 : 0) + (contains_word(route.path, "contact") ? 1 : 0);
    if (score > best_score) {
      best_score = score;
      best = std::move(route);
    }
  }
  return best;
}

std::string lock_file_manager(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / "pnpm-lock.yaml", ec)) {
    return "pnpm";
  }
  if (fs::exists(dir / "yarn.lock", ec)) {
    return "yarn";
  }
  if (fs::exists(dir / "bun.lockb", ec) || fs::exists(dir / "bun.lock", ec)) {
    return "bun";
  }
  return "npm";
}

// The names a dotenv example lists (KEY=… lines, `export` allowed), in order.
std::vector<std::pair<std::string, std::string>> example_entries(const std::string& text) {
  static const std::regex line(R"(^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$)");
  std::vector<std::pair<std::string, std::string>> entries;
  std::string::size_type start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    const std::string one = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    std::smatch match;
    if (std::regex_match(one, match, line)) {
      entries.emplace_back(match[1].str(), match[2].str());
    }
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  return entries;
}

bool upper_contains(const std::string& name, const char* part) { return name.find(part) != std::string::npos; }

bool value_has_prefix(const std::string& value) {
  const auto first = value.find_first_not_of("\"' ");
  return first == std::string::npos || value.compare(first, 9, "whatsapp:") == 0;
}

// Each role's variable: the first name that reads like it. A name that fits no role keeps the
// conventional default, which the printed summary asks the user to set.
void assign_roles(const std::vector<std::pair<std::string, std::string>>& entries, SiteVariables& v) {
  bool account = false, token = false, sender = false, staff = false;
  for (const auto& [name, value] : entries) {
    const bool whatsapp_like = upper_contains(name, "WHATSAPP") || upper_contains(name, "PHONE") ||
                               upper_contains(name, "NUMBER") || upper_contains(name, "_FROM") ||
                               upper_contains(name, "_TO");
    if (!account && upper_contains(name, "ACCOUNT_SID")) {
      v.account_sid = name;
      account = true;
    } else if (!token && upper_contains(name, "AUTH_TOKEN")) {
      v.auth_token = name;
      token = true;
    } else if (!staff && whatsapp_like &&
               (upper_contains(name, "STAFF") || upper_contains(name, "OWNER") || upper_contains(name, "ADMIN") ||
                upper_contains(name, "RECIPIENT") || upper_contains(name, "_TO"))) {
      v.staff = name;
      v.staff_has_prefix = value_has_prefix(value);
      staff = true;
    } else if (!sender && whatsapp_like && (upper_contains(name, "TWILIO") || upper_contains(name, "FROM") ||
                                            upper_contains(name, "SENDER"))) {
      v.sender = name;
      v.sender_has_prefix = value_has_prefix(value);
      sender = true;
    }
  }
}

void read_package_json(const fs::path& dir, SiteScan& scan) {
  const auto text = read_text_file(dir / "package.json");
  if (!text) {
    return;
  }
  scan.has_package_json = true;
  const auto package = nlohmann::json::parse(*text, nullptr, false);
  if (!package.is_object()) {
    return;
  }
  for (const char* section : {"dependencies", "devDependencies"}) {
    if (package.contains(section) && package[section].is_object() && package[section].contains("next")) {
      scan.nextjs = true;
    }
  }
  if (package.contains("scripts") && package["scripts"].is_object() && package["scripts"].contains("dev") &&
      package["scripts"]["dev"].is_string()) {
    scan.dev_script = package["scripts"]["dev"].get<std::string>();
    scan.port = port_from_dev_script(scan.dev_script, &scan.port_from_script);
  }
}

}  // namespace

int port_from_dev_script(const std::string& script, bool* found) {
  static const std::regex pattern(R"((?:^|\s)(?:-p|--port)(?:\s+|=)(\d{2,5})\b|\bPORT=(\d{2,5})\b)");
  std::smatch match;
  *found = false;
  if (std::regex_search(script, match, pattern)) {
    const int port = std::stoi(match[1].matched ? match[1].str() : match[2].str());
    if (port > 0 && port < 65536) {
      *found = true;
      return port;
    }
  }
  return 3000;
}

std::optional<std::string> api_path_of(const std::string& relative_file) {
  std::string p = relative_file;
  if (p.rfind("src/", 0) == 0) {
    p = p.substr(4);
  }
  const bool app_router = p.rfind("app/", 0) == 0;
  p = p.substr(app_router ? 3 : 5);  // "/api/…" from app/api/… or pages/api/…
  const auto dot = p.rfind('.');
  p = p.substr(0, dot);
  for (const char* tail : {"/route", "/index"}) {
    const std::string t = tail;
    if (p.size() > t.size() && p.compare(p.size() - t.size(), t.size(), t) == 0) {
      p.resize(p.size() - t.size());
    }
  }
  // Route groups "(marketing)" are not part of the URL; dynamic segments have no fixed URL.
  std::string out;
  std::string::size_type start = 1;
  while (start <= p.size()) {
    const auto end = p.find('/', start);
    const std::string segment = p.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (segment.empty() || segment.front() == '[') {
      if (!segment.empty()) {
        return std::nullopt;
      }
    } else if (segment.front() != '(') {
      out += "/" + segment;
    }
    if (end == std::string::npos) {
      break;
    }
    start = end + 1;
  }
  return out;
}

SiteScan scan_site(const fs::path& dir) {
  SiteScan scan;
  read_package_json(dir, scan);
  scan.package_manager = lock_file_manager(dir);
  scan.route = find_contact_route(dir);
  scan.honeypots = find_honeypots(dir, scan.route ? scan.route->fields : std::vector<std::string>{},
                                  scan.route ? scan.route->file : std::string());
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if ((name == ".env" || name.rfind(".env.", 0) == 0) && entry.is_regular_file(ec)) {  // not .envrc
      if (name.find("example") != std::string::npos || name.find("sample") != std::string::npos ||
          name.find("template") != std::string::npos) {
        if (scan.env_example.empty() || name == ".env.example") {
          scan.env_example = name;
        }
      } else {
        scan.dotenv_files.push_back(name);
      }
    }
  }
  std::sort(scan.dotenv_files.begin(), scan.dotenv_files.end());
  if (!scan.env_example.empty()) {
    const auto entries = example_entries(read_text_file(dir / scan.env_example).value_or(""));
    for (const auto& entry : entries) {
      scan.example_variables.push_back(entry.first);
    }
    assign_roles(entries, scan.variables);
  }
  scan.settings = scan_site_settings(dir, scan);
  return scan;
}

}  // namespace formcheck::config
