// Packing the passthrough corpus into few submissions (checks/passthrough_pack): the default
// corpus in at most two, every value carried and judged on its own, and the reference site's
// real validation and WhatsApp body (fixtures/contact-site) with its planted defects, each
// failing exactly the payloads whose content it breaks.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "fixtures/contact-site/faults.hpp"
#include "fixtures/contact-site/validation.hpp"
#include "fixtures/contact-site/whatsapp_body.hpp"
#include "harness/checks/passthrough_pack.hpp"
#include "harness/checks/text_length.hpp"
#include "harness/results/suite.hpp"
#include "tests/support/standin.hpp"

namespace formcheck::checks {
namespace {

using results::Outcome;
using results::Payload;

constexpr std::string_view kToken = "fc-abc123-a1";

std::vector<Payload> default_corpus() {
  auto suite = results::load_suite(std::filesystem::path(testing::source_dir()) / "suites", "passthrough");
  EXPECT_TRUE(suite.has_value());
  return suite.has_value() ? suite->cases : std::vector<Payload>{};
}

// The example configuration's form.fields.
Fields form_defaults() {
  return {{"name", "Ayu Lestari"}, {"email", "ayu@example.com"}, {"message", "Hello from formcheck"}};
}

Payload payload(std::string name, Fields fields, Payload::Match match = Payload::Match::exact) {
  Payload p;
  p.name = std::move(name);
  p.fields = std::move(fields);
  p.match = match;
  return p;
}

// A payload whose long values make room: a pack never sends a field longer than the corpus
// sends alone, so small corpora need one long value to share anything. Too long to share
// itself, it goes alone.
Payload roomy(std::string engine = {}, std::string device = {}) {
  auto p = payload("roomy", {{"name", std::string(60, 'n')}, {"message", std::string(300, 'm')}});
  p.engine = std::move(engine);
  p.device = std::move(device);
  return p;
}

const std::string& field(const Fields& fields, const std::string& name) {
  static const std::string none;
  for (const auto& [n, v] : fields) {
    if (n == name) {
      return v;
    }
  }
  return none;
}

// The pack as the runner submits it: the token and marker in front of the token field.
nlohmann::json request_json(const Pack& pack) {
  nlohmann::json body = nlohmann::json::object();
  for (const auto& [name, value] : pack.fields) {
    body[name] = name == pack.token_field ? mark_value("formcheck-test", std::string(kToken), value) : value;
  }
  return body;
}

// What the reference site makes of the pack: it must accept it (a healthy site never refuses
// a pack), and its WhatsApp body, bent by `faults`.
std::string site_body(const Pack& pack, const std::vector<std::string>& fault_specs = {}) {
  const auto submission = site::parse_submission(site::BodyFormat::json, request_json(pack).dump());
  EXPECT_TRUE(submission.has_value()) << "the reference site refused the pack " << pack.member_names() << ": "
                                      << (submission.has_value() ? "" : submission.error().error);
  const auto faults = site::parse_faults(fault_specs);
  EXPECT_TRUE(faults.has_value());
  return submission.has_value() ? site::build_whatsapp_body(*submission, faults.has_value() ? *faults : site::Faults{})
                                : std::string();
}

struct Delivered {
  Submission submission;
  WatchResult watch;
  Observed observed() const { return Observed{&submission, &watch, true}; }
};

Delivered delivered(const std::string& body) {
  Delivered d;
  d.submission.token = std::string(kToken);
  d.submission.response.status = 200;
  d.watch.end = WatchResult::End::reached;
  twilio::Message m;
  m.sid = "SM0123456789abcdef0123456789abcdef";
  m.status = "delivered";
  m.body = body;
  d.watch.message = m;
  return d;
}

// Every payload's verdict, by name, for the packs delivered with the bodies `body_of` makes.
std::map<std::string, results::CaseResult> judge_all(const std::vector<Pack>& packs,
                                                     const std::function<std::string(const Pack&)>& body_of) {
  std::map<std::string, results::CaseResult> out;
  for (const auto& pack : packs) {
    const auto d = delivered(body_of(pack));
    for (size_t i = 0; i < pack.members.size(); ++i) {
      out[pack.members[i].payload.name] = check_packed_passthrough(d.observed(), pack, i, {"fc-abc123-a9"});
    }
  }
  return out;
}

std::set<std::string> failed_names(const std::map<std::string, results::CaseResult>& verdicts) {
  std::set<std::string> out;
  for (const auto& [name, r] : verdicts) {
    if (r.outcome != Outcome::passed) {
      out.insert(name);
    }
  }
  return out;
}

std::vector<Pack> default_packs() { return pack_payloads(default_corpus(), form_defaults()); }

TEST(PassthroughPack, DefaultCorpusTakesAtMostTwoSubmissionsAndHoldsEveryPayloadOnce) {
  const auto corpus = default_corpus();
  ASSERT_EQ(corpus.size(), 11u);
  const auto packs = default_packs();
  EXPECT_LE(packs.size(), 2u);
  std::multiset<std::string> names;
  for (const auto& pack : packs) {
    for (const auto& m : pack.members) {
      names.insert(m.payload.name);
    }
  }
  EXPECT_EQ(names.size(), corpus.size());
  for (const auto& p : corpus) {
    EXPECT_EQ(names.count(p.name), 1u) << p.name;
  }
}

TEST(PassthroughPack, EveryValueOfEveryPayloadIsCarriedInTheFieldItsCheckNames) {
  for (const auto& pack : default_packs()) {
    for (const auto& m : pack.members) {
      for (const auto& [name, value] : m.fields) {
        if (value.empty()) {
          continue;
        }
        // Each of the payload's fields is judged, as its own or as sent in the message.
        const auto it = std::find_if(m.expected.begin(), m.expected.end(), [&](const PackedValue& e) {
          return e.field == name && e.how != PackedValue::How::carried;
        });
        ASSERT_NE(it, m.expected.end()) << m.payload.name << "." << name << " is not judged";
        EXPECT_NE(field(pack.fields, it->sent_in).find(it->text), std::string::npos) << it->label();
        EXPECT_NE(value.find(it->text), std::string::npos) << "the judged text is the payload's own";
        // A value claimed in its own field was submitted in that field, never another's.
        if (it->how == PackedValue::How::own) {
          EXPECT_EQ(it->sent_in, name);
        }
      }
      for (const auto& e : m.expected) {
        EXPECT_NE(field(pack.fields, e.sent_in).find(e.text), std::string::npos) << m.payload.name << " " << e.label();
      }
    }
  }
}

TEST(PassthroughPack, NoFieldLongerThanTheCorpusSendsAloneAndTheBodyFitsTwilio) {
  const auto corpus = default_corpus();
  std::map<std::string, size_t> longest;
  for (const auto& p : corpus) {
    for (const auto& [name, value] : merge_fields(form_defaults(), p.fields)) {
      longest[name] = std::max(longest[name], utf16_units(value));
    }
  }
  for (const auto& pack : default_packs()) {
    size_t total = 0;
    for (const auto& [name, value] : pack.fields) {
      EXPECT_LE(utf16_units(value), longest[name]) << name << " of " << pack.member_names();
      total += utf16_units(value);
    }
    EXPECT_LE(total + PackLimits{}.template_reserve, PackLimits{}.max_body) << pack.member_names();
  }
}

TEST(PassthroughPack, AHealthySitePassesEveryPayload) {
  const auto packs = default_packs();
  const auto verdicts = judge_all(packs, [](const Pack& p) { return site_body(p); });
  ASSERT_EQ(verdicts.size(), 11u);
  for (const auto& [name, r] : verdicts) {
    EXPECT_EQ(r.outcome, Outcome::passed) << name << ": " << r.message << "\n" << r.detail;
  }
  // The evidence names the pack.
  const auto& plain = verdicts.at("plain-english");
  EXPECT_NE(plain.message.find("other payloads in one message"), std::string::npos) << plain.message;
}

TEST(PassthroughPack, EscapedHtmlFailsOnlyThePayloadsWithHtmlCharacters) {
  const auto verdicts = judge_all(default_packs(), [](const Pack& p) { return site_body(p, {"escape-html"}); });
  // long-message-1000 carries 7'2" (a double quote): it fails alone too.
  EXPECT_EQ(failed_names(verdicts), (std::set<std::string>{"html-and-quotes", "long-message-1000"}));
  EXPECT_NE(verdicts.at("html-and-quotes").message.find("did not pass through"), std::string::npos);
}

TEST(PassthroughPack, ADroppedPhoneFailsOnlyThePayloadWithAPhone) {
  const auto verdicts = judge_all(default_packs(), [](const Pack& p) { return site_body(p, {"drop-field=phone"}); });
  EXPECT_EQ(failed_names(verdicts), (std::set<std::string>{"with-phone"}));
  EXPECT_NE(verdicts.at("with-phone").message.find("phone"), std::string::npos);
}

TEST(PassthroughPack, MangledEmojiFailsOnlyTheEmojiPayload) {
  const auto verdicts = judge_all(default_packs(), [](const Pack& p) {
    auto body = site_body(p);
    for (auto at = body.find("🌊"); at != std::string::npos; at = body.find("🌊")) {
      body.replace(at, std::string("🌊").size(), "?");
    }
    return body;
  });
  EXPECT_EQ(failed_names(verdicts), (std::set<std::string>{"emoji"}));
}

// Every value the packs carry, broken on its own in the body (a character slipped in after its
// first one): exactly the payloads that submitted that value fail, every other one passes.
TEST(PassthroughPack, EachValueBrokenAloneFailsExactlyThePayloadsThatSubmittedIt) {
  const auto packs = default_packs();
  for (const auto& pack : packs) {
    const auto healthy = site_body(pack);
    std::set<std::string> texts;
    for (const auto& m : pack.members) {
      for (const auto& e : m.expected) {
        texts.insert(e.text);
      }
    }
    for (const auto& text : texts) {
      const auto at = healthy.find(text);
      ASSERT_NE(at, std::string::npos) << text;
      size_t after_first = at + 1;
      while (after_first < healthy.size() && (static_cast<unsigned char>(healthy[after_first]) & 0xC0) == 0x80) {
        ++after_first;
      }
      auto broken = healthy;
      broken.insert(after_first, "#");
      std::set<std::string> submitted_it;
      for (const auto& m : pack.members) {
        for (const auto& e : m.expected) {
          if (e.text == text) {
            submitted_it.insert(m.payload.name);
          }
        }
      }
      const auto verdicts = judge_all({pack}, [&](const Pack&) { return broken; });
      EXPECT_EQ(failed_names(verdicts), submitted_it) << "broken: " << text;
    }
  }
}

TEST(PassthroughPack, ADroppedEmailFieldFailsEveryPayloadThatSentOne) {
  // Alone, every payload would have sent the email field: a site that drops it fails each
  // one, including those whose own address went in the message.
  const auto verdicts = judge_all(default_packs(), [](const Pack& p) { return site_body(p, {"drop-field=email"}); });
  EXPECT_EQ(failed_names(verdicts).size(), 11u);
  for (const auto& [name, r] : verdicts) {
    EXPECT_NE((r.message + r.detail).find("email"), std::string::npos) << name << ": " << r.message;
  }
}

TEST(PassthroughPack, ASiteCuttingMessagesAt80KeepsTheFirstPayloadWhole) {
  const auto verdicts = judge_all(default_packs(), [](const Pack& p) { return site_body(p, {"truncate=80"}); });
  EXPECT_EQ(verdicts.at("plain-english").outcome, Outcome::passed) << verdicts.at("plain-english").message;
  const auto& long_one = verdicts.at("long-message-1000");
  EXPECT_EQ(long_one.outcome, Outcome::failed);
  EXPECT_NE(long_one.message.find("message"), std::string::npos);
  // A cut member says where its text sat.
  const auto& japanese = verdicts.at("japanese");
  EXPECT_EQ(japanese.outcome, Outcome::failed);
  EXPECT_NE(japanese.detail.find("submitted at code points"), std::string::npos) << japanese.detail;
}

TEST(PassthroughPack, TheLongPayloadGoesAlone) {
  for (const auto& pack : default_packs()) {
    for (const auto& m : pack.members) {
      if (m.payload.name == "long-message-1000") {
        EXPECT_EQ(pack.members.size(), 1u) << pack.member_names();
        EXPECT_EQ(pack.fields, m.fields) << "alone means exactly as before";
      }
    }
  }
}

TEST(PassthroughPack, ASmallerBodyLimitMakesMorePacksEachWithinIt) {
  PackLimits limits;
  limits.max_body = 900;
  const auto packs = pack_payloads(default_corpus(), form_defaults(), limits);
  EXPECT_GT(packs.size(), 2u);
  for (const auto& pack : packs) {
    if (!pack.shared()) {
      continue;
    }
    size_t total = 0;
    for (const auto& [name, value] : pack.fields) {
      total += utf16_units(value);
    }
    EXPECT_LE(total + limits.template_reserve, limits.max_body) << pack.member_names();
  }
  const auto verdicts = judge_all(packs, [](const Pack& p) { return site_body(p); });
  EXPECT_TRUE(failed_names(verdicts).empty());
}

TEST(PassthroughPack, MaxMembersCapsAPack) {
  PackLimits limits;
  limits.max_members = 3;
  const auto packs = pack_payloads(default_corpus(), form_defaults(), limits);
  for (const auto& pack : packs) {
    EXPECT_LE(pack.members.size(), 3u);
  }
}

TEST(PassthroughPack, TrimPayloadsPassWhetherOrNotTheSiteTrimsAndFailWhenInnerSpaceIsLost) {
  const auto packs = default_packs();
  const Pack* with_spacey = nullptr;
  for (const auto& pack : packs) {
    for (const auto& m : pack.members) {
      with_spacey = m.payload.name == "leading-trailing-spaces" ? &pack : with_spacey;
    }
  }
  ASSERT_NE(with_spacey, nullptr);
  ASSERT_TRUE(with_spacey->shared()) << "a trim payload shares a submission";
  const std::string spacey_message = "   padded message with inner  double  spaces   ";
  // Its trailing white space is the message field's end, as it would be alone.
  const auto& message = field(with_spacey->fields, "message");
  ASSERT_GE(message.size(), spacey_message.size());
  EXPECT_EQ(message.substr(message.size() - spacey_message.size()), spacey_message);

  const auto as_is = judge_all({*with_spacey}, [](const Pack& p) { return site_body(p); });
  EXPECT_EQ(as_is.at("leading-trailing-spaces").outcome, Outcome::passed);
  // A site that trims the whole message (and every value) still passes it.
  const auto trimmed = judge_all({*with_spacey}, [](const Pack& p) {
    auto body = site_body(p);
    for (auto at = body.find("   "); at != std::string::npos; at = body.find("   ")) {
      body.erase(at, 1);
    }
    return body;
  });
  EXPECT_EQ(trimmed.at("leading-trailing-spaces").outcome, Outcome::passed)
      << trimmed.at("leading-trailing-spaces").message;
  // A site that collapses inner runs of spaces breaks it, and only it.
  const auto collapsed = judge_all({*with_spacey}, [](const Pack& p) {
    auto body = site_body(p);
    for (auto at = body.find("  "); at != std::string::npos; at = body.find("  ")) {
      body.erase(at, 1);
    }
    return body;
  });
  EXPECT_EQ(failed_names(collapsed), (std::set<std::string>{"leading-trailing-spaces"}));
}

TEST(PassthroughPack, AnExactValueWithSurroundingSpaceGoesAlone) {
  const std::vector<Payload> corpus{
      payload("a", {{"name", "Ann"}, {"message", "first"}}),
      payload("padded-exact", {{"name", "Bo"}, {"message", "  keep my spaces  "}}),
      payload("c", {{"name", "Cy"}, {"message", "third"}}),
      roomy(),
  };
  const auto packs = pack_payloads(corpus, form_defaults());
  ASSERT_EQ(packs.size(), 3u);
  EXPECT_EQ(packs[0].member_names(), "a, c");
  EXPECT_EQ(packs[1].member_names(), "padded-exact");
}

TEST(PassthroughPack, DifferingEmailsAreSentInTheMessageAndNeverClaimedInTheEmailField) {
  const auto packs = default_packs();
  for (const auto& pack : packs) {
    const auto& carried = field(pack.fields, "email");
    for (const auto& m : pack.members) {
      const auto& own = field(m.fields, "email");
      bool judged = false;
      for (const auto& e : m.expected) {
        if (e.field != "email") {
          continue;
        }
        if (e.how == PackedValue::How::own) {
          EXPECT_EQ(own, carried) << m.payload.name << " claims the email field with its own address";
        }
        if (e.how == PackedValue::How::spilled) {
          EXPECT_NE(own, carried);
          EXPECT_EQ(e.sent_in, "message");
          EXPECT_EQ(e.text, own);
        }
        if (e.how == PackedValue::How::carried) {
          EXPECT_EQ(e.text, carried) << "the field is judged with what it carried";
          EXPECT_NE(e.owner, m.payload.name);
        }
        judged = true;
      }
      EXPECT_TRUE(judged) << m.payload.name;
    }
  }
  // The verdict says where the address went.
  const auto verdicts = judge_all(packs, [](const Pack& p) { return site_body(p); });
  EXPECT_NE(verdicts.at("japanese").message.find("sent in message"), std::string::npos)
      << verdicts.at("japanese").message;
  // Its own address lost from the message: it fails, naming where it was sent.
  const auto lost = judge_all(packs, [](const Pack& p) {
    auto body = site_body(p);
    const std::string address = "hanako@example.jp";
    if (const auto at = body.find(address); at != std::string::npos) {
      body.erase(at, address.size());
    }
    return body;
  });
  EXPECT_EQ(failed_names(lost), (std::set<std::string>{"japanese"}));
  EXPECT_NE(lost.at("japanese").message.find("email (sent in message)"), std::string::npos)
      << lost.at("japanese").message;
}

TEST(PassthroughPack, WithoutAFreeTextFieldDifferentEmailsCannotShare) {
  const std::vector<Payload> corpus{
      payload("a", {{"name", "Ann"}, {"email", "a@example.com"}}),
      payload("b", {{"name", "Ann"}, {"email", "b@example.com"}}),
      payload("c", {{"name", "Ann"}, {"email", "a@example.com"}}),
  };
  const auto packs = pack_payloads(corpus, {});
  ASSERT_EQ(packs.size(), 2u);
  EXPECT_EQ(packs[0].member_names(), "a, c") << "the same address is one value";
  EXPECT_EQ(field(packs[0].fields, "email"), "a@example.com");
}

TEST(PassthroughPack, AValueFoundInsideAnotherPayloadsTextIsNotPackedWithIt) {
  const std::vector<Payload> corpus{
      payload("a", {{"name", "Ann Lee"}, {"message", "Ann Lee will come too"}}),
      payload("b", {{"name", "Ann"}, {"message", "hello"}}),
      payload("c", {{"name", "Cy"}, {"message", "hi"}}),
      roomy(),
  };
  // a's name is found in a's own message: alone it is the same, so a may found a pack; b's
  // name "Ann" would be found in a's text, so b may not join it.
  const auto packs = pack_payloads(corpus, form_defaults());
  ASSERT_EQ(packs.size(), 3u);
  EXPECT_EQ(packs[0].member_names(), "a, c");
  EXPECT_EQ(packs[1].member_names(), "b");
}

TEST(PassthroughPack, BrowserCasesShareOnlyWithTheSameEngineAndDevice) {
  auto a = payload("a", {{"name", "Ann"}, {"message", "first"}});
  auto b = payload("b", {{"name", "Bo"}, {"message", "second"}});
  auto c = payload("c", {{"name", "Cy"}, {"message", "third"}});
  a.engine = b.engine = "chromium";
  a.device = "desktop";
  b.device = "Pixel 7";
  c.engine = "chromium";
  c.device = "desktop";
  const auto packs = pack_payloads({a, b, c, roomy("chromium", "desktop")}, form_defaults());
  ASSERT_EQ(packs.size(), 3u);
  EXPECT_EQ(packs[0].member_names(), "a, c");
  EXPECT_EQ(packs[1].member_names(), "b");
  // One-line inputs cannot take a newline: the separators have none.
  EXPECT_EQ(field(packs[0].fields, "name").find('\n'), std::string::npos);
}

TEST(PassthroughPack, TheSeparatorIsNeverPartOfAPayload) {
  const std::vector<Payload> corpus{
      payload("pipes", {{"name", "A | B"}, {"message", "x | y"}}),
      payload("plain", {{"name", "Cy"}, {"message", "hello there"}}),
      roomy(),
  };
  const auto packs = pack_payloads(corpus, form_defaults());
  ASSERT_EQ(packs.size(), 2u);
  ASSERT_EQ(packs[0].member_names(), "pipes, plain");
  EXPECT_NE(packs[0].separator, " | ");
  const auto verdicts = judge_all(packs, [](const Pack& p) { return site_body(p); });
  EXPECT_TRUE(failed_names(verdicts).empty());
}

TEST(PassthroughPack, AnEmptyCorpusMakesNoPack) { EXPECT_TRUE(pack_payloads({}, form_defaults()).empty()); }

TEST(PassthroughPack, OnePayloadIsExactlyThePayloadAlone) {
  const auto corpus = default_corpus();
  ASSERT_FALSE(corpus.empty());
  const auto packs = pack_payloads({corpus[1]}, form_defaults());
  ASSERT_EQ(packs.size(), 1u);
  EXPECT_FALSE(packs[0].shared());
  EXPECT_EQ(packs[0].fields, merge_fields(form_defaults(), corpus[1].fields));
  EXPECT_EQ(packs[0].shared_note(), "");
  const auto d = delivered(site_body(packs[0], {"drop-field=phone"}));
  const auto packed = check_packed_passthrough(d.observed(), packs[0], 0, {});
  const auto alone = check_passthrough(d.observed(), corpus[1], packs[0].fields, "message", {});
  EXPECT_EQ(packed.outcome, Outcome::failed);
  EXPECT_EQ(packed.message, alone.message);
  EXPECT_EQ(packed.detail, alone.detail);
}

TEST(PassthroughPack, UnpackGivesEachMemberAlone) {
  const auto packs = default_packs();
  ASSERT_FALSE(packs.empty());
  const auto alone = unpack(packs.front());
  ASSERT_EQ(alone.size(), packs.front().members.size());
  for (size_t i = 0; i < alone.size(); ++i) {
    EXPECT_FALSE(alone[i].shared());
    EXPECT_EQ(alone[i].fields, packs.front().members[i].fields);
  }
}

TEST(PassthroughPack, NoMessageIsNeverAPass) {
  const auto packs = default_packs();
  Submission s;
  s.token = std::string(kToken);
  s.response.status = 200;
  WatchResult w;
  w.end = WatchResult::End::timed_out;
  const Observed o{&s, &w, false};
  for (const auto& pack : packs) {
    for (size_t i = 0; i < pack.members.size(); ++i) {
      const auto r = check_packed_passthrough(o, pack, i, {});
      EXPECT_EQ(r.outcome, Outcome::failed) << pack.members[i].payload.name;
    }
  }
}

TEST(PassthroughPack, AnotherSubmissionsTokenInTheBodyFailsEveryMember) {
  const auto verdicts = judge_all(default_packs(), [](const Pack& p) { return site_body(p) + "\nfc-abc123-a9"; });
  EXPECT_EQ(failed_names(verdicts).size(), 11u);
}

TEST(PassthroughPack, TheFormsTokenFieldTakesTheFirstPayloadRightAfterTheMarker) {
  config::FormSettings form;
  form.token_field = "comments";
  form.marker = "qa-run";
  const auto limits = pack_limits(form);
  EXPECT_EQ(limits.token_field, "comments");
  EXPECT_EQ(limits.marker, "qa-run");
  const std::vector<Payload> corpus{
      payload("a", {{"name", "Ann"}, {"comments", "first words"}}),
      payload("b", {{"name", "Ann"}, {"comments", "second words"}}),
      payload("long", {{"name", "Ann"}, {"comments", std::string(200, 'x')}}),
  };
  const auto packs = pack_payloads(corpus, {}, limits);
  ASSERT_EQ(packs.size(), 2u);
  EXPECT_EQ(packs[0].token_field, "comments");
  EXPECT_EQ(field(packs[0].fields, "comments").rfind("first words", 0), 0u);
}

TEST(FieldKinds, GuessedFromTheFieldNamesWords) {
  EXPECT_EQ(guess_field_kind("message"), FieldKind::free_text);
  EXPECT_EQ(guess_field_kind("yourComments"), FieldKind::free_text);
  EXPECT_EQ(guess_field_kind("name"), FieldKind::line_text);
  EXPECT_EQ(guess_field_kind("full_name"), FieldKind::line_text);
  EXPECT_EQ(guess_field_kind("email"), FieldKind::single_value);
  EXPECT_EQ(guess_field_kind("contactEmail"), FieldKind::single_value);
  EXPECT_EQ(guess_field_kind("phone"), FieldKind::single_value);
  EXPECT_EQ(guess_field_kind("tel"), FieldKind::single_value);
  EXPECT_EQ(guess_field_kind("whatsapp-number"), FieldKind::single_value);
  EXPECT_EQ(guess_field_kind("hotel"), FieldKind::single_value) << "unknown: never joined";
  EXPECT_EQ(guess_field_kind("budget"), FieldKind::single_value);
  FieldKinds kinds;
  kinds.overrides["budget"] = FieldKind::line_text;
  EXPECT_EQ(kinds.kind_of("budget"), FieldKind::line_text);
  EXPECT_EQ(parse_field_kind("free"), FieldKind::free_text);
  EXPECT_EQ(parse_field_kind("single"), FieldKind::single_value);
  EXPECT_FALSE(parse_field_kind("multi"));
}

}  // namespace
}  // namespace formcheck::checks
