// The contact site's limiter faults: a limiter keyed on what a spammer changes, and one whose
// window is far shorter than --rate-limit says.
#include "fixtures/contact-site/faults.hpp"

#include <gtest/gtest.h>

namespace formcheck::site {
namespace {

TEST(ContactSiteLimitFaults, Parse) {
  const auto faults = parse_faults({"limit-key=email", "limit-window-ms=1000"});
  ASSERT_TRUE(faults) << faults.error();
  EXPECT_EQ(faults->limit_key, "email");
  EXPECT_EQ(faults->limit_window, std::chrono::milliseconds(1000));
  EXPECT_EQ(faults->describe().size(), 2u);
  for (const std::string key : {"forwarded-for", "real-ip"}) {
    const auto other = parse_faults({"limit-key=" + key});
    ASSERT_TRUE(other) << other.error();
    EXPECT_EQ(other->limit_key, key);
  }
}

TEST(ContactSiteLimitFaults, BadValuesAreRefusedNamingTheFault) {
  for (const std::string spec : {"limit-key=ip", "limit-key", "limit-window-ms=0", "limit-window-ms=x"}) {
    const auto faults = parse_faults({spec});
    ASSERT_FALSE(faults) << spec;
    EXPECT_NE(faults.error().find(spec.substr(0, spec.find('='))), std::string::npos) << faults.error();
  }
}

}  // namespace
}  // namespace formcheck::site
