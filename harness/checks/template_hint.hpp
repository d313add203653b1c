#pragma once
// What a passthrough failure means when the site sends a Content Template (ContentSid +
// ContentVariables): the body staff see is the template's text with the variables filled in,
// so a field is missing because the template has no placeholder for it or the site gave it
// no value.
#include <string>
#include <string_view>
#include <vector>

namespace formcheck::checks {

// The {{…}} placeholders still in a rendered body (a variable without a value).
std::vector<std::string> unfilled_placeholders(std::string_view body);

// One line (ending in a newline) for the failure detail, or "" when the message does not look
// like a template and the configuration does not say it is one.
std::string template_hint(std::string_view body, bool sent_as_template);

}  // namespace formcheck::checks
