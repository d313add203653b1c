// Labels in a WhatsApp body (checks/field_labels, checks/label_judge, checks/message_fields):
// which labels a field is known by, where a body labels its values in the ways real templates
// do, and the verdict on each value: under its own label, under another's, or a label that
// shows something else. The reference site's own bodies, bent by its label faults, are judged
// as the run judges them.
#include "harness/checks/field_labels.hpp"

#include "fixtures/contact-site/faults.hpp"
#include "fixtures/contact-site/whatsapp_body.hpp"
#include "harness/checks/label_judge.hpp"
#include "harness/checks/message_fields.hpp"

#include <gtest/gtest.h>

namespace formcheck::checks {
namespace {

using Sent = std::vector<std::pair<std::string, std::string>>;

const Sent kAyu{{"name", "Ayu Lestari"},
                {"email", "ayu@example.com"},
                {"phone", "+62 812 3456 7890"},
                {"message", "[formcheck-test fc-1] Hello, do you have a room?"}};

site::Submission ayu_submission() {
  return {"Ayu Lestari", "ayu@example.com", "+62 812 3456 7890",
          "[formcheck-test fc-1] Hello, do you have a room?"};
}

std::string site_body(const std::vector<std::string>& faults = {}) {
  const auto parsed = site::parse_faults(faults);
  EXPECT_TRUE(parsed.has_value());
  return site::build_whatsapp_body(ayu_submission(), parsed.has_value() ? *parsed : site::Faults{});
}

// Every field of kAyu judged in `body`, exactly (as the passthrough suite does).
Placement judge(std::string_view body, const LabelOverrides& overrides = {},
                ValueMatch match = ValueMatch::exact, const Sent& sent = kAyu) {
  PlacementInput in{body, {}, sent, overrides, match};
  for (const auto& [name, value] : sent) {
    in.wanted.push_back({name, name, value});
  }
  return place_values(in);
}

std::vector<std::string> failed(const Placement& p, const Sent& sent = kAyu) {
  std::vector<std::string> out;
  for (size_t i = 0; i < p.values.size(); ++i) {
    if (!p.values[i].ok) {
      out.push_back(sent[i].first);
    }
  }
  return out;
}

std::vector<std::string> section_fields(std::string_view body, const LabelOverrides& overrides = {}) {
  std::vector<std::string> names;
  std::vector<std::string> values;
  for (const auto& [name, value] : kAyu) {
    names.push_back(name);
    values.push_back(value);
  }
  std::vector<std::string> out;
  for (const auto& s : read_layout(body, LabelBook(names, overrides), values).sections) {
    out.push_back(s.field);
  }
  return out;
}

using Fields4 = std::vector<std::string>;

TEST(FieldLabels, LearnedFromTheFieldsName) {
  EXPECT_EQ(learned_labels("email"), (Fields4{"email", "e-mail", "email address", "e-mail address", "mail"}));
  EXPECT_EQ(learned_labels("contactEmail").front(), "contact email");
  EXPECT_EQ(learned_labels("phone")[2], "tel");
  EXPECT_EQ(learned_labels("message").front(), "message");
  // A name word beside another noun is that noun's: "company name", never plain "name".
  EXPECT_EQ(learned_labels("company_name"), (Fields4{"company name"}));
  EXPECT_EQ(field_role("phone_number"), FieldRole::phone);
  EXPECT_EQ(field_role("guests"), FieldRole::other);
}

TEST(FieldLabels, AClaimedLabelStaysWithTheFieldItSpellsAndOverridesWin) {
  const LabelBook book({"name", "full_name", "email"}, {{"email", "Correo"}});
  std::map<std::string, std::string> field_of;
  for (const auto& [label, field] : book.labels()) {
    field_of[label] = field;
  }
  EXPECT_EQ(field_of["name"], "name");
  EXPECT_EQ(field_of["full name"], "full_name");
  EXPECT_EQ(field_of["correo"], "email");
  EXPECT_EQ(field_of.count("email"), 0u);
  EXPECT_FALSE(LabelBook({"email"}, {{"email", ""}}).has_labels("email"));
}

TEST(FieldLabels, TheReferenceSitesBodyHasEveryFieldLabelled) {
  EXPECT_EQ(section_fields(site_body()), (Fields4{"name", "email", "phone", "message"}));
}

TEST(FieldLabels, RealWorldLabelStyles) {
  for (const std::string body :
       {"*Name:* Ayu\n*Email:* ayu@example.com", "*Name*: Ayu\n_Email_: ayu@example.com",
        "👤 Name — Ayu\n📧 Email — ayu@example.com", "Name - Ayu\nE-mail - ayu@example.com",
        "*Name*\nAyu\n*Email*\nayu@example.com", "1. Name: Ayu\n2. Email address: ayu@example.com",
        "• Name: Ayu\n• Email: ayu@example.com", "Name: Ayu, Email: ayu@example.com", "Name: Ayu | Email: x",
        "NAME: Ayu\nemail= ayu@example.com", "Full name: Ayu\nEmail (work): ayu@example.com"}) {
    EXPECT_EQ(section_fields(body), (Fields4{"name", "email"})) << body;
  }
  EXPECT_EQ(section_fields("Phone (optional): +62 812\nTel.: 0812"), (Fields4{"phone", "phone"}));
}

TEST(FieldLabels, ProseIsNotALabel) {
  for (const std::string body :
       {"Message from the website", "Name tags for two, please", "Emailed: yesterday",
        "New contact form submission", "Ayu Lestari (ayu@example.com) wrote:"}) {
    EXPECT_TRUE(section_fields(body).empty()) << body;
  }
}

TEST(FieldLabels, AGuestsLabelLikeLineStaysPartOfTheMessage) {
  const Sent sent{
      {"name", "Ayu"}, {"email", "ayu@example.com"}, {"message", "Hi\nEmail: only after 5 pm\nName: Ayu"}};
  const auto body = "Name: Ayu\nEmail: ayu@example.com\nMessage:\nHi\nEmail: only after 5 pm\nName: Ayu";
  const auto p = judge(body, {}, ValueMatch::exact, sent);
  EXPECT_TRUE(p.all_ok()) << p.labels_note();
  EXPECT_EQ(p.layout.sections.size(), 3u);
  // Starting the message's own line: still the guest's.
  const Sent starts{{"email", "a@b.co"}, {"message", "Email me back: soon"}};
  EXPECT_TRUE(judge("Email: a@b.co\nMessage:\nEmail me back: soon", {}, ValueMatch::exact, starts).all_ok());
}

TEST(LabelJudge, HealthyBodiesPassEachUnderItsLabel) {
  const auto p = judge(site_body());
  EXPECT_TRUE(p.all_ok()) << p.labels_note();
  EXPECT_EQ(p.how_found(), "each under its label");
  // The Next.js fixture's route writes the same lines.
  EXPECT_TRUE(
      judge("New contact form submission\nName: Ayu Lestari\nEmail: ayu@example.com\nPhone: +62 812 3456 "
            "7890\nMessage:\n[formcheck-test fc-1] Hello, do you have a room?")
          .all_ok());
}

TEST(LabelJudge, SwappedLabelsFailBothNamingEachOther) {
  const auto p = judge(site_body({"swap-labels=name,email"}));
  EXPECT_EQ(failed(p), (Fields4{"name", "email"}));
  EXPECT_EQ(p.values[0].headline, "name (under 'Email')");
  EXPECT_EQ(p.values[1].headline, "email (under 'Name')");
  EXPECT_NE(p.values[0].detail.find("'ayu@example.com' (the email's value)"), std::string::npos)
      << p.values[0].detail;
}

TEST(LabelJudge, ALabelShowingSomethingElseSaysWhat) {
  const auto p = judge(site_body({"undefined-field=email"}));
  EXPECT_EQ(failed(p), (Fields4{"email"}));
  EXPECT_NE(p.values[1].detail.find("under its label 'Email' the body shows 'undefined'"), std::string::npos)
      << p.values[1].detail;
  EXPECT_NE(p.values[1].detail.find("nowhere in the body"), std::string::npos);
}

TEST(LabelJudge, AValueUnderTwoLabelsPassesOnlyWhereItIsItsOwn) {
  // The route writes the name under both labels: the name is fine, the e-mail is lost.
  const auto p =
      judge("Name: Ayu Lestari\nEmail: Ayu Lestari\nPhone: +62 812 3456 7890\nMessage:\n" + kAyu[3].second);
  EXPECT_EQ(failed(p), (Fields4{"email"}));
  EXPECT_NE(p.values[1].detail.find("(the name's value)"), std::string::npos);
}

TEST(LabelJudge, ASubstringOfAnotherFieldIsNotFoundThere) {
  const Sent sent{{"name", "Ayu"}, {"email", "ayu@example.com"}, {"message", "Ayu here, room for 2?"}};
  // The name's label shows nothing; "Ayu" is only inside the message's text: the name is lost.
  auto p =
      judge("Email: ayu@example.com\nName: \nMessage: Ayu here, room for 2?", {}, ValueMatch::exact, sent);
  EXPECT_EQ(failed(p, sent), (Fields4{"name"}));
  p = judge("Name: Ayu\nEmail: ayu@example.com\nMessage: Ayu here, room for 2?", {}, ValueMatch::exact, sent);
  EXPECT_TRUE(p.all_ok());
}

TEST(LabelJudge, AMultiLineMessageStaysInItsSection) {
  const Sent sent{{"name", "Ayu"}, {"message", "First line\nSecond line\n\n- item one"}};
  const auto p =
      judge("Name: Ayu\nMessage:\nFirst line\nSecond line\n\n- item one", {}, ValueMatch::exact, sent);
  EXPECT_TRUE(p.all_ok());
}

TEST(LabelJudge, FreeFormAndPartlyLabelledBodiesFallBackToASearch) {
  auto p = judge(site_body({"free-form-body"}));
  EXPECT_TRUE(p.all_ok());
  EXPECT_FALSE(p.layout.labelled());
  EXPECT_EQ(p.how_found(), "no labels in the body: each searched anywhere");
  // The name in the heading, the rest labelled: the name has no label of its own here.
  p = judge("New message from Ayu Lestari\nEmail: ayu@example.com\nPhone: +62 812 3456 7890\nMessage: " +
            kAyu[3].second);
  EXPECT_TRUE(p.all_ok()) << p.labels_note();
  EXPECT_EQ(p.how_found(), "3 under its label, 1 without a label in the body (searched anywhere)");
}

TEST(LabelJudge, SpanishLabelsNeedTheOverride) {
  const LabelOverrides es{
      {"name", "Nombre"}, {"email", "Correo"}, {"phone", "Teléfono"}, {"message", "Mensaje"}};
  EXPECT_TRUE(judge(site_body({"labels=es"}), es).all_ok());
  EXPECT_EQ(failed(judge(site_body({"labels=es", "swap-labels=name,email"}), es)),
            (Fields4{"name", "email"}));
  // Unknown labels: a free-form body to formcheck, searched anywhere (never a false failure).
  EXPECT_TRUE(judge(site_body({"labels=es", "swap-labels=name,email"})).all_ok());
}

TEST(LabelJudge, LenientMatchingForgivesFormattingNotLoss) {
  EXPECT_TRUE(
      holds_value("Phone: 0812-3456-7890", "+62 812 3456 7890", ValueMatch::lenient, FieldRole::phone));
  EXPECT_TRUE(
      holds_value("Email: AYU@Example.com", "ayu@example.com", ValueMatch::lenient, FieldRole::email));
  EXPECT_TRUE(
      holds_value("Message: Hello,\n  do you", "Hello, do you", ValueMatch::lenient, FieldRole::message));
  EXPECT_FALSE(holds_value("Email: AYU@Example.com", "ayu@example.com", ValueMatch::exact, FieldRole::email));
  EXPECT_FALSE(holds_value("Phone: undefined", "+62 812 3456 7890", ValueMatch::lenient, FieldRole::phone));
  EXPECT_FALSE(holds_value("Name: Ayu", "Ayu Lestari", ValueMatch::lenient, FieldRole::name));
}

twilio::Message message_with(std::string body) {
  twilio::Message m;
  m.sid = "SM0123456789abcdef0123456789abcdef";
  m.body = std::move(body);
  return m;
}

Submission submission_of(const Sent& sent) {
  Submission s;
  s.fields_sent = sent;
  return s;
}

TEST(MessageFields, TheDeliveredMessageProvesEveryField) {
  const auto s = submission_of(kAyu);
  auto v = judge_message_fields(s, message_with(site_body()), {}, false);
  EXPECT_TRUE(v.ok) << v.detail;
  EXPECT_EQ(v.summary, "its 4 field(s) in it, each under its label");
  v = judge_message_fields(s, message_with(site_body({"undefined-field=email"})), {}, false);
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.summary.find("email is not as submitted"), std::string::npos) << v.summary;
  EXPECT_NE(v.summary.find("'undefined'"), std::string::npos) << v.summary;
  v = judge_message_fields(s, message_with(site_body({"drop-field=phone"})), {}, false);
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.summary.find("phone is not as submitted (phone: not in the body"), std::string::npos)
      << v.summary;
  v = judge_message_fields(s, message_with(site_body({"free-form-body", "undefined-field=email"})), {},
                           false);
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.detail.find("the body shows 'undefined'"), std::string::npos) << v.detail;
}

