// The contact site's label faults (fixtures/contact-site/faults, whatsapp_body): swapped
// labels, a value written as "undefined", Spanish labels and a free-form body, as staff read them.
#include "fixtures/contact-site/faults.hpp"
#include "fixtures/contact-site/whatsapp_body.hpp"

#include <gtest/gtest.h>

namespace formcheck::site {
namespace {

Submission ayu() {
  return Submission{"Ayu Lestari", "ayu@example.com", "+62 812 3456 7890", "Hello!"};
}

std::string body_with(const std::vector<std::string>& specs) {
  const auto faults = parse_faults(specs);
  EXPECT_TRUE(faults) << (faults ? "" : faults.error());
  return build_whatsapp_body(ayu(), faults ? *faults : Faults{});
}

TEST(contact_site_label_faults, SwapLabelsWritesEachValueUnderTheOthersLabel) {
  EXPECT_EQ(
      body_with({"swap-labels=name,email"}),
      "New contact form submission\nEmail: Ayu Lestari\nName: ayu@example.com\nPhone: +62 812 3456 7890\n"
      "Message:\nHello!");
  EXPECT_EQ(
      body_with({"swap-labels=phone,message"}),
      "New contact form submission\nName: Ayu Lestari\nEmail: ayu@example.com\nMessage: +62 812 3456 7890\n"
      "Phone:\nHello!");
}

TEST(contact_site_label_faults, UndefinedFieldSpanishLabelsAndFreeForm) {
  EXPECT_NE(body_with({"undefined-field=email"}).find("\nEmail: undefined\n"), std::string::npos);
  EXPECT_EQ(
      body_with({"labels=es"}),
      "New contact form submission\nNombre: Ayu Lestari\nCorreo: ayu@example.com\nTeléfono: +62 812 3456 "
      "7890\nMensaje:\nHello!");
  EXPECT_EQ(body_with({"free-form-body"}),
            "New contact form submission\nAyu Lestari (ayu@example.com, +62 812 3456 7890) wrote:\nHello!");
  EXPECT_EQ(body_with({"free-form-body", "drop-field=phone"}),
            "New contact form submission\nAyu Lestari (ayu@example.com) wrote:\nHello!");
}

TEST(contact_site_label_faults, TemplateVariablesTradePlacesAndShowUndefined) {
  const auto faults = parse_faults({"swap-labels=name,email", "undefined-field=phone"});
  ASSERT_TRUE(faults);
  EXPECT_EQ(build_template_variables(ayu(), *faults),
            R"({"1":"ayu@example.com","2":"Ayu Lestari","3":"Hello!","4":"undefined"})");
}

TEST(contact_site_label_faults, IllFormedValuesAreOneLineErrors) {
  for (const char* bad : {"swap-labels=name", "swap-labels=name,name", "swap-labels=name,address",
                          "undefined-field=", "undefined-field=address", "labels=fr", "free-form-body=yes"}) {
    const auto faults = parse_faults({bad});
    ASSERT_FALSE(faults) << bad;
    EXPECT_NE(faults.error().find(bad), std::string::npos) << faults.error();
    EXPECT_EQ(faults.error().find('\n'), std::string::npos);
  }
  const auto described =
      parse_faults({"swap-labels=name,email", "undefined-field=email", "labels=es", "free-form-body"});
  ASSERT_TRUE(described);
  EXPECT_EQ(described->describe().size(), 4u);
}

}  // namespace
}  // namespace formcheck::site
