#include "harness/twilio/models.hpp"

#include <fmt/format.h>

namespace formcheck::twilio {
namespace {

using nlohmann::json;

// Reads fields of one object and remembers the first type error.
class FieldReader {
 public:
  FieldReader(const json& object, std::string_view what) : m_object(object), m_what(what) {}

  std::string required_string(const char* key) {
    auto value = optional_string(key);
    if (!value && m_error.empty()) {
      m_error = fmt::format("{}: field '{}' is missing or null", m_what, key);
    }
    return value.value_or("");
  }
  std::optional<std::string> optional_string(const char* key) {
    const auto it = m_object.find(key);
    if (it == m_object.end() || it->is_null()) {
      return std::nullopt;
    }
    if (!it->is_string()) {
      fail(key, "a string", *it);
      return std::nullopt;
    }
    return it->get<std::string>();
  }
  std::optional<int> optional_int(const char* key) {
    const auto it = m_object.find(key);
    if (it == m_object.end() || it->is_null()) {
      return std::nullopt;
    }
    if (!it->is_number_integer()) {
      fail(key, "an integer", *it);
      return std::nullopt;
    }
    return it->get<int>();
  }
  std::optional<Timestamp> optional_date(const char* key) {
    const auto text = optional_string(key);
    if (!text || text->empty()) {
      return std::nullopt;
    }
    const auto parsed = parse_rfc2822(*text);
    if (!parsed && m_error.empty()) {
      m_error = fmt::format("{}: field '{}' is not an RFC 2822 date: '{}'", m_what, key, *text);
    }
    return parsed;
  }
  const json* optional_object(const char* key) {
    const auto it = m_object.find(key);
    if (it == m_object.end() || it->is_null()) {
      return nullptr;
    }
    if (!it->is_object()) {
      fail(key, "an object", *it);
      return nullptr;
    }
    return &*it;
  }
  const json* optional_array(const char* key) {
    const auto it = m_object.find(key);
    if (it == m_object.end() || it->is_null()) {
      return nullptr;
    }
    if (!it->is_array()) {
      fail(key, "an array", *it);
      return nullptr;
    }
    return &*it;
  }
  const std::string& error() const { return m_error; }

 private:
  void fail(const char* key, const char* expected, const json& got) {
    if (m_error.empty()) {
      m_error = fmt::format("{}: field '{}' should be {} but is {}", m_what, key, expected, got.type_name());
    }
  }
  const json& m_object;
  std::string_view m_what;
  std::string m_error;
};

}  // namespace

bool is_final_failure(std::string_view status) {
  return status == "failed" || status == "undelivered" || status == "canceled";
}
bool is_delivered_or_read(std::string_view status) { return status == "delivered" || status == "read"; }
bool is_pending(std::string_view status) {
  return status == "accepted" || status == "queued" || status == "sending" || status == "scheduled" ||
         status == "sent";
}

Expected<Message, std::string> parse_message(const json& object) {
  if (!object.is_object()) {
    return unexpected(std::string("message: expected a JSON object"));
  }
  FieldReader r(object, "message");
  Message m;
  m.sid = r.required_string("sid");
  m.account_sid = r.optional_string("account_sid").value_or("");
  m.api_version = r.optional_string("api_version").value_or("");
  m.body = r.optional_string("body").value_or("");
  m.from = r.optional_string("from").value_or("");
  m.to = r.optional_string("to").value_or("");
  m.status = r.required_string("status");
  m.direction = r.optional_string("direction").value_or("");
  m.messaging_service_sid = r.optional_string("messaging_service_sid");
  m.num_segments = r.optional_string("num_segments").value_or("");
  m.num_media = r.optional_string("num_media").value_or("");
  m.price = r.optional_string("price");
  m.price_unit = r.optional_string("price_unit");
  m.error_code = r.optional_int("error_code");
  m.error_message = r.optional_string("error_message");
  m.date_created = r.optional_date("date_created");
  m.date_sent = r.optional_date("date_sent");
  m.date_updated = r.optional_date("date_updated");
  m.uri = r.optional_string("uri").value_or("");
  if (!r.error().empty()) {
    return unexpected(r.error());
  }
  return m;
}

Expected<Sender, std::string> parse_sender(const json& object) {
  if (!object.is_object()) {
    return unexpected(std::string("sender: expected a JSON object"));
  }
  FieldReader r(object, "sender");
  Sender s;
  s.sid = r.required_string("sid");
  s.status = r.required_string("status");
  s.sender_id = r.required_string("sender_id");
  if (const json* profile = r.optional_object("profile")) {
    FieldReader p(*profile, "sender.profile");
    s.profile.name = p.optional_string("name");
    s.profile.about = p.optional_string("about");
    s.profile.description = p.optional_string("description");
    s.profile.address = p.optional_string("address");
    s.profile.vertical = p.optional_string("vertical");
    s.profile.logo_url = p.optional_string("logo_url");
    auto collect = [&](const char* key, const char* inner, std::vector<std::string>& out) {
      if (const json* list = p.optional_array(key)) {
        for (const auto& item : *list) {
          if (item.is_object() && item.contains(inner) && item[inner].is_string()) {
            out.push_back(item[inner].get<std::string>());
          } else if (item.is_string()) {
            out.push_back(item.get<std::string>());
          }
        }
      }
    };
    collect("emails", "email", s.profile.emails);
    collect("websites", "website", s.profile.websites);
    if (!p.error().empty()) {
      return unexpected(p.error());
    }
  }
  if (const json* reasons = r.optional_array("offline_reasons")) {
    for (const auto& item : *reasons) {
      if (!item.is_object()) {
        continue;
      }
      FieldReader o(item, "sender.offline_reasons[]");
      OfflineReason reason;
      reason.code = o.optional_string("code").value_or("");
      reason.message = o.optional_string("message").value_or("");
      reason.more_info = o.optional_string("more_info").value_or("");
      if (!o.error().empty()) {
        return unexpected(o.error());
      }
      s.offline_reasons.push_back(std::move(reason));
    }
  }
  if (const json* webhook = r.optional_object("webhook")) {
    FieldReader w(*webhook, "sender.webhook");
    s.inbound_webhook = w.optional_string("callback_url");
    s.inbound_fallback = w.optional_string("fallback_url");
    if (!w.error().empty()) {
      return unexpected(w.error());
    }
  }
  if (const json* properties = r.optional_object("properties")) {
    FieldReader p(*properties, "sender.properties");
    s.quality_rating = p.optional_string("quality_rating");
    s.messaging_limit = p.optional_string("messaging_limit");
    if (!p.error().empty()) {
      return unexpected(p.error());
    }
  }
  if (!r.error().empty()) {
    return unexpected(r.error());
  }
  return s;
}

Expected<IncomingPhoneNumber, std::string> parse_incoming_phone_number(const json& object) {
  if (!object.is_object()) {
    return unexpected(std::string("incoming phone number: expected a JSON object"));
  }
  FieldReader r(object, "incoming_phone_number");
  IncomingPhoneNumber n;
  n.sid = r.required_string("sid");
  n.phone_number = r.required_string("phone_number");
  n.friendly_name = r.optional_string("friendly_name").value_or("");
  n.status = r.optional_string("status");
  if (const json* caps = r.optional_object("capabilities")) {
    n.capabilities = *caps;
  }
  if (!r.error().empty()) {
    return unexpected(r.error());
  }
  return n;
}

}  // namespace formcheck::twilio
