#pragma once
// The engine-neutral view of a browser: what a page submission needs from one session
// (navigate, find, type, click, run a script, screenshot, console errors). Chromium through
// chromedriver is one engine (chromium_engine.hpp); WebKit and Firefox fit behind the same
// interface. Every call returns a value or an error text, never throws.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/util/expected.hpp"

namespace formcheck::browser {

template <class T>
using Result = Expected<T, std::string>;

struct Nothing {};

// A page element as the engine identifies it (opaque outside the engine).
struct Element {
  std::string id;
};

// Where a session runs: a desktop window, or a phone the engine emulates by name.
struct Device {
  std::string name = "desktop";  // "desktop" or an engine's device name, e.g. "Pixel 7"
  bool is_desktop() const { return name == "desktop"; }
};

class Session {
 public:
  virtual ~Session() = default;
  virtual std::string engine() const = 0;
  virtual const Device& device() const = 0;
  // Loads `url` and returns when the page has loaded (or the page-load timeout passed).
  virtual Result<Nothing> navigate(const std::string& url) = 0;
  // Every element matching a CSS selector (empty when none does).
  virtual Result<std::vector<Element>> find_all(const std::string& css) = 0;
  // Types `text` into the element with key events, as a person would.
  virtual Result<Nothing> type(const Element& element, const std::string& text) = 0;
  virtual Result<Nothing> click(const Element& element) = 0;
  // Runs `script` as a function body with `args` (elements may be passed as engine JSON).
  virtual Result<nlohmann::json> execute(const std::string& script, const nlohmann::json& args = nlohmann::json::array()) = 0;
  // The element as a JSON argument for execute().
  virtual nlohmann::json element_argument(const Element& element) const = 0;
  // The element a script returned (nullopt when it returned something else).
  virtual std::optional<Element> element_result(const nlohmann::json& value) const = 0;
  // A PNG of the viewport.
  virtual Result<std::string> screenshot_png() = 0;
  // Console errors (and uncaught exceptions) since the last call.
  virtual Result<std::vector<std::string>> console_errors() = 0;
  // Ends the session (idempotent; the destructor does it too).
  virtual void close() = 0;
  // For a phone: what the engine could and could not emulate ("" when it emulates the device
  // fully, as Chromium does).
  virtual std::string emulation() const { return {}; }
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string name() const = 0;
  virtual Result<std::unique_ptr<Session>> open(const Device& device) = 0;
  // Ends every session and the engine's processes (idempotent).
  virtual void shutdown() = 0;
};

}  // namespace formcheck::browser
