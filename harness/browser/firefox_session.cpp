#include "harness/browser/firefox_session.hpp"

#include <fmt/format.h>

#include "harness/browser/base64_decode.hpp"
#include "harness/browser/webdriver_client.hpp"
#include "harness/browser/key_actions.hpp"

namespace formcheck::browser {

nlohmann::json to_local_value(const nlohmann::json& value) {
  if (value.is_null()) {
    return {{"type", "null"}};
  }
  if (value.is_boolean()) {
    return {{"type", "boolean"}, {"value", value}};
  }
  if (value.is_number()) {
    return {{"type", "number"}, {"value", value}};
  }
  if (value.is_string()) {
    return {{"type", "string"}, {"value", value}};
  }
  if (value.is_array()) {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& v : value) {
      items.push_back(to_local_value(v));
    }
    return {{"type", "array"}, {"value", items}};
  }
  if (value.contains(kElementKey)) {
    return {{"sharedId", value.at(kElementKey)}};
  }
  nlohmann::json pairs = nlohmann::json::array();
  for (const auto& [k, v] : value.items()) {
    pairs.push_back({k, to_local_value(v)});
  }
  return {{"type", "object"}, {"value", pairs}};
}

nlohmann::json from_remote_value(const nlohmann::json& value) {
  const auto type = value.value("type", "");
  if (type == "string" || type == "boolean") {
    return value.value("value", nlohmann::json());
  }
  if (type == "number") {
    const auto& v = value.value("value", nlohmann::json());
    return v.is_number() ? v : nlohmann::json();  // NaN, Infinity, -0 come as strings
  }
  if (type == "array" || type == "nodelist" || type == "htmlcollection") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& v : value.value("value", nlohmann::json::array())) {
      out.push_back(from_remote_value(v));
    }
    return out;
  }
  if (type == "object") {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& pair : value.value("value", nlohmann::json::array())) {
      if (pair.is_array() && pair.size() == 2 && pair[0].is_string()) {
        out[pair[0].get<std::string>()] = from_remote_value(pair[1]);
      }
    }
    return out;
  }
  if (type == "node" && value.contains("sharedId")) {
    return {{kElementKey, value.at("sharedId")}};
  }
  return nullptr;  // undefined, null, functions, …
}

FirefoxSession::FirefoxSession(std::unique_ptr<process::ChildProcess> firefox, std::filesystem::path profile,
                               std::unique_ptr<BiDiClient> client, std::string context, Device device,
                               std::chrono::milliseconds page_load_timeout)
    : m_firefox(std::move(firefox)),
      m_profile(std::move(profile)),
      m_client(std::move(client)),
      m_context(std::move(context)),
      m_device(std::move(device)),
      m_page_load_timeout(page_load_timeout) {}

FirefoxSession::~FirefoxSession() { close(); }

Result<Nothing> FirefoxSession::navigate(const std::string& url) {
  auto answer = m_client->call("browsingContext.navigate", {{"context", m_context}, {"url", url}, {"wait", "complete"}},
                               m_page_load_timeout + std::chrono::seconds(5));
  if (!answer) {
    return unexpected(answer.error());
  }
  return Nothing{};
}

Result<nlohmann::json> FirefoxSession::call_function(const std::string& declaration, const nlohmann::json& args) {
  nlohmann::json arguments = nlohmann::json::array();
  for (const auto& a : args) {
    arguments.push_back(to_local_value(a));
  }
  auto answer = m_client->call("script.callFunction",
                               {{"functionDeclaration", declaration},
                                {"arguments", arguments},
                                {"target", {{"context", m_context}}},
                                {"awaitPromise", true},
                                {"resultOwnership", "none"},
                                {"serializationOptions", {{"maxObjectDepth", 16}, {"maxDomDepth", 0}}}});
  if (!answer) {
    return unexpected(answer.error());
  }
  if (answer->value("type", "") == "exception") {
    const auto details = answer->value("exceptionDetails", nlohmann::json::object());
    return unexpected("javascript error: " + details.value("text", std::string("the script threw")));
  }
  return from_remote_value(answer->value("result", nlohmann::json::object()));
}

Result<nlohmann::json> FirefoxSession::execute(const std::string& script, const nlohmann::json& args) {
  return call_function("function () {\n" + script + "\n}", args);
}

Result<std::vector<Element>> FirefoxSession::find_all(const std::string& css) {
  auto found = call_function("function (css) { return Array.from(document.querySelectorAll(css)); }",
                             nlohmann::json::array({css}));
  if (!found) {
    return unexpected(found.error());
  }
  std::vector<Element> elements;
  for (const auto& e : *found) {
    if (auto element = element_result(e)) {
      elements.push_back(*element);
    }
  }
  return elements;
}

