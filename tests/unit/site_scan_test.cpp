// `formcheck init` reads a site's repository: Next.js from package.json, the port from the dev
// script, the route that imports twilio, the dotenv files and the variable names of .env.example.
#include "harness/config/site_scan.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "tests/support/standin.hpp"

namespace formcheck::config {
namespace {

namespace fs = std::filesystem;

fs::path sample_site() { return fs::path(formcheck::testing::source_dir()) / "tests/data/init/nextjs-site"; }

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "formcheck-scan-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) {
      m_path = pattern;
    }
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  void write(const std::string& relative, const std::string& text) const {
    fs::create_directories((m_path / relative).parent_path());
    std::ofstream(m_path / relative) << text;
  }
  const fs::path& path() const { return m_path; }

 private:
  fs::path m_path;
};

TEST(SiteScan, FindsEverythingInTheSampleNextJsSite) {
  const auto scan = scan_site(sample_site());
  EXPECT_TRUE(scan.nextjs);
  EXPECT_EQ(scan.dev_script, "next dev -p 3100");
  EXPECT_EQ(scan.port, 3100);
  EXPECT_TRUE(scan.port_from_script);
  EXPECT_EQ(scan.package_manager, "npm");
  ASSERT_TRUE(scan.route.has_value());
  EXPECT_EQ(scan.route->file, "app/api/contact/route.ts");
  EXPECT_EQ(scan.route->path, "/api/contact");
  EXPECT_TRUE(scan.route->imports_twilio);
  EXPECT_TRUE(scan.route->returns_sid);
  EXPECT_EQ(scan.route->encoding, "json");
  EXPECT_EQ(scan.route->fields, (std::vector<std::string>{"name", "email", "phone", "message"}));
  EXPECT_EQ(scan.env_example, ".env.example");
  EXPECT_EQ(scan.variables.account_sid, "TWILIO_ACCOUNT_SID");
  EXPECT_EQ(scan.variables.auth_token, "TWILIO_AUTH_TOKEN");
  EXPECT_EQ(scan.variables.sender, "TWILIO_WHATSAPP_FROM");
  EXPECT_EQ(scan.variables.staff, "STAFF_WHATSAPP_TO");
  EXPECT_TRUE(scan.dotenv_files.empty());
}

TEST(SiteScan, PicksTheRouteThatImportsTwilioOverOneNamedContact) {
  ScratchDir site;
  site.write("package.json", R"({"scripts": {"dev": "next dev"}, "dependencies": {"next": "15.0.0"}})");
  site.write("pnpm-lock.yaml", "");
  site.write("src/pages/api/contact.js", "export default function handler(req, res) { res.json({}) }\n");
  site.write("src/pages/api/enquiry/index.js",
             "const twilio = require('twilio');\nexport default async function h(req, res) {\n"
             "  const { fullName, email, comment } = req.body;\n}\n");
  site.write("src/pages/api/users/[id].js", "import twilio from 'twilio';\n");
  site.write(".env.local", "X=1\n");
  site.write(".env", "Y=2\n");
  site.write(".envrc", "use nix\n");  // direnv's, not a dotenv file
  const auto scan = scan_site(site.path());
  EXPECT_TRUE(scan.nextjs);
  EXPECT_EQ(scan.port, 3000);
  EXPECT_FALSE(scan.port_from_script);
  EXPECT_EQ(scan.package_manager, "pnpm");
  ASSERT_TRUE(scan.route.has_value());
  EXPECT_EQ(scan.route->file, "src/pages/api/enquiry/index.js");
  EXPECT_EQ(scan.route->path, "/api/enquiry");
  EXPECT_EQ(scan.route->fields, (std::vector<std::string>{"fullName", "email", "comment"}));
  EXPECT_EQ(scan.dotenv_files, (std::vector<std::string>{".env", ".env.local"}));
}

TEST(SiteScan, AFolderWithoutPackageJsonIsNotNextJs) {
  ScratchDir site;
  site.write("index.html", "<form action=/contact.php></form>");
  const auto scan = scan_site(site.path());
  EXPECT_FALSE(scan.has_package_json);
  EXPECT_FALSE(scan.nextjs);
  EXPECT_FALSE(scan.route.has_value());
}

TEST(SiteScan, BareNumbersInTheExampleGetTheWhatsAppPrefixInTheConfig) {
  ScratchDir site;
  site.write("package.json", R"({"dependencies": {"next": "14.0.0"}})");
  site.write(".env.example", "export TWILIO_SID=AC...\nOWNER_PHONE_NUMBER=+6281234567890\nTWILIO_FROM=\"whatsapp:+1555\"\n");
  const auto scan = scan_site(site.path());
  EXPECT_EQ(scan.variables.staff, "OWNER_PHONE_NUMBER");
  EXPECT_FALSE(scan.variables.staff_has_prefix);
  EXPECT_EQ(scan.variables.sender, "TWILIO_FROM");
  EXPECT_TRUE(scan.variables.sender_has_prefix);
  EXPECT_EQ(scan.variables.account_sid, "TWILIO_ACCOUNT_SID");  // TWILIO_SID does not say ACCOUNT_SID: the default
}

TEST(SiteScan, PortFromTheDevScript) {
  bool found = false;
  EXPECT_EQ(port_from_dev_script("next dev --port 4000", &found), 4000);
  EXPECT_TRUE(found);
  EXPECT_EQ(port_from_dev_script("next dev -p=5000 --turbo", &found), 5000);
  EXPECT_EQ(port_from_dev_script("PORT=3300 next dev", &found), 3300);
  EXPECT_EQ(port_from_dev_script("next dev --turbopack", &found), 3000);
  EXPECT_FALSE(found);
}

TEST(SiteScan, ApiPathOfARouteFile) {
  EXPECT_EQ(api_path_of("app/api/contact/route.ts"), "/api/contact");
  EXPECT_EQ(api_path_of("src/app/api/(forms)/contact/route.js"), "/api/contact");
  EXPECT_EQ(api_path_of("pages/api/contact.ts"), "/api/contact");
  EXPECT_EQ(api_path_of("pages/api/v1/contact/index.js"), "/api/v1/contact");
  EXPECT_EQ(api_path_of("app/api/messages/[id]/route.ts"), std::nullopt);
}

}  // namespace
}  // namespace formcheck::config
