#include "harness/checks/template_hint.hpp"

#include <fmt/format.h>

namespace formcheck::checks {

std::vector<std::string> unfilled_placeholders(std::string_view body) {
  std::vector<std::string> out;
  for (size_t pos = body.find("{{"); pos != std::string_view::npos; pos = body.find("{{", pos + 2)) {
    const size_t close = body.find("}}", pos + 2);
    if (close == std::string_view::npos) {
      break;
    }
    const auto name = body.substr(pos + 2, close - pos - 2);
    // Content API placeholders are short names or numbers, never text with spaces or braces.
    if (!name.empty() && name.size() <= 32 && name.find_first_of(" \n{}") == std::string_view::npos) {
      out.emplace_back(body.substr(pos, close + 2 - pos));
    }
  }
  return out;
}

std::string template_hint(std::string_view body, bool sent_as_template) {
  const auto unfilled = unfilled_placeholders(body);
  if (!unfilled.empty()) {
    std::string names;
    for (const auto& p : unfilled) {
      names += (names.empty() ? "" : ", ") + p;
    }
    return fmt::format(
        "the body still shows the template placeholder(s) {}: the site's ContentVariables gave them no "
        "value (Twilio fails such a message with 63028)\n",
        names);
  }
  if (sent_as_template) {
    return "the site sends a Content Template: every field needs a placeholder in the template and a value "
           "in the "
           "site's ContentVariables\n";
  }
  return {};
}

}  // namespace formcheck::checks
