#include "harness/config/whatsapp_address.hpp"

#include <cctype>

namespace formcheck::config {

std::optional<std::string> whatsapp_address_problem(std::string_view value) {
  if (value.empty()) {
    return std::string("is empty");
  }
  if (value.rfind("whatsapp:", 0) != 0) {
    if (value.find(':') != std::string_view::npos) {
      return std::string("has a channel prefix other than whatsapp:");
    }
    return std::string("lacks the whatsapp: prefix");
  }
  const auto number = value.substr(9);
  if (number.empty() || number.front() != '+') {
    return std::string("lacks the + before the country code");
  }
  const auto digits = number.substr(1);
  for (char c : digits) {
    if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.') {
      return std::string("has spaces, dashes or brackets");
    }
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
      return std::string("has characters other than digits after the +");
    }
  }
  if (digits.empty() || digits.front() == '0') {
    return std::string("does not start with a country code");
  }
  if (digits.size() < 8 || digits.size() > 15) {
    return std::string("has ") + std::to_string(digits.size()) + " digits (E.164 allows 8 to 15)";
  }
  return std::nullopt;
}

std::string suggest_whatsapp_address(std::string_view value) {
  std::string digits;
  auto rest = value;
  if (rest.rfind("whatsapp:", 0) == 0) {
    rest.remove_prefix(9);
  }
  for (char c : rest) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      digits.push_back(c);
    } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.' && c != '+') {
      return {};
    }
  }
  if (digits.size() < 8 || digits.size() > 15 || digits.front() == '0') {
    return {};
  }
  return "whatsapp:+" + digits;
}

}  // namespace formcheck::config