Result<Nothing> FirefoxSession::perform(const nlohmann::json& sources) {
  auto done = m_client->call("input.performActions", {{"context", m_context}, {"actions", sources}},
                             std::chrono::seconds(60));
  (void)m_client->call("input.releaseActions", {{"context", m_context}});
  if (!done) {
    return unexpected(done.error());
  }
  return Nothing{};
}

Result<Nothing> FirefoxSession::type(const Element& element, const std::string& text) {
  // Empty the field and focus it with the caret at the end: keys go to the focused element.
  if (auto focused = execute("arguments[0].value = ''; arguments[0].focus();",
                             nlohmann::json::array({element_argument(element)}));
      !focused) {
    return unexpected(focused.error());
  }
  if (text.empty()) {
    return Nothing{};
  }
  return perform(nlohmann::json::array({{{"type", "key"}, {"id", "keyboard"}, {"actions", key_actions_for(text)}}}));
}

Result<Nothing> FirefoxSession::click(const Element& element) {
  if (auto shown = execute("arguments[0].scrollIntoView({block: 'center'});",
                           nlohmann::json::array({element_argument(element)}));
      !shown) {
    return unexpected(shown.error());
  }
  const nlohmann::json pointer = {
      {"type", "pointer"},
      {"id", "mouse"},
      {"parameters", {{"pointerType", "mouse"}}},
      {"actions",
       {{{"type", "pointerMove"}, {"x", 0}, {"y", 0}, {"origin", {{"type", "element"}, {"element", {{"sharedId", element.id}}}}}},
        {{"type", "pointerDown"}, {"button", 0}},
        {{"type", "pointerUp"}, {"button", 0}}}}};
  return perform(nlohmann::json::array({pointer}));
}

nlohmann::json FirefoxSession::element_argument(const Element& element) const { return {{kElementKey, element.id}}; }

std::optional<Element> FirefoxSession::element_result(const nlohmann::json& value) const {
  if (value.is_object() && value.contains(kElementKey) && value.at(kElementKey).is_string()) {
    return Element{value.at(kElementKey).get<std::string>()};
  }
  return std::nullopt;
}

Result<std::string> FirefoxSession::screenshot_png() {
  auto answer = m_client->call("browsingContext.captureScreenshot", {{"context", m_context}});
  if (!answer) {
    return unexpected(answer.error());
  }
  auto png = base64_decode(answer->value("data", ""));
  if (!png || png->empty()) {
    return unexpected(std::string("the screenshot is not valid Base64"));
  }
  return *png;
}

Result<std::vector<std::string>> FirefoxSession::console_errors() {
  // Events arrive with command replies; a cheap command collects those already sent.
  (void)m_client->call("session.status", nlohmann::json::object(), std::chrono::seconds(5));
  std::vector<std::string> errors;
  for (const auto& event : m_client->take_events()) {
    const auto params = event.value("params", nlohmann::json::object());
    if (event.value("method", "") == "log.entryAdded" && params.value("level", "") == "error") {
      errors.push_back(params.value("text", ""));
    }
  }
  return errors;
}

Result<Nothing> FirefoxSession::emulate(int width, int height, double pixel_ratio, const std::string& user_agent,
                                        const std::string& device_name) {
  auto sized = m_client->call("browsingContext.setViewport",
                              {{"context", m_context},
                               {"viewport", {{"width", width}, {"height", height}}},
                               {"devicePixelRatio", pixel_ratio}});
  if (!sized) {
    return unexpected(sized.error());
  }
  auto agent = m_client->call("emulation.setUserAgentOverride", {{"userAgent", user_agent}, {"contexts", {m_context}}});
  m_emulation = fmt::format("Firefox emulated {}: viewport {}x{}, device pixel ratio {:g}, user agent {}; no touch",
                            device_name, width, height, pixel_ratio, agent ? "yes" : "no (" + agent.error() + ")");
  return Nothing{};
}

void FirefoxSession::close() {
  if (m_closed) {
    return;
  }
  m_closed = true;
  (void)m_client->call("session.end", nlohmann::json::object(), std::chrono::seconds(5));
  m_client->close();
  if (m_firefox) {
    m_firefox->stop(std::chrono::seconds(5));
  }
  std::error_code ignored;
  std::filesystem::remove_all(m_profile, ignored);
}

}  // namespace formcheck::browser
