#pragma once
// Phones for the engines that have no device list of their own (WebKit, Firefox): the CSS
// viewport, device pixel ratio and user agent of a few common phones, applied as far as each
// engine allows. (Chromium uses chromedriver's own list.)
#include <optional>
#include <string>
#include <vector>

#include "harness/browser/engine.hpp"
#include "harness/browser/shutdown_latch.hpp"

namespace formcheck::browser {

struct DeviceProfile {
  std::string name;
  int width = 0;  // CSS pixels
  int height = 0;
  double pixel_ratio = 1;
  std::string user_agent;
};

std::optional<DeviceProfile> device_profile(const std::string& name);
// The names device_profile() knows, for an error that lists them.
std::vector<std::string> profiled_devices();

// The phone a session of `engine_title` ("WebKit") emulates: nullopt for the desktop, an error
// listing the known phones for a name without a profile.
Result<std::optional<DeviceProfile>> phone_profile(const Device& device, const std::string& engine_title);

// What a WebKit or Firefox session starts from: the phone it emulates (nullopt for the
// desktop) and the engine's latch held while it opens; an error for a device without a
// profile or an engine already shut down.
struct SessionStart {
  std::optional<DeviceProfile> phone;
  std::unique_lock<std::mutex> lock;
};
Result<SessionStart> begin_session(ShutdownLatch& latch, const Device& device, const std::string& engine_title);

}  // namespace formcheck::browser
