// What `formcheck init` writes must load with no problem once its variables exist, for a
// Next.js site and for a folder it knows nothing about.
#include "harness/config/starter_config.hpp"

#include <gtest/gtest.h>

#include "harness/config/config.hpp"
#include "tests/support/standin.hpp"

namespace formcheck::config {
namespace {

std::map<std::string, std::string> values_for(const std::vector<std::string>& names, const SiteVariables& v) {
  std::map<std::string, std::string> env;
  for (const auto& name : names) {
    env[name] = "https://surf-camp.example";
  }
  env[v.account_sid] = "AC0123456789abcdef0123456789abcdef";
  env[v.auth_token] = "0123456789abcdef0123456789abcdef";
  env[v.sender] = v.sender_has_prefix ? "whatsapp:+15557654321" : "+15557654321";
  env[v.staff] = v.staff_has_prefix ? "whatsapp:+6281234567890" : "+6281234567890";
  return env;
}

Expected<Config, Problems> load_starter(const SiteScan& scan, std::map<std::string, std::string> env) {
  LoadOptions options;
  options.environment = std::move(env);
  return parse_config(render_starter_config(scan, "example.jsonc"), "/nonexistent/site/formcheck.json", options);
}

std::string problems_of(const Expected<Config, Problems>& loaded) {
  std::string out;
  if (!loaded) {
    for (const auto& p : loaded.error()) {
      out += p.to_string() + "\n";
    }
  }
  return out;
}

TEST(StarterConfig, TheSampleNextJsSitesConfigLoadsOnceItsVariablesExist) {
  const auto scan = scan_site(std::filesystem::path(formcheck::testing::source_dir()) / "tests/data/init/nextjs-site");
  const auto loaded = load_starter(scan, values_for(starter_variables(scan), scan.variables));
  ASSERT_TRUE(loaded) << problems_of(loaded);
  ASSERT_EQ(loaded->targets.size(), 3u);
  const auto& local = loaded->targets[0];
  EXPECT_EQ(local.name, "local");
  EXPECT_EQ(local.url, "http://localhost:3100");
  ASSERT_TRUE(local.start.has_value());
  EXPECT_EQ(local.start->command, (std::vector<std::string>{"npm", "run", "dev"}));
  ASSERT_TRUE(loaded->form.has_value());
  EXPECT_EQ(loaded->form->path, "/api/contact");
  EXPECT_EQ(loaded->form->token_field, "message");
  EXPECT_EQ(loaded->expect.sender, "whatsapp:+15557654321");
  const auto& production = loaded->targets[2];
  EXPECT_TRUE(production.production);
  EXPECT_EQ(production.max_messages, 6);
}

TEST(StarterConfig, WithoutItsVariablesEveryMissingOneIsNamed) {
  const auto scan = scan_site(std::filesystem::path(formcheck::testing::source_dir()) / "tests/data/init/nextjs-site");
  const auto loaded = load_starter(scan, {});
  ASSERT_FALSE(loaded);
  const auto text = problems_of(loaded);
  for (const auto& name : starter_variables(scan)) {
    EXPECT_NE(text.find(name), std::string::npos) << name << " not named in:\n" << text;
  }
}

TEST(StarterConfig, AGenericSiteGetsAConfigThatLoadsToo) {
  SiteScan scan;  // nothing found
  SiteVariables bare;
  bare.staff_has_prefix = false;  // the staff number held as +E164: the config adds whatsapp:
  scan.variables = bare;
  const auto loaded = load_starter(scan, values_for(starter_variables(scan), scan.variables));
  ASSERT_TRUE(loaded) << problems_of(loaded);
  EXPECT_EQ(loaded->twilio.staff, "whatsapp:+6281234567890");
  EXPECT_FALSE(loaded->targets[0].start.has_value());
  EXPECT_NE(render_starter_config(scan, "x").find("not a Next.js site"), std::string::npos);
}

}  // namespace
}  // namespace formcheck::config
