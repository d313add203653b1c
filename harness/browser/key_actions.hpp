#pragma once
// Typing as WebDriver key actions (classic /actions and BiDi input.performActions share the
// format): one keyDown/keyUp per code point, so nothing outside the BMP is dropped the way
// WebKit's Element Send Keys drops it; "\n" and "\r\n" become the Enter key.
#include <string>

#include <nlohmann/json.hpp>

namespace formcheck::browser {

nlohmann::json key_actions_for(const std::string& text);

}  // namespace formcheck::browser
