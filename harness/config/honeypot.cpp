#include "harness/config/honeypot.hpp"

#include "harness/util/ascii_case.hpp"
#include "harness/util/text_file.hpp"

#include <algorithm>
#include <regex>

namespace formcheck::config {
namespace {

namespace fs = std::filesystem;

// Limits of the page scan: a site's own pages, not a vendored bundle.
constexpr size_t kMaxFiles = 3000;
constexpr std::uintmax_t kMaxFileBytes = 512 * 1024;
// How far back an input's wrapping elements are looked for.
constexpr size_t kWrapperWindow = 600;
constexpr int kWrapperLevels = 3;

// The end of the tag opening at `start` ('>' outside quotes and JSX braces), or npos.
size_t tag_end(const std::string& s, size_t start) {
  int braces = 0;
  char quote = 0;
  for (size_t i = start + 1; i < s.size(); ++i) {
    const char c = s[i];
    if (quote != 0) {
      quote = c == quote ? 0 : quote;
    } else if (c == '"' || c == '\'' || c == '`') {
      quote = c;
    } else if (c == '{') {
      ++braces;
    } else if (c == '}') {
      braces = std::max(0, braces - 1);
    } else if (c == '>' && braces == 0) {
      return i;
    }
  }
  return std::string::npos;
}

// The tag lower-cased with spaces and quotes removed, so `display: 'none'` and
// `display:none` read the same.
std::string squeezed(const std::string& tag) {
  std::string out;
  for (const char c : ascii_lower(tag)) {
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r' && c != '"' && c != '\'' && c != '`') {
      out.push_back(c);
    }
  }
  return out;
}

bool has_class_word(const std::string& tag) {
  static const std::regex klass(R"re(class(?:name)?\s*=\s*\{?\s*["'`]([^"'`]*))re", std::regex::icase);
  std::smatch match;
  if (!std::regex_search(tag, match, klass)) {
    return false;
  }
  const auto words = " " + ascii_lower(match[1].str()) + " ";
  for (const char* word : {" hidden ", " sr-only ", " visually-hidden ", " visuallyhidden ", " honeypot ",
                           " hp ", " ohnohoney ", " d-none "}) {
    if (words.find(word) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// Why a tag hides itself and what it holds from a visitor ("" when it does not).
std::string hiding(const std::string& tag) {
  const auto flat = squeezed(tag);
  static const std::regex hidden_attribute(R"((^|\s)hidden(\s|=|/|$))", std::regex::icase);
  static const std::regex off_screen(R"((left|top|margin-left|marginleft):-\d{3,})");
  if (flat.find("display:none") != std::string::npos) {
    return "display: none";
  }
  if (flat.find("visibility:hidden") != std::string::npos) {
    return "visibility: hidden";
  }
  if (std::regex_search(flat, off_screen)) {
    return "positioned off-screen";
  }
  if (flat.find("opacity:0") != std::string::npos && flat.find("opacity:0.") == std::string::npos) {
    return "opacity 0";
  }
  if (flat.find("aria-hidden=true") != std::string::npos ||
      flat.find("aria-hidden={true}") != std::string::npos) {
    return "aria-hidden";
  }
  if (has_class_word(tag)) {
    return "a hiding class";
  }
  if (std::regex_search(tag.substr(tag.find(' ') == std::string::npos ? tag.size() : tag.find(' ')),
                        hidden_attribute)) {
    return "the hidden attribute";
  }
  return {};
}

// An input that a visitor does not type into anyway, whatever its styling.
bool never_typed(const std::string& flat) {
  for (const char* type : {"type=hidden", "type=checkbox", "type=radio", "type=submit", "type=button",
                           "type=file", "type=image", "type=reset"}) {
    if (flat.find(type) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// Why the elements wrapping the input at `at` hide it ("" when none within reach does).
std::string wrapper_hiding(const std::string& s, size_t at) {
  const size_t floor = at > kWrapperWindow ? at - kWrapperWindow : 0;
  int closed = 0;
  int levels = 0;
  for (size_t i = at; i > floor && levels < kWrapperLevels;) {
    i = s.rfind('<', i - 1);
    if (i == std::string::npos || i < floor) {
      break;
    }
    const auto end = tag_end(s, i);
    if (end == std::string::npos || end >= at) {
      continue;
    }
    const auto tag = s.substr(i, end - i + 1);
    if (tag.rfind("</", 0) == 0) {
      ++closed;
    } else if (tag.size() > 2 && tag[tag.size() - 2] != '/' && ascii_lower(tag).rfind("<input", 0) != 0 &&
               ascii_lower(tag).rfind("<br", 0) != 0 && ascii_lower(tag).rfind("<img", 0) != 0) {
      if (closed > 0) {
        --closed;
      } else {
        ++levels;
        if (auto why = hiding(tag); !why.empty()) {
          return why + " on its wrapper";
        }
      }
    }
  }
  return {};
}

void add_unique(std::vector<HoneypotField>& out, HoneypotField field) {
  const bool seen =
      std::any_of(out.begin(), out.end(), [&](const HoneypotField& f) { return f.name == field.name; });
  if (!seen) {
    out.push_back(std::move(field));
  }
}

bool scanned_extension(const fs::path& p) {
  const auto ext = ascii_lower(p.extension().string());
  for (const char* e : {".tsx", ".jsx", ".js", ".ts", ".html", ".htm", ".vue", ".svelte", ".astro", ".mdx"}) {
    if (ext == e) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool looks_like_honeypot(std::string_view field_name) {
  const auto name = ascii_lower(field_name);
  for (const char* known : {"website", "url", "company", "hp", "honeypot", "_gotcha", "gotcha", "bot-field",
                            "bot_field", "botfield", "fax", "homepage"}) {
    if (name == known) {
      return true;
    }
  }
  return name.find("honeypot") != std::string::npos || name.rfind("hp_", 0) == 0 || name.rfind("hp-", 0) == 0;
}

std::vector<HoneypotField> hidden_inputs(const std::string& source) {
  std::vector<HoneypotField> found;
  static const std::regex netlify(R"re(netlify-honeypot\s*=\s*\{?\s*["'`]([^"'`]+))re", std::regex::icase);
  for (std::sregex_iterator it(source.begin(), source.end(), netlify), end; it != end; ++it) {
    add_unique(found, {(*it)[1].str(), "", "named by the form's netlify-honeypot attribute"});
  }
  static const std::regex name_attribute(R"re(\bname\s*=\s*\{?\s*["'`]([^"'`]+))re");
  const auto lower = ascii_lower(source);
  for (size_t at = lower.find("<input"); at != std::string::npos; at = lower.find("<input", at + 6)) {
    const auto end = tag_end(source, at);
    if (end == std::string::npos) {
      break;
    }
    const auto tag = source.substr(at, end - at + 1);
    std::smatch name;
    const auto flat = squeezed(tag);
    if (!std::regex_search(tag, name, name_attribute) || never_typed(flat)) {
      continue;
    }
    auto why = hiding(tag);
    if (why.empty() &&
        (flat.find("tabindex=-1") != std::string::npos || flat.find("tabindex={-1}") != std::string::npos) &&
        flat.find("autocomplete=off") != std::string::npos) {
      why = "out of the tab order with autocomplete off";
    }
    if (why.empty()) {
      why = wrapper_hiding(source, at);
    }
    if (!why.empty()) {
      add_unique(found, {name[1].str(), "", why});
    }
  }
  return found;
}

std::vector<HoneypotField> find_page_honeypots(const fs::path& dir) {
  std::vector<HoneypotField> found;
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec) && scanned_extension(entry.path())) {
      files.push_back(entry.path());
    }
  }
  for (const char* root : {"app", "src", "pages", "components", "public"}) {
    for (fs::recursive_directory_iterator it(dir / root, fs::directory_options::skip_permission_denied, ec),
         end;
         !ec && it != end && files.size() < kMaxFiles; it.increment(ec)) {
      const auto name = it->path().filename().string();
      if (it->is_directory(ec) && (name == "node_modules" || name == ".next" || name == "dist" ||
                                   name == "build" || name == "out" || name == "api")) {
        it.disable_recursion_pending();  // api: routes, not pages
        continue;
      }
      if (it->is_regular_file(ec) && scanned_extension(it->path()) && it->file_size(ec) <= kMaxFileBytes) {
        files.push_back(it->path());
      }
    }
    ec.clear();
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const auto text = read_text_file(file);
    if (!text) {
      continue;
    }
    for (auto field : hidden_inputs(*text)) {
      field.file = file.lexically_relative(dir).generic_string();
      add_unique(found, std::move(field));
    }
  }
  return found;
}

std::vector<HoneypotField> find_honeypots(const fs::path& dir, const std::vector<std::string>& route_fields,
                                          const std::string& route_file) {
  auto found = find_page_honeypots(dir);
  for (const auto& name : route_fields) {
    if (looks_like_honeypot(name)) {
      add_unique(found, {name, route_file, "named like one"});
    }
  }
  return found;
}

}  // namespace formcheck::config
