#pragma once
// WhatsApp rules behind the failures staff-bound messages meet most (63015, 63016, 63018), as the
// instruction a site owner can act on. Shared by `run` (verdicts) and `monitor` (reports).
#include <string>
#include <string_view>

namespace formcheck::twilio {

// 63015: the recipient has not joined the sandbox (or joined more than 3 days ago).
std::string sandbox_join_instruction();
// 63018 from the sandbox: its 1 message per 3 s limit.
std::string sandbox_rate_instruction();
// 63016: the 24-hour customer-service window, and the template a business-initiated message needs.
std::string window_rule();

// The diagnosis for a failed message with `code`, aware of the sender: the sandbox's own rules
// for 63015/63018 and the window rule for 63016; otherwise the catalogue's line.
std::string explain_failure(int code, std::string_view from);

}  // namespace formcheck::twilio
