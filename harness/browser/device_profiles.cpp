#include "harness/browser/device_profiles.hpp"

#include <fmt/format.h>

namespace formcheck::browser {
namespace {

constexpr const char* kIphoneUa =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/16.0 Mobile/15E148 Safari/604.1";
constexpr const char* kPixelUa =
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile "
    "Safari/537.36";
constexpr const char* kIpadUa =
    "Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.0 "
    "Mobile/15E148 Safari/604.1";

const std::vector<DeviceProfile>& profiles() {
  // Viewports and ratios as Chromium's device list has them.
  static const std::vector<DeviceProfile> list{
      {"iPhone SE", 375, 667, 2, kIphoneUa},          {"iPhone 14", 390, 844, 3, kIphoneUa},
      {"iPhone 14 Pro", 393, 852, 3, kIphoneUa},      {"iPhone 14 Pro Max", 430, 932, 3, kIphoneUa},
      {"iPhone 15", 393, 852, 3, kIphoneUa},          {"Pixel 7", 412, 915, 2.625, kPixelUa},
      {"Pixel 8", 412, 915, 2.625, kPixelUa},         {"iPad Mini", 768, 1024, 2, kIpadUa},
  };
  return list;
}

}  // namespace

std::optional<DeviceProfile> device_profile(const std::string& name) {
  for (const auto& p : profiles()) {
    if (p.name == name) {
      return p;
    }
  }
  return std::nullopt;
}

std::vector<std::string> profiled_devices() {
  std::vector<std::string> names;
  for (const auto& p : profiles()) {
    names.push_back(p.name);
  }
  return names;
}

Result<std::optional<DeviceProfile>> phone_profile(const Device& device, const std::string& engine_title) {
  if (device.is_desktop()) {
    return std::optional<DeviceProfile>();
  }
  if (auto phone = device_profile(device.name)) {
    return phone;
  }
  std::string known;
  for (const auto& n : profiled_devices()) {
    known += (known.empty() ? "\"" : ", \"") + n + "\"";
  }
  return unexpected(fmt::format("{} has no profile for '{}'; its phones are: {}", engine_title, device.name, known));
}

Result<SessionStart> begin_session(ShutdownLatch& latch, const Device& device, const std::string& engine_title) {
  auto phone = phone_profile(device, engine_title);
  if (!phone) {
    return unexpected(phone.error());
  }
  auto lock = latch.lock_open();
  if (!lock) {
    return unexpected(lock.error());
  }
  return SessionStart{std::move(*phone), std::move(*lock)};
}

}  // namespace formcheck::browser
