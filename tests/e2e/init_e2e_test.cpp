// `formcheck init` as a site's developer runs it: in a copy of the sample Next.js project it
// writes a config that `formcheck validate` accepts once the variables exist, prints what it
// found and what to fill in, and never overwrites a file without --force.
#include <gtest/gtest.h>

#include "tests/e2e/run_fixture.hpp"

namespace formcheck::testing::run_e2e {
namespace {

class InitE2E : public RunFixture {
 protected:
  std::filesystem::path copy_sample_site() const {
    const auto site = dir() / "site";
    std::filesystem::copy(std::filesystem::path(source_dir()) / "tests/data/init/nextjs-site", site,
                          std::filesystem::copy_options::recursive);
    return site;
  }

  std::vector<std::string> validate_args(const std::filesystem::path& config) const {
    return {"validate",
            "--config",
            config.string(),
            "--var",
            "TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef",
            "--var",
            "TWILIO_AUTH_TOKEN=0123456789abcdef0123456789abcdef",
            "--var",
            "TWILIO_WHATSAPP_FROM=whatsapp:+15557654321",
            "--var",
            "STAFF_WHATSAPP_TO=whatsapp:+6281234567890",
            "--var",
            "PREVIEW_URL=https://surf-camp-git-main.vercel.app",
            "--var",
            "PRODUCTION_URL=https://surf-camp.example"};
  }
};

TEST_F(InitE2E, WritesAConfigForTheSampleNextJsSiteThatValidates) {
  const auto site = copy_sample_site();
  const auto init = formcheck({"init", "--dir", site.string()}, 30s, "init");
  ASSERT_EQ(init.code, 0) << init.diagnosis();
  for (const char* found : {"app/api/contact/route.ts", "POST /api/contact", "port 3100", "TWILIO_WHATSAPP_FROM",
                            "STAFF_WHATSAPP_TO", "PREVIEW_URL", "fill in:"}) {
    EXPECT_NE(init.out.find(found), std::string::npos) << found << " missing from:\n" << init.out;
  }
  const auto config = site / "formcheck.json";
  ASSERT_TRUE(std::filesystem::exists(config));

  const auto valid = formcheck(validate_args(config), 30s, "validate");
  EXPECT_EQ(valid.code, 0) << valid.diagnosis();
  EXPECT_NE(valid.out.find("local http://localhost:3100 (started by formcheck)"), std::string::npos) << valid.out;

  const auto missing = formcheck({"validate", "--config", config.string()}, 30s, "validate-missing");
  EXPECT_EQ(missing.code, 2) << missing.diagnosis();
  EXPECT_NE(missing.err.find("STAFF_WHATSAPP_TO"), std::string::npos) << missing.err;
}

TEST_F(InitE2E, NeverOverwritesWithoutForce) {
  const auto site = copy_sample_site();
  const auto config = site / "formcheck.json";
  write_text(config, "{ \"mine\": true }\n");
  const auto refused = formcheck({"init", "--dir", site.string()}, 30s, "init-refused");
  EXPECT_EQ(refused.code, 2) << refused.diagnosis();
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  EXPECT_EQ(read_text(config), "{ \"mine\": true }\n");

  const auto forced = formcheck({"init", "--dir", site.string(), "--force"}, 30s, "init-forced");
  EXPECT_EQ(forced.code, 0) << forced.diagnosis();
  EXPECT_NE(read_text(config).find("\"targets\""), std::string::npos);
}

TEST_F(InitE2E, AFolderThatIsNotNextJsGetsAGenericConfig) {
  const auto site = dir() / "static-site";
  std::filesystem::create_directories(site);
  write_text(site / "index.html", "<form method=post action=/contact></form>\n");
  const auto init = formcheck({"init", "--dir", site.string()}, 30s, "init-generic");
  ASSERT_EQ(init.code, 0) << init.diagnosis();
  EXPECT_NE(init.out.find("not a Next.js site"), std::string::npos) << init.out;
  EXPECT_NE(init.out.find("LOCAL_URL"), std::string::npos) << init.out;
  const auto config = site / "formcheck.json";
  const auto valid =
      formcheck({"validate", "--config", config.string(), "--var", "TWILIO_ACCOUNT_SID=AC0123456789abcdef0123456789abcdef",
                 "--var", "TWILIO_AUTH_TOKEN=0123456789abcdef0123456789abcdef", "--var",
                 "TWILIO_WHATSAPP_NUMBER=whatsapp:+15557654321", "--var", "STAFF_WHATSAPP_NUMBER=whatsapp:+6281234567890",
                 "--var", "PREVIEW_URL=https://preview.example", "--var", "PRODUCTION_URL=https://www.example"},
                30s, "validate-generic");
  EXPECT_EQ(valid.code, 0) << valid.diagnosis();
}

// A site with honeypots (a route field named like one, inputs hidden on the contact page):
// init leaves them empty, says so, and the config still validates. Filled, the site would
// answer formcheck's submissions with success and drop them as a bot's.
TEST_F(InitE2E, HoneypotFieldsAreLeftEmptyAndNamed) {
  const auto site = dir() / "honeypot-site";
  std::filesystem::copy(std::filesystem::path(source_dir()) / "tests/data/init/honeypot-site", site,
                        std::filesystem::copy_options::recursive);
  const auto init = formcheck({"init", "--dir", site.string()}, 30s, "init-honeypot");
  ASSERT_EQ(init.code, 0) << init.diagnosis();
  for (const char* said : {"honeypot: website (display: none in app/contact/page.tsx)",
                           "honeypot: fax (aria-hidden on its wrapper in app/contact/page.tsx)",
                           "left empty in form.fields"}) {
    EXPECT_NE(init.out.find(said), std::string::npos) << said << " missing from:\n" << init.out;
  }
  const auto config = read_text(site / "formcheck.json");
  EXPECT_NE(config.find("\"website\": \"\",  // left empty: a honeypot"), std::string::npos) << config;
  EXPECT_NE(config.find("\"fax\": \"\"  // left empty: a honeypot"), std::string::npos) << config;
  EXPECT_NE(config.find("\"token_field\": \"message\""), std::string::npos) << config;
  EXPECT_NE(config.find("\"name\": \"Ayu Lestari\""), std::string::npos) << config;
  const auto valid = formcheck(validate_args(site / "formcheck.json"), 30s, "validate-honeypot");
  EXPECT_EQ(valid.code, 0) << valid.diagnosis();
}

}  // namespace
}  // namespace formcheck::testing::run_e2e