TEST(MessageFields, SitesMayReformatWithoutFailing) {
  const auto s = submission_of(kAyu);
  const auto body =
      "New enquiry\nName: Ayu Lestari\nEmail: AYU@EXAMPLE.COM\nPhone: 0812-3456-7890\nMessage:\n"
      "[formcheck-test fc-1]   Hello,\n do you have a room?  ";
  const auto v = judge_message_fields(s, message_with(body), {}, false);
  EXPECT_TRUE(v.ok) << v.detail;
}

TEST(MessageFields, AContentTemplateMayLeaveFieldsOutButNotMisplaceThem) {
  const auto s = submission_of(kAyu);
  auto v =
      judge_message_fields(s,
                           message_with("New enquiry from Ayu Lestari\nEmail: "
                                        "ayu@example.com\n[formcheck-test fc-1] Hello, do you have a room?"),
                           {}, true);
  EXPECT_TRUE(v.ok) << v.detail;
  EXPECT_NE(v.summary.find("phone not in the Content Template's text"), std::string::npos) << v.summary;
  v = judge_message_fields(s, message_with("Name: Ayu Lestari\nEmail: undefined"), {}, true);
  EXPECT_FALSE(v.ok);
  // Without the template, the same missing phone is a lost field.
  v = judge_message_fields(s,
                           message_with("New enquiry from Ayu Lestari\nEmail: "
                                        "ayu@example.com\n[formcheck-test fc-1] Hello, do you have a room?"),
                           {}, false);
  EXPECT_FALSE(v.ok);
}

}  // namespace
}  // namespace formcheck::checks
